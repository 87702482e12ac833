// The upstream group editor: round trip for every strategy, only the fields a strategy uses
// are shown, the servers table edits in place and reorders, and Test says in words what a
// connect to each server did (real backends on 127.0.0.1).
#include "testbackend.h"
#include "testclient.h"

#include <configvalidator.h>
#include <fieldmarker.h>
#include <servertablemodel.h>
#include <upstreameditor.h>

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTest>

Q_DECLARE_METATYPE(UpstreamConfig)

namespace {

ServerConfig server(const QString &address)
{
    ServerConfig s;
    s.address = address;
    return s;
}

UpstreamConfig group(UpstreamConfig::Method method)
{
    UpstreamConfig upstream;
    upstream.name = QStringLiteral("backend");
    upstream.method = method;
    upstream.servers << server(QStringLiteral("127.0.0.1:7773")) << server(QStringLiteral("127.0.0.1:7774"));
    return upstream;
}

} // namespace

class UpstreamEditorTest : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip_data();
    void roundTrip();
    void strategyShowsOnlyItsFields_data();
    void strategyShowsOnlyItsFields();
    void serversEditInPlace();
    void serversAddDuplicateRemoveReorder();
    void invalidServerMarksCell();
    void testSaysWhatHappened();
};

void UpstreamEditorTest::roundTrip_data()
{
    QTest::addColumn<UpstreamConfig>("upstream");
    QTest::newRow("round robin") << group(UpstreamConfig::Method::RoundRobin);
    QTest::newRow("least_conn") << group(UpstreamConfig::Method::LeastConn);
    UpstreamConfig leastTime = group(UpstreamConfig::Method::LeastTime);
    leastTime.leastTimeMode = UpstreamConfig::LeastTimeMode::LastByte;
    leastTime.inflight = true;
    QTest::newRow("least_time last_byte inflight") << leastTime;
    UpstreamConfig hash = group(UpstreamConfig::Method::Hash);
    hash.hashKey = QStringLiteral("$remote_addr");
    hash.consistent = true;
    QTest::newRow("hash consistent") << hash;
    UpstreamConfig random = group(UpstreamConfig::Method::Random);
    random.randomTwo = true;
    random.randomMethod = QStringLiteral("least_conn"); // no widget: kept
    QTest::newRow("random two") << random;
    UpstreamConfig full = group(UpstreamConfig::Method::RoundRobin);
    full.servers[0].weight = 5;
    full.servers[0].maxFails = 3;
    full.servers[0].failTimeoutMs = 30000;
    full.servers[0].maxConns = 100;
    full.servers[1].backup = true;
    full.servers << server(QStringLiteral("[::1]:7775"));
    full.servers[2].down = true;
    full.healthCheck.enabled = true;
    full.healthCheck.intervalMs = 2000;
    full.healthCheck.timeoutMs = 1000;
    full.healthCheck.fails = 2;
    full.healthCheck.passes = 3;
    full.healthCheck.send = QStringLiteral("PING\\r\\n");
    full.healthCheck.expect = QStringLiteral("PONG");
    QTest::newRow("every server field and health check") << full;
}

void UpstreamEditorTest::roundTrip()
{
    QFETCH(UpstreamConfig, upstream);
    UpstreamEditor editor;
    QSignalSpy edited(&editor, &UpstreamEditor::edited);
    editor.setUpstream(upstream);
    QCOMPARE(edited.count(), 0);
    QCOMPARE(editor.upstream(), upstream);
    UpstreamEditor second;
    second.setUpstream(editor.upstream());
    QCOMPARE(second.upstream(), upstream);
}

void UpstreamEditorTest::strategyShowsOnlyItsFields_data()
{
    QTest::addColumn<int>("method");
    QTest::addColumn<QStringList>("visible");
    QTest::newRow("round robin") << int(UpstreamConfig::Method::RoundRobin) << QStringList();
    QTest::newRow("least_conn") << int(UpstreamConfig::Method::LeastConn) << QStringList();
    QTest::newRow("least_time") << int(UpstreamConfig::Method::LeastTime)
                                << QStringList{QStringLiteral("leastTimeModeCombo"), QStringLiteral("inflightCheck")};
    QTest::newRow("hash") << int(UpstreamConfig::Method::Hash) << QStringList{QStringLiteral("hashKeyEdit"), QStringLiteral("consistentCheck")};
    QTest::newRow("random") << int(UpstreamConfig::Method::Random) << QStringList{QStringLiteral("randomTwoCheck")};
}

void UpstreamEditorTest::strategyShowsOnlyItsFields()
{
    QFETCH(int, method);
    QFETCH(QStringList, visible);
    UpstreamEditor editor;
    editor.show();
    editor.setUpstream(group(UpstreamConfig::Method(method)));
    const QStringList optional{QStringLiteral("leastTimeModeCombo"), QStringLiteral("inflightCheck"), QStringLiteral("hashKeyEdit"),
                               QStringLiteral("consistentCheck"), QStringLiteral("randomTwoCheck")};
    for (const QString &name : optional)
        QCOMPARE(editor.findChild<QWidget *>(name)->isVisible(), visible.contains(name));

    // Choosing a strategy in the combo shows its fields at once.
    auto *combo = editor.findChild<QComboBox *>(QStringLiteral("methodCombo"));
    combo->setCurrentIndex(3); // Hash
    QVERIFY(editor.findChild<QWidget *>(QStringLiteral("hashKeyEdit"))->isVisible());
    QCOMPARE(editor.upstream().method, UpstreamConfig::Method::Hash);
}

void UpstreamEditorTest::serversEditInPlace()
{
    UpstreamEditor editor;
    editor.setUpstream(group(UpstreamConfig::Method::RoundRobin));
    QSignalSpy edited(&editor, &UpstreamEditor::edited);
    ServerTableModel *model = editor.serversModel();
    QVERIFY(model->setData(model->index(0, ServerTableModel::Address), QStringLiteral("127.0.0.2:8000")));
    QVERIFY(model->setData(model->index(0, ServerTableModel::Weight), 4));
    QVERIFY(model->setData(model->index(1, ServerTableModel::MaxFails), 0));
    QVERIFY(model->setData(model->index(1, ServerTableModel::FailTimeout), QStringLiteral("1m30s")));
    QVERIFY(!model->setData(model->index(1, ServerTableModel::FailTimeout), QStringLiteral("soon"))); // not a duration
    QVERIFY(model->setData(model->index(1, ServerTableModel::MaxConns), 10));
    QVERIFY(model->setData(model->index(1, ServerTableModel::Backup), Qt::Checked, Qt::CheckStateRole));
    QVERIFY(model->setData(model->index(0, ServerTableModel::Down), Qt::Checked, Qt::CheckStateRole));
    QCOMPARE(edited.count(), 7);
    QCOMPARE(edited.first().at(0).toString(), QStringLiteral("servers[0].address"));

    const UpstreamConfig upstream = editor.upstream();
    QCOMPARE(upstream.servers[0].address, QStringLiteral("127.0.0.2:8000"));
    QCOMPARE(upstream.servers[0].weight, 4);
    QVERIFY(upstream.servers[0].down);
    QCOMPARE(upstream.servers[1].maxFails, 0);
    QCOMPARE(upstream.servers[1].failTimeoutMs, 90000);
    QCOMPARE(upstream.servers[1].maxConns, 10);
    QVERIFY(upstream.servers[1].backup);
    QCOMPARE(model->data(model->index(1, ServerTableModel::FailTimeout)).toString(), QStringLiteral("1m30s"));

    // The view's own delegate edits a cell in place: its editor writes through to the value.
    auto *view = editor.findChild<QTableView *>(QStringLiteral("serversView"));
    const QModelIndex cell = model->index(1, ServerTableModel::Address);
    QStyleOptionViewItem option;
    option.initFrom(view);
    QWidget *cellEditor = view->itemDelegate()->createEditor(view->viewport(), option, cell);
    auto *lineEdit = qobject_cast<QLineEdit *>(cellEditor);
    QVERIFY(lineEdit);
    view->itemDelegate()->setEditorData(lineEdit, cell);
    QCOMPARE(lineEdit->text(), QStringLiteral("127.0.0.1:7774"));
    lineEdit->setText(QStringLiteral("127.0.0.3:9000"));
    view->itemDelegate()->setModelData(lineEdit, model, cell);
    delete cellEditor;
    const QModelIndex weightCell = model->index(1, ServerTableModel::Weight);
    QWidget *spinEditor = view->itemDelegate()->createEditor(view->viewport(), option, weightCell);
    QVERIFY(qobject_cast<QSpinBox *>(spinEditor));
    qobject_cast<QSpinBox *>(spinEditor)->setValue(7);
    view->itemDelegate()->setModelData(spinEditor, model, weightCell);
    delete spinEditor;
    QCOMPARE(editor.upstream().servers[1].weight, 7);
    QCOMPARE(editor.upstream().servers[1].address, QStringLiteral("127.0.0.3:9000"));
}

void UpstreamEditorTest::serversAddDuplicateRemoveReorder()
{
    UpstreamEditor editor;
    editor.setUpstream(group(UpstreamConfig::Method::RoundRobin));
    QSignalSpy edited(&editor, &UpstreamEditor::edited);
    auto addresses = [&editor] {
        QStringList list;
        for (const ServerConfig &s : editor.upstream().servers)
            list << s.address;
        return list;
    };

    editor.setCurrentServer(1);
    editor.addServer(); // after the last: the next port
    QCOMPARE(addresses(), (QStringList{QStringLiteral("127.0.0.1:7773"), QStringLiteral("127.0.0.1:7774"), QStringLiteral("127.0.0.1:7775")}));
    QCOMPARE(editor.currentServer(), 2);
    editor.setCurrentServer(0);
    editor.duplicateServer();
    QCOMPARE(addresses().size(), 4);
    QCOMPARE(addresses().at(1), QStringLiteral("127.0.0.1:7773"));
    editor.removeServer(); // the duplicate, now selected
    QCOMPARE(addresses(), (QStringList{QStringLiteral("127.0.0.1:7773"), QStringLiteral("127.0.0.1:7774"), QStringLiteral("127.0.0.1:7775")}));
    editor.setCurrentServer(2);
    editor.moveServerUp();
    QCOMPARE(addresses(), (QStringList{QStringLiteral("127.0.0.1:7773"), QStringLiteral("127.0.0.1:7775"), QStringLiteral("127.0.0.1:7774")}));
    QCOMPARE(editor.currentServer(), 1);
    editor.setCurrentServer(0);
    editor.moveServerDown();
    QCOMPARE(addresses(), (QStringList{QStringLiteral("127.0.0.1:7775"), QStringLiteral("127.0.0.1:7773"), QStringLiteral("127.0.0.1:7774")}));
    QCOMPARE(edited.count(), 5);
    for (const auto &arguments : edited)
        QVERIFY(arguments.at(0).toString().isEmpty()); // structure changes are undo steps of their own
}

void UpstreamEditorTest::invalidServerMarksCell()
{
    UpstreamConfig upstream = group(UpstreamConfig::Method::RoundRobin);
    upstream.servers[1].weight = 0;
    upstream.servers[0].address = QStringLiteral("127.0.0.1");
    Config config;
    config.upstreams << upstream;
    UpstreamEditor editor;
    editor.setUpstream(upstream);
    editor.setIssues(FieldMarker::under(ConfigValidator::validate(config), QStringLiteral("upstreams[0]")));
    ServerTableModel *model = editor.serversModel();
    QVERIFY(!model->issueAt(1, ServerTableModel::Weight).isEmpty());
    QVERIFY(!model->issueAt(0, ServerTableModel::Address).isEmpty());
    QVERIFY(model->issueAt(1, ServerTableModel::Address).isEmpty());
    QVERIFY(model->data(model->index(1, ServerTableModel::Weight), Qt::BackgroundRole).isValid());
    QVERIFY(!model->data(model->index(1, ServerTableModel::Address), Qt::BackgroundRole).isValid());
    QVERIFY(editor.findChild<QLabel *>(QStringLiteral("issuesLabel"))->text().contains(QStringLiteral("Server 2")));

    // Another strategy with valid servers: nothing is marked on the strategy field.
    config.upstreams[0] = group(UpstreamConfig::Method::LeastConn);
    editor.setUpstream(config.upstreams[0]);
    editor.setIssues(FieldMarker::under(ConfigValidator::validate(config), QStringLiteral("upstreams[0]")));
    QVERIFY(!FieldMarker::isMarked(editor.findChild<QComboBox *>(QStringLiteral("methodCombo"))));
}

void UpstreamEditorTest::testSaysWhatHappened()
{
    TestBackend backend(TestBackend::Mode::Hold, QStringLiteral("held"));
    QVERIFY(backend.isListening());
    const quint16 closedPort = findFreePort();
    UpstreamConfig upstream;
    upstream.name = QStringLiteral("backend");
    upstream.servers << server(backend.address()) << server(QStringLiteral("127.0.0.1:") + QString::number(closedPort))
                     << server(QStringLiteral("not an address"));
    UpstreamEditor editor;
    editor.setUpstream(upstream);
    QSignalSpy finished(&editor, &UpstreamEditor::testFinished);
    editor.findChild<QPushButton *>(QStringLiteral("testButton"))->click();
    QVERIFY(finished.wait(10000));
    const QStringList lines = editor.testResults().split(u'\n');
    QCOMPARE(lines.size(), 3);
    QVERIFY2(lines.at(0).contains(backend.address() + QStringLiteral(": connected")), qPrintable(lines.at(0)));
    QVERIFY2(lines.at(1).contains(QStringLiteral("127.0.0.1:%1: connection refused — nothing is listening on that port").arg(closedPort)),
             qPrintable(lines.at(1)));
    QVERIFY2(lines.at(2).contains(QStringLiteral("cannot test")), qPrintable(lines.at(2)));
    QTRY_COMPARE(backend.accepted(), 1);
    // The icon and tooltip sit on the address cell.
    QVERIFY(editor.serversModel()->data(editor.serversModel()->index(1, ServerTableModel::Address), Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("refused")));
}

QTEST_MAIN(UpstreamEditorTest)
#include "tst_guiupstreameditor.moc"
