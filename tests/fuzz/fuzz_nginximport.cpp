// libFuzzer target: the nginx importer (tokenizer, parser with its include expansion,
// importer, then the validator it calls), as "Import nginx config" and portierd
// --import-nginx run it on a file they were given, followed by the exporter on whatever came
// in. Any input must give a Config or issues, never a crash, a sanitizer report or a hang.
// Relative includes resolve against an empty folder, so a mutated "include" reads nothing
// of the machine's; absolute ones still can, bounded as they are for users.

#include <nginxexporter.h>
#include <nginximporter.h>

#include <QByteArray>
#include <QTemporaryDir>

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const QTemporaryDir emptyFolder;
    const QByteArray text = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const NginxImporter::Result imported = NginxImporter::importText(text, emptyFolder.filePath(QStringLiteral("nginx.conf")), emptyFolder.path());
    if (!imported.hasErrors())
        (void)NginxExporter::exportConfig(imported.config, NginxExporter::Options());
    return 0;
}
