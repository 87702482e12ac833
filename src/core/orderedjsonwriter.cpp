#include "orderedjsonwriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace {

class Writer
{
public:
    Writer(const QHash<QString, QStringList> &order, const QStringList &preferred) : m_order(order), m_preferred(preferred) {}

    void value(const QJsonValue &value, const QString &path, int depth)
    {
        if (value.isObject())
            object(value.toObject(), path, depth);
        else if (value.isArray())
            array(value.toArray(), path, depth);
        else
            scalar(value);
    }

    QByteArray take() { return std::move(m_out); }

private:
    void indent(int depth) { m_out.append(QByteArray(depth * 4, ' ')); }

    // A string, number, bool or null, written by Qt so escapes and numbers are its own.
    void scalar(const QJsonValue &value)
    {
        const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
        m_out.append(wrapped.mid(1, wrapped.size() - 2));
    }

    QStringList keysInOrder(const QJsonObject &object, const QString &path) const
    {
        QStringList keys;
        for (const QString &key : m_order.value(path)) {
            if (object.contains(key))
                keys.append(key);
        }
        QStringList rest;
        for (const QString &key : object.keys()) {
            if (!keys.contains(key))
                rest.append(key);
        }
        std::stable_sort(rest.begin(), rest.end(), [this](const QString &a, const QString &b) {
            const auto rank = [this](const QString &key) {
                const qsizetype at = m_preferred.indexOf(key);
                return at < 0 ? m_preferred.size() : at;
            };
            return rank(a) < rank(b);
        });
        return keys + rest;
    }

    void object(const QJsonObject &object, const QString &path, int depth)
    {
        if (object.isEmpty()) {
            m_out.append("{}");
            return;
        }
        m_out.append("{\n");
        const QStringList keys = keysInOrder(object, path);
        for (qsizetype i = 0; i < keys.size(); ++i) {
            indent(depth + 1);
            scalar(keys.at(i));
            m_out.append(": ");
            value(object.value(keys.at(i)), path.isEmpty() ? keys.at(i) : path + u'.' + keys.at(i), depth + 1);
            m_out.append(i + 1 < keys.size() ? ",\n" : "\n");
        }
        indent(depth);
        m_out.append('}');
    }

    void array(const QJsonArray &array, const QString &path, int depth)
    {
        if (array.isEmpty()) {
            m_out.append("[]");
            return;
        }
        m_out.append("[\n");
        for (qsizetype i = 0; i < array.size(); ++i) {
            indent(depth + 1);
            value(array.at(i), path + u'[' + QString::number(i) + u']', depth + 1);
            m_out.append(i + 1 < array.size() ? ",\n" : "\n");
        }
        indent(depth);
        m_out.append(']');
    }

    const QHash<QString, QStringList> &m_order;
    const QStringList &m_preferred;
    QByteArray m_out;
};

} // namespace

QByteArray OrderedJsonWriter::write(const QJsonValue &value, const QHash<QString, QStringList> &order, const QStringList &preferred)
{
    Writer writer(order, preferred);
    writer.value(value, QString(), 0);
    return writer.take() + '\n';
}
