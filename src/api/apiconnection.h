#pragma once

#include "httpparser.h"

#include <QObject>
#include <QTimer>

class QTcpSocket;

// One client connection of the API: reads requests one at a time (HTTP/1.1 keep-alive, no
// pipelining ahead of an answer), hands each to the server, writes the answer. Closes after
// 30 s idle, on a request it cannot read (with the status that says why), or when the
// client asked for Connection: close.
class ApiConnection : public QObject
{
    Q_OBJECT

public:
    ApiConnection(QTcpSocket *socket, QObject *parent);

    QString clientAddress() const { return m_client; }
    // Writes the answer to the request last handed out, then reads the next one.
    void respond(const HttpResponse &response, bool keepAlive);

signals:
    void request(ApiConnection *connection, const HttpRequest &request);
    void closed(ApiConnection *connection);

private:
    void readRequests();

    QTcpSocket *m_socket;
    QString m_client;
    QByteArray m_buffer;
    HttpParser m_parser;
    QTimer m_idle;
    bool m_busy = false;    // a request is being answered
    bool m_closing = false; // the last answer is written; close once it is out
};
