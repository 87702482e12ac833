#include "apiauth.h"

#include <QDateTime>

namespace {

bool sameText(const QString &a, const QString &b)
{
    // Both are 64 hex digits once validated; compare every character whatever differs.
    if (a.size() != b.size())
        return false;
    char16_t difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= a.at(i).unicode() ^ b.at(i).unicode();
    return difference == 0;
}

} // namespace

ApiAuth::Access ApiAuth::check(const HttpRequest &request, QString *tokenName) const
{
    if (m_tokens.isEmpty())
        return Access::Write;
    const QByteArray header = request.header("authorization");
    if (!header.startsWith("Bearer ") && !header.startsWith("bearer "))
        return Access::None;
    const QString digest = ApiToken::digest(header.mid(7).trimmed());
    Access access = Access::None;
    for (const ApiTokenConfig &token : m_tokens) {
        if (sameText(digest, token.sha256) && access == Access::None) {
            access = token.write ? Access::Write : Access::Read;
            *tokenName = token.name;
        }
    }
    return access;
}

int ApiAuth::failureDelayMs(const QString &client)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    Failures &failures = m_failures[client];
    if (now - failures.windowStartMs > 60 * 1000)
        failures = Failures{now, 0};
    ++failures.count;
    const int delay = 1000 << qMin(failures.count - 1, 3);
    if (m_failures.size() > 10000) // bounded: a scan from many addresses starts them over
        m_failures.clear();
    return delay;
}
