#include "apiconnection.h"

#include "nginxplusapi.h"

#include <QTcpSocket>

namespace {
constexpr int idleTimeoutMs = 30 * 1000;
}

ApiConnection::ApiConnection(QTcpSocket *socket, QObject *parent)
    : QObject(parent), m_socket(socket), m_client(socket->peerAddress().toString())
{
    socket->setParent(this);
    m_idle.setSingleShot(true);
    m_idle.setInterval(idleTimeoutMs);
    connect(&m_idle, &QTimer::timeout, m_socket, [this] { m_socket->abort(); });
    connect(m_socket, &QTcpSocket::readyRead, this, &ApiConnection::readRequests);
    connect(m_socket, &QTcpSocket::disconnected, this, [this] { emit closed(this); });
    connect(m_socket, &QTcpSocket::bytesWritten, this, [this] {
        if (m_closing && m_socket->bytesToWrite() == 0)
            m_socket->disconnectFromHost();
    });
    m_idle.start();
    readRequests();
}

void ApiConnection::readRequests()
{
    if (m_busy || m_closing)
        return;
    m_buffer += m_socket->readAll();
    HttpRequest next;
    switch (m_parser.parse(&m_buffer, &next)) {
    case HttpParser::Result::NeedMore:
        if (m_buffer.size() > HttpParser::maxHeaderBytes + HttpParser::maxBodyBytes)
            m_socket->abort();
        return;
    case HttpParser::Result::Error:
        m_busy = true;
        respond(NginxPlusApi::error(m_parser.errorStatus(), m_parser.error(), "BadRequest"), false);
        return;
    case HttpParser::Result::Request:
        m_busy = true;
        m_idle.stop();
        next.peer = m_client;
        emit request(this, next);
        return;
    }
}

void ApiConnection::respond(const HttpResponse &response, bool keepAlive)
{
    m_busy = false;
    m_socket->write(response.serialize(keepAlive));
    if (!keepAlive) {
        m_closing = true;
        if (m_socket->bytesToWrite() == 0)
            m_socket->disconnectFromHost();
        return;
    }
    m_idle.start();
    if (!m_buffer.isEmpty() || m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &ApiConnection::readRequests, Qt::QueuedConnection);
}
