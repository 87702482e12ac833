#pragma once

#include <config.h>

#include <QGroupBox>

class DurationEdit;
class QCheckBox;
class QLineEdit;

// A listener's PROXY protocol settings: accept a header from clients (listen ...
// proxy_protocol) within a timeout, which peers' headers name the real client
// (set_real_ip_from), and send a header to the servers (proxy_protocol on). GUI thread.
class ProxyProtocolEdit : public QGroupBox
{
    Q_OBJECT

public:
    explicit ProxyProtocolEdit(QWidget *parent = nullptr);

    void setSettings(const ProxyProtocolConfig &settings);
    ProxyProtocolConfig settings() const;

    QCheckBox *acceptCheck() const { return m_accept; }
    DurationEdit *timeoutEdit() const { return m_timeout; }
    QLineEdit *trustedEdit() const { return m_trusted; }
    QCheckBox *sendCheck() const { return m_send; }

signals:
    void changed(); // the user edited a field

private:
    void updateEnabled();

    QCheckBox *m_accept;
    DurationEdit *m_timeout;
    QLineEdit *m_trusted;
    QCheckBox *m_send;
    ProxyProtocolConfig m_settings; // what setSettings() gave: the trusted list as written
    bool m_updating = false;
};
