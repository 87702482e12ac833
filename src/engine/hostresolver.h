#pragma once

#include <config.h>
#include <configissue.h>

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QSet>
#include <QTimer>

class ErrorLog;

// Host names in server addresses ("backend.lan:7773"): resolved when a config is applied
// and again every refreshInterval, asynchronously, so the engine thread never waits on DNS.
// A name with several addresses counts as several servers, as in nginx. The last good
// answer is kept when a later lookup fails. Lives in the engine's thread.
class HostResolver : public QObject
{
    Q_OBJECT

public:
    static constexpr int refreshIntervalMs = 30 * 1000;

    explicit HostResolver(std::shared_ptr<ErrorLog> log, QObject *parent = nullptr);

    // The names a config needs (servers and proxy_pass host:port), without IP literals.
    static QSet<QString> hostNames(const Config &config);

    // Looks up the names not known yet (asynchronously) and keeps all of them refreshed.
    void track(const QSet<QString> &names);
    // Blocking lookups, for portierd's start and --check, before anything is served.
    void resolveNow(const QSet<QString> &names);
    // portierd --check: every name that does not resolve, as an issue at its config path.
    static ConfigIssues check(const Config &config);

    QList<QHostAddress> addresses(const QString &name) const { return m_addresses.value(name); }
    bool isKnown(const QString &name) const { return m_addresses.contains(name); }

signals:
    void addressesChanged(); // some name now maps to different addresses

private:
    void lookup(const QString &name);
    bool store(const QString &name, const QList<QHostAddress> &addresses, const QString &error);

    std::shared_ptr<ErrorLog> m_log;
    QHash<QString, QList<QHostAddress>> m_addresses;
    QSet<QString> m_tracked;
    QSet<QString> m_pending;
    QTimer m_refresh;
};
