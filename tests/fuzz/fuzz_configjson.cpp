// libFuzzer target: the JSON config loader and the validator, as portierd --check runs them
// on a file it was given. Any input must give a Config or issues, never a crash, a sanitizer
// report or a hang. A config read without issues must also survive a save and a reload
// unchanged in meaning: what the GUI writes, portierd must read.

#include <configjson.h>
#include <configvalidator.h>

#include <QByteArray>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray json = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const ConfigJson::LoadResult loaded = ConfigJson::fromBytes(json);
    if (!loaded.issues.isEmpty())
        return 0;
    const ConfigIssues issues = ConfigValidator::validate(loaded.config);

    const QByteArray saved = ConfigJson::toBytes(loaded.config);
    const ConfigJson::LoadResult reloaded = ConfigJson::fromBytes(saved);
    if (!reloaded.issues.isEmpty() || ConfigJson::toBytes(reloaded.config) != saved) {
        std::fprintf(stderr, "a config read cleanly does not read back the same after saving:\n%s\n", saved.constData());
        for (const ConfigIssue &issue : reloaded.issues)
            std::fprintf(stderr, "  %s\n", qPrintable(issue.toString()));
        std::abort();
    }
    if (ConfigValidator::validate(reloaded.config).size() != issues.size()) {
        std::fprintf(stderr, "the validator judges a saved and reloaded config differently:\n%s\n", saved.constData());
        std::abort();
    }
    return 0;
}
