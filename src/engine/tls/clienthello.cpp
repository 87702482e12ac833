#include "clienthello.h"

namespace {

constexpr quint8 handshakeRecord = 0x16;
constexpr quint8 clientHelloType = 0x01;
constexpr quint16 serverNameExtension = 0x0000;
constexpr quint8 hostNameType = 0x00;
constexpr int recordHeaderSize = 5;

// Bounds-checked big-endian reads over one ClientHello body.
class Reader
{
public:
    explicit Reader(const QByteArray &data) : m_data(data) {}
    bool skip(qsizetype n)
    {
        if (n < 0 || m_data.size() - m_offset < n)
            return false;
        m_offset += n;
        return true;
    }
    bool number(int bytes, quint32 *value)
    {
        if (m_data.size() - m_offset < bytes)
            return false;
        quint32 v = 0;
        for (int i = 0; i < bytes; ++i)
            v = v << 8 | quint8(m_data.at(m_offset + i));
        m_offset += bytes;
        *value = v;
        return true;
    }
    QByteArray take(qsizetype n)
    {
        const QByteArray part = m_data.mid(m_offset, n);
        m_offset += n;
        return part;
    }
    qsizetype left() const { return m_data.size() - m_offset; }

private:
    const QByteArray &m_data;
    qsizetype m_offset = 0;
};

// The server name from a complete ClientHello body (after the 4-byte handshake header).
QString serverNameOf(const QByteArray &body)
{
    Reader r(body);
    quint32 length = 0;
    if (!r.skip(2 + 32) || !r.number(1, &length) || !r.skip(length)  // version, random, session id
        || !r.number(2, &length) || !r.skip(length)                   // cipher suites
        || !r.number(1, &length) || !r.skip(length))                  // compression methods
        return QString();
    quint32 extensionsLength = 0;
    if (!r.number(2, &extensionsLength) || extensionsLength > quint32(r.left()))
        return QString();
    while (r.left() >= 4) {
        quint32 type = 0;
        quint32 size = 0;
        if (!r.number(2, &type) || !r.number(2, &size) || size > quint32(r.left()))
            return QString();
        if (type != serverNameExtension) {
            r.skip(size);
            continue;
        }
        const QByteArray extension = r.take(size);
        Reader names(extension);
        quint32 listLength = 0;
        if (!names.number(2, &listLength))
            return QString();
        while (names.left() >= 3) {
            quint32 nameType = 0;
            quint32 nameLength = 0;
            if (!names.number(1, &nameType) || !names.number(2, &nameLength) || nameLength > quint32(names.left()))
                return QString();
            const QByteArray name = names.take(nameLength);
            if (nameType == hostNameType)
                return QString::fromLatin1(name).toLower();
        }
        return QString();
    }
    return QString();
}

} // namespace

ClientHello::Result ClientHello::parse(const QByteArray &data, QString *serverName)
{
    serverName->clear();
    // Gather the handshake bytes from as many records as it takes.
    QByteArray handshake;
    qsizetype offset = 0;
    while (true) {
        if (data.size() - offset < recordHeaderSize) {
            if (offset < data.size() && quint8(data.at(offset)) != handshakeRecord)
                return Result::NotTls;
            return Result::NeedMore;
        }
        const auto byte = [&](qsizetype i) { return quint32(quint8(data.at(offset + i))); };
        if (byte(0) != handshakeRecord || byte(1) != 3)
            return Result::NotTls;
        const qsizetype recordLength = qsizetype(byte(3) << 8 | byte(4));
        if (recordLength == 0)
            return Result::NotTls;
        if (data.size() - offset - recordHeaderSize < recordLength) {
            handshake += data.mid(offset + recordHeaderSize); // a partial record is enough to check the type
            offset = data.size();
        } else {
            handshake += data.mid(offset + recordHeaderSize, recordLength);
            offset += recordHeaderSize + recordLength;
        }
        if (!handshake.isEmpty() && quint8(handshake.at(0)) != clientHelloType)
            return Result::NotTls;
        if (handshake.size() >= 4) {
            const qsizetype bodyLength = qsizetype(quint32(quint8(handshake.at(1))) << 16 | quint32(quint8(handshake.at(2))) << 8
                                                   | quint8(handshake.at(3)));
            if (handshake.size() >= 4 + bodyLength) {
                *serverName = serverNameOf(handshake.mid(4, bodyLength));
                return Result::Complete;
            }
        }
        if (offset >= data.size())
            return Result::NeedMore;
    }
}
