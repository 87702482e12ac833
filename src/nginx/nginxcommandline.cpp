#include "nginxcommandline.h"

#include "nginxexporter.h"
#include "nginximporter.h"

#include <configjson.h>

#include <QFileInfo>
#include <QSaveFile>

namespace {

const QString prefix = QStringLiteral("portierd: ");

bool writeFile(const QString &path, const QByteArray &bytes, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        *error = QStringLiteral("cannot write %1 (%2)").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace

NginxCommandLine::Outcome NginxCommandLine::exportNginx(const ExportRequest &request)
{
    Outcome outcome;
    NginxExporter::Options options;
    options.form = request.standalone ? NginxExporter::Form::Standalone : NginxExporter::Form::Snippet;
    if (!request.nginxVersion.isEmpty()) {
        QString error;
        const std::optional<NginxVersion> version = NginxVersion::parse(request.nginxVersion, &error);
        if (!version) {
            outcome.messages << prefix + QStringLiteral("--nginx-version: ") + error;
            outcome.exitCode = 2;
            return outcome;
        }
        options.target = *version;
    }

    ConfigJson::LoadResult loaded = ConfigJson::load(request.configPath);
    if (!loaded.issues.isEmpty()) {
        for (const ConfigIssue &issue : std::as_const(loaded.issues))
            outcome.messages << prefix + request.configPath + QStringLiteral(": ") + issue.toString();
        outcome.exitCode = 1;
        return outcome;
    }
    // The same paths portierd would open, so the nginx config works from any folder.
    ConfigJson::resolvePaths(&loaded.config, QFileInfo(request.configPath).absolutePath());

    const NginxExporter::Result result = NginxExporter::exportConfig(loaded.config, options);
    for (const ConfigIssue &issue : result.warnings)
        outcome.messages << prefix + request.configPath + QStringLiteral(": warning: ") + issue.toString();
    for (const ConfigIssue &issue : result.errors)
        outcome.messages << prefix + request.configPath + QStringLiteral(": error: ") + issue.toString();
    if (!result.ok()) {
        outcome.messages << prefix + QStringLiteral("nothing written: nginx would refuse the errors above; fix them in %1").arg(request.configPath);
        outcome.exitCode = 1;
        return outcome;
    }

    const QByteArray text = result.text.toUtf8();
    if (request.outputPath.isEmpty()) {
        outcome.output = text;
        return outcome;
    }
    QString error;
    if (!writeFile(request.outputPath, text, &error)) {
        outcome.messages << prefix + error;
        outcome.exitCode = 1;
        return outcome;
    }
    outcome.messages << prefix + QStringLiteral("wrote %1 for nginx %2; check it with nginx -t -c %3")
                                     .arg(request.outputPath, options.target.toString(), QFileInfo(request.outputPath).absoluteFilePath());
    return outcome;
}

NginxCommandLine::Outcome NginxCommandLine::importNginx(const QString &nginxPath, const QString &outputPath)
{
    Outcome outcome;
    const NginxImporter::Result result = NginxImporter::importFile(nginxPath);
    for (const NginxIssue &issue : result.issues)
        outcome.messages << prefix + issue.toString();
    if (result.hasErrors()) {
        outcome.messages << prefix + QStringLiteral("nothing written: fix the errors above (nginx refuses them, or leaving them out would widen access or change routing)");
        outcome.exitCode = 1;
        return outcome;
    }

    if (outputPath.isEmpty()) {
        outcome.output = ConfigJson::toBytes(result.config);
        return outcome;
    }
    QString error;
    if (!ConfigJson::save(result.config, outputPath, &error)) {
        outcome.messages << prefix + error;
        outcome.exitCode = 1;
        return outcome;
    }
    const auto counted = [](qsizetype n, const QString &one, const QString &many) -> QString {
        return QString::number(n) + u' ' + (n == 1 ? one : many);
    };
    outcome.messages << prefix + QStringLiteral("imported %1 and %2 from %3 into %4")
                                     .arg(counted(result.config.upstreams.size(), QStringLiteral("upstream group"), QStringLiteral("upstream groups")),
                                          counted(result.config.listeners.size(), QStringLiteral("listener"), QStringLiteral("listeners")),
                                          nginxPath, outputPath);
    return outcome;
}
