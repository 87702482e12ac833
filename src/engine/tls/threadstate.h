#pragma once

class QThread;

namespace OpenSsl {

// OpenSSL keeps state per thread (its random generator, its error queue) and frees it when
// the thread ends, from a thread-local destructor that runs after QThread::wait() has
// already returned. A process that exits right after stopping its workers (portierd on
// SIGTERM) then races OpenSSL's own cleanup at exit, and the state of a late thread is lost.
// This frees it inside the thread, as its event loop ends, before wait() returns.
void releaseStateWhenFinished(QThread *thread);

} // namespace OpenSsl
