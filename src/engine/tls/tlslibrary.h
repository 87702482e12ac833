#pragma once

#include <QString>

// Facts about the OpenSSL the engine runs on, for the About dialog and bug reports: the
// library loaded at run time, which may be newer than the headers the build saw. Any thread.
namespace TlsLibrary {
QString runtimeVersion(); // "OpenSSL 3.0.11 19 Sep 2023"
QString buildVersion();   // OPENSSL_VERSION_TEXT of the headers built against
} // namespace TlsLibrary
