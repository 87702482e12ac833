#include "sampleconfig.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

namespace {
const QString fileName = QStringLiteral("portier-sample.json");
} // namespace

QString SampleConfig::bundledPath(const QString &applicationDir)
{
    const QDir dir(applicationDir);
    // As installer/ lays them out: the .deb and `cmake --install` (bin/ beside share/), the
    // Windows installer and ZIP (the programs at the top, samples\ beside them).
    for (const QString &candidate : {dir.filePath(QStringLiteral("../share/portier/") + fileName),
                                     dir.filePath(QStringLiteral("samples/") + fileName)}) {
        if (QFileInfo(candidate).isFile())
            return QDir::cleanPath(candidate);
    }
    return QStringLiteral(":/samples/") + fileName;
}

QString SampleConfig::userCopyPath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation)).filePath(fileName);
}

QString SampleConfig::ensureUserCopy(const QString &applicationDir, QString *error)
{
    const QString target = userCopyPath();
    if (QFileInfo::exists(target))
        return target;
    const QString folder = QFileInfo(target).absolutePath();
    if (!QDir().mkpath(folder)) {
        *error = QCoreApplication::translate("SampleConfig", "Cannot create the folder %1.").arg(QDir::toNativeSeparators(folder));
        return {};
    }
    QFile source(bundledPath(applicationDir));
    if (!source.open(QIODevice::ReadOnly)) {
        *error = QCoreApplication::translate("SampleConfig", "Cannot read the sample %1: %2.")
                     .arg(QDir::toNativeSeparators(source.fileName()), source.errorString());
        return {};
    }
    const QByteArray content = source.readAll();
    QFile copy(target);
    // The copy is the user's to edit, whatever permissions the installed file has.
    if (!copy.open(QIODevice::WriteOnly | QIODevice::NewOnly)) {
        *error = QCoreApplication::translate("SampleConfig", "Cannot write %1: %2.").arg(QDir::toNativeSeparators(target), copy.errorString());
        return {};
    }
    if (copy.write(content) != content.size() || !copy.flush()) {
        *error = QCoreApplication::translate("SampleConfig", "Cannot write %1: %2.").arg(QDir::toNativeSeparators(target), copy.errorString());
        copy.remove(); // ours, half written
        return {};
    }
    return target;
}
