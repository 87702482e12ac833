#include "threadstate.h"

#include <QThread>

#include <openssl/crypto.h>

namespace OpenSsl {

void releaseStateWhenFinished(QThread *thread)
{
    // finished() is emitted by the ending thread itself; a direct connection runs there.
    QObject::connect(thread, &QThread::finished, thread, [] { OPENSSL_thread_stop(); }, Qt::DirectConnection);
}

} // namespace OpenSsl
