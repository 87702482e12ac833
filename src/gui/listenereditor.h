#pragma once

#include <config.h>
#include <configissue.h>

#include <QWidget>
#include <memory>

class AccessLogEdit;
class QLabel;
class ReturnTextEdit;

namespace Ui {
class ListenerEditor;
}

// Edits one ListenerConfig: address and port (this machine's addresses offered), protocol,
// target group, timeouts with units, access rules, TLS, failover and the enabled switch.
// Settings it has no field for are kept as they came. GUI thread.
class ListenerEditor : public QWidget
{
    Q_OBJECT

public:
    explicit ListenerEditor(QWidget *parent = nullptr);
    ~ListenerEditor() override;

    // Choices offered: upstream group names for "Forward to", certificate names for TLS.
    void setChoices(const QStringList &groups, const QStringList &certificates);
    void setListener(const ListenerConfig &listener);
    void setZoneNames(const QStringList &names); // limit_conn_zones the limits may name
    void setLogFormatNames(const QStringList &names); // log_formats the access log may name
    AccessLogEdit *accessLogEdit() const { return m_accessLog; }
    ListenerConfig listener() const;
    // Issues with paths relative to the listener ("listen", "ssl.certificate").
    void setIssues(const ConfigIssues &issues);

    static QStringList localAddresses();
    // What the operating system asks of a listener on host:port before others can reach it,
    // in the user's words; empty when nothing. Linux: a port below the unprivileged start
    // (1024 unless lowered) needs root or CAP_NET_BIND_SERVICE. Windows has no privileged
    // ports, but a listener other machines can reach meets Windows Defender Firewall.
    static QString listenNote(const QString &host, int port);

signals:
    // The user changed a field; key is its config name (for undo merging).
    void edited(const QString &key);
    void zonesRequested(); // the limits' "Zones..." button: the page edits the config's zones
    void logFormatsRequested(); // the access log's "Formats..." button: the page edits the config's log formats
    void newGroupRequested(); // "New group…" beside Forward to: the page creates one and forwards to it

private:
    void updateEnabledFields();
    void addAccessLogGroup();
    void updateListenNote();
    void addNewGroupButton();
    void preselectOnlyCertificate();

    std::unique_ptr<Ui::ListenerEditor> m_ui;
    ListenerConfig m_listener; // what setListener() gave: fields without a widget come from here
    bool m_updating = false;
    QLabel *m_listenNote = nullptr; // under "Listen on"
    AccessLogEdit *m_accessLog = nullptr; // in a group of its own after the limits
    ReturnTextEdit *m_returnEdit = nullptr; // under "Forward to": return instead of proxy_pass
};
