#pragma once

#include <apiconfig.h>
#include <config.h>
#include <configissue.h>

class QSettings;

// The control API of the desktop program, as Preferences > API sets it: on or off, where it
// listens, an HTTPS certificate and key (files; required beyond loopback) and its tokens, kept
// only as SHA-256 digests (ApiToken::digest), so the settings file never holds a token. On, it
// takes the place of the open configuration's "api" section; off, that section (if any) is
// served as portierd serves it. A value. GUI thread (applied in the engine's).
struct DesktopApiSettings
{
    bool enabled = false;
    QString listen = QStringLiteral("127.0.0.1:8081");
    QString certificateFile; // HTTPS with this PEM certificate and keyFile; both empty: HTTP
    QString keyFile;
    QList<ApiTokenConfig> tokens;

    static DesktopApiSettings load(const QSettings &settings);
    void save(QSettings *settings) const;

    // What is wrong, each naming the field (as the page labels it) and the value, with what
    // to do; empty when the API can start like this (or is off).
    ConfigIssues check() const;
    // The config whose "api" section the desktop's ApiServer follows: running with this API
    // in place of its own while enabled; unchanged while off.
    Config effective(Config running) const;

    static inline const QString certificateName = QStringLiteral("portier-desktop-api");

    friend bool operator==(const DesktopApiSettings &, const DesktopApiSettings &) = default;
};
