#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <optional>

// The key of nginx's `hash KEY [consistent]`: literal text mixed with the stream
// variables a connection has before any byte is read, e.g. "$remote_addr$remote_port" or
// "${remote_addr}:x". Parsed once per group, evaluated once per connection.
class HashKey
{
public:
    // The values of one connection; the binary address is 4 bytes (IPv4) or 16 (IPv6).
    struct Values
    {
        QByteArray remoteAddr;
        QByteArray remotePort;
        QByteArray binaryRemoteAddr;
        QByteArray serverAddr;
        QByteArray serverPort;
    };

    // nullopt with *error saying which variable is unknown and which ones exist.
    static std::optional<HashKey> parse(const QString &text, QString *error = nullptr);

    QByteArray evaluate(const Values &values) const;
    bool usesServerAddress() const; // $server_addr / $server_port need a getsockname()

private:
    enum class Variable { None, RemoteAddr, RemotePort, BinaryRemoteAddr, ServerAddr, ServerPort };
    struct Part
    {
        Variable variable = Variable::None;
        QByteArray text; // when variable is None
    };
    QList<Part> m_parts;
};
