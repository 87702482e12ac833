#include "jsonkeys.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>
#include <QSet>
#include <cstring>
#include <functional>

namespace {

// Nesting deeper than this is refused by QJsonDocument already; the scan stops there too.
constexpr int maxDepth = 1024;

// Walks the text and tells the visitor each key with the path of the object that holds it.
class Scanner
{
public:
    using Visitor = std::function<void(const QString &objectPath, const QString &key)>;
    Scanner(const QByteArray &json, Visitor visitor) : m_json(json), m_visitor(std::move(visitor)) {}

    void run()
    {
        skipSpace();
        value(QString(), 0);
    }

private:
    void skipSpace()
    {
        while (m_at < m_json.size() && (m_json[m_at] == ' ' || m_json[m_at] == '\t' || m_json[m_at] == '\n' || m_json[m_at] == '\r'))
            ++m_at;
    }

    // A string at m_at (its opening quote), decoded by Qt so escapes compare as written.
    QString string()
    {
        const qsizetype begin = m_at++;
        while (m_at < m_json.size() && m_json[m_at] != '"') {
            if (m_json[m_at] == '\\')
                ++m_at;
            ++m_at;
        }
        ++m_at; // the closing quote
        const QByteArray literal = '[' + m_json.mid(begin, m_at - begin) + ']';
        return QJsonDocument::fromJson(literal).array().at(0).toString();
    }

    void value(const QString &path, int depth)
    {
        if (m_at >= m_json.size() || depth > maxDepth)
            return;
        const char c = m_json[m_at];
        if (c == '{')
            object(path, depth);
        else if (c == '[')
            array(path, depth);
        else if (c == '"')
            string();
        else
            while (m_at < m_json.size() && !std::strchr(",]} \t\r\n", m_json[m_at]))
                ++m_at; // number, true, false, null
    }

    void object(const QString &path, int depth)
    {
        ++m_at;
        for (skipSpace(); m_at < m_json.size() && m_json[m_at] != '}'; skipSpace()) {
            if (m_json[m_at] == ',') {
                ++m_at;
                continue;
            }
            const QString key = string();
            const QString keyPath = path.isEmpty() ? key : path + u'.' + key;
            m_visitor(path, key);
            skipSpace();
            ++m_at; // ':'
            skipSpace();
            value(keyPath, depth + 1);
        }
        ++m_at;
    }

    void array(const QString &path, int depth)
    {
        ++m_at;
        int index = 0;
        for (skipSpace(); m_at < m_json.size() && m_json[m_at] != ']'; skipSpace()) {
            if (m_json[m_at] == ',') {
                ++m_at;
                continue;
            }
            value(path + u'[' + QString::number(index++) + u']', depth + 1);
        }
        ++m_at;
    }

    const QByteArray &m_json;
    Visitor m_visitor;
    qsizetype m_at = 0;
};

} // namespace

ConfigIssues JsonKeys::duplicates(const QByteArray &json)
{
    ConfigIssues issues;
    QHash<QString, QSet<QString>> seen; // an object's path names it alone
    Scanner(json, [&](const QString &objectPath, const QString &key) {
        QSet<QString> &keys = seen[objectPath];
        if (keys.contains(key))
            issues.append({objectPath.isEmpty() ? key : objectPath + u'.' + key,
                           QStringLiteral("appears twice in the same object; keep one (which one counts is not clear)")});
        keys.insert(key);
    }).run();
    return issues;
}

QHash<QString, QStringList> JsonKeys::order(const QByteArray &json)
{
    QHash<QString, QStringList> order;
    Scanner(json, [&](const QString &objectPath, const QString &key) {
        QStringList &keys = order[objectPath];
        if (!keys.contains(key))
            keys.append(key);
    }).run();
    return order;
}
