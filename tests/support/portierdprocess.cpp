#include "portierdprocess.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QRegularExpression>
#include <platform/stoprequest.h>

#if !defined(_WIN32)
#include <csignal>
#endif

PortierdProcess::PortierdProcess()
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
}

PortierdProcess::~PortierdProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

QString PortierdProcess::binary()
{
    return qEnvironmentVariable("PORTIERD", QStringLiteral("portierd"));
}

bool PortierdProcess::start(const QStringList &arguments)
{
    m_process.start(binary(), arguments);
    return m_process.waitForStarted(10000);
}

QString PortierdProcess::output()
{
    m_output += QString::fromUtf8(m_process.readAll());
    return m_output;
}

int PortierdProcess::lineCount(const QString &text)
{
    return int(output().count(text));
}

bool PortierdProcess::waitForOutput(const QString &text, int timeoutMs)
{
    return waitForOutput([&text](const QString &output) { return output.contains(text); }, timeoutMs);
}

bool PortierdProcess::waitForOutput(const std::function<bool(const QString &)> &done, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!done(output())) {
        if (deadline.hasExpired() || m_process.state() == QProcess::NotRunning)
            return done(output());
        m_process.waitForReadyRead(int(qMin<qint64>(200, qMax<qint64>(1, deadline.remainingTime()))));
    }
    return true;
}

qint64 PortierdProcess::residentKiB() const
{
    QFile status(QStringLiteral("/proc/%1/status").arg(m_process.processId()));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    static const QRegularExpression re(QStringLiteral("VmRSS:\\s+(\\d+) kB"));
    const QRegularExpressionMatch match = re.match(QString::fromLatin1(status.readAll()));
    return match.hasMatch() ? match.captured(1).toLongLong() : -1;
}

void PortierdProcess::sendSignal(int signalNumber)
{
#if !defined(_WIN32)
    ::kill(pid_t(m_process.processId()), signalNumber);
#else
    Q_UNUSED(signalNumber);
    m_process.kill();
#endif
}

bool PortierdProcess::terminate(int timeoutMs)
{
    if (m_process.state() == QProcess::NotRunning)
        return true;
#if defined(_WIN32)
    // QProcess::terminate() posts WM_CLOSE, which a console program never gets: ask the way
    // `portierd --stop PID` does (a named event portierd's SignalWatcher waits on).
    QString error;
    if (!StopRequest::send(m_process.processId(), &error))
        qWarning("portierd stop request: %s", qPrintable(error));
#else
    m_process.terminate();
#endif
    const bool finished = m_process.waitForFinished(timeoutMs);
    output();
    return finished && m_process.exitStatus() == QProcess::NormalExit;
}

QString PortierdProcess::terminateLogText()
{
#if defined(_WIN32)
    return QStringLiteral("signal stop request received, exiting");
#else
    return QStringLiteral("signal SIGTERM received, exiting");
#endif
}

int PortierdProcess::run(const QStringList &arguments, QString *output, int timeoutMs)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(binary(), arguments);
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return -1;
    }
    if (output)
        *output = QString::fromUtf8(process.readAll());
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}
