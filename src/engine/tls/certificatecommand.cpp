#include "certificatecommand.h"

#include "certificatetools.h"

#include <QCommandLineParser>
#include <QFileInfo>

#include <cstdio>

namespace {

const QString infoName = QStringLiteral("cert-info");
const QString generateName = QStringLiteral("gen-cert");

void print(FILE *stream, const QString &text)
{
    if (text.isEmpty())
        return;
    const QByteArray bytes = text.toLocal8Bit();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
    std::fflush(stream);
}

} // namespace

bool CertificateCommand::isRequested(const QStringList &arguments)
{
    for (const QString &argument : arguments) {
        const QString name = argument.startsWith(QStringLiteral("--")) ? argument.mid(2).section(u'=', 0, 0) : QString();
        if (name == infoName || name == generateName)
            return true;
    }
    return false;
}

int CertificateCommand::run(const QStringList &arguments)
{
    QString output;
    QString errors;
    const int code = run(arguments, &output, &errors);
    print(stdout, output);
    print(stderr, errors);
    return code;
}

int CertificateCommand::run(const QStringList &arguments, QString *output, QString *errors)
{
    QCommandLineParser parser;
    const QCommandLineOption infoOption(infoName, QStringLiteral("Show a PEM certificate: names, issuer, validity, key."), QStringLiteral("file"));
    const QCommandLineOption keyOption(QStringLiteral("key"), QStringLiteral("With --cert-info: the private key to check against it."),
                                       QStringLiteral("file"));
    const QCommandLineOption passphraseOption(QStringLiteral("passphrase-file"),
                                              QStringLiteral("With --cert-info: the file holding the key's passphrase."), QStringLiteral("file"));
    const QCommandLineOption generateOption(generateName, QStringLiteral("Make a self-signed certificate and key."));
    const QCommandLineOption cnOption(QStringLiteral("cn"), QStringLiteral("With --gen-cert: the certificate's common name."), QStringLiteral("name"));
    const QCommandLineOption sanOption(QStringLiteral("san"), QStringLiteral("With --gen-cert: a DNS name or IP address (repeat or separate by commas)."),
                                       QStringLiteral("names"));
    const QCommandLineOption certOutOption(QStringLiteral("out-cert"), QStringLiteral("With --gen-cert: where to write the certificate."),
                                           QStringLiteral("file"));
    const QCommandLineOption keyOutOption(QStringLiteral("out-key"), QStringLiteral("With --gen-cert: where to write the private key."),
                                          QStringLiteral("file"));
    const QCommandLineOption daysOption(QStringLiteral("days"), QStringLiteral("With --gen-cert: how long it is valid (default 365)."),
                                        QStringLiteral("n"), QStringLiteral("365"));
    const QCommandLineOption keyTypeOption(QStringLiteral("key-type"), QStringLiteral("With --gen-cert: rsa (2048 bits, the default) or ecdsa (P-256)."),
                                           QStringLiteral("type"), QStringLiteral("rsa"));
    parser.addOptions({infoOption, keyOption, passphraseOption, generateOption, cnOption, sanOption, certOutOption, keyOutOption,
                       daysOption, keyTypeOption});
    if (!parser.parse(arguments)) {
        *errors = QStringLiteral("portierd: %1\n").arg(parser.errorText());
        return 2;
    }

    if (parser.isSet(infoOption) && parser.isSet(generateOption)) {
        *errors = QStringLiteral("portierd: --cert-info and --gen-cert do different things; run them one at a time\n");
        return 2;
    }

    if (parser.isSet(infoOption)) {
        const QString file = parser.value(infoOption);
        QString error;
        const auto info = CertificateTools::inspect(file, parser.value(keyOption), parser.value(passphraseOption), &error);
        if (!info) {
            *errors = QStringLiteral("portierd: --cert-info: %1\n").arg(error);
            return 1;
        }
        *output = QStringLiteral("%1\n%2\n").arg(QFileInfo(file).absoluteFilePath(), CertificateTools::describe(*info));
        return (info->keyMatches.value_or(true) && !info->isExpired()) ? 0 : 1;
    }

    if (!parser.isSet(generateOption)) {
        *errors = QStringLiteral("portierd: name a certificate tool: --cert-info FILE or --gen-cert --cn NAME --out-cert FILE --out-key FILE\n");
        return 2;
    }
    CertificateTools::GenerateOptions options;
    options.commonName = parser.value(cnOption);
    for (const QString &value : parser.values(sanOption)) {
        for (const QString &name : value.split(u',', Qt::SkipEmptyParts))
            options.subjectAltNames << name.trimmed();
    }
    options.certificateFile = parser.value(certOutOption);
    options.keyFile = parser.value(keyOutOption);
    bool ok = false;
    options.days = parser.value(daysOption).toInt(&ok);
    if (!ok || options.days < 1) {
        *errors = QStringLiteral("portierd: --days \"%1\" is not a number of days; write e.g. --days 365\n").arg(parser.value(daysOption));
        return 2;
    }
    const QString keyType = parser.value(keyTypeOption).toLower();
    if (keyType != u"rsa" && keyType != u"ecdsa") {
        *errors = QStringLiteral("portierd: --key-type \"%1\" is not a key type; use rsa or ecdsa\n").arg(parser.value(keyTypeOption));
        return 2;
    }
    options.keyType = keyType == u"rsa" ? CertificateTools::KeyType::Rsa : CertificateTools::KeyType::Ecdsa;
    if (options.commonName.isEmpty() || options.certificateFile.isEmpty() || options.keyFile.isEmpty()) {
        *errors = QStringLiteral("portierd: --gen-cert needs --cn NAME, --out-cert FILE and --out-key FILE\n");
        return 2;
    }
    for (const QString &file : {options.certificateFile, options.keyFile}) {
        if (QFileInfo::exists(file)) {
            *errors = QStringLiteral("portierd: --gen-cert: %1 exists; remove it first or choose another file (a key is never overwritten)\n").arg(file);
            return 1;
        }
    }
    QString error;
    if (!CertificateTools::generate(options, &error)) {
        *errors = QStringLiteral("portierd: --gen-cert: %1\n").arg(error);
        return 1;
    }
    *output = QStringLiteral("wrote %1 and %2 (self-signed, %3, valid for %4 days; both readable by the owner only)\n")
                  .arg(options.certificateFile, options.keyFile,
                       options.keyType == CertificateTools::KeyType::Rsa ? QStringLiteral("RSA 2048") : QStringLiteral("ECDSA P-256"))
                  .arg(options.days);
    return 0;
}
