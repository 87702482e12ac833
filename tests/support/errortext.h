#pragma once

#include <QString>

// The error texts the engine logs, the way nginx prints an errno: "111: Connection refused".
// Winsock's codes differ (BSD's plus 10000) while Net::errorString keeps the POSIX wording,
// so the tests expect the number of the platform they run on.
namespace ErrorText {
#if defined(_WIN32)
inline QString connectionRefused() { return QStringLiteral("10061: Connection refused"); }
inline QString timedOut() { return QStringLiteral("10060: Connection timed out"); }
inline QString addressInUse() { return QStringLiteral("10048: Address already in use"); }
#else
inline QString connectionRefused() { return QStringLiteral("111: Connection refused"); }
inline QString timedOut() { return QStringLiteral("110: Connection timed out"); }
inline QString addressInUse() { return QStringLiteral("98: Address already in use"); }
#endif
} // namespace ErrorText
