#include "nginxexporter.h"

#include "export/exporter.h"

NginxExporter::Result NginxExporter::exportConfig(const Config &config, const Options &options)
{
    Result result;
    NginxExport::Exporter(config, options, &result).run();
    return result;
}

NginxExporter::Result NginxExporter::exportConfig(const Config &config)
{
    return exportConfig(config, Options());
}

QString NginxExporter::quote(const QString &word)
{
    static const QString special = QStringLiteral(" \t\r\n;{}\"'\\#");
    bool bare = !word.isEmpty();
    for (const QChar c : word) {
        if (special.contains(c) || c.unicode() < 0x20) {
            bare = false;
            break;
        }
    }
    if (bare)
        return word;
    QString out = QStringLiteral("\"");
    for (const QChar c : word) {
        switch (c.unicode()) {
        case '"': out += QStringLiteral("\\\""); break;
        case '\\': out += QStringLiteral("\\\\"); break;
        case '\n': out += QStringLiteral("\\n"); break;
        case '\r': out += QStringLiteral("\\r"); break;
        case '\t': out += QStringLiteral("\\t"); break;
        default: out += c; break;
        }
    }
    return out + u'"';
}

QString NginxExporter::safeName(const QString &name)
{
    QString out;
    for (const QChar c : name) {
        const bool allowed = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'_' || c == u'-'
                             || c == u'.';
        out += allowed ? c : u'_';
    }
    if (out.isEmpty())
        return QStringLiteral("upstream");
    if (out.front() == u'-' || out.front() == u'.')
        out.prepend(u'_');
    return out;
}

QString NginxExporter::sniVariable(qsizetype listenerIndex)
{
    return QStringLiteral("$portier_sni_") + QString::number(listenerIndex);
}
