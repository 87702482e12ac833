#include "serverprobe.h"

#include <hostport.h>

#include <QElapsedTimer>
#include <QLocale>
#include <QTcpSocket>
#include <QTimer>

ServerProbe::ServerProbe(QObject *parent) : QObject(parent)
{
}

QString ServerProbe::describe(QAbstractSocket::SocketError error, const QString &errorString, int timeoutMs)
{
    const QString seconds = QLocale().toString(timeoutMs / 1000.0, 'g', 3);
    switch (error) {
    case QAbstractSocket::ConnectionRefusedError:
        return tr("connection refused — nothing is listening on that port");
    case QAbstractSocket::SocketTimeoutError:
        return tr("timed out after %1 s — a firewall or a wrong address?").arg(seconds);
    case QAbstractSocket::HostNotFoundError:
        return tr("host not found — check the name");
    case QAbstractSocket::NetworkError:
        return tr("network unreachable — is this machine connected to that network? (%1)").arg(errorString);
    case QAbstractSocket::RemoteHostClosedError:
        return tr("the server accepted and closed the connection at once");
    case QAbstractSocket::SocketAccessError:
        return tr("not permitted to connect (%1)").arg(errorString);
    default:
        return errorString;
    }
}

void ServerProbe::start(const QStringList &addresses)
{
    ++m_generation; // results of an earlier run still in flight are dropped
    m_remaining = int(addresses.size());
    if (addresses.isEmpty()) {
        emit finished();
        return;
    }
    for (int i = 0; i < addresses.size(); ++i)
        probe(i, addresses.at(i));
}

void ServerProbe::done(int index, const QString &address, bool reachable, const QString &message)
{
    emit result(index, address, reachable, message);
    if (--m_remaining == 0)
        emit finished();
}

void ServerProbe::probe(int index, const QString &address)
{
    QString error;
    const auto hostPort = HostPort::parse(address, false, &error);
    if (!hostPort) {
        // Queued, so result() never fires inside start().
        QTimer::singleShot(0, this, [this, index, address, error, generation = m_generation] {
            if (generation == m_generation)
                done(index, address, false, tr("cannot test: %1").arg(error));
        });
        return;
    }

    auto *socket = new QTcpSocket(this);
    auto *timer = new QTimer(socket);
    auto elapsed = std::make_shared<QElapsedTimer>();
    elapsed->start();
    timer->setSingleShot(true);
    const int generation = m_generation;
    auto finish = [this, socket, timer, index, address, generation](bool reachable, const QString &message) {
        timer->stop();
        socket->disconnect(this);
        socket->abort();
        socket->deleteLater();
        if (generation == m_generation)
            done(index, address, reachable, message);
    };
    connect(socket, &QTcpSocket::connected, this, [finish, elapsed] {
        finish(true, tr("connected in %1 ms — the server accepts connections").arg(elapsed->elapsed()));
    });
    connect(socket, &QTcpSocket::errorOccurred, this, [finish, socket, this](QAbstractSocket::SocketError socketError) {
        finish(false, describe(socketError, socket->errorString(), m_timeoutMs));
    });
    connect(timer, &QTimer::timeout, this, [finish, this] {
        finish(false, describe(QAbstractSocket::SocketTimeoutError, QString(), m_timeoutMs));
    });
    timer->start(m_timeoutMs);
    socket->connectToHost(hostPort->host, hostPort->port);
}
