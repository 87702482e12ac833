// Access rules as nginx's ngx_stream_access_module reads and matches them: addresses and
// CIDRs parsed by ngx_ptocidr's rules, IPv4 and IPv6 kept apart, first match wins, no
// rule = allow; plus the JSON shape, the validator's words and the round trip.
#include <accessrules.h>
#include <configjson.h>
#include <configvalidator.h>

#include <QHostAddress>
#include <QTest>

namespace {

QList<AccessRuleConfig> rules(const QStringList &lines)
{
    QList<AccessRuleConfig> list;
    for (const QString &line : lines) {
        const QStringList words = line.split(u' ');
        AccessRuleConfig rule;
        rule.action = words.at(0) == u"deny" ? AccessRuleConfig::Action::Deny : AccessRuleConfig::Action::Allow;
        rule.address = words.at(1);
        list << rule;
    }
    return list;
}

bool allows(const AccessRules &access, const QString &client)
{
    const QHostAddress address(client);
    if (address.protocol() == QAbstractSocket::IPv4Protocol)
        return access.allowsIPv4(address.toIPv4Address());
    const Q_IPV6ADDR bytes = address.toIPv6Address();
    return access.allowsIPv6(bytes.c);
}

QByteArray listenerJson(const QByteArray &access)
{
    return R"({"version": 1, "upstreams": [{"name": "backend", "servers": [{"address": "127.0.0.1:7000"}]}],
              "listeners": [{"listen": "127.0.0.1:30003", "proxy_pass": "backend", "access": )"
           + access + "}]}";
}

} // namespace

class AccessRulesTest : public QObject
{
    Q_OBJECT

private slots:
    void parse_data();
    void parse();
    void matching_data();
    void matching();
    void noRulesAllowEveryone();
    void jsonRoundTrip();
    void jsonShapeErrors_data();
    void jsonShapeErrors();
    void validatorNamesListenerRuleAndValue();
};

void AccessRulesTest::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<bool>("hostBits");

    QTest::newRow("all") << "all" << true << false;
    QTest::newRow("unix:") << "unix:" << true << false;
    QTest::newRow("ipv4") << "192.168.1.10" << true << false;
    QTest::newRow("ipv4 cidr") << "10.0.0.0/8" << true << false;
    QTest::newRow("ipv4 /0") << "0.0.0.0/0" << true << false;
    QTest::newRow("ipv4 /32") << "10.1.2.3/32" << true << false;
    QTest::newRow("ipv4 host bits") << "10.0.0.1/8" << true << true;
    QTest::newRow("ipv4 /0 host bits") << "1.2.3.4/0" << true << true;
    QTest::newRow("ipv4 trailing dot (nginx reads 1.2.3.0)") << "1.2.3." << true << false;
    QTest::newRow("ipv4 leading zeros in prefix") << "10.0.0.0/008" << true << false;
    QTest::newRow("ipv6") << "::1" << true << false;
    QTest::newRow("ipv6 cidr") << "2001:db8::/32" << true << false;
    QTest::newRow("ipv6 /128") << "2001:db8::1/128" << true << false;
    QTest::newRow("ipv6 host bits") << "2001:db8::1/64" << true << true;
    QTest::newRow("ipv6 uppercase") << "2001:DB8::1" << true << false;
    QTest::newRow("ipv6 ipv4 tail") << "::ffff:127.0.0.1" << true << false;
    QTest::newRow("ipv6 full") << "1:2:3:4:5:6:7:8" << true << false;
    QTest::newRow("ipv6 ::") << "::" << true << false;
    // Quirks of nginx 1.22's parsers, checked against its nginx -t.
    QTest::newRow("ipv4 empty octet") << "1..2.3" << true << false;
    QTest::newRow("ipv6 seven groups and an ipv4 tail") << "1:2:3:4:5:6:1.2.3.4" << true << false;
    QTest::newRow("ipv6 :: and an ipv4 tail") << "::1.2.3.4" << true << false;
    QTest::newRow("ipv6 one leading colon") << ":1::2" << true << false;

    QTest::newRow("empty") << "" << false << false;
    QTest::newRow("host name") << "localhost" << false << false;
    QTest::newRow("octet 256") << "10.0.0.256" << false << false;
    QTest::newRow("three octets") << "10.0.0" << false << false;
    QTest::newRow("255.255.255.255 (nginx's INADDR_NONE)") << "255.255.255.255" << false << false;
    QTest::newRow("prefix 33") << "10.0.0.0/33" << false << false;
    QTest::newRow("prefix empty") << "10.0.0.0/" << false << false;
    QTest::newRow("prefix sign") << "10.0.0.0/+8" << false << false;
    QTest::newRow("ipv6 prefix 129") << "::/129" << false << false;
    QTest::newRow("ipv6 brackets") << "[::1]" << false << false;
    QTest::newRow("ipv6 zone") << "fe80::1%eth0" << false << false;
    QTest::newRow("ipv6 two ::") << "1::2::3" << false << false;
    QTest::newRow("ipv6 nine groups") << "1:2:3:4:5:6:7:8:9" << false << false;
    QTest::newRow("ipv6 five digits") << "12345::" << false << false;
    QTest::newRow("ipv6 eight groups and an ipv4 tail") << "1:2:3:4:5:6:7:1.2.3.4" << false << false;
    QTest::newRow("All (case matters)") << "All" << false << false;
    QTest::newRow("non-ascii") << QStringLiteral("10.0.0.\u00b9") << false << false;
}

void AccessRulesTest::parse()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(bool, hostBits);
    QString error;
    const auto parsed = AccessRules::parseAddress(text, &error);
    QCOMPARE(bool(parsed), valid);
    if (parsed)
        QCOMPARE(parsed->hostBitsSet, hostBits);
    else
        QVERIFY2(error.contains(u'"' + text + u'"') && error.contains(QStringLiteral("10.0.0.0/8")), qPrintable(error));
}

void AccessRulesTest::matching_data()
{
    QTest::addColumn<QStringList>("lines");
    QTest::addColumn<QString>("client");
    QTest::addColumn<bool>("allowed");

    const QStringList localOnly{QStringLiteral("allow 127.0.0.1"), QStringLiteral("deny all")};
    QTest::newRow("allowed address") << localOnly << "127.0.0.1" << true;
    QTest::newRow("other address denied by all") << localOnly << "127.0.0.2" << false;
    QTest::newRow("ipv6 denied by all") << localOnly << "::1" << false;

    const QStringList order{QStringLiteral("deny 127.0.0.2"), QStringLiteral("allow 127.0.0.0/8"), QStringLiteral("deny all")};
    QTest::newRow("first match wins: deny before allow") << order << "127.0.0.2" << false;
    QTest::newRow("first match wins: allow") << order << "127.0.0.3" << true;
    QTest::newRow("outside the cidr") << order << "10.0.0.1" << false;
    const QStringList reversed{QStringLiteral("allow 127.0.0.0/8"), QStringLiteral("deny 127.0.0.2")};
    QTest::newRow("allow before deny") << reversed << "127.0.0.2" << true;

    const QStringList cidr{QStringLiteral("deny 10.0.0.0/30")};
    QTest::newRow("cidr first address") << cidr << "10.0.0.0" << false;
    QTest::newRow("cidr last address") << cidr << "10.0.0.3" << false;
    QTest::newRow("cidr one past") << cidr << "10.0.0.4" << true;
    QTest::newRow("cidr one before") << cidr << "9.255.255.255" << true;
    const QStringList hostBits{QStringLiteral("deny 10.0.0.1/8")}; // nginx matches 10.0.0.0/8
    QTest::newRow("host bits cleared") << hostBits << "10.200.0.9" << false;
    QTest::newRow("/0 matches every ipv4") << QStringList{QStringLiteral("deny 0.0.0.0/0")} << "203.0.113.7" << false;
    QTest::newRow("/0 does not match ipv6") << QStringList{QStringLiteral("deny 0.0.0.0/0")} << "::1" << true;
    QTest::newRow("/32 exact") << QStringList{QStringLiteral("deny 192.0.2.1/32")} << "192.0.2.1" << false;
    QTest::newRow("/32 neighbour") << QStringList{QStringLiteral("deny 192.0.2.1/32")} << "192.0.2.0" << true;
    QTest::newRow("/31 pair") << QStringList{QStringLiteral("deny 192.0.2.2/31")} << "192.0.2.3" << false;

    // Families are apart: an IPv4 client meets only IPv4 rules and all.
    const QStringList mixed{QStringLiteral("deny ::1"), QStringLiteral("allow 127.0.0.1"), QStringLiteral("deny all")};
    QTest::newRow("ipv6 rule skipped for ipv4") << mixed << "127.0.0.1" << true;
    QTest::newRow("ipv6 rule for ipv6") << mixed << "::1" << false;
    QTest::newRow("only ipv6 rules: ipv4 passes") << QStringList{QStringLiteral("deny ::/0")} << "127.0.0.1" << true;
    QTest::newRow("only ipv4 rules: ipv6 passes") << QStringList{QStringLiteral("deny 0.0.0.0/0")} << "2001:db8::1" << true;
    const QStringList v6{QStringLiteral("deny 2001:db8::/32"), QStringLiteral("allow all")};
    QTest::newRow("ipv6 cidr inside") << v6 << "2001:db8:ffff::1" << false;
    QTest::newRow("ipv6 cidr outside") << v6 << "2001:db9::1" << true;
    QTest::newRow("ipv6 odd prefix inside") << QStringList{QStringLiteral("deny 2001:db8::/33")} << "2001:db8:7fff::1" << false;
    QTest::newRow("ipv6 odd prefix outside") << QStringList{QStringLiteral("deny 2001:db8::/33")} << "2001:db8:8000::1" << true;

    // An IPv4 client mapped into IPv6 meets the IPv4 rules when there are any (nginx's handler).
    QTest::newRow("mapped meets ipv4 rules") << localOnly << "::ffff:127.0.0.1" << true;
    QTest::newRow("mapped denied by ipv4 rule") << QStringList{QStringLiteral("deny 127.0.0.1")} << "::ffff:127.0.0.1" << false;
    QTest::newRow("mapped with only ipv6 rules") << QStringList{QStringLiteral("deny ::ffff:0:0/96")} << "::ffff:127.0.0.1" << false;

    // unix: rules never meet an IP client; they still count as rules of the listener.
    QTest::newRow("unix: skipped") << QStringList{QStringLiteral("deny unix:"), QStringLiteral("allow all")} << "127.0.0.9" << true;
    QTest::newRow("deny all") << QStringList{QStringLiteral("deny all")} << "::1" << false;
    QTest::newRow("no match allows") << QStringList{QStringLiteral("deny 10.0.0.1")} << "10.0.0.2" << true;
}

void AccessRulesTest::matching()
{
    QFETCH(QStringList, lines);
    QFETCH(QString, client);
    QFETCH(bool, allowed);
    const AccessRules access(rules(lines));
    QCOMPARE(allows(access, client), allowed);
}

void AccessRulesTest::noRulesAllowEveryone()
{
    const AccessRules none;
    QVERIFY(none.isEmpty());
    QVERIFY(allows(none, QStringLiteral("203.0.113.1")));
    QVERIFY(allows(none, QStringLiteral("2001:db8::1")));
    QVERIFY(AccessRules(rules({QStringLiteral("deny unix:")})).isEmpty()); // nothing an IP client meets
    QVERIFY(AccessRules(rules({QStringLiteral("allow 1.2.3.4")})) != AccessRules(rules({QStringLiteral("deny 1.2.3.4")})));
}

void AccessRulesTest::jsonRoundTrip()
{
    const ConfigJson::LoadResult loaded = ConfigJson::fromBytes(
        listenerJson(R"([{"allow": "127.0.0.1"}, {"deny": "10.0.0.1/8"}, {"allow": "2001:db8::/32"}, {"deny": "all"}])"));
    QVERIFY2(loaded.issues.isEmpty(), qPrintable(loaded.issues.value(0).toString()));
    const QList<AccessRuleConfig> &access = loaded.config.listeners.value(0).access;
    QCOMPARE(access, rules({QStringLiteral("allow 127.0.0.1"), QStringLiteral("deny 10.0.0.1/8"), QStringLiteral("allow 2001:db8::/32"),
                            QStringLiteral("deny all")}));
    QVERIFY(ConfigValidator::validate(loaded.config).isEmpty());
    const QByteArray saved = ConfigJson::toBytes(loaded.config);
    QVERIFY2(saved.contains("\"deny\": \"10.0.0.1/8\""), saved.constData()); // kept as written
    const ConfigJson::LoadResult again = ConfigJson::fromBytes(saved);
    QVERIFY(again.issues.isEmpty());
    QCOMPARE(again.config, loaded.config);
    // No rules: no key written.
    Config plain = loaded.config;
    plain.listeners[0].access.clear();
    QVERIFY(!ConfigJson::toBytes(plain).contains("\"access\""));
}

void AccessRulesTest::jsonShapeErrors_data()
{
    QTest::addColumn<QByteArray>("access");
    QTest::addColumn<QString>("issue");

    QTest::newRow("not an array") << QByteArray(R"("deny all")") << QStringLiteral("listeners[0].access: expected an array");
    QTest::newRow("not an object") << QByteArray(R"(["deny all"])") << QStringLiteral("listeners[0].access[0]: expected an object");
    QTest::newRow("both") << QByteArray(R"([{"allow": "1.2.3.4", "deny": "all"}])")
                          << QStringLiteral("listeners[0].access[0]: rule 1 must hold exactly one of allow and deny");
    QTest::newRow("neither") << QByteArray(R"([{}])") << QStringLiteral("listeners[0].access[0]: rule 1 must hold exactly one");
    QTest::newRow("unknown key") << QByteArray(R"([{"permit": "all"}])") << QStringLiteral("listeners[0].access[0].permit: unknown key");
    QTest::newRow("number") << QByteArray(R"([{"deny": 10}])") << QStringLiteral("listeners[0].access[0].deny: expected an address");
}

void AccessRulesTest::jsonShapeErrors()
{
    QFETCH(QByteArray, access);
    QFETCH(QString, issue);
    const ConfigJson::LoadResult loaded = ConfigJson::fromBytes(listenerJson(access));
    QStringList texts;
    for (const ConfigIssue &i : loaded.issues)
        texts << i.toString();
    QVERIFY2(std::any_of(texts.begin(), texts.end(), [&](const QString &t) { return t.startsWith(issue); }), qPrintable(texts.join(u'\n')));
}

void AccessRulesTest::validatorNamesListenerRuleAndValue()
{
    const ConfigJson::LoadResult loaded = ConfigJson::fromBytes(listenerJson(R"([{"allow": "127.0.0.1"}, {"deny": "10.0.0.300"}])"));
    QVERIFY(loaded.issues.isEmpty()); // the shape is right; the value is the validator's
    const ConfigIssues issues = ConfigValidator::validate(loaded.config);
    QCOMPARE(issues.size(), 1);
    QCOMPARE(issues.first().path, QStringLiteral("listeners[0].access[1].deny"));
    const QString &message = issues.first().message;
    QVERIFY2(message.contains(QStringLiteral("listener 127.0.0.1:30003")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("rule 2")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("\"10.0.0.300\"")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("a CIDR (10.0.0.0/8")), qPrintable(message)); // what to write
}

QTEST_GUILESS_MAIN(AccessRulesTest)
#include "tst_accessrules.moc"
