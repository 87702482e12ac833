#include "socketoptionsedit.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QRegularExpressionValidator>
#include <QSpinBox>

namespace {

// Linux's bounds for the keepalive timers (the validator says the same in words).
constexpr int maxKeepTime = 32767;
constexpr int maxKeepCount = 127;

QSpinBox *timerSpin(QWidget *parent, const QString &name, int maximum, const QString &suffix)
{
    auto *spin = new QSpinBox(parent);
    spin->setObjectName(name);
    spin->setRange(0, maximum);
    spin->setSpecialValueText(SocketOptionsEdit::tr("system's"));
    spin->setSuffix(suffix);
    return spin;
}

// rcvbuf=/sndbuf=: what ngx_parse_size takes, digits then k or m; the validator says
// when a value is too big.
QLineEdit *sizeEdit(QWidget *parent, const QString &name, const QString &toolTip)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(name);
    edit->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9]{1,12}[kKmM]?")), edit));
    edit->setPlaceholderText(SocketOptionsEdit::tr("system's"));
    edit->setToolTip(toolTip);
    edit->setClearButtonEnabled(true);
    return edit;
}

qint64 sizeOf(const QLineEdit *edit)
{
    return ListenSocketConfig::parseBufferSize(edit->text()).value_or(ListenSocketConfig::noBufferSize);
}

QString textOf(qint64 bytes)
{
    return bytes == ListenSocketConfig::noBufferSize ? QString() : ListenSocketConfig::bufferSizeText(bytes);
}

} // namespace

SocketOptionsEdit::SocketOptionsEdit(QWidget *parent)
    : QGroupBox(tr("&Socket options"), parent), m_backlog(new QSpinBox(this)),
      m_rcvbuf(sizeEdit(this, QStringLiteral("rcvbufEdit"),
                        tr("rcvbuf=: the listening socket's receive buffer (SO_RCVBUF), in bytes or with k or m (256k, 4m); "
                           "empty leaves the system's. The system may round or cap it: Linux doubles it, up to net.core.rmem_max"))),
      m_sndbuf(sizeEdit(this, QStringLiteral("sndbufEdit"),
                        tr("sndbuf=: the listening socket's send buffer (SO_SNDBUF), in bytes or with k or m (256k, 4m); "
                           "empty leaves the system's. The system may round or cap it: Linux doubles it, up to net.core.wmem_max"))),
      m_fastOpen(new QSpinBox(this)), m_keepAlive(new QComboBox(this)),
      m_keepIdle(timerSpin(this, QStringLiteral("keepIdleSpin"), maxKeepTime, tr(" s"))),
      m_keepInterval(timerSpin(this, QStringLiteral("keepIntervalSpin"), maxKeepTime, tr(" s"))),
      m_keepCount(timerSpin(this, QStringLiteral("keepCountSpin"), maxKeepCount, QString())),
      m_ipv6Only(new QCheckBox(tr("IPv6 only on [::] (ipv6only=on)"), this)),
      m_reusePort(new QCheckBox(tr("Share the port with other sockets (reuseport)"), this)),
      m_bind(new QCheckBox(tr("Bind this address on its own (bind)"), this))
{
    setObjectName(QStringLiteral("socketOptionsEdit"));
    setToolTip(tr("The listening socket's options, as nginx's listen parameters"));
    m_backlog->setObjectName(QStringLiteral("backlogSpin"));
    m_backlog->setRange(0, ListenSocketConfig::maxBacklog);
    m_backlog->setSpecialValueText(tr("511 (nginx's default)"));
    m_backlog->setToolTip(tr("backlog=: how many connections may wait to be accepted; the system caps it at net.core.somaxconn"));
    m_fastOpen->setObjectName(QStringLiteral("fastOpenSpin"));
    m_fastOpen->setRange(-1, ListenSocketConfig::maxBacklog);
    m_fastOpen->setSpecialValueText(tr("system's"));
#if defined(Q_OS_LINUX)
    m_fastOpen->setToolTip(tr("fastopen=: how many TCP Fast Open connections (data in the SYN) may wait to be accepted; 0 turns it "
                              "off. Linux also needs net.ipv4.tcp_fastopen to allow it for servers (e.g. 3)"));
#else
    m_fastOpen->setToolTip(tr("Portier sets TCP Fast Open on Linux only"));
#endif
    m_keepAlive->setObjectName(QStringLiteral("keepAliveCombo"));
    m_keepAlive->addItems({tr("System default"), tr("On"), tr("Off"), tr("On, with these timers")});
    m_keepAlive->setToolTip(tr("so_keepalive=: TCP keepalive probes on client connections, so dead peers are found"));
    m_keepIdle->setToolTip(tr("keepidle: idle time before the first probe"));
    m_keepInterval->setToolTip(tr("keepintvl: time between probes"));
    m_keepCount->setToolTip(tr("keepcnt: unanswered probes before the connection is dropped"));
    m_ipv6Only->setObjectName(QStringLiteral("ipv6OnlyCheck"));
    m_ipv6Only->setToolTip(tr("Off: a listener on [::] takes IPv4 clients as well (nginx's default is on)"));
    m_reusePort->setObjectName(QStringLiteral("reusePortCheck"));
    m_reusePort->setToolTip(tr("SO_REUSEPORT: other sockets that ask for it too may listen on the same address and port; the system "
                               "spreads connections between them"));
#if defined(Q_OS_WIN)
    m_reusePort->setToolTip(tr("Windows has no SO_REUSEPORT; nginx for Windows ignores it too"));
#endif
    m_bind->setObjectName(QStringLiteral("bindCheck"));
    m_bind->setToolTip(tr("Portier always binds each listener's own address; this is kept so an nginx export says it too"));

    auto *timers = new QHBoxLayout;
    timers->addWidget(m_keepIdle);
    timers->addWidget(m_keepInterval);
    timers->addWidget(m_keepCount);
    auto *layout = new QFormLayout(this);
    layout->addRow(tr("Backlog"), m_backlog);
    layout->addRow(tr("Receive buffer"), m_rcvbuf);
    layout->addRow(tr("Send buffer"), m_sndbuf);
    layout->addRow(tr("TCP Fast Open queue"), m_fastOpen);
    layout->addRow(tr("Keepalive"), m_keepAlive);
    layout->addRow(tr("Idle, interval, probes"), timers);
    layout->addRow(m_ipv6Only);
    layout->addRow(m_reusePort);
    layout->addRow(m_bind);

    auto report = [this] {
        if (m_updating)
            return;
        updateEnabled();
        emit changed();
    };
    connect(m_backlog, &QSpinBox::valueChanged, this, report);
    connect(m_rcvbuf, &QLineEdit::textChanged, this, report);
    connect(m_sndbuf, &QLineEdit::textChanged, this, report);
    connect(m_fastOpen, &QSpinBox::valueChanged, this, report);
    connect(m_keepAlive, &QComboBox::currentIndexChanged, this, report);
    connect(m_keepIdle, &QSpinBox::valueChanged, this, report);
    connect(m_keepInterval, &QSpinBox::valueChanged, this, report);
    connect(m_keepCount, &QSpinBox::valueChanged, this, report);
    connect(m_ipv6Only, &QCheckBox::toggled, this, report);
    connect(m_reusePort, &QCheckBox::toggled, this, report);
    connect(m_bind, &QCheckBox::toggled, this, report);
    setSettings(ListenSocketConfig());
}

void SocketOptionsEdit::setSettings(const ListenSocketConfig &settings)
{
    m_updating = true;
    m_backlog->setValue(settings.backlog);
    m_rcvbuf->setText(textOf(settings.rcvbuf));
    m_sndbuf->setText(textOf(settings.sndbuf));
    m_fastOpen->setValue(settings.fastOpen);
    int row = SystemDefault;
    if (settings.keepAlive == ListenSocketConfig::KeepAlive::Off)
        row = Off;
    else if (settings.keepAlive == ListenSocketConfig::KeepAlive::On)
        row = settings.hasKeepAliveTimers() ? Timers : On;
    m_keepAlive->setCurrentIndex(row);
    m_keepIdle->setValue(settings.keepIdleS);
    m_keepInterval->setValue(settings.keepIntervalS);
    m_keepCount->setValue(settings.keepCount);
    m_ipv6Only->setChecked(settings.ipv6Only);
    m_reusePort->setChecked(settings.reusePort);
    m_bind->setChecked(settings.bind);
    updateEnabled();
    m_updating = false;
}

ListenSocketConfig SocketOptionsEdit::settings() const
{
    ListenSocketConfig settings;
    settings.backlog = m_backlog->value();
    settings.rcvbuf = sizeOf(m_rcvbuf);
    settings.sndbuf = sizeOf(m_sndbuf);
    settings.fastOpen = m_fastOpen->value();
    switch (m_keepAlive->currentIndex()) {
    case On:
        settings.keepAlive = ListenSocketConfig::KeepAlive::On;
        break;
    case Off:
        settings.keepAlive = ListenSocketConfig::KeepAlive::Off;
        break;
    case Timers:
        settings.keepAlive = ListenSocketConfig::KeepAlive::On;
        settings.keepIdleS = m_keepIdle->value();
        settings.keepIntervalS = m_keepInterval->value();
        settings.keepCount = m_keepCount->value();
        break;
    default:
        break;
    }
    settings.ipv6Only = m_ipv6Only->isChecked();
    settings.reusePort = m_reusePort->isChecked();
    settings.bind = m_bind->isChecked();
    return settings;
}

void SocketOptionsEdit::setUdp(bool udp)
{
    m_udp = udp;
    updateEnabled();
}

void SocketOptionsEdit::updateEnabled()
{
    // nginx refuses backlog=, fastopen= and so_keepalive= on udp listeners.
    m_backlog->setEnabled(!m_udp);
    m_fastOpen->setEnabled(!m_udp);
    m_keepAlive->setEnabled(!m_udp);
    const bool timers = !m_udp && m_keepAlive->currentIndex() == Timers;
    m_keepIdle->setEnabled(timers);
    m_keepInterval->setEnabled(timers);
    m_keepCount->setEnabled(timers);
#if defined(Q_OS_WIN)
    m_reusePort->setEnabled(m_reusePort->isChecked()); // only to turn an imported one off
#endif
#if !defined(Q_OS_LINUX)
    m_fastOpen->setEnabled(!m_udp && m_fastOpen->value() != -1); // likewise
#endif
}
