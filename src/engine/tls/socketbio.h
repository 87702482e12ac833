#pragma once

#include "platform/net.h"

#include <openssl/bio.h>

// An OpenSSL BIO over one of the engine's non-blocking sockets, reading and writing through
// Net::receive/Net::send.
//
// Why not SSL_set_fd: OpenSSL's own socket BIO writes with plain send()/write(), without
// MSG_NOSIGNAL, so a client that vanishes while the proxy writes to it would raise SIGPIPE
// and kill the process; and it bypasses the platform corner that owns every socket call.
// Why not memory BIOs: they copy every byte once more between the socket and OpenSSL and
// need a second buffer per side. This BIO costs neither: OpenSSL reads and writes the
// descriptor directly, exactly when the relay asks it to.
namespace SocketBio {

// The BIO does not own the socket. *lastError receives the error code of a failed socket
// call (what SSL_ERROR_SYSCALL means), so the caller can log it the way nginx does.
BIO *create(Net::Socket socket, int *lastError);

// While paused, a read asks the socket for nothing and answers "retry", so an SSL_read()
// gives only what OpenSSL already holds (TlsConnection::readBuffered). Writes are unaffected.
void setReadsPaused(BIO *bio, bool paused);

} // namespace SocketBio
