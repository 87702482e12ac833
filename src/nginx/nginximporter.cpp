#include "nginximporter.h"

#include "import/importer.h"
#include "nginxparser.h"

#include <QFileInfo>

namespace {

NginxImporter::Result importParsed(const NginxParser::Result &parsed, const QString &file, const QString &baseDirectory)
{
    NginxImporter::Result result;
    result.files = parsed.files;
    result.issues = parsed.issues;
    if (!parsed.ok())
        return result; // nginx stops at the first syntax error; so does the import
    NginxImport::Importer(&result, file, baseDirectory).importMain(parsed.directives);
    return result;
}

} // namespace

NginxImporter::Result NginxImporter::importFile(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    return importParsed(NginxParser::parseFile(absolute), absolute, QFileInfo(absolute).absolutePath());
}

NginxImporter::Result NginxImporter::importText(const QByteArray &text, const QString &file, const QString &baseDirectory)
{
    return importParsed(NginxParser::parseText(text, file, baseDirectory), file, baseDirectory);
}
