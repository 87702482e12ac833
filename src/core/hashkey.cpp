#include "hashkey.h"

namespace {

struct Name
{
    const char *name;
    int variable;
};

// The variables nginx's stream core module has when a balancer runs.
constexpr Name variableNames[] = {
    {"remote_addr", 1}, {"remote_port", 2}, {"binary_remote_addr", 3}, {"server_addr", 4}, {"server_port", 5},
};

bool isNameChar(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'_';
}

} // namespace

std::optional<HashKey> HashKey::parse(const QString &text, QString *error)
{
    HashKey key;
    QString literal;
    auto flushLiteral = [&] {
        if (!literal.isEmpty())
            key.m_parts.append({Variable::None, literal.toUtf8()});
        literal.clear();
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i) != u'$') {
            literal += text.at(i);
            continue;
        }
        QString name;
        qsizetype j = i + 1;
        if (j < text.size() && text.at(j) == u'{') {
            const qsizetype close = text.indexOf(u'}', j);
            if (close < 0) {
                if (error)
                    *error = QStringLiteral("\"%1\": the \"{\" after \"$\" is never closed").arg(text);
                return std::nullopt;
            }
            name = text.mid(j + 1, close - j - 1);
            j = close + 1;
        } else {
            while (j < text.size() && isNameChar(text.at(j)))
                name += text.at(j++);
        }
        int variable = 0;
        for (const Name &entry : variableNames) {
            if (name == QLatin1StringView(entry.name))
                variable = entry.variable;
        }
        if (!variable) {
            if (error) {
                QStringList known;
                for (const Name &entry : variableNames)
                    known << u'$' + QLatin1StringView(entry.name);
                *error = QStringLiteral("\"%1\": unknown variable \"$%2\"; use %3").arg(text, name, known.join(QStringLiteral(", ")));
            }
            return std::nullopt;
        }
        flushLiteral();
        key.m_parts.append({Variable(variable), {}});
        i = j - 1;
    }
    flushLiteral();
    return key;
}

QByteArray HashKey::evaluate(const Values &values) const
{
    QByteArray out;
    for (const Part &part : m_parts) {
        switch (part.variable) {
        case Variable::None: out += part.text; break;
        case Variable::RemoteAddr: out += values.remoteAddr; break;
        case Variable::RemotePort: out += values.remotePort; break;
        case Variable::BinaryRemoteAddr: out += values.binaryRemoteAddr; break;
        case Variable::ServerAddr: out += values.serverAddr; break;
        case Variable::ServerPort: out += values.serverPort; break;
        }
    }
    return out;
}

bool HashKey::usesServerAddress() const
{
    for (const Part &part : m_parts) {
        if (part.variable == Variable::ServerAddr || part.variable == Variable::ServerPort)
            return true;
    }
    return false;
}
