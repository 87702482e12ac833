#pragma once

#include <QObject>
#include <QRegularExpression>
#include <QTimer>
#include <memory>
#include <vector>

class ErrorLog;
class QAbstractSocket;
class UpstreamGroup;
struct UpstreamServer;

// Active health checks for one upstream group (beyond nginx open source): every interval,
// each server gets a TCP connect and, when configured, a send/expect exchange, bounded by
// the check's timeout. `fails` failed checks in a row mark a server unhealthy (no new
// connections), `passes` good ones bring it back; both changes are logged. Runs in the
// engine's thread with asynchronous sockets: a check never blocks the data path.
//
// send: text, or "hex:" followed by hex digits. expect: a substring of the reply, or "~"
// followed by a regular expression; empty means a completed connect is enough.
// For a group that only UDP listeners use, a check is a datagram exchange instead: send
// (an empty datagram when empty) and wait for a reply (matching expect when given); an
// ICMP port unreachable or no reply within the timeout fails it.
class HealthChecker : public QObject
{
    Q_OBJECT

public:
    HealthChecker(std::shared_ptr<UpstreamGroup> group, std::shared_ptr<ErrorLog> log, bool udp = false, QObject *parent = nullptr);
    ~HealthChecker() override;

    const std::shared_ptr<UpstreamGroup> &group() const { return m_group; }
    bool isUdp() const { return m_udp; }

signals:
    void healthChanged(const QString &upstream, const QString &address, bool healthy, const QString &reason);

private:
    struct Probe;
    void runChecks();
    void check(Probe *probe);
    bool matches(const QByteArray &reply) const;
    void finish(Probe *probe, bool passed, const QString &result);

    std::shared_ptr<UpstreamGroup> m_group;
    std::shared_ptr<ErrorLog> m_log;
    QTimer m_timer;
    QByteArray m_send;
    QString m_expect;
    QRegularExpression m_expectPattern; // m_expect after its "~", compiled once
    bool m_udp;
    std::vector<std::unique_ptr<Probe>> m_probes;
};
