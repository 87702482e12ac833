#include "streamrouting.h"

#include <functional>

namespace {

bool isVariableName(const QString &name)
{
    if (name.isEmpty())
        return false;
    for (const QChar c : name) {
        if (!((c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'_'))
            return false;
    }
    return true;
}

bool hasVariable(const QString &text)
{
    return text.contains(u'$');
}

} // namespace

std::shared_ptr<const StreamRouting> StreamRouting::build(const Config &config, ConfigIssues *issues)
{
    std::shared_ptr<StreamRouting> routing(new StreamRouting);
    const qsizetype before = issues->size();
    const QStringList builtIn = StreamTemplate::variableNames();
    auto declare = [&](const QString &name, Kind kind, int index, const QString &path) {
        if (!isVariableName(name)) {
            issues->append({path + QStringLiteral(".variable"),
                            QStringLiteral("invalid variable name \"$%1\": use letters, digits and _, e.g. $pool").arg(name)});
            return;
        }
        if (builtIn.contains(u'$' + name)) {
            issues->append({path + QStringLiteral(".variable"),
                            QStringLiteral("the duplicate \"%1\" variable: $%1 is built in; choose another name").arg(name)});
            return;
        }
        if (const auto earlier = routing->m_names.constFind(name); earlier != routing->m_names.constEnd()) {
            issues->append({path + QStringLiteral(".variable"), QStringLiteral("$%1 is already defined by %2; choose another name")
                                                                    .arg(name, routing->m_variables[size_t(*earlier)].path)});
            return;
        }
        routing->m_names.insert(name, int(routing->m_variables.size()));
        routing->m_variables.push_back({kind, index, path});
    };
    for (qsizetype i = 0; i < config.maps.size(); ++i)
        declare(config.maps.at(i).name, Kind::Map, int(i), QStringLiteral("maps[%1]").arg(i));
    for (qsizetype i = 0; i < config.splitClients.size(); ++i)
        declare(config.splitClients.at(i).name, Kind::Split, int(i), QStringLiteral("split_clients[%1]").arg(i));
    for (int n = 1; n <= maxCapture; ++n) {
        routing->m_names.insert(QString::number(n), int(routing->m_variables.size()));
        routing->m_variables.push_back({Kind::Capture, n, {}});
    }
    if (issues->size() > before || !routing->compileAll(config, issues))
        return nullptr;
    routing->findDependencies(issues);
    return issues->size() > before ? nullptr : routing;
}

bool StreamRouting::compileAll(const Config &config, ConfigIssues *issues)
{
    bool ok = true;
    for (qsizetype i = 0; i < config.maps.size(); ++i) {
        QString error;
        QString path;
        std::optional<StreamMap> map = StreamMap::compile(config.maps.at(i), this, &error, &path);
        if (!map) {
            issues->append({QStringLiteral("maps[%1].%2").arg(i).arg(path), error});
            ok = false;
            continue;
        }
        m_maps.push_back(std::move(*map));
    }
    for (qsizetype i = 0; i < config.splitClients.size(); ++i) {
        const SplitClientsConfig &split = config.splitClients.at(i);
        const QString path = QStringLiteral("split_clients[%1]").arg(i);
        if (const QString why = SplitClients::check(split); !why.isEmpty()) {
            issues->append({path + QStringLiteral(".buckets"), why});
            ok = false;
            continue;
        }
        QString error;
        std::optional<SplitClients> compiled = SplitClients::compile(split, this, &error);
        if (!compiled) {
            issues->append({path + QStringLiteral(".key"), error});
            ok = false;
            continue;
        }
        m_splits.push_back(std::move(*compiled));
    }
    if (!ok)
        return false;
    // What each variable may hold, for checking proxy_pass $x against the groups.
    for (const Variable &variable : m_variables) {
        QStringList literals;
        bool complete = true;
        if (variable.kind == Kind::Map) {
            const MapConfig &map = config.maps.at(variable.index);
            complete = !map.defaultValue.isEmpty() && !hasVariable(map.defaultValue);
            if (!map.defaultValue.isEmpty() && !hasVariable(map.defaultValue))
                literals << map.defaultValue;
            for (const MapEntryConfig &entry : map.entries) {
                if (hasVariable(entry.value))
                    complete = false;
                else if (!literals.contains(entry.value))
                    literals << entry.value;
            }
        } else if (variable.kind == Kind::Split) {
            const SplitClientsConfig &split = config.splitClients.at(variable.index);
            complete = std::any_of(split.buckets.begin(), split.buckets.end(), [](const SplitBucketConfig &b) { return b.percent == u"*"; });
            for (const SplitBucketConfig &bucket : split.buckets) {
                if (!literals.contains(bucket.value))
                    literals << bucket.value;
            }
        } else {
            complete = false;
        }
        m_literals.push_back(literals);
        m_literalsComplete.push_back(complete);
    }
    return true;
}

std::vector<int> StreamRouting::dependenciesOf(int index) const
{
    const Variable &variable = m_variables[size_t(index)];
    std::vector<int> out;
    if (variable.kind == Kind::Map) {
        const StreamMap &map = m_maps[size_t(variable.index)];
        out = map.source().userVariables();
        for (const StreamTemplate &value : map.values()) {
            const std::vector<int> more = value.userVariables();
            out.insert(out.end(), more.begin(), more.end());
        }
    } else if (variable.kind == Kind::Split) {
        out = m_splits[size_t(variable.index)].key().userVariables();
    }
    return out;
}

// A map that reads itself, directly or through others, would never finish: nginx reports
// "cycle while evaluating variable" per session; Portier refuses it up front.
void StreamRouting::findDependencies(ConfigIssues *issues)
{
    const size_t count = m_variables.size();
    m_needsServerAddress.assign(count, false);
    std::vector<int> state(count, 0); // 0 new, 1 on the path, 2 done
    std::function<bool(int)> visit = [&](int index) {
        if (state[size_t(index)] == 2)
            return true;
        if (state[size_t(index)] == 1) {
            issues->append({m_variables[size_t(index)].path, QStringLiteral("this variable reads itself (through the variables it uses); "
                                                                            "nginx reports \"cycle while evaluating variable\"")});
            return false;
        }
        state[size_t(index)] = 1;
        const Variable &variable = m_variables[size_t(index)];
        bool server = variable.kind == Kind::Map ? m_maps[size_t(variable.index)].source().needsServerAddress()
                      : variable.kind == Kind::Split ? m_splits[size_t(variable.index)].key().needsServerAddress()
                                                     : false;
        if (variable.kind == Kind::Map) {
            for (const StreamTemplate &value : m_maps[size_t(variable.index)].values())
                server = server || value.needsServerAddress();
        }
        for (const int dependency : dependenciesOf(index)) {
            if (!visit(dependency))
                return false;
            server = server || m_needsServerAddress[size_t(dependency)];
        }
        m_needsServerAddress[size_t(index)] = server;
        state[size_t(index)] = 2;
        return true;
    };
    for (size_t i = 0; i < count; ++i) {
        if (!visit(int(i)))
            return;
    }
}

int StreamRouting::find(QStringView name) const
{
    return m_names.value(name.toString(), -1);
}

void StreamRouting::evaluate(int index, const StreamFacts &facts, QByteArray *out) const
{
    const Variable &variable = m_variables[size_t(index)];
    if (variable.kind == Kind::Capture) {
        *out += facts.captures.value(variable.index);
        return;
    }
    const bool cacheable = variable.kind != Kind::Map || !m_maps[size_t(variable.index)].isVolatile();
    if (cacheable) {
        if (const auto cached = facts.userValues.constFind(index); cached != facts.userValues.constEnd()) {
            *out += *cached;
            return;
        }
    }
    QByteArray value;
    if (variable.kind == Kind::Map) {
        const StreamMap &map = m_maps[size_t(variable.index)];
        if (const StreamTemplate *found = map.lookup(map.source().evaluate(facts), facts))
            value = found->evaluate(facts);
    } else {
        const SplitClients &split = m_splits[size_t(variable.index)];
        value = split.valueFor(SplitClients::murmurHash2(split.key().evaluate(facts)));
    }
    if (cacheable)
        facts.userValues.insert(index, value);
    *out += value;
}

bool StreamRouting::needsServerAddress(int index) const
{
    return index >= 0 && size_t(index) < m_needsServerAddress.size() && m_needsServerAddress[size_t(index)];
}

QStringList StreamRouting::literalValues(QStringView name, bool *complete) const
{
    const int index = find(name);
    if (index < 0 || size_t(index) >= m_literals.size()) {
        *complete = false;
        return {};
    }
    *complete = m_literalsComplete[size_t(index)];
    return m_literals[size_t(index)];
}
