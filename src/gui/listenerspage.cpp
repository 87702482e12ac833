#include "listenerspage.h"

#include "configdocument.h"
#include "connectionzonesdialog.h"
#include "fieldmarker.h"
#include "listenereditor.h"
#include "listitems.h"
#include "logformatsdialog.h"
#include "newgroupdialog.h"
#include "statusicons.h"
#include "testtrafficdialog.h"
#include "ui_listenerspage.h"

#include <hostport.h>
#include <listenaddress.h>

#include <QAction>
#include <QStyle>

namespace {

QString summary(const ListenerConfig &listener)
{
    QString text = listener.listen + QStringLiteral(" → ")
                   + (listener.returnText ? ListenersPage::tr("text") : listener.proxyPass.isEmpty() ? QStringLiteral("?") : listener.proxyPass);
    if (listener.protocol == ListenerConfig::Protocol::Udp)
        text += QStringLiteral(" (UDP)");
    else if (listener.ssl.enabled)
        text += QStringLiteral(" (TLS)");
    if (!listener.enabled)
        text += u' ' + ListenersPage::tr("(disabled)");
    return text;
}

// The next port after the highest one in use, so a new listener does not clash.
quint16 nextPort(const Config &config)
{
    int highest = 30002;
    for (const ListenerConfig &listener : config.listeners) {
        if (const auto address = ListenAddress::parse(listener.listen))
            highest = qMax(highest, int(address->lastPort));
    }
    return quint16(qMin(highest + 1, 65535));
}

} // namespace

ListenersPage::ListenersPage(QWidget *parent) : QWidget(parent), m_ui(std::make_unique<Ui::ListenersPage>())
{
    m_ui->setupUi(this);
    m_ui->addButton->setIcon(style()->standardIcon(QStyle::SP_FileDialogNewFolder));
    connect(m_ui->addButton, &QToolButton::clicked, this, &ListenersPage::addListener);
    connect(m_ui->duplicateButton, &QToolButton::clicked, this, &ListenersPage::duplicateListener);
    connect(m_ui->removeButton, &QToolButton::clicked, this, &ListenersPage::removeListener);
    auto *testTraffic = new QAction(tr("Send &test traffic…"), this);
    m_ui->list->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_ui->list->addAction(testTraffic);
    connect(testTraffic, &QAction::triggered, this, [this] { sendTestTraffic(); });
    connect(m_ui->testTrafficButton, &QToolButton::clicked, this, [this] { sendTestTraffic(); });
    connect(m_ui->list, &QListWidget::currentRowChanged, this, [this] {
        if (!m_refreshing)
            showCurrent();
    });
    connect(m_ui->editor, &ListenerEditor::edited, this, &ListenersPage::commit);
    connect(m_ui->editor, &ListenerEditor::logFormatsRequested, this, [this] {
        LogFormatsDialog dialog(m_document->config().logFormats, this);
        if (dialog.exec() != QDialog::Accepted || dialog.formats() == m_document->config().logFormats)
            return;
        Config config = m_document->config();
        config.logFormats = dialog.formats();
        m_document->edit(config, tr("Edit log formats"));
    });
    connect(m_ui->editor, &ListenerEditor::newGroupRequested, this, &ListenersPage::newGroup);
    connect(m_ui->editor, &ListenerEditor::zonesRequested, this, [this] {
        ConnectionZonesDialog dialog(m_document->config().connectionZones, this);
        if (dialog.exec() != QDialog::Accepted || dialog.zones() == m_document->config().connectionZones)
            return;
        Config config = m_document->config();
        config.connectionZones = dialog.zones();
        m_document->edit(config, tr("Edit connection zones"));
    });
}

ListenersPage::~ListenersPage() = default;

ListenerEditor *ListenersPage::editor() const
{
    return m_ui->editor;
}

int ListenersPage::currentIndex() const
{
    return m_ui->list->currentRow();
}

void ListenersPage::setCurrentIndex(int index)
{
    m_ui->list->setCurrentRow(index);
}

void ListenersPage::setDocument(ConfigDocument *document)
{
    m_document = document;
    connect(document, &ConfigDocument::configChanged, this, &ListenersPage::refresh);
    refresh();
}

void ListenersPage::refresh()
{
    if (!m_document)
        return;
    updateItems();
    showCurrent();
}

void ListenersPage::updateItems()
{
    const Config &config = m_document->config();
    const ConfigIssues issues = m_document->issues();
    m_refreshing = true;
    ListItems::resize(m_ui->list, config.listeners.size());
    for (int i = 0; i < config.listeners.size(); ++i) {
        const ListenerConfig &listener = config.listeners.at(i);
        QListWidgetItem *item = m_ui->list->item(i);
        item->setText(summary(listener));
        const ConfigIssues own = FieldMarker::under(issues, QStringLiteral("listeners[%1]").arg(i));
        const ListenerStats *stats = statsFor(listener, i);
        if (!own.isEmpty()) {
            item->setIcon(StatusIcons::problem());
            item->setToolTip(own.first().toString());
        } else if (stats && stats->listening) {
            item->setIcon(StatusIcons::dot(StatusIcons::Good));
            item->setToolTip(tr("Listening; %n active connection(s)", nullptr, int(stats->activeConnections)));
        } else if (stats && !stats->error.isEmpty()) {
            item->setIcon(StatusIcons::dot(StatusIcons::Bad));
            item->setToolTip(stats->error);
        } else {
            item->setIcon(StatusIcons::dot(StatusIcons::Idle));
            item->setToolTip(listener.enabled ? tr("Not running; Apply or Start to listen") : tr("Disabled"));
        }
    }
    m_refreshing = false;
}

const ListenerStats *ListenersPage::statsFor(const ListenerConfig &listener, int index) const
{
    // The stats name the running config's position; the edited config may have rows added
    // or removed since the last Apply, so a position counts only where the listener there
    // is still this one, and otherwise the one listening on the same address and protocol.
    const QString protocol = listener.protocol == ListenerConfig::Protocol::Udp ? QStringLiteral("udp") : QStringLiteral("tcp");
    auto same = [&](const ListenerStats &stats) { return stats.listen == listener.listen && stats.protocol == protocol; };
    for (const ListenerStats &stats : m_stats.listeners) {
        if (stats.index == index && same(stats))
            return &stats;
    }
    for (const ListenerStats &stats : m_stats.listeners) {
        if (same(stats))
            return &stats;
    }
    return nullptr;
}

void ListenersPage::showCurrent()
{
    const Config &config = m_document->config();
    const int index = m_ui->list->currentRow();
    m_ui->duplicateButton->setEnabled(index >= 0);
    m_ui->removeButton->setEnabled(index >= 0);
    m_ui->testTrafficButton->setEnabled(index >= 0);
    if (index < 0 || index >= config.listeners.size()) {
        m_ui->editorStack->setCurrentWidget(m_ui->emptyPage);
        return;
    }
    m_ui->editorStack->setCurrentWidget(m_ui->editorScroll);
    QStringList groups, certificates;
    for (const UpstreamConfig &upstream : config.upstreams)
        groups << upstream.name;
    for (const CertificateConfig &certificate : config.certificates)
        certificates << certificate.name;
    m_ui->editor->setChoices(groups, certificates);
    QStringList zones;
    for (const ConnectionZoneConfig &zone : config.connectionZones)
        zones << zone.name;
    m_ui->editor->setZoneNames(zones);
    QStringList formats;
    for (const LogFormatConfig &format : config.logFormats)
        formats << format.name;
    m_ui->editor->setLogFormatNames(formats);
    if (m_ui->editor->listener() != config.listeners.at(index))
        m_ui->editor->setListener(config.listeners.at(index)); // not while typing: the cursor stays
    m_ui->editor->setIssues(FieldMarker::under(m_document->issues(), QStringLiteral("listeners[%1]").arg(index)));
}

void ListenersPage::commit(const QString &key)
{
    const int index = currentIndex();
    Config config = m_document->config();
    if (index < 0 || index >= config.listeners.size())
        return;
    config.listeners[index] = m_ui->editor->listener();
    m_document->edit(config, tr("Edit listener %1").arg(config.listeners.at(index).listen),
                     QStringLiteral("listeners[%1].%2").arg(index).arg(key));
}

void ListenersPage::addListener()
{
    Config config = m_document->config();
    ListenerConfig listener;
    listener.listen = QStringLiteral("127.0.0.1:") + QString::number(nextPort(config));
    if (!config.upstreams.isEmpty())
        listener.proxyPass = config.upstreams.constFirst().name;
    config.listeners << listener;
    m_document->edit(config, tr("Add listener %1").arg(listener.listen));
    setCurrentIndex(int(config.listeners.size()) - 1);
}

void ListenersPage::duplicateListener()
{
    const int index = currentIndex();
    Config config = m_document->config();
    if (index < 0 || index >= config.listeners.size())
        return;
    ListenerConfig copy = config.listeners.at(index);
    const auto address = ListenAddress::parse(copy.listen);
    const quint16 next = nextPort(config);
    QString port = QString::number(next);
    if (address && address->isRange()) // a range of the same width after the highest port in use
        port += u'-' + QString::number(qMin(65535, next + address->portCount() - 1));
    if (address && !address->host.isEmpty()) {
        QString host = HostPort{address->host, next}.toString(); // "host:next", "[v6]:next"
        host.chop(QString::number(next).size());
        copy.listen = host + port;
    } else {
        copy.listen = port;
    }
    config.listeners.insert(index + 1, copy);
    m_document->edit(config, tr("Duplicate listener %1").arg(config.listeners.at(index).listen));
    setCurrentIndex(index + 1);
}

void ListenersPage::removeListener()
{
    const int index = currentIndex();
    Config config = m_document->config();
    if (index < 0 || index >= config.listeners.size())
        return;
    const QString listen = config.listeners.at(index).listen;
    config.listeners.removeAt(index);
    m_document->edit(config, tr("Remove listener %1").arg(listen));
}

void ListenersPage::showStats(const StatsSnapshot &snapshot)
{
    m_stats = snapshot;
    if (m_document)
        updateItems(); // icons only: the editor is left alone while the user types
}

TestTrafficDialog *ListenersPage::sendTestTraffic()
{
    const int index = currentIndex();
    if (!m_engine || !m_document || index < 0 || index >= m_document->config().listeners.size())
        return nullptr;
    const ListenerConfig &listener = m_document->config().listeners.at(index);
    const ListenerStats *stats = statsFor(listener, index);
    const QString protocol = listener.protocol == ListenerConfig::Protocol::Udp ? QStringLiteral("udp") : QStringLiteral("tcp");
    return TestTrafficDialog::openFor(this, m_engine, stats ? stats->listen : listener.listen, protocol);
}

NewGroupDialog *ListenersPage::newGroup()
{
    const int index = currentIndex();
    if (!m_document || index < 0 || index >= m_document->config().listeners.size())
        return nullptr;
    // Window-modal and not exec()'d: the page goes on updating behind it.
    auto *dialog = new NewGroupDialog(m_document->config(), index, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, index] {
        if (!m_document || index >= m_document->config().listeners.size())
            return;
        m_document->edit(dialog->withGroup(), tr("Add upstream group %1 for listener %2").arg(dialog->name(), m_document->config().listeners.at(index).listen));
    });
    dialog->open();
    return dialog;
}
