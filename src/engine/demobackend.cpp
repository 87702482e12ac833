#include "demobackend.h"

#include <QTcpSocket>

DemoBackend::DemoBackend(const QString &name, QObject *parent) : QTcpServer(parent), m_name(name)
{
    connect(this, &QTcpServer::newConnection, this, &DemoBackend::serve);
}

void DemoBackend::serve()
{
    while (QTcpSocket *socket = nextPendingConnection()) {
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
            while (socket->canReadLine()) {
                const QByteArray line = socket->readLine().trimmed();
                socket->write(m_name.toUtf8() + ": " + line + '\n');
                socket->flush(); // before a half-close turns into Qt's full close
            }
        });
    }
}
