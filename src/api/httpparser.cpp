#include "httpparser.h"

#include <QUrl>

HttpParser::Result HttpParser::fail(int status, const QString &error)
{
    m_errorStatus = status;
    m_error = error;
    return Result::Error;
}

HttpParser::Result HttpParser::parse(QByteArray *buffer, HttpRequest *request)
{
    if (m_bodyLength < 0) {
        const qsizetype end = buffer->indexOf("\r\n\r\n");
        if (end < 0) {
            if (buffer->size() > maxHeaderBytes)
                return fail(431, QStringLiteral("the request's headers are longer than %1 bytes").arg(maxHeaderBytes));
            return Result::NeedMore;
        }
        if (end > maxHeaderBytes)
            return fail(431, QStringLiteral("the request's headers are longer than %1 bytes").arg(maxHeaderBytes));
        m_pending = HttpRequest();
        if (!parseHead(buffer->left(end), &m_pending))
            return Result::Error;
        buffer->remove(0, end + 4);
        if (!m_pending.header("transfer-encoding").isEmpty())
            return fail(501, QStringLiteral("chunked request bodies are not accepted; send a Content-Length"));
        const QByteArray length = m_pending.header("content-length");
        bool ok = true;
        m_bodyLength = length.isEmpty() ? 0 : length.trimmed().toLongLong(&ok);
        if (!ok || m_bodyLength < 0)
            return fail(400, QStringLiteral("Content-Length \"%1\" is not a byte count").arg(QString::fromLatin1(length.left(40))));
        if (m_bodyLength > maxBodyBytes)
            return fail(413, QStringLiteral("the body is %1 bytes; the API takes at most %2").arg(m_bodyLength).arg(maxBodyBytes));
    }
    if (buffer->size() < m_bodyLength)
        return Result::NeedMore;
    m_pending.body = buffer->left(m_bodyLength);
    buffer->remove(0, m_bodyLength);
    m_bodyLength = -1;
    *request = std::move(m_pending);
    m_pending = HttpRequest();
    return Result::Request;
}

bool HttpParser::parseHead(const QByteArray &head, HttpRequest *request)
{
    const QList<QByteArray> lines = head.split('\n');
    const QList<QByteArray> start = lines.value(0).trimmed().split(' ');
    if (start.size() != 3 || !start.at(2).startsWith("HTTP/1.")) {
        fail(400, QStringLiteral("the first line is not \"METHOD /path HTTP/1.1\""));
        return false;
    }
    request->method = start.at(0);
    const QByteArray target = start.at(1);
    if (!target.startsWith('/')) {
        fail(400, QStringLiteral("the request target must be a path starting with /"));
        return false;
    }
    const qsizetype question = target.indexOf('?');
    request->path = QByteArray::fromPercentEncoding(target.left(question < 0 ? target.size() : question));
    request->query = question < 0 ? QByteArray() : target.mid(question + 1);
    const bool http10 = start.at(2) == "HTTP/1.0";
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        if (line.isEmpty())
            continue;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0) {
            fail(400, QStringLiteral("header line %1 has no name: value form").arg(i + 1));
            return false;
        }
        request->headers.append({line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed()});
    }
    const QByteArray connection = request->header("connection").toLower();
    request->keepAlive = http10 ? connection == "keep-alive" : connection != "close";
    return true;
}
