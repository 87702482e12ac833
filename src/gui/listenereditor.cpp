#include "listenereditor.h"

#include "issuelocation.h"
#include "accesslogedit.h"
#include "fieldmarker.h"
#include "returntextedit.h"
#include "sessioncacheedit.h"
#include "ui_listenereditor.h"

#include <hostport.h>
#include <listenaddress.h>

#include <QBoxLayout>
#include <QFile>
#include <QGroupBox>
#include <QHostAddress>
#include <QLabel>
#include <QNetworkInterface>
#include <QToolButton>

#if !defined(Q_OS_WIN)
#include <unistd.h>
#endif

namespace {
const QString tls12 = QStringLiteral("TLSv1.2");
const QString tls13 = QStringLiteral("TLSv1.3");
} // namespace

ListenerEditor::ListenerEditor(QWidget *parent) : QWidget(parent), m_ui(std::make_unique<Ui::ListenerEditor>())
{
    m_ui->setupUi(this);
    m_ui->issuesLabel->hide();
    m_listenNote = new QLabel(this);
    m_listenNote->setObjectName(QStringLiteral("listenNote"));
    m_listenNote->setWordWrap(true);
    m_listenNote->setForegroundRole(QPalette::PlaceholderText);
    int row = 0;
    QFormLayout::ItemRole role = QFormLayout::FieldRole;
    m_ui->formLayout->getLayoutPosition(m_ui->addressLayout, &row, &role);
    m_ui->formLayout->insertRow(row + 1, QString(), m_listenNote);
    m_returnEdit = new ReturnTextEdit(this);
    m_ui->formLayout->getWidgetPosition(m_ui->targetCombo, &row, &role);
    m_ui->formLayout->insertRow(row + 1, QString(), m_returnEdit);
    addNewGroupButton();
    m_ui->targetCombo->setToolTip(tr("An upstream group, a single server as host:port, or a variable such as $pool whose "
                                     "map or split_clients names the group (nginx proxy_pass)"));
    for (const QString &address : localAddresses())
        m_ui->addressCombo->addItem(address);
    m_ui->addressCombo->setItemData(0, tr("Every IPv4 address of this machine"), Qt::ToolTipRole);
    m_ui->addressCombo->setItemData(1, tr("This machine only"), Qt::ToolTipRole);

    auto report = [this](const char *key) {
        return [this, key] {
            if (m_updating)
                return;
            updateEnabledFields();
            preselectOnlyCertificate();
            emit edited(QLatin1StringView(key));
        };
    };
    connect(m_ui->enabledCheck, &QCheckBox::toggled, this, report("enabled"));
    connect(m_ui->addressCombo, &QComboBox::currentTextChanged, this, report("listen"));
    connect(m_ui->portSpin, &QSpinBox::valueChanged, this, report("listen"));
    connect(m_ui->lastPortSpin, &QSpinBox::valueChanged, this, report("listen"));
    connect(m_ui->protocolCombo, &QComboBox::currentIndexChanged, this, report("protocol"));
    connect(m_ui->targetCombo, &QComboBox::currentTextChanged, this, report("proxy_pass"));
    connect(m_returnEdit, &ReturnTextEdit::changed, this, report("return"));
    connect(m_ui->proxyTimeoutEdit, &DurationEdit::valueChanged, this, report("proxy_timeout"));
    connect(m_ui->connectTimeoutEdit, &DurationEdit::valueChanged, this, report("proxy_connect_timeout"));
    connect(m_ui->tlsGroup, &QGroupBox::toggled, this, report("ssl"));
    connect(m_ui->certificateCombo, &QComboBox::currentTextChanged, this, report("ssl.certificate"));
    connect(m_ui->tls12Check, &QCheckBox::toggled, this, report("ssl.protocols"));
    connect(m_ui->tls13Check, &QCheckBox::toggled, this, report("ssl.protocols"));
    connect(m_ui->ciphersEdit, &QLineEdit::textChanged, this, report("ssl.ciphers"));
    connect(m_ui->sessionTimeoutEdit, &DurationEdit::valueChanged, this, report("ssl.session_timeout"));
    connect(m_ui->sessionCacheEdit, &SessionCacheEdit::textChanged, this, report("ssl.session_cache"));
    connect(m_ui->sessionTicketsCheck, &QCheckBox::toggled, this, report("ssl.session_tickets"));
    connect(m_ui->nextUpstreamCheck, &QCheckBox::toggled, this, report("proxy_next_upstream"));
    connect(m_ui->triesSpin, &QSpinBox::valueChanged, this, report("proxy_next_upstream_tries"));
    connect(m_ui->nextTimeoutEdit, &DurationEdit::valueChanged, this, report("proxy_next_upstream_timeout"));
    connect(m_ui->halfCloseCheck, &QCheckBox::toggled, this, report("proxy_half_close"));
    connect(m_ui->accessEdit, &AccessRulesEdit::changed, this, report("access"));
    connect(m_ui->proxyProtocolEdit, &ProxyProtocolEdit::changed, this, report("proxy_protocol"));
    connect(m_ui->limitsEdit, &LimitsEdit::changed, this, report("limits"));
    connect(m_ui->socketOptionsEdit, &SocketOptionsEdit::changed, this, report("socket"));
    connect(m_ui->limitsEdit, &LimitsEdit::zonesRequested, this, &ListenerEditor::zonesRequested);
    addAccessLogGroup();
    connect(m_accessLog, &AccessLogEdit::changed, this, report("access_log"));
    connect(m_accessLog, &AccessLogEdit::formatsRequested, this, &ListenerEditor::logFormatsRequested);
    setListener(ListenerConfig());
}

ListenerEditor::~ListenerEditor() = default;

QStringList ListenerEditor::localAddresses()
{
    QStringList addresses{QStringLiteral("0.0.0.0"), QStringLiteral("127.0.0.1")};
    QStringList more;
    for (const QHostAddress &address : QNetworkInterface::allAddresses()) {
        if (address.isLinkLocal() || address.isLoopback())
            continue;
        QHostAddress plain = address;
        plain.setScopeId(QString());
        more << plain.toString();
    }
    more.sort();
    more.removeDuplicates();
    return addresses + more + QStringList{QStringLiteral("::"), QStringLiteral("::1")};
}

void ListenerEditor::setChoices(const QStringList &groups, const QStringList &certificates)
{
    auto itemsOf = [](const QComboBox *combo) {
        QStringList items;
        for (int i = 0; i < combo->count(); ++i)
            items << combo->itemText(i);
        return items;
    };
    if (itemsOf(m_ui->targetCombo) == groups && itemsOf(m_ui->certificateCombo) == certificates)
        return;
    const bool wasUpdating = m_updating;
    m_updating = true;
    const QString target = m_ui->targetCombo->currentText();
    m_ui->targetCombo->clear();
    m_ui->targetCombo->addItems(groups);
    m_ui->targetCombo->setCurrentText(target);
    const QString certificate = m_ui->certificateCombo->currentText();
    m_ui->certificateCombo->clear();
    m_ui->certificateCombo->addItems(certificates);
    if (!certificate.isEmpty() && !certificates.contains(certificate))
        m_ui->certificateCombo->addItem(certificate);
    m_ui->certificateCombo->setCurrentText(certificate);
    m_updating = wasUpdating;
}

void ListenerEditor::setListener(const ListenerConfig &listener)
{
    m_updating = true;
    m_listener = listener;
    if (const auto address = ListenAddress::parse(listener.listen)) {
        m_ui->addressCombo->setCurrentText(address->host);
        m_ui->portSpin->setValue(address->firstPort);
        m_ui->lastPortSpin->setValue(address->isRange() ? address->lastPort : 0);
    } else {
        // Not host:port: show the text as written so the user sees what to fix.
        m_ui->addressCombo->setCurrentText(listener.listen);
        m_ui->portSpin->setValue(0);
        m_ui->lastPortSpin->setValue(0);
    }
    m_ui->enabledCheck->setChecked(listener.enabled);
    m_ui->protocolCombo->setCurrentIndex(listener.protocol == ListenerConfig::Protocol::Udp ? 1 : 0);
    m_ui->targetCombo->setCurrentText(listener.proxyPass);
    m_returnEdit->setText(listener.returnText);
    m_ui->proxyTimeoutEdit->setMilliseconds(listener.proxyTimeoutMs);
    m_ui->connectTimeoutEdit->setMilliseconds(listener.proxyConnectTimeoutMs);
    m_ui->tlsGroup->setChecked(listener.ssl.enabled);
    if (m_ui->certificateCombo->findText(listener.ssl.certificate) < 0 && !listener.ssl.certificate.isEmpty())
        m_ui->certificateCombo->addItem(listener.ssl.certificate);
    m_ui->certificateCombo->setCurrentIndex(m_ui->certificateCombo->findText(listener.ssl.certificate));
    m_ui->tls12Check->setChecked(listener.ssl.protocols.contains(tls12));
    m_ui->tls13Check->setChecked(listener.ssl.protocols.contains(tls13));
    if (m_ui->ciphersEdit->text() != listener.ssl.ciphers)
        m_ui->ciphersEdit->setText(listener.ssl.ciphers);
    m_ui->sessionTimeoutEdit->setMilliseconds(listener.ssl.sessionTimeoutMs);
    if (m_ui->sessionCacheEdit->text() != listener.ssl.sessionCache)
        m_ui->sessionCacheEdit->setText(listener.ssl.sessionCache);
    m_ui->sessionTicketsCheck->setChecked(listener.ssl.sessionTickets);
    m_ui->nextUpstreamCheck->setChecked(listener.proxyNextUpstream);
    m_ui->triesSpin->setValue(listener.proxyNextUpstreamTries);
    m_ui->nextTimeoutEdit->setMilliseconds(listener.proxyNextUpstreamTimeoutMs);
    m_ui->halfCloseCheck->setChecked(listener.proxyHalfClose);
    m_ui->accessEdit->setRules(listener.access);
    m_ui->proxyProtocolEdit->setSettings(listener.proxyProtocol);
    m_ui->limitsEdit->setLimits(listener.limits);
    m_accessLog->setLog(listener.accessLog);
    m_ui->socketOptionsEdit->setSettings(listener.socket);
    updateEnabledFields();
    m_updating = false;
}

ListenerConfig ListenerEditor::listener() const
{
    ListenerConfig listener = m_listener;
    const QString host = m_ui->addressCombo->currentText().trimmed();
    QString port = QString::number(m_ui->portSpin->value());
    if (const int last = m_ui->lastPortSpin->value(); last > 0 && last != m_ui->portSpin->value())
        port += u'-' + QString::number(last); // a range, as nginx writes it
    if (host.isEmpty())
        listener.listen = port; // nginx's bare port: every IPv4 address
    else if (host.contains(u':') && !host.startsWith(u'['))
        listener.listen = u'[' + host + QStringLiteral("]:") + port;
    else
        listener.listen = host + u':' + port;
    if (m_listener.listen == listener.listen.trimmed())
        listener.listen = m_listener.listen;
    listener.enabled = m_ui->enabledCheck->isChecked();
    listener.protocol = m_ui->protocolCombo->currentIndex() == 1 ? ListenerConfig::Protocol::Udp : ListenerConfig::Protocol::Tcp;
    listener.returnText = m_returnEdit->text();
    listener.proxyPass = listener.returnText ? QString() : m_ui->targetCombo->currentText().trimmed(); // one or the other
    listener.proxyTimeoutMs = m_ui->proxyTimeoutEdit->milliseconds();
    listener.proxyConnectTimeoutMs = m_ui->connectTimeoutEdit->milliseconds();
    listener.ssl.enabled = m_ui->tlsGroup->isChecked();
    listener.ssl.certificate = m_ui->certificateCombo->currentText();
    // Keep the list as written (order, TLSv1.1 ...) unless a box changed.
    const bool has12 = m_listener.ssl.protocols.contains(tls12), has13 = m_listener.ssl.protocols.contains(tls13);
    if (has12 != m_ui->tls12Check->isChecked() || has13 != m_ui->tls13Check->isChecked()) {
        QStringList protocols = m_listener.ssl.protocols;
        protocols.removeAll(tls12);
        protocols.removeAll(tls13);
        if (m_ui->tls12Check->isChecked())
            protocols << tls12;
        if (m_ui->tls13Check->isChecked())
            protocols << tls13;
        listener.ssl.protocols = protocols;
    }
    listener.ssl.ciphers = m_ui->ciphersEdit->text();
    listener.ssl.sessionTimeoutMs = m_ui->sessionTimeoutEdit->milliseconds();
    listener.ssl.sessionCache = m_ui->sessionCacheEdit->text().trimmed();
    listener.ssl.sessionTickets = m_ui->sessionTicketsCheck->isChecked();
    listener.proxyNextUpstream = m_ui->nextUpstreamCheck->isChecked();
    listener.proxyNextUpstreamTries = m_ui->triesSpin->value();
    listener.proxyNextUpstreamTimeoutMs = m_ui->nextTimeoutEdit->milliseconds();
    listener.proxyHalfClose = m_ui->halfCloseCheck->isChecked();
    listener.access = m_ui->accessEdit->rules();
    listener.proxyProtocol = m_ui->proxyProtocolEdit->settings();
    listener.limits = m_ui->limitsEdit->limits();
    listener.accessLog = m_accessLog->log();
    listener.socket = m_ui->socketOptionsEdit->settings();
    return listener;
}

void ListenerEditor::updateEnabledFields()
{
    const bool next = m_ui->nextUpstreamCheck->isChecked();
    m_ui->triesSpin->setEnabled(next);
    m_ui->nextTimeoutEdit->setEnabled(next);
    m_ui->targetCombo->setEnabled(!m_returnEdit->text());
    m_ui->socketOptionsEdit->setUdp(m_ui->protocolCombo->currentIndex() == 1);
    updateListenNote();
}

void ListenerEditor::updateListenNote()
{
    const QString note = listenNote(m_ui->addressCombo->currentText().trimmed(), m_ui->portSpin->value());
    m_listenNote->setText(note);
    m_listenNote->setVisible(!note.isEmpty());
}

QString ListenerEditor::listenNote(const QString &host, int port)
{
    if (port <= 0)
        return {};
#if defined(Q_OS_WIN)
    const QHostAddress address(host);
    if (host.compare(QStringLiteral("localhost"), Qt::CaseInsensitive) == 0 || (!address.isNull() && address.isLoopback()))
        return {};
    return tr("Other computers can connect here: the first time this listener opens, Windows Defender Firewall asks whether to "
              "allow Portier; allow it, or their connections are dropped (see docs/windows.md).");
#else
    Q_UNUSED(host);
    // Linux lets anyone bind from net.ipv4.ip_unprivileged_port_start up (1024 by default, 0 in many containers).
    int unprivilegedStart = 1024;
    QFile sysctl(QStringLiteral("/proc/sys/net/ipv4/ip_unprivileged_port_start"));
    if (sysctl.open(QIODevice::ReadOnly))
        unprivilegedStart = sysctl.readAll().trimmed().toInt();
    if (port >= unprivilegedStart || ::geteuid() == 0)
        return {};
    return tr("Ports below %1 need root on Linux: give the program the CAP_NET_BIND_SERVICE capability "
              "(sudo setcap cap_net_bind_service=+ep PROGRAM), or choose a port from %1 up.")
        .arg(unprivilegedStart);
#endif
}

void ListenerEditor::setIssues(const ConfigIssues &issues)
{
    struct Field
    {
        const char *key;
        QWidget *widget;
        QString label;
    };
    const Field fields[] = {
        {"listen", m_ui->addressCombo, tr("Listen on")},
        {"protocol", m_ui->protocolCombo, tr("Protocol")},
        {"proxy_pass", m_ui->targetCombo, tr("Forward to")},
        {"return", m_returnEdit->edit(), tr("Answer with text")},
        {"proxy_timeout", m_ui->proxyTimeoutEdit->numberField(), tr("Idle timeout")},
        {"proxy_connect_timeout", m_ui->connectTimeoutEdit->numberField(), tr("Connect timeout")},
        {"ssl", m_ui->tlsGroup, tr("TLS")},
        {"ssl.certificate", m_ui->certificateCombo, tr("Certificate")},
        {"ssl.protocols", m_ui->tls12Check, tr("TLS protocols")},
        {"ssl.session_cache", m_ui->sessionCacheEdit->focusProxy(), tr("Session cache")},
        {"proxy_next_upstream_tries", m_ui->triesSpin, tr("Tries")},
        {"proxy_next_upstream_timeout", m_ui->nextTimeoutEdit->numberField(), tr("Next server within")},
    };
    QStringList messages;
    for (const Field &field : fields) {
        QStringList found;
        for (const ConfigIssue &issue : issues) {
            if (issue.path == QLatin1StringView(field.key))
                found << issue.message;
        }
        if (found.isEmpty()) {
            FieldMarker::clear(field.widget);
        } else {
            FieldMarker::mark(field.widget, found.join(u'\n'));
            for (const QString &message : std::as_const(found))
                messages << field.label + QStringLiteral(": ") + message;
        }
    }
    FieldMarker::clear(m_ui->portSpin);
    messages += m_ui->accessEdit->setIssues(issues);
    QStringList limitPaths;
    messages += m_ui->limitsEdit->setIssues(issues, &limitPaths);
    messages += m_accessLog->setIssues(issues, &limitPaths);
    for (const ConfigIssue &issue : issues) {
        bool known = issue.path.startsWith(QLatin1StringView("access[")) || limitPaths.contains(issue.path); // shown by their lists
        for (const Field &field : fields)
            known = known || issue.path == QLatin1StringView(field.key);
        if (issue.path == u"listen")
            FieldMarker::mark(m_ui->portSpin, issue.message);
        if (!known)
            messages << IssueLocation::text(Config(), issue); // a path within the listener
    }
    FieldMarker::showMessages(m_ui->issuesLabel, messages);
}

void ListenerEditor::setZoneNames(const QStringList &names)
{
    m_ui->limitsEdit->setZoneNames(names);
}

void ListenerEditor::setLogFormatNames(const QStringList &names)
{
    m_accessLog->setFormatNames(names);
}

// The access log's group, right after the limits' (built here rather than in the form, so
// the form stays as the limits left it).
void ListenerEditor::addAccessLogGroup()
{
    auto *group = new QGroupBox(tr("&Access log (access_log)"), this);
    group->setObjectName(QStringLiteral("accessLogGroup"));
    group->setToolTip(tr("A line per session, written when it ends, as nginx's access_log"));
    auto *layout = new QVBoxLayout(group);
    m_accessLog = new AccessLogEdit(group);
    m_accessLog->setObjectName(QStringLiteral("accessLogEdit"));
    layout->addWidget(m_accessLog);
    auto *parentLayout = qobject_cast<QBoxLayout *>(m_ui->limitsGroup->parentWidget()->layout());
    const int index = parentLayout ? parentLayout->indexOf(m_ui->limitsGroup) : -1;
    if (parentLayout && index >= 0)
        parentLayout->insertWidget(index + 1, group);
    else if (m_ui->limitsGroup->parentWidget()->layout())
        m_ui->limitsGroup->parentWidget()->layout()->addWidget(group);
}

void ListenerEditor::addNewGroupButton()
{
    // Beside Forward to, so a group can be made without leaving the listener.
    auto *button = new QToolButton(this);
    button->setObjectName(QStringLiteral("newGroupButton"));
    button->setText(tr("New group…"));
    button->setToolTip(tr("Create an upstream group and forward this listener to it"));
    int row = 0;
    QFormLayout::ItemRole role = QFormLayout::FieldRole;
    m_ui->formLayout->getWidgetPosition(m_ui->targetCombo, &row, &role);
    m_ui->formLayout->removeWidget(m_ui->targetCombo);
    auto *field = new QHBoxLayout;
    field->addWidget(m_ui->targetCombo, 1);
    field->addWidget(button);
    m_ui->formLayout->setLayout(row, role, field);
    connect(button, &QToolButton::clicked, this, &ListenerEditor::newGroupRequested);
}

void ListenerEditor::preselectOnlyCertificate()
{
    // Turning TLS on with one certificate in the config: that is the one to use.
    if (!m_ui->tlsGroup->isChecked() || m_ui->certificateCombo->count() != 1 || !m_ui->certificateCombo->currentText().isEmpty())
        return;
    const bool wasUpdating = m_updating;
    m_updating = true;
    m_ui->certificateCombo->setCurrentIndex(0);
    m_updating = wasUpdating;
}
