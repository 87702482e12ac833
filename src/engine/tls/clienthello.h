#pragma once

#include <QByteArray>
#include <QString>

// Reads the server name (SNI) from the start of a TLS connection without terminating it, as
// nginx's ssl_preread does: the ClientHello may span several TLS records, and nothing is
// consumed, so the bytes are relayed to the chosen upstream unchanged afterwards.
namespace ClientHello {

enum class Result {
    NeedMore, // a ClientHello so far: read more
    Complete, // the whole ClientHello was read; *serverName is its SNI, or empty without one
    NotTls,   // not a TLS ClientHello: route to the default
};

Result parse(const QByteArray &data, QString *serverName);

} // namespace ClientHello
