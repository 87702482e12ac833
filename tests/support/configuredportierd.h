#pragma once

#include "portierdprocess.h"

#include <QByteArray>
#include <QString>
#include <QTemporaryDir>

// portierd running on a config file of the test's own (path), once it says it listens.
struct ConfiguredPortierd : PortierdProcess
{
    QTemporaryDir dir;
    QString path = dir.filePath(QStringLiteral("portier.json"));

    bool start(const QByteArray &json, const QString &listening);
};
