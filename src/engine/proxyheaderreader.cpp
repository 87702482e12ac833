#include "proxyheaderreader.h"

#include <cstring>

ProxyHeaderReader::Status ProxyHeaderReader::read(Net::Socket socket, int *error)
{
    char buffer[ProxyProtocol::maxHeaderSize];
    const qsizetype taken = m_taken.size();
    std::memcpy(buffer, m_taken.constData(), size_t(taken));
    const qint64 n = Net::peek(socket, buffer + taken, ProxyProtocol::maxHeaderSize - taken, error);
    if (n == Net::wouldBlock)
        return Status::WouldBlock;
    if (n == Net::failed)
        return Status::Failed;
    m_result = ProxyProtocol::parse(buffer, taken + n);
    if (n == 0 && m_result.status == ProxyProtocol::Result::Status::NeedMore) {
        // The client closed before a whole header: nginx parses what it has and logs it broken.
        m_result.status = ProxyProtocol::Result::Status::Malformed;
        m_result.error = QStringLiteral("broken header: \"%1\"").arg(QString::fromLatin1(buffer, taken));
    }
    switch (m_result.status) {
    case ProxyProtocol::Result::Status::Malformed:
        return Status::Malformed;
    case ProxyProtocol::Result::Status::NeedMore: {
        // None of these bytes can end the header: take them, so the socket reports only new ones.
        const qint64 got = Net::receive(socket, buffer + taken, n, error);
        if (got == Net::failed)
            return Status::Failed;
        if (got > 0)
            m_taken.append(buffer + taken, got);
        return Status::WouldBlock;
    }
    case ProxyProtocol::Result::Status::Done:
        break;
    }
    // Take exactly the rest of the header; what follows is the client's.
    qint64 rest = m_result.consumed - taken;
    while (rest > 0) {
        const qint64 got = Net::receive(socket, buffer + taken, rest, error);
        if (got == Net::failed)
            return Status::Failed;
        if (got <= 0) // peeked bytes are there to take; anything else is the system misbehaving
            return Status::Failed;
        rest -= got;
    }
    return Status::Done;
}

QString ProxyHeaderReader::error() const
{
    return m_result.error;
}
