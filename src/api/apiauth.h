#pragma once

#include "apiconfig.h"
#include "httpmessage.h"

#include <QHash>
#include <QString>

// Who may do what through the API. With no tokens configured (only allowed on loopback, see
// ApiValidator) every request may read and write, as nginx Plus's API on a local port; with
// tokens, a request needs "Authorization: Bearer <token>", and a read token may only GET.
// Tokens are compared by their SHA-256 (the config holds nothing else), in constant time.
class ApiAuth
{
public:
    enum class Access { None, Read, Write };

    void setTokens(const QList<ApiTokenConfig> &tokens) { m_tokens = tokens; }
    bool required() const { return !m_tokens.isEmpty(); }

    // *tokenName: the matching token's name, for the log.
    Access check(const HttpRequest &request, QString *tokenName) const;

    // Failed attempts from one address, in the last minute: each failed answer waits
    // longer (1 s, 2 s, 4 s, up to 8 s), so guessing is slow; a success forgets them.
    int failureDelayMs(const QString &client);
    void forgetFailures(const QString &client) { m_failures.remove(client); }

private:
    struct Failures
    {
        qint64 windowStartMs = 0;
        int count = 0;
    };
    QList<ApiTokenConfig> m_tokens;
    QHash<QString, Failures> m_failures;
};
