#pragma once

#include <QByteArray>
#include <QDeadlineTimer>
#include <QProcess>
#include <QStringList>

#include <functional>

// Runs the real `openssl` command line tool to completion, feeding it input; for the TLS
// tests' certificates and s_client/s_server checks.
struct OpensslRun
{
    int exitCode = -1;
    QString output; // stdout and stderr
};

// How long a test waits for an openssl process to start, answer or finish.
inline constexpr int opensslTimeoutMs = 30000;

// With awaitOutput, stdin stays open until the output holds that text (e.g. the echo of the
// input through s_client), so the session lasts long enough for what follows the handshake
// (TLS 1.3 session tickets for -sess_out); then stdin closes and openssl finishes.
inline OpensslRun runOpenssl(const QStringList &arguments, const QByteArray &input = QByteArray(), int timeoutMs = opensslTimeoutMs,
                             const QString &awaitOutput = QString())
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral("openssl"), arguments);
    OpensslRun run;
    if (!process.waitForStarted(timeoutMs))
        return run;
    process.write(input);
    if (!awaitOutput.isEmpty()) {
        const QDeadlineTimer deadline(timeoutMs);
        while (!run.output.contains(awaitOutput) && !deadline.hasExpired() && process.state() == QProcess::Running) {
            process.waitForReadyRead(200);
            run.output += QString::fromUtf8(process.readAll());
        }
    }
    process.closeWriteChannel();
    if (!process.waitForFinished(timeoutMs))
        process.kill();
    process.waitForFinished(5000);
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.output += QString::fromUtf8(process.readAll());
    return run;
}

// What an openssl client printed on stdout alone (its diagnostics go to stderr), e.g. with
// s_client -quiet exactly the bytes that came through the TLS connection.
struct OpensslStdout
{
    bool started = false;
    QByteArray data;
};

// Starts openssl, writes input and reads its stdout until done(what arrived so far) holds,
// openssl exits or the timeout passes; then kills it (s_client keeps its connection while its
// stdin is open).
inline OpensslStdout readOpensslStdout(const QStringList &arguments, const QByteArray &input,
                                       const std::function<bool(const QByteArray &)> &done, int timeoutMs = opensslTimeoutMs)
{
    QProcess process;
    process.start(QStringLiteral("openssl"), arguments);
    OpensslStdout result;
    result.started = process.waitForStarted(timeoutMs);
    if (!result.started)
        return result;
    process.write(input);
    const QDeadlineTimer deadline(timeoutMs);
    while (!done(result.data) && !deadline.hasExpired() && process.state() == QProcess::Running) {
        process.waitForReadyRead(200);
        result.data += process.readAllStandardOutput();
    }
    process.kill();
    process.waitForFinished(5000);
    return result;
}

// The common case: the first line (with its '\n') that came through, or what came before the
// timeout.
inline OpensslStdout readOpensslLine(const QStringList &arguments, const QByteArray &input = QByteArray())
{
    return readOpensslStdout(arguments, input, [](const QByteArray &data) { return data.contains('\n'); });
}
