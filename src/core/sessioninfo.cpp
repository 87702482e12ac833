#include "sessioninfo.h"

QString SessionEnds::key(SessionEnd end)
{
    switch (end) {
    case SessionEnd::ClientClosed:
        return QStringLiteral("client-closed");
    case SessionEnd::UpstreamClosed:
        return QStringLiteral("upstream-closed");
    case SessionEnd::Completed:
        return QStringLiteral("completed");
    case SessionEnd::Timeout:
        return QStringLiteral("timeout");
    case SessionEnd::ClosedByOperator:
        return QStringLiteral("closed-by-operator");
    case SessionEnd::Error:
        return QStringLiteral("error");
    case SessionEnd::Stopped:
        return QStringLiteral("stopped");
    }
    return QString();
}

namespace {

// "127.0.0.1:8080" matches "127.0.0.1:8080" and "127.0.0.1"; "[::1]:80" matches "::1" too.
bool addressMatches(const QString &value, const QString &wanted)
{
    if (value == wanted)
        return true;
    const qsizetype colon = value.lastIndexOf(u':');
    if (colon <= 0)
        return false;
    QString host = value.left(colon);
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    return host == wanted || value.left(colon) == wanted;
}

} // namespace

bool SessionFilter::matches(const SessionInfo &session) const
{
    if (!numbers.isEmpty() && !numbers.contains(session.number))
        return false;
    if (!listener.isEmpty() && !addressMatches(session.listener, listener))
        return false;
    if (!server.isEmpty() && !addressMatches(session.server, server) && session.group != server)
        return false;
    if (!client.isEmpty() && !addressMatches(session.client, client))
        return false;
    if (!protocol.isEmpty() && session.protocol.compare(protocol, Qt::CaseInsensitive) != 0)
        return false;
    return true;
}
