#include "streamvariables.h"
#include "logvariables.h"

#include <QCoreApplication>

namespace {

using Getter = void (*)(const StreamFacts &, QByteArray *);
using Found = bool (*)(const StreamFacts &);

struct Variable
{
    const char *name;
    Getter get;
    bool needsServerAddress = false;
    Found found = nullptr; // null: always found (nginx's not_found is never set)
};

QByteArray portText(quint16 port)
{
    return port ? QByteArray::number(port) : QByteArray();
}

// The connection-time variables of ngx_stream_variables.c. Add new ones here (and their
// facts to StreamFacts); compile() finds them by name.
const Variable variables[] = {
    {"remote_addr", [](const StreamFacts &f, QByteArray *out) { *out += f.clientAddress; }},
    {"binary_remote_addr", [](const StreamFacts &f, QByteArray *out) { *out += f.clientAddressBinary; }},
    {"remote_port", [](const StreamFacts &f, QByteArray *out) { *out += portText(f.clientPort); }},
    {"server_addr", [](const StreamFacts &f, QByteArray *out) { *out += f.serverAddress; }, true},
    {"server_port", [](const StreamFacts &f, QByteArray *out) { *out += portText(f.serverPort); }},
    {"protocol", [](const StreamFacts &f, QByteArray *out) { *out += f.udp ? "UDP" : "TCP"; }},
    {"connection", [](const StreamFacts &f, QByteArray *out) { *out += QByteArray::number(f.connection); }},
    {"pid", [](const StreamFacts &, QByteArray *out) { *out += QByteArray::number(QCoreApplication::applicationPid()); }},
    // Known when the session ends (logvariables.cpp): the access log's variables.
    {"status", LogVariables::status},
    {"bytes_sent", LogVariables::bytesSent},
    {"bytes_received", LogVariables::bytesReceived},
    {"session_time", LogVariables::sessionTime},
    {"msec", LogVariables::msec},
    {"time_local", LogVariables::timeLocal},
    {"time_iso8601", LogVariables::timeIso8601},
    {"upstream_addr", LogVariables::upstreamAddr, false, LogVariables::hasUpstreams},
    {"upstream_bytes_sent", LogVariables::upstreamBytesSent, false, LogVariables::hasUpstreams},
    {"upstream_bytes_received", LogVariables::upstreamBytesReceived, false, LogVariables::hasUpstreams},
    {"upstream_connect_time", LogVariables::upstreamConnectTime, false, LogVariables::hasUpstreams},
    {"upstream_first_byte_time", LogVariables::upstreamFirstByteTime, false, LogVariables::hasUpstreams},
    {"upstream_session_time", LogVariables::upstreamSessionTime, false, LogVariables::hasUpstreams},
    {"proxy_protocol_addr", LogVariables::proxyProtocolAddr, false, LogVariables::hasProxyProtocol},
    {"proxy_protocol_port", LogVariables::proxyProtocolPort, false, LogVariables::hasProxyProtocol},
    {"ssl_protocol", LogVariables::sslProtocol, false, LogVariables::hasTls},
    {"ssl_cipher", LogVariables::sslCipher, false, LogVariables::hasTls},
    {"ssl_server_name", LogVariables::sslServerName, false, LogVariables::hasServerName},
    {"ssl_session_reused", LogVariables::sslSessionReused, false, LogVariables::hasTls},
    {"ssl_preread_server_name", LogVariables::prereadServerName, false, LogVariables::hasPrereadServerName},
    {"limit_conn_status", LogVariables::limitConnStatus, false, LogVariables::hasLimitConnStatus},
};

int findVariable(QStringView name)
{
    for (int i = 0; i < int(std::size(variables)); ++i) {
        if (name == QLatin1StringView(variables[i].name))
            return i;
    }
    return -1;
}

bool isNameCharacter(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'_';
}

} // namespace

std::optional<StreamTemplate> StreamTemplate::compile(const QString &text, QString *error, const StreamUserVariables *user)
{
    auto fail = [&](const QString &why) -> std::optional<StreamTemplate> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    StreamTemplate result;
    result.m_text = text;
    result.m_user = user;
    QByteArray literal;
    qsizetype i = 0;
    while (i < text.size()) {
        if (text.at(i) != u'$') {
            const qsizetype start = i;
            while (i < text.size() && text.at(i) != u'$')
                ++i;
            literal += text.mid(start, i - start).toUtf8();
            continue;
        }
        ++i; // past '$'
        const bool braced = i < text.size() && text.at(i) == u'{';
        if (braced)
            ++i;
        const qsizetype start = i;
        while (i < text.size() && isNameCharacter(text.at(i)))
            ++i;
        const QStringView name = QStringView(text).mid(start, i - start);
        if (braced) {
            if (i >= text.size() || text.at(i) != u'}')
                return fail(QStringLiteral("the closing bracket in \"%1\" variable is missing in \"%2\"").arg(name.toString(), text));
            ++i;
        }
        if (name.isEmpty())
            return fail(QStringLiteral("invalid variable name in \"%1\": a '$' must be followed by a name such as $remote_addr").arg(text));
        const int variable = findVariable(name);
        if (const int own = user && variable < 0 ? user->find(name) : -1; own >= 0) {
            if (!literal.isEmpty())
                result.m_parts.push_back({std::exchange(literal, {}), -1});
            result.m_parts.push_back({{}, -1, own});
            result.m_needsServerAddress = result.m_needsServerAddress || user->needsServerAddress(own);
            continue;
        }
        if (variable < 0)
            return fail(QStringLiteral("unknown \"%1\" variable; known here: %2")
                            .arg(name.toString(), variableNames().join(QStringLiteral(", "))));
        if (!literal.isEmpty())
            result.m_parts.push_back({std::exchange(literal, {}), -1});
        result.m_parts.push_back({{}, variable});
        result.m_needsServerAddress = result.m_needsServerAddress || variables[variable].needsServerAddress;
    }
    if (!literal.isEmpty())
        result.m_parts.push_back({literal, -1});
    return result;
}

QByteArray StreamTemplate::evaluate(const StreamFacts &facts) const
{
    QByteArray out;
    for (const Part &part : m_parts) {
        if (part.userVariable >= 0)
            m_user->evaluate(part.userVariable, facts, &out);
        else if (part.variable < 0)
            out += part.text;
        else
            variables[part.variable].get(facts, &out);
    }
    return out;
}

QStringList StreamTemplate::variableNames()
{
    QStringList names;
    for (const Variable &variable : variables)
        names << u'$' + QLatin1StringView(variable.name);
    return names;
}

int StreamTemplate::variableIndex(QStringView name)
{
    return findVariable(name);
}

bool StreamTemplate::variableValue(int index, const StreamFacts &facts, QByteArray *out)
{
    const Variable &variable = variables[index];
    if (variable.found && !variable.found(facts))
        return false;
    variable.get(facts, out);
    return true;
}

std::vector<int> StreamTemplate::userVariables() const
{
    std::vector<int> indices;
    for (const Part &part : m_parts) {
        if (part.userVariable >= 0)
            indices.push_back(part.userVariable);
    }
    return indices;
}
