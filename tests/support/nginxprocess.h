#pragma once

#include <QProcess>
#include <QTemporaryDir>

// A real nginx (Debian's, with the stream module) run by a test on loopback: one worker,
// its own prefix, no daemon. For side-by-side behaviour and `nginx -t` checks.
class NginxProcess
{
public:
    NginxProcess();
    ~NginxProcess();

    static QString binary();       // /usr/sbin/nginx, or $PORTIER_NGINX
    static QString streamModule(); // the load_module path; empty when built in
    static bool isAvailable(QString *why);

    // A complete nginx.conf around the given stream {} contents.
    static QByteArray standaloneConfig(const QByteArray &streamBody);

    // Starts nginx with streamBody and waits until every port in ports is in LISTEN state
    // (read from /proc/net/tcp: a probe connection would take a balancer pick).
    bool start(const QByteArray &streamBody, const QList<quint16> &ports, QString *error);
    // The same with a complete nginx.conf (e.g. one Portier exported).
    bool startConfig(const QByteArray &config, const QList<quint16> &ports, QString *error);
    void stop();

    // Runs `nginx -t` on a complete config file; output holds what nginx said.
    static bool test(const QString &configPath, const QString &prefix, QString *output);

    QString prefix() const { return m_dir.path(); }

private:
    QTemporaryDir m_dir;
    QProcess m_process;
};

// True when something on this machine listens on 127.0.0.1:port (or 0.0.0.0:port).
bool isListening(quint16 port);
