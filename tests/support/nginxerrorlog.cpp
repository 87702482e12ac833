#include "nginxerrorlog.h"

#include "testclient.h"

#include <QFile>
#include <QHostAddress>
#include <QRegularExpression>
#include <QUdpSocket>

QStringList NginxErrorLog::lines() const
{
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll()).split(u'\n', Qt::SkipEmptyParts);
}

QString normalizedErrorLogLine(const QString &line, const QList<quint16> &ports)
{
    static const QRegularExpression head(QStringLiteral("^\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d (\\[\\w+\\]) \\d+#\\d+: \\*\\d+ "));
    QString text = line.trimmed();
    const QRegularExpressionMatch match = head.match(text);
    if (!match.hasMatch())
        return QStringLiteral("unexpected form: ") + text;
    text = match.captured(1) + u' ' + text.mid(match.capturedLength());
    for (quint16 port : ports)
        text.replace(u':' + QString::number(port), QStringLiteral(":PORT"));
    return text;
}

quint16 freeUdpPort()
{
    for (int attempt = 0; attempt < 1000; ++attempt) {
        QUdpSocket probe;
        probe.bind(QHostAddress::LocalHost, 0);
        if (isFirstHandOut(probe.localPort()))
            return probe.localPort();
    }
    return 0;
}
