#include "sessionholderprocess.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>

SessionHolderProcess::SessionHolderProcess()
{
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel); // its stderr shows in the test's log
}

SessionHolderProcess::~SessionHolderProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

QString SessionHolderProcess::binary()
{
    if (qEnvironmentVariableIsSet("SESSIONHOLDER"))
        return qEnvironmentVariable("SESSIONHOLDER");
    return QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("sessionholder"));
}

bool SessionHolderProcess::start(int tcpSessions, int udpSessions, int timeoutSeconds)
{
    m_process.start(binary(), {QString::number(tcpSessions), QString::number(udpSessions), QString::number(timeoutSeconds)});
    return m_process.waitForStarted(10000);
}

QString SessionHolderProcess::output()
{
    m_output += QString::fromUtf8(m_process.readAllStandardOutput());
    return m_output;
}

QStringList SessionHolderProcess::line(const QString &word)
{
    const QStringList lines = output().split(u'\n');
    // The last piece is an unfinished line (or empty): only whole lines count.
    for (qsizetype i = 0; i + 1 < lines.size(); ++i) {
        QStringList words = lines.at(i).split(u' ', Qt::SkipEmptyParts);
        if (!words.isEmpty() && words.constFirst() == word) {
            words.removeFirst();
            return words.isEmpty() ? QStringList{QString()} : words;
        }
    }
    return {};
}

QStringList SessionHolderProcess::waitForLine(const QString &word, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (line(word).isEmpty() && !hasFailed() && !deadline.hasExpired())
        m_process.waitForReadyRead(int(qMin<qint64>(200, qMax<qint64>(1, deadline.remainingTime()))));
    return line(word);
}

bool SessionHolderProcess::hasFailed()
{
    return !line(QStringLiteral("failed")).isEmpty() || (!m_finishing && m_process.state() == QProcess::NotRunning);
}

void SessionHolderProcess::send(const QString &line)
{
    m_process.write((line + u'\n').toUtf8());
}

bool SessionHolderProcess::finish(int timeoutMs)
{
    m_finishing = true;
    m_process.closeWriteChannel();
    const bool finished = m_process.waitForFinished(timeoutMs);
    output();
    return finished && m_process.exitStatus() == QProcess::NormalExit && m_process.exitCode() == 0;
}
