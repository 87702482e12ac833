#pragma once

#include <QProcess>
#include <QStringList>

// Runs the real `openssl` command line tool to completion, feeding it input; for the TLS
// tests' certificates and s_client/s_server checks.
struct OpensslRun
{
    int exitCode = -1;
    QString output; // stdout and stderr
};

// How long a test waits for an openssl process to start, answer or finish.
inline constexpr int opensslTimeoutMs = 30000;

inline OpensslRun runOpenssl(const QStringList &arguments, const QByteArray &input = QByteArray(), int timeoutMs = opensslTimeoutMs)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral("openssl"), arguments);
    OpensslRun run;
    if (!process.waitForStarted(timeoutMs))
        return run;
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(timeoutMs))
        process.kill();
    process.waitForFinished(5000);
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.output = QString::fromUtf8(process.readAll());
    return run;
}
