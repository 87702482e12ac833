// The compiled stream-variable template (nginx's complex value): what compiles, what nginx -t
// refuses with which words, and what each variable evaluates to.
#include <streamvariables.h>

#include <QTest>

class StreamVariablesTest : public QObject
{
    Q_OBJECT

private slots:
    void evaluates_data();
    void evaluates();
    void refuses_data();
    void refuses();
    void serverAddressIsAskedForOnlyWhenRead();
};

namespace {

StreamFacts facts()
{
    StreamFacts f;
    f.clientAddress = "127.0.0.2";
    f.clientAddressBinary = QByteArray("\x7f\x00\x00\x02", 4);
    f.clientPort = 40001;
    f.serverAddress = "127.0.0.1";
    f.serverPort = 8080;
    f.connection = 17;
    return f;
}

} // namespace

void StreamVariablesTest::evaluates_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("value");
    QTest::newRow("binary address") << QStringLiteral("$binary_remote_addr") << QByteArray("\x7f\x00\x00\x02", 4);
    QTest::newRow("text mix") << QStringLiteral("$remote_addr:$server_port") << QByteArray("127.0.0.2:8080");
    QTest::newRow("braces then text") << QStringLiteral("${server_addr}x$remote_port") << QByteArray("127.0.0.1x40001");
    QTest::newRow("adjacent variables") << QStringLiteral("$server_addr$server_port") << QByteArray("127.0.0.18080");
    QTest::newRow("protocol and connection") << QStringLiteral("$protocol/$connection") << QByteArray("TCP/17");
    QTest::newRow("constant") << QStringLiteral("portier_max_0") << QByteArray("portier_max_0");
    QTest::newRow("name ends at a dot") << QStringLiteral("$remote_addr.x") << QByteArray("127.0.0.2.x");
}

void StreamVariablesTest::evaluates()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, value);
    QString error;
    const std::optional<StreamTemplate> compiled = StreamTemplate::compile(text, &error);
    QVERIFY2(compiled, qPrintable(error));
    QCOMPARE(compiled->evaluate(facts()), value);
    QCOMPARE(compiled->text(), text);
}

void StreamVariablesTest::refuses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("words");
    QTest::newRow("unknown") << QStringLiteral("$http_host") << QStringLiteral("unknown \"http_host\" variable");
    QTest::newRow("unclosed brace") << QStringLiteral("${remote_addr") << QStringLiteral("the closing bracket in \"remote_addr\" variable is missing");
    QTest::newRow("bare dollar") << QStringLiteral("a$") << QStringLiteral("invalid variable name");
    QTest::newRow("dollar before punctuation") << QStringLiteral("$:x") << QStringLiteral("invalid variable name");
}

void StreamVariablesTest::refuses()
{
    QFETCH(QString, text);
    QFETCH(QString, words);
    QString error;
    QVERIFY(!StreamTemplate::compile(text, &error));
    QVERIFY2(error.contains(words), qPrintable(error));
}

void StreamVariablesTest::serverAddressIsAskedForOnlyWhenRead()
{
    QVERIFY(!StreamTemplate::compile(QStringLiteral("$binary_remote_addr$server_port"))->needsServerAddress());
    QVERIFY(StreamTemplate::compile(QStringLiteral("$server_addr"))->needsServerAddress());
    // UDP reads the same variables; $protocol says which.
    StreamFacts udp = facts();
    udp.udp = true;
    QCOMPARE(StreamTemplate::compile(QStringLiteral("$protocol"))->evaluate(udp), QByteArray("UDP"));
    // A fact not known is empty, as a "not found" nginx variable.
    QCOMPARE(StreamTemplate::compile(QStringLiteral("$server_addr"))->evaluate(StreamFacts()), QByteArray());
}

QTEST_GUILESS_MAIN(StreamVariablesTest)
#include "tst_streamvariables.moc"
