#include "socketbio.h"

#include <mutex>

namespace {

struct State
{
    Net::Socket socket = Net::invalidSocket;
    int *lastError = nullptr;
    bool readsPaused = false;
};

int writeTo(BIO *bio, const char *data, int size)
{
    auto *state = static_cast<State *>(BIO_get_data(bio));
    BIO_clear_retry_flags(bio);
    int error = 0;
    const qint64 n = Net::send(state->socket, data, size, &error);
    if (n >= 0)
        return int(n);
    if (n == Net::wouldBlock) {
        BIO_set_retry_write(bio);
        return -1;
    }
    *state->lastError = error;
    return -1;
}

int readFrom(BIO *bio, char *data, int size)
{
    auto *state = static_cast<State *>(BIO_get_data(bio));
    BIO_clear_retry_flags(bio);
    if (state->readsPaused) {
        BIO_set_retry_read(bio);
        return -1;
    }
    int error = 0;
    const qint64 n = Net::receive(state->socket, data, size, &error);
    if (n >= 0)
        return int(n); // 0: the peer's FIN
    if (n == Net::wouldBlock) {
        BIO_set_retry_read(bio);
        return -1;
    }
    *state->lastError = error;
    return -1;
}

long control(BIO *, int command, long, void *)
{
    // The socket is unbuffered: a flush has nothing to do and must report success, or
    // OpenSSL takes the handshake for failed.
    return command == BIO_CTRL_FLUSH ? 1 : 0;
}

int destroy(BIO *bio)
{
    delete static_cast<State *>(BIO_get_data(bio));
    BIO_set_data(bio, nullptr);
    return 1;
}

BIO_METHOD *method()
{
    static BIO_METHOD *instance = nullptr;
    static std::once_flag once;
    std::call_once(once, [] {
        instance = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "portier socket");
        BIO_meth_set_write(instance, writeTo);
        BIO_meth_set_read(instance, readFrom);
        BIO_meth_set_ctrl(instance, control);
        BIO_meth_set_destroy(instance, destroy);
    });
    return instance;
}

} // namespace

BIO *SocketBio::create(Net::Socket socket, int *lastError)
{
    BIO *bio = BIO_new(method());
    if (!bio)
        return nullptr;
    BIO_set_data(bio, new State{socket, lastError});
    BIO_set_init(bio, 1);
    return bio;
}

void SocketBio::setReadsPaused(BIO *bio, bool paused)
{
    static_cast<State *>(BIO_get_data(bio))->readsPaused = paused;
}
