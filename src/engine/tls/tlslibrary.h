#pragma once

#include <QString>

// Facts about the OpenSSL the engine runs on, for the About dialog and bug reports: the
// library loaded at run time, which may be newer than the headers the build saw. Any thread.
namespace TlsLibrary {
QString runtimeVersion(); // "3.0.11": OpenSSL_version(OPENSSL_VERSION_STRING)
QString buildVersion();   // OPENSSL_VERSION_STR of the headers built against
} // namespace TlsLibrary
