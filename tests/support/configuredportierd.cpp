#include "configuredportierd.h"

#include <QFile>

namespace {

bool writeFile(const QString &path, const QByteArray &contents)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(contents) == contents.size();
}

} // namespace

bool ConfiguredPortierd::start(const QByteArray &json, const QString &listening)
{
    return writeFile(path, json) && PortierdProcess::start({QStringLiteral("--config"), path}) && waitForOutput(listening);
}
