#pragma once

#include "httpmessage.h"

#include <QString>

// Reads HTTP/1.1 requests from a connection's bytes, one at a time, within fixed bounds: a
// request line and headers up to 16 KiB, a body up to 1 MiB with a Content-Length (chunked
// bodies are refused: no API client sends them). Anything else is an error with the status
// to answer and a reason in words; the connection then closes.
class HttpParser
{
public:
    static constexpr qsizetype maxHeaderBytes = 16 * 1024;
    static constexpr qsizetype maxBodyBytes = 1024 * 1024;

    enum class Result { NeedMore, Request, Error };

    // Takes what it uses from the front of *buffer.
    Result parse(QByteArray *buffer, HttpRequest *request);

    int errorStatus() const { return m_errorStatus; }
    const QString &error() const { return m_error; }

private:
    Result fail(int status, const QString &error);
    bool parseHead(const QByteArray &head, HttpRequest *request);

    int m_errorStatus = 0;
    QString m_error;
    qsizetype m_bodyLength = -1; // while waiting for a body: its length
    HttpRequest m_pending;
};
