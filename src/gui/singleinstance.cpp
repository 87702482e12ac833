#include "singleinstance.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QLocalServer>
#include <QLocalSocket>
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

QString SingleInstance::defaultName()
{
    // Per user: the home folder identifies the user on every platform, and hashing it keeps
    // the name short and free of path characters.
    const QByteArray user = QDir::homePath().toUtf8();
    return QStringLiteral("portier-") + QString::fromLatin1(QCryptographicHash::hash(user, QCryptographicHash::Sha256).toHex().left(16));
}

bool SingleInstance::notifyRunning(const QString &fileToOpen, int timeoutMs)
{
    QLocalSocket socket;
    socket.connectToServer(m_name);
    if (!socket.waitForConnected(timeoutMs))
        return false;
    if (fileToOpen.isEmpty())
        socket.write(activateMessage);
    else
        socket.write(openPrefix + QFileInfo(fileToOpen).absoluteFilePath().toUtf8().toPercentEncoding() + '\n');
    if (!socket.waitForBytesWritten(timeoutMs))
        return false;
    // Wait for the primary's answer, so "raised" really means it read the request.
    if (!socket.waitForReadyRead(timeoutMs))
        return false;
    return socket.readAll().startsWith("ok");
}

bool SingleInstance::claim(const QString &fileToOpen, int timeoutMs)
{
    if (m_server)
        return true;
    if (notifyRunning(fileToOpen, timeoutMs))
        return false;
    auto *server = new QLocalServer(this);
    server->setSocketOptions(QLocalServer::UserAccessOption);
    if (!server->listen(m_name)) {
        // A socket file left by an instance that died: nobody answered above, so take it over.
        QLocalServer::removeServer(m_name);
        if (!server->listen(m_name)) {
            delete server;
            return notifyRunning(fileToOpen, timeoutMs) ? false : true; // cannot listen: run anyway, alone
        }
    }
    m_server = server;
    connect(server, &QLocalServer::newConnection, this, [this] {
        while (QLocalSocket *socket = m_server->nextPendingConnection()) {
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
    });
    return true;
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
