#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

// The control API (src/api): off unless "api" names an address to listen on.
//   "api": {"listen": "127.0.0.1:8081", "certificate": "api-cert",
//           "tokens": [{"name": "grafana", "sha256": "<64 hex digits>", "access": "read"}]}
// Tokens are kept only as their SHA-256, so a saved config never holds one; portierd
// --new-api-token makes one and prints the line to paste.
struct ApiTokenConfig
{
    QString name;       // for the log: which token was used, never the token itself
    QString sha256;     // lower-case hex of SHA-256 over the token's text
    bool write = false; // "access": "write" may PATCH, POST and DELETE; "read" only GET

    friend bool operator==(const ApiTokenConfig &, const ApiTokenConfig &) = default;
};

struct ApiConfig
{
    QString listen;      // "127.0.0.1:8081"; empty: the API is off
    QString certificate; // a name from "certificates": HTTPS with it; empty: plain HTTP
    QList<ApiTokenConfig> tokens;

    bool enabled() const { return !listen.isEmpty(); }
    friend bool operator==(const ApiConfig &, const ApiConfig &) = default;
};

namespace ApiToken {

// The stored form of a token: lower-case hex SHA-256 of its UTF-8 text.
QString digest(const QByteArray &token);
// A new random token (32 bytes from the system's generator, base64url): for portierd
// --new-api-token and the GUI's Preferences.
QByteArray generate();

} // namespace ApiToken
