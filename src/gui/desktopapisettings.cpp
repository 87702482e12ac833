#include "desktopapisettings.h"

#include <apivalidator.h>

#include <QCoreApplication>
#include <QFileInfo>
#include <QSettings>

namespace {
const QString enabledKey = QStringLiteral("api/enabled");
const QString listenKey = QStringLiteral("api/listen");
const QString certificateKey = QStringLiteral("api/certificateFile");
const QString keyKey = QStringLiteral("api/keyFile");
const QString tokensKey = QStringLiteral("api/tokens");

QString tr(const char *text)
{
    return QCoreApplication::translate("DesktopApiSettings", text);
}
} // namespace

DesktopApiSettings DesktopApiSettings::load(const QSettings &settings)
{
    DesktopApiSettings defaults;
    DesktopApiSettings api;
    api.enabled = settings.value(enabledKey, defaults.enabled).toBool();
    api.listen = settings.value(listenKey, defaults.listen).toString();
    api.certificateFile = settings.value(certificateKey).toString();
    api.keyFile = settings.value(keyKey).toString();
    // "name|access|sha256" per token: digests only.
    for (const QString &line : settings.value(tokensKey).toStringList()) {
        const QStringList parts = line.split(u'|');
        if (parts.size() == 3)
            api.tokens << ApiTokenConfig{parts.at(0), parts.at(2), parts.at(1) == u"write"};
    }
    return api;
}

void DesktopApiSettings::save(QSettings *settings) const
{
    settings->setValue(enabledKey, enabled);
    settings->setValue(listenKey, listen);
    settings->setValue(certificateKey, certificateFile);
    settings->setValue(keyKey, keyFile);
    QStringList lines;
    for (const ApiTokenConfig &token : tokens)
        lines << token.name + u'|' + (token.write ? QStringLiteral("write") : QStringLiteral("read")) + u'|' + token.sha256;
    settings->setValue(tokensKey, lines);
}

ConfigIssues DesktopApiSettings::check() const
{
    ConfigIssues issues;
    if (!enabled)
        return issues;
    if (certificateFile.isEmpty() != keyFile.isEmpty()) {
        issues.append({tr("HTTPS certificate"), certificateFile.isEmpty() ? tr("a key file (%1) needs its certificate file; give both, or neither for HTTP").arg(keyFile)
                                                                           : tr("the certificate %1 needs its key file; give both, or neither for HTTP").arg(certificateFile)});
    }
    for (const QString &file : {certificateFile, keyFile}) {
        if (!file.isEmpty() && !QFileInfo(file).isFile())
            issues.append({file == certificateFile ? tr("HTTPS certificate") : tr("HTTPS key"), tr("\"%1\" is not a file; choose an existing PEM file").arg(file)});
    }
    // The same rules as an "api" section (loopback, or HTTPS and a token), in the page's words.
    ConfigIssues rules;
    ApiValidator::check(effective(Config()), &rules);
    for (const ConfigIssue &issue : rules) {
        QString field = tr("Listen address");
        if (issue.path.startsWith(u"api.certificate"))
            field = tr("HTTPS certificate");
        else if (issue.path.startsWith(u"api.tokens"))
            field = tr("Tokens");
        QString message = issue.message;
        message.replace(QStringLiteral("name a certificate"), tr("choose a certificate and key"));
        message.replace(QStringLiteral("make one with portierd --new-api-token NAME"), tr("create one with New token…"));
        issues.append({field, message});
    }
    return issues;
}

Config DesktopApiSettings::effective(Config running) const
{
    if (!enabled)
        return running;
    running.api = ApiConfig{listen, QString(), tokens};
    if (!certificateFile.isEmpty()) {
        CertificateConfig certificate;
        certificate.name = certificateName;
        certificate.certificateFile = certificateFile;
        certificate.keyFile = keyFile;
        running.certificates.append(certificate);
        running.api.certificate = certificateName;
    }
    return running;
}
