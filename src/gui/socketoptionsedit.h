#pragma once

#include <config.h>

#include <QGroupBox>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QSpinBox;

// A listener's socket options, nginx's listen parameters backlog=, rcvbuf=, sndbuf=,
// fastopen=, so_keepalive=, ipv6only=, reuseport and bind (ListenSocketConfig). A UDP
// listener has no backlog, Fast Open or keepalive, so those fields are off for it. The buffer sizes are typed as
// nginx writes them (256k, 4m); empty leaves the system's. GUI thread.
class SocketOptionsEdit : public QGroupBox
{
    Q_OBJECT

public:
    // The keepalive choice's rows, in order.
    enum KeepAliveRow { SystemDefault, On, Off, Timers };

    explicit SocketOptionsEdit(QWidget *parent = nullptr);

    void setSettings(const ListenSocketConfig &settings);
    ListenSocketConfig settings() const;
    void setUdp(bool udp); // what the protocol allows

    QSpinBox *backlogSpin() const { return m_backlog; }
    QLineEdit *rcvbufEdit() const { return m_rcvbuf; }
    QLineEdit *sndbufEdit() const { return m_sndbuf; }
    QSpinBox *fastOpenSpin() const { return m_fastOpen; }
    QComboBox *keepAliveCombo() const { return m_keepAlive; }
    QSpinBox *keepIdleSpin() const { return m_keepIdle; }
    QSpinBox *keepIntervalSpin() const { return m_keepInterval; }
    QSpinBox *keepCountSpin() const { return m_keepCount; }
    QCheckBox *ipv6OnlyCheck() const { return m_ipv6Only; }
    QCheckBox *reusePortCheck() const { return m_reusePort; }
    QCheckBox *bindCheck() const { return m_bind; }

signals:
    void changed(); // the user edited a field

private:
    void updateEnabled();

    QSpinBox *m_backlog;
    QLineEdit *m_rcvbuf;
    QLineEdit *m_sndbuf;
    QSpinBox *m_fastOpen;
    QComboBox *m_keepAlive;
    QSpinBox *m_keepIdle;
    QSpinBox *m_keepInterval;
    QSpinBox *m_keepCount;
    QCheckBox *m_ipv6Only;
    QCheckBox *m_reusePort;
    QCheckBox *m_bind;
    bool m_udp = false;
    bool m_updating = false;
};
