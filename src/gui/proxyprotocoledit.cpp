#include "proxyprotocoledit.h"

#include "durationedit.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QRegularExpression>

ProxyProtocolEdit::ProxyProtocolEdit(QWidget *parent)
    : QGroupBox(tr("&PROXY protocol"), parent), m_accept(new QCheckBox(tr("Clients start with a PROXY header (listen ... proxy_protocol)"), this)),
      m_timeout(new DurationEdit(this)), m_trusted(new QLineEdit(this)),
      m_send(new QCheckBox(tr("Send a PROXY header to the servers (proxy_protocol on)"), this))
{
    setObjectName(QStringLiteral("proxyProtocolEdit"));
    setToolTip(tr("The PROXY protocol carries the original client's address through a proxy or load balancer in front of this one"));
    m_timeout->setObjectName(QStringLiteral("proxyProtocolTimeoutEdit"));
    m_timeout->setToolTip(tr("How long a client may take to send its header (proxy_protocol_timeout; nginx's default is 30 s)"));
    m_trusted->setObjectName(QStringLiteral("trustedProxiesEdit"));
    m_trusted->setPlaceholderText(tr("e.g. 10.0.0.0/8 192.168.1.5"));
    m_trusted->setToolTip(tr("set_real_ip_from: addresses or CIDRs of the proxies in front, separated by spaces or commas. A header from one of them "
                             "names the client for balancing, access rules and logs; from anyone else it is read and ignored"));
    auto *layout = new QFormLayout(this);
    layout->addRow(m_accept);
    layout->addRow(tr("Header timeout"), m_timeout);
    layout->addRow(tr("Trusted proxies"), m_trusted);
    layout->addRow(m_send);

    auto report = [this] {
        if (m_updating)
            return;
        updateEnabled();
        emit changed();
    };
    connect(m_accept, &QCheckBox::toggled, this, report);
    connect(m_timeout, &DurationEdit::valueChanged, this, report);
    connect(m_trusted, &QLineEdit::textEdited, this, report);
    connect(m_send, &QCheckBox::toggled, this, report);
    setSettings(ProxyProtocolConfig());
}

void ProxyProtocolEdit::setSettings(const ProxyProtocolConfig &settings)
{
    m_updating = true;
    m_settings = settings;
    m_accept->setChecked(settings.accept);
    m_timeout->setMilliseconds(settings.timeoutMs);
    const QString trusted = settings.trustedSources.join(u' ');
    if (m_trusted->text() != trusted)
        m_trusted->setText(trusted);
    m_send->setChecked(settings.send);
    updateEnabled();
    m_updating = false;
}

ProxyProtocolConfig ProxyProtocolEdit::settings() const
{
    ProxyProtocolConfig settings = m_settings;
    settings.accept = m_accept->isChecked();
    settings.timeoutMs = m_timeout->milliseconds();
    static const QRegularExpression separators(QStringLiteral("[\\s,;]+"));
    settings.trustedSources = m_trusted->text().split(separators, Qt::SkipEmptyParts);
    settings.send = m_send->isChecked();
    return settings;
}

void ProxyProtocolEdit::updateEnabled()
{
    // The timeout and the trusted proxies matter only while headers are read.
    m_timeout->setEnabled(m_accept->isChecked());
    m_trusted->setEnabled(m_accept->isChecked());
}
