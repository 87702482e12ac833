#include "singleinstance.h"

#include "instancechannel.h"

#include <QDeadlineTimer>
#include <QFileInfo>
#include <QLocalServer>
#include <QLocalSocket>
#include <QLockFile>
#include <QTimer>

namespace {
// One request a line: "activate", or "open " and a percent-encoded UTF-8 path (a path may
// hold any character, a newline too). Instances of older versions send only "activate".
const QByteArray activateMessage = QByteArrayLiteral("activate\n");
const QByteArray openPrefix = QByteArrayLiteral("open ");
} // namespace

SingleInstance::SingleInstance(const QString &name, QObject *parent) : QObject(parent), m_name(name)
{
}

SingleInstance::~SingleInstance() = default;

SingleInstance::Answer SingleInstance::notifyRunning(const QString &fileToOpen, int timeoutMs)
{
    QLocalSocket socket;
    socket.connectToServer(m_name);
    if (!socket.waitForConnected(timeoutMs))
        return Answer::NobodyAnswered;
    // Checked before a byte is sent: the request names a file of ours.
    if (!InstanceChannel::peerIsCurrentUser(socket, false)) {
        m_warning = QStringLiteral("the single-instance channel %1 is held by another user's program; not using it, running alone").arg(m_name);
        return Answer::Refused;
    }
    if (fileToOpen.isEmpty())
        socket.write(activateMessage);
    else
        socket.write(openPrefix + QFileInfo(fileToOpen).absoluteFilePath().toUtf8().toPercentEncoding() + '\n');
    // Connected: an instance runs (a dead one's socket refuses the connection). One slow to
    // take or answer the request is busy (a long task holds its event loop), not gone:
    // taking its channel over would leave two instances, each with its own window and
    // engine. So wait longer for it, connected: a Windows named pipe drops what a client
    // wrote if the client leaves before the server reads it.
    const QDeadlineTimer deadline(busyWaitMs);
    while (socket.bytesToWrite() > 0) {
        if (!socket.waitForBytesWritten(int(deadline.remainingTime())))
            break;
    }
    // Wait for the primary's answer, so "raised" really means it read the request. It answers
    // and hangs up at once, so on a busy machine its "ok" can be here, and the pipe closed,
    // before this process has seen its own write complete: both waits then fail on a closed
    // pipe though the request was handled (seen under Wine, the second launch then listening
    // as a second primary). So what arrived decides, not whether a wait succeeded.
    if (socket.bytesAvailable() == 0)
        socket.waitForReadyRead(int(deadline.remainingTime()));
    if (socket.bytesAvailable() == 0)
        return socket.state() == QLocalSocket::ConnectedState ? Answer::Busy : Answer::NobodyAnswered;
    return socket.readAll().startsWith("ok") ? Answer::Handled : Answer::NobodyAnswered;
}

std::optional<bool> SingleInstance::decided(Answer answer)
{
    switch (answer) {
    case Answer::Handled:
        return false;
    case Answer::Busy:
        m_warning = QStringLiteral("Portier is already running but did not answer within %1 s; not starting a second one "
                                   "(it shows its window when it is free)").arg(busyWaitMs / 1000);
        return false;
    case Answer::Refused:
        return true; // neither trusted nor taken over: it is not ours to remove
    case Answer::NobodyAnswered:
        break;
    }
    return std::nullopt;
}

bool SingleInstance::claim(const QString &fileToOpen, int timeoutMs)
{
    if (m_server)
        return true;
    if (const std::optional<bool> result = decided(notifyRunning(fileToOpen, timeoutMs)))
        return *result;
    // Nobody answered, so this launch would listen; but so would any other launch that asked
    // at the same moment, and on Linux the second one's listen() takes the socket file over
    // (below), leaving two primaries. One at a time, then: the lock's holder asks again and,
    // finding nobody still, listens before it lets the next one ask. A holder that died frees
    // the lock (QLockFile knows its process); a launch that cannot have it in time (its folder
    // is not writable, or the holder waits for a busy primary) asks again all the same.
    QLockFile lock(InstanceChannel::lockFilePath(m_name));
    const bool locked = lock.tryLock(timeoutMs + 3000);
    if (const std::optional<bool> result = decided(notifyRunning(fileToOpen, timeoutMs)))
        return *result;
    auto *server = new QLocalServer(this);
    server->setSocketOptions(QLocalServer::UserAccessOption);
    if (!server->listen(m_name)) {
        // A socket file left by an instance that died: nobody answered above, so take it over.
        // Only under the lock: without it the socket may be that of a launch that listened
        // just now, and removing it would make two primaries.
        bool listening = false;
        if (locked) {
            QLocalServer::removeServer(m_name);
            listening = server->listen(m_name);
        }
        if (!listening) {
            m_warning = QStringLiteral("cannot listen on %1 (%2); running alone").arg(m_name, server->errorString());
            delete server;
            const Answer again = notifyRunning(fileToOpen, timeoutMs);
            return again != Answer::Handled && again != Answer::Busy; // cannot listen: run anyway, alone
        }
    }
    m_server = server;
    connect(server, &QLocalServer::newConnection, this, &SingleInstance::acceptConnections);
    return true;
}

void SingleInstance::acceptConnections()
{
    while (QLocalSocket *socket = m_server->nextPendingConnection()) {
        if (!InstanceChannel::peerIsCurrentUser(*socket, true)) {
            socket->abort(); // the folder's or the pipe's permissions should have stopped it already
            socket->deleteLater();
            continue;
        }
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
            if (!socket->canReadLine())
                return;
            const QByteArray line = socket->readLine();
            if (line == activateMessage || line.startsWith(openPrefix)) {
                socket->write("ok\n");
                socket->flush();
                // After this slot: opening a file may ask about unsaved changes in a
                // dialog of its own, which must not run inside the socket's signal.
                QTimer::singleShot(0, this, [this, line] { handleRequest(line); });
            }
            socket->disconnectFromServer();
        });
    }
}

void SingleInstance::handleRequest(const QByteArray &line)
{
    emit activationRequested();
    if (line.startsWith(openPrefix)) {
        const QString path = QString::fromUtf8(QByteArray::fromPercentEncoding(line.mid(openPrefix.size()).trimmed()));
        if (!path.isEmpty())
            emit openRequested(path);
    }
}
