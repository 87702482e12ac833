#pragma once

#include <QStringList>

// OpenSSL reports its errors in a per-thread queue; these turn it into the words nginx prints,
// e.g. "SSL: error:0A00010B:SSL routines::wrong version number".
namespace OpenSslError {

// Empties this thread's queue and returns its entries joined by spaces ("" when empty).
QString take();
// take() with nginx's "SSL: " in front, or the fallback when the queue was empty.
QString takeForLog(const QString &fallback);
// Empties the queue without reading it (before a call whose result is inspected).
void clear();

} // namespace OpenSslError
