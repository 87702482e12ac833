#include "upstreamspage.h"

#include "configdocument.h"
#include "fieldmarker.h"
#include "listitems.h"
#include "statusicons.h"
#include "ui_upstreamspage.h"
#include "upstreameditor.h"

#include <QStyle>

namespace {

QString unusedName(const Config &config, const QString &base)
{
    QString name = base;
    for (int n = 2; config.findUpstream(name); ++n)
        name = base + u'_' + QString::number(n);
    return name;
}

} // namespace

UpstreamsPage::UpstreamsPage(QWidget *parent) : QWidget(parent), m_ui(std::make_unique<Ui::UpstreamsPage>())
{
    m_ui->setupUi(this);
    m_ui->addButton->setIcon(style()->standardIcon(QStyle::SP_FileDialogNewFolder));
    connect(m_ui->addButton, &QToolButton::clicked, this, &UpstreamsPage::addGroup);
    connect(m_ui->duplicateButton, &QToolButton::clicked, this, &UpstreamsPage::duplicateGroup);
    connect(m_ui->removeButton, &QToolButton::clicked, this, &UpstreamsPage::removeGroup);
    connect(m_ui->list, &QListWidget::currentRowChanged, this, [this] {
        m_renamedGroup = -1;
        if (!m_refreshing)
            showCurrent();
    });
    connect(m_ui->editor, &UpstreamEditor::edited, this, &UpstreamsPage::commit);
}

UpstreamsPage::~UpstreamsPage() = default;

UpstreamEditor *UpstreamsPage::editor() const
{
    return m_ui->editor;
}

int UpstreamsPage::currentIndex() const
{
    return m_ui->list->currentRow();
}

void UpstreamsPage::setCurrentIndex(int index)
{
    m_ui->list->setCurrentRow(index);
}

void UpstreamsPage::setDocument(ConfigDocument *document)
{
    m_document = document;
    connect(document, &ConfigDocument::configChanged, this, &UpstreamsPage::refresh);
    refresh();
}

void UpstreamsPage::refresh()
{
    if (!m_document)
        return;
    updateItems();
    showCurrent();
}

void UpstreamsPage::updateItems()
{
    const Config &config = m_document->config();
    const ConfigIssues issues = m_document->issues();
    m_refreshing = true;
    ListItems::resize(m_ui->list, config.upstreams.size());
    for (int i = 0; i < config.upstreams.size(); ++i) {
        const UpstreamConfig &upstream = config.upstreams.at(i);
        QListWidgetItem *item = m_ui->list->item(i);
        item->setText(tr("%1 (%n server(s))", nullptr, int(upstream.servers.size()))
                          .arg(upstream.name.isEmpty() ? tr("unnamed") : upstream.name));
        const ConfigIssues own = FieldMarker::under(issues, QStringLiteral("upstreams[%1]").arg(i));
        int up = 0, known = 0;
        for (const ServerStats &server : std::as_const(m_stats.servers)) {
            if (server.upstream != upstream.name)
                continue;
            ++known;
            up += server.state == ServerStats::State::Up ? 1 : 0;
        }
        if (!own.isEmpty()) {
            item->setIcon(StatusIcons::problem());
            item->setToolTip(own.first().toString());
        } else if (known == 0) {
            item->setIcon(StatusIcons::dot(StatusIcons::Idle));
            item->setToolTip(tr("Not in use by the running engine"));
        } else {
            item->setIcon(StatusIcons::dot(up == known ? StatusIcons::Good : up > 0 ? StatusIcons::Busy : StatusIcons::Bad));
            item->setToolTip(tr("%1 of %2 servers up").arg(up).arg(known));
        }
    }
    m_refreshing = false;
}

void UpstreamsPage::showCurrent()
{
    const Config &config = m_document->config();
    const int index = m_ui->list->currentRow();
    m_ui->duplicateButton->setEnabled(index >= 0);
    m_ui->removeButton->setEnabled(index >= 0);
    if (index < 0 || index >= config.upstreams.size()) {
        m_ui->editorStack->setCurrentWidget(m_ui->emptyPage);
        return;
    }
    m_ui->editorStack->setCurrentWidget(m_ui->editorScroll);
    if (m_ui->editor->upstream() != config.upstreams.at(index))
        m_ui->editor->setUpstream(config.upstreams.at(index));
    m_ui->editor->setIssues(FieldMarker::under(m_document->issues(), QStringLiteral("upstreams[%1]").arg(index)));
}

void UpstreamsPage::commit(const QString &key)
{
    const int index = currentIndex();
    Config config = m_document->config();
    if (index < 0 || index >= config.upstreams.size())
        return;
    const QString oldName = config.upstreams.at(index).name;
    config.upstreams[index] = m_ui->editor->upstream();
    const QString newName = config.upstreams.at(index).name;
    if (key == u"name") {
        // Listeners follow their group through a rename, even through an empty name while
        // the user retypes it: the ones that pointed at the group when typing began.
        if (m_renamedGroup != index) {
            m_renamedGroup = index;
            m_followers.clear();
            for (int i = 0; i < config.listeners.size(); ++i) {
                if (config.listeners.at(i).proxyPass == oldName)
                    m_followers << i;
            }
        }
        for (const int i : std::as_const(m_followers)) {
            if (i < config.listeners.size() && config.listeners.at(i).proxyPass == oldName)
                config.listeners[i].proxyPass = newName;
        }
    } else {
        m_renamedGroup = -1;
    }
    m_document->edit(config, tr("Edit upstream group %1").arg(newName),
                     key.isEmpty() ? QString() : QStringLiteral("upstreams[%1].%2").arg(index).arg(key));
}

void UpstreamsPage::addGroup()
{
    Config config = m_document->config();
    UpstreamConfig upstream;
    upstream.name = unusedName(config, QStringLiteral("backend"));
    ServerConfig server;
    server.address = QStringLiteral("127.0.0.1:7773");
    upstream.servers << server;
    config.upstreams << upstream;
    m_document->edit(config, tr("Add upstream group %1").arg(upstream.name));
    setCurrentIndex(int(config.upstreams.size()) - 1);
}

void UpstreamsPage::duplicateGroup()
{
    const int index = currentIndex();
    Config config = m_document->config();
    if (index < 0 || index >= config.upstreams.size())
        return;
    UpstreamConfig copy = config.upstreams.at(index);
    copy.name = unusedName(config, copy.name.isEmpty() ? QStringLiteral("backend") : copy.name);
    config.upstreams.insert(index + 1, copy);
    m_document->edit(config, tr("Duplicate upstream group %1").arg(config.upstreams.at(index).name));
    setCurrentIndex(index + 1);
}

void UpstreamsPage::removeGroup()
{
    const int index = currentIndex();
    Config config = m_document->config();
    if (index < 0 || index >= config.upstreams.size())
        return;
    const QString name = config.upstreams.at(index).name;
    config.upstreams.removeAt(index);
    m_document->edit(config, tr("Remove upstream group %1").arg(name));
}

void UpstreamsPage::showStats(const StatsSnapshot &snapshot)
{
    m_stats = snapshot;
    m_ui->editor->showEngineState(snapshot);
    if (m_document)
        updateItems();
}
