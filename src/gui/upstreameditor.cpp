#include "upstreameditor.h"

#include "issuelocation.h"
#include "fieldmarker.h"
#include "serverprobe.h"
#include "servertablemodel.h"
#include "ui_upstreameditor.h"

#include <hostport.h>

#include <QHeaderView>
#include <QLocale>
#include <QTime>
#include <QStyle>

namespace {
constexpr UpstreamConfig::Method methodOrder[] = {UpstreamConfig::Method::RoundRobin, UpstreamConfig::Method::LeastConn,
                                                  UpstreamConfig::Method::LeastTime, UpstreamConfig::Method::Hash,
                                                  UpstreamConfig::Method::Random};
constexpr UpstreamConfig::LeastTimeMode modeOrder[] = {UpstreamConfig::LeastTimeMode::Connect, UpstreamConfig::LeastTimeMode::FirstByte,
                                                       UpstreamConfig::LeastTimeMode::LastByte};

template<typename T, size_t N>
int indexOf(const T (&values)[N], T value)
{
    for (size_t i = 0; i < N; ++i) {
        if (values[i] == value)
            return int(i);
    }
    return 0;
}
} // namespace

UpstreamEditor::UpstreamEditor(QWidget *parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::UpstreamEditor>()), m_servers(new ServerTableModel(this)), m_probe(new ServerProbe(this))
{
    m_ui->setupUi(this);
    m_ui->issuesLabel->hide();
    m_ui->testResultsLabel->hide();
    m_ui->serversView->setModel(m_servers);
    m_ui->serversView->horizontalHeader()->setSectionResizeMode(ServerTableModel::Address, QHeaderView::Stretch);
    for (int column = ServerTableModel::Weight; column < ServerTableModel::ColumnCount; ++column)
        m_ui->serversView->horizontalHeader()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    m_ui->upButton->setIcon(style()->standardIcon(QStyle::SP_ArrowUp));
    m_ui->downButton->setIcon(style()->standardIcon(QStyle::SP_ArrowDown));
    m_ui->testButton->setIcon(style()->standardIcon(QStyle::SP_BrowserReload));

    auto report = [this](const char *key) {
        return [this, key] {
            if (m_updating)
                return;
            updateMethodFields();
            emit edited(QLatin1StringView(key));
        };
    };
    connect(m_ui->nameEdit, &QLineEdit::textChanged, this, report("name"));
    connect(m_ui->methodCombo, &QComboBox::currentIndexChanged, this, report("method"));
    connect(m_ui->hashKeyEdit, &QLineEdit::textChanged, this, report("hash_key"));
    connect(m_ui->consistentCheck, &QCheckBox::toggled, this, report("consistent"));
    connect(m_ui->leastTimeModeCombo, &QComboBox::currentIndexChanged, this, report("least_time_mode"));
    connect(m_ui->inflightCheck, &QCheckBox::toggled, this, report("inflight"));
    connect(m_ui->randomTwoCheck, &QCheckBox::toggled, this, report("random_two"));
    connect(m_ui->healthGroup, &QGroupBox::toggled, this, report("health_check"));
    connect(m_ui->intervalEdit, &DurationEdit::valueChanged, this, report("health_check.interval"));
    connect(m_ui->healthTimeoutEdit, &DurationEdit::valueChanged, this, report("health_check.timeout"));
    connect(m_ui->failsSpin, &QSpinBox::valueChanged, this, report("health_check.fails"));
    connect(m_ui->passesSpin, &QSpinBox::valueChanged, this, report("health_check.passes"));
    connect(m_ui->sendEdit, &QLineEdit::textChanged, this, report("health_check.send"));
    connect(m_ui->expectEdit, &QLineEdit::textChanged, this, report("health_check.expect"));
    connect(m_servers, &ServerTableModel::serversEdited, this, [this](const QString &, const QString &mergeKey) {
        if (!m_updating)
            emit edited(mergeKey);
    });

    connect(m_ui->addServerButton, &QToolButton::clicked, this, &UpstreamEditor::addServer);
    connect(m_ui->duplicateServerButton, &QToolButton::clicked, this, &UpstreamEditor::duplicateServer);
    connect(m_ui->removeServerButton, &QToolButton::clicked, this, &UpstreamEditor::removeServer);
    connect(m_ui->upButton, &QToolButton::clicked, this, &UpstreamEditor::moveServerUp);
    connect(m_ui->downButton, &QToolButton::clicked, this, &UpstreamEditor::moveServerDown);
    connect(m_ui->testButton, &QPushButton::clicked, this, &UpstreamEditor::testServers);
    connect(m_ui->serversView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &UpstreamEditor::updateButtons);
    connect(m_servers, &QAbstractItemModel::modelReset, this, &UpstreamEditor::updateButtons);

    connect(m_probe, &ServerProbe::result, this, [this](int index, const QString &address, bool reachable, const QString &message) {
        m_servers->setProbeResult(index, reachable, message);
        if (index < m_testLines.size())
            m_testLines[index] = (reachable ? QStringLiteral("✔ ") : QStringLiteral("✘ ")) + address + QStringLiteral(": ") + message;
        m_ui->testResultsLabel->setWrappedText(tr("Test at %1 (the table's icons show the running engine):\n%2")
                                                    .arg(QLocale().toString(QTime::currentTime(), QStringLiteral("HH:mm:ss")), m_testLines.join(u'\n')));
    });
    connect(m_probe, &ServerProbe::finished, this, [this] {
        m_ui->testButton->setEnabled(true);
        emit testFinished();
    });
    setUpstream(UpstreamConfig());
}

UpstreamEditor::~UpstreamEditor() = default;

void UpstreamEditor::setUpstream(const UpstreamConfig &upstream)
{
    m_updating = true;
    const bool otherGroup = upstream.name != m_upstream.name || upstream.servers.size() != m_upstream.servers.size();
    m_upstream = upstream;
    if (m_ui->nameEdit->text() != upstream.name)
        m_ui->nameEdit->setText(upstream.name);
    m_ui->methodCombo->setCurrentIndex(indexOf(methodOrder, upstream.method));
    if (m_ui->hashKeyEdit->text() != upstream.hashKey)
        m_ui->hashKeyEdit->setText(upstream.hashKey);
    m_ui->consistentCheck->setChecked(upstream.consistent);
    m_ui->leastTimeModeCombo->setCurrentIndex(indexOf(modeOrder, upstream.leastTimeMode));
    m_ui->inflightCheck->setChecked(upstream.inflight);
    m_ui->randomTwoCheck->setChecked(upstream.randomTwo);
    m_servers->setServers(upstream.servers);
    m_ui->healthGroup->setChecked(upstream.healthCheck.enabled);
    m_ui->intervalEdit->setMilliseconds(upstream.healthCheck.intervalMs);
    m_ui->healthTimeoutEdit->setMilliseconds(upstream.healthCheck.timeoutMs);
    m_ui->failsSpin->setValue(upstream.healthCheck.fails);
    m_ui->passesSpin->setValue(upstream.healthCheck.passes);
    if (m_ui->sendEdit->text() != upstream.healthCheck.send)
        m_ui->sendEdit->setText(upstream.healthCheck.send);
    if (m_ui->expectEdit->text() != upstream.healthCheck.expect)
        m_ui->expectEdit->setText(upstream.healthCheck.expect);
    if (otherGroup) {
        m_testLines.clear();
        m_ui->testResultsLabel->hide();
        m_servers->clearProbeResults();
        showEngineState(m_engineState);
    }
    updateMethodFields();
    updateButtons();
    m_updating = false;
}

UpstreamConfig UpstreamEditor::upstream() const
{
    UpstreamConfig upstream = m_upstream;
    upstream.name = m_ui->nameEdit->text().trimmed();
    upstream.method = methodOrder[qBound(0, m_ui->methodCombo->currentIndex(), 4)];
    upstream.hashKey = m_ui->hashKeyEdit->text().trimmed();
    upstream.consistent = m_ui->consistentCheck->isChecked();
    upstream.leastTimeMode = modeOrder[qBound(0, m_ui->leastTimeModeCombo->currentIndex(), 2)];
    upstream.inflight = m_ui->inflightCheck->isChecked();
    upstream.randomTwo = m_ui->randomTwoCheck->isChecked();
    upstream.servers = m_servers->servers();
    upstream.healthCheck.enabled = m_ui->healthGroup->isChecked();
    upstream.healthCheck.intervalMs = m_ui->intervalEdit->milliseconds();
    upstream.healthCheck.timeoutMs = m_ui->healthTimeoutEdit->milliseconds();
    upstream.healthCheck.fails = m_ui->failsSpin->value();
    upstream.healthCheck.passes = m_ui->passesSpin->value();
    upstream.healthCheck.send = m_ui->sendEdit->text();
    upstream.healthCheck.expect = m_ui->expectEdit->text();
    return upstream;
}

void UpstreamEditor::updateMethodFields()
{
    const auto method = methodOrder[qBound(0, m_ui->methodCombo->currentIndex(), 4)];
    const bool hash = method == UpstreamConfig::Method::Hash;
    const bool leastTime = method == UpstreamConfig::Method::LeastTime;
    m_ui->formLayout->setRowVisible(m_ui->hashKeyEdit, hash);
    m_ui->formLayout->setRowVisible(m_ui->consistentCheck, hash);
    m_ui->formLayout->setRowVisible(m_ui->leastTimeModeCombo, leastTime);
    m_ui->formLayout->setRowVisible(m_ui->inflightCheck, leastTime);
    m_ui->formLayout->setRowVisible(m_ui->randomTwoCheck, method == UpstreamConfig::Method::Random);
    static const char *const explanations[] = {
        QT_TR_NOOP("Each connection goes to the next server in turn, in proportion to the weights (nginx's default)."),
        QT_TR_NOOP("Each connection goes to the server with the fewest active connections for its weight."),
        QT_TR_NOOP("Each connection goes to the server with the lowest average response time and fewest connections."),
        QT_TR_NOOP("Connections with the same key (e.g. the client's address) always go to the same server."),
        QT_TR_NOOP("Each connection goes to a server picked at random, in proportion to the weights."),
    };
    m_ui->methodCombo->setToolTip(tr(explanations[qBound(0, m_ui->methodCombo->currentIndex(), 4)]));
}

int UpstreamEditor::currentServer() const
{
    return m_ui->serversView->currentIndex().isValid() ? m_ui->serversView->currentIndex().row() : -1;
}

void UpstreamEditor::setCurrentServer(int row)
{
    m_ui->serversView->setCurrentIndex(m_servers->index(row, ServerTableModel::Address));
}

void UpstreamEditor::updateButtons()
{
    const int row = currentServer();
    const int count = m_servers->rowCount();
    m_ui->duplicateServerButton->setEnabled(row >= 0);
    m_ui->removeServerButton->setEnabled(row >= 0);
    m_ui->upButton->setEnabled(row > 0);
    m_ui->downButton->setEnabled(row >= 0 && row < count - 1);
    m_ui->testButton->setEnabled(count > 0 && !m_probe->isRunning());
}

void UpstreamEditor::changeServers(const QList<ServerConfig> &servers, int selectRow)
{
    m_servers->setServers(servers);
    m_servers->clearProbeResults();
    setCurrentServer(selectRow);
    updateButtons();
    emit edited(QString());
}

void UpstreamEditor::addServer()
{
    QList<ServerConfig> servers = m_servers->servers();
    ServerConfig server;
    // Next to the last one: 127.0.0.1:7774 after 127.0.0.1:7773.
    server.address = QStringLiteral("127.0.0.1:7773");
    if (!servers.isEmpty()) {
        if (const auto last = HostPort::parse(servers.constLast().address, false); last && last->port < 65535)
            server.address = HostPort{last->host, quint16(last->port + 1)}.toString();
    }
    servers << server;
    changeServers(servers, int(servers.size()) - 1);
}

void UpstreamEditor::duplicateServer()
{
    const int row = currentServer();
    QList<ServerConfig> servers = m_servers->servers();
    if (row < 0 || row >= servers.size())
        return;
    servers.insert(row + 1, servers.at(row));
    changeServers(servers, row + 1);
}

void UpstreamEditor::removeServer()
{
    const int row = currentServer();
    QList<ServerConfig> servers = m_servers->servers();
    if (row < 0 || row >= servers.size())
        return;
    servers.removeAt(row);
    changeServers(servers, qMin(row, int(servers.size()) - 1));
}

void UpstreamEditor::moveServerUp()
{
    const int row = currentServer();
    QList<ServerConfig> servers = m_servers->servers();
    if (row <= 0 || row >= servers.size())
        return;
    servers.swapItemsAt(row, row - 1);
    changeServers(servers, row - 1);
}

void UpstreamEditor::moveServerDown()
{
    const int row = currentServer();
    QList<ServerConfig> servers = m_servers->servers();
    if (row < 0 || row >= servers.size() - 1)
        return;
    servers.swapItemsAt(row, row + 1);
    changeServers(servers, row + 1);
}

void UpstreamEditor::showEngineState(const StatsSnapshot &snapshot)
{
    m_engineState = snapshot;
    QList<ServerStats> own;
    for (const ServerStats &server : snapshot.servers) {
        if (server.upstream == m_upstream.name)
            own << server;
    }
    m_servers->setEngineStates(own);
}

void UpstreamEditor::setProbeTimeout(int milliseconds)
{
    m_probe->setTimeout(milliseconds);
}

void UpstreamEditor::testServers()
{
    QStringList addresses;
    m_testLines.clear();
    for (const ServerConfig &server : m_servers->servers()) {
        addresses << server.address;
        m_testLines << QStringLiteral("… ") + server.address + QStringLiteral(": ") + tr("connecting");
    }
    m_servers->clearProbeResults();
    m_ui->testResultsLabel->setWrappedText(m_testLines.join(u'\n'));
    m_ui->testResultsLabel->show();
    m_ui->testButton->setEnabled(false);
    m_probe->start(addresses);
}

QString UpstreamEditor::testResults() const
{
    return m_testLines.join(u'\n');
}

void UpstreamEditor::setIssues(const ConfigIssues &issues)
{
    struct Field
    {
        const char *key;
        QWidget *widget;
        QString label;
    };
    const Field fields[] = {
        {"name", m_ui->nameEdit, tr("Name")},
        {"method", m_ui->methodCombo, tr("Strategy")},
        {"hash_key", m_ui->hashKeyEdit, tr("Hash key")},
        {"health_check", m_ui->healthGroup, tr("Health checks")},
        {"health_check.interval", m_ui->intervalEdit->numberField(), tr("Check every")},
        {"health_check.fails", m_ui->failsSpin, tr("Failed checks")},
        {"health_check.passes", m_ui->passesSpin, tr("Passed checks")},
        {"servers", m_ui->serversView, tr("Servers")},
    };
    QStringList messages;
    ConfigIssues serverIssues;
    for (const Field &field : fields) {
        QStringList found;
        for (const ConfigIssue &issue : issues) {
            if (issue.path == QLatin1StringView(field.key))
                found << issue.message;
        }
        if (found.isEmpty())
            FieldMarker::clear(field.widget);
        else
            FieldMarker::mark(field.widget, found.join(u'\n'));
        for (const QString &message : std::as_const(found))
            messages << field.label + QStringLiteral(": ") + message;
    }
    for (const ConfigIssue &issue : issues) {
        if (issue.path.startsWith(QStringLiteral("servers["))) {
            serverIssues << ConfigIssue{issue.path.mid(int(qstrlen("servers"))), issue.message};
            const int row = issue.path.mid(8).section(u']', 0, 0).toInt();
            const QString address = row < m_servers->servers().size() ? m_servers->servers().at(row).address : QString();
            const QString field = issue.path.section(u'.', 1); // "weight" of "servers[1].weight"
            messages << (field.isEmpty() ? tr("Server %1 (%2): %3").arg(row + 1).arg(address, issue.message)
                                         : tr("Server %1 (%2), %3: %4").arg(row + 1).arg(address, field, issue.message));
        } else {
            bool known = false;
            for (const Field &field : fields)
                known = known || issue.path == QLatin1StringView(field.key);
            if (!known)
                messages << IssueLocation::text(Config(), issue); // a path within the group
        }
    }
    m_servers->setIssues(serverIssues);
    FieldMarker::showMessages(m_ui->issuesLabel, messages);
}
