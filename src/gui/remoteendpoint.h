#pragma once

#include <QByteArray>
#include <QString>
#include <optional>

// Where a remote portierd's API is and how to talk to it: "https://host:port" or
// "http://host:port" ("host:port" alone means https; plain http is for loopback and trusted
// networks), the token (kept in the settings with the list of remotes, SavedRemotes; never in
// a log line or a message) and,
// for HTTPS, the SHA-256 of the certificate the user accepted (trust on first use).
struct RemoteEndpoint
{
    QString host;
    quint16 port = 0;
    bool tls = true;
    QByteArray token;
    QByteArray certificateSha256; // raw digest; empty: not yet accepted

    QString hostPort() const;  // "host:port", "[::1]:8081": the key the accepted certificate is kept under
    QString url(const QString &path) const;

    // address as the user typed it; nullopt and *error naming the field and value otherwise.
    static std::optional<RemoteEndpoint> parse(const QString &address, QString *error);
    // "AB:CD:…", as browsers and openssl x509 -fingerprint show it.
    static QString fingerprintText(const QByteArray &sha256);
};
