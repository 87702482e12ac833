#include "jsontext.h"

#include <QStringList>

#include <limits>

namespace JsonText {

QString describe(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String: return u'"' + value.toString() + u'"';
    case QJsonValue::Double: return QString::number(value.toDouble());
    case QJsonValue::Bool: return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Array: return QStringLiteral("an array");
    case QJsonValue::Object: return QStringLiteral("an object");
    case QJsonValue::Null: return QStringLiteral("null");
    case QJsonValue::Undefined: break;
    }
    return QStringLiteral("nothing");
}

QString join(const QString &path, QAnyStringView key)
{
    return path.isEmpty() ? key.toString() : path + u'.' + key.toString();
}

void checkKeys(const QJsonObject &object, const QString &path, std::initializer_list<const char *> known, ConfigIssues *issues)
{
    QStringList names;
    for (const char *key : known)
        names << QLatin1StringView(key);
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!names.contains(it.key()))
            issues->append({path + u'.' + it.key(), QStringLiteral("unknown key; known keys here are: %1").arg(names.join(QStringLiteral(", ")))});
    }
}

void readString(const QJsonObject &object, const char *key, const QString &path, QString *out, ConfigIssues *issues)
{
    const QJsonValue value = object.value(QLatin1StringView(key));
    if (value.isUndefined())
        return;
    if (!value.isString())
        issues->append({join(path, QLatin1StringView(key)), QStringLiteral("expected a string, found %1").arg(describe(value))});
    else
        *out = value.toString();
}

void readBool(const QJsonObject &object, const char *key, const QString &path, bool *out, ConfigIssues *issues)
{
    const QJsonValue value = object.value(QLatin1StringView(key));
    if (value.isUndefined())
        return;
    if (!value.isBool())
        issues->append({join(path, QLatin1StringView(key)), QStringLiteral("expected true or false, found %1").arg(describe(value))});
    else
        *out = value.toBool();
}

std::optional<qint64> wholeNumber(const QJsonValue &value, double min, double max)
{
    if (!value.isDouble())
        return std::nullopt;
    const double number = value.toDouble();
    if (!(number >= min && number <= max) || number != double(qint64(number)))
        return std::nullopt;
    return qint64(number);
}

std::optional<int> wholeInt(const QJsonValue &value)
{
    const std::optional<qint64> number = wholeNumber(value, std::numeric_limits<int>::min(), std::numeric_limits<int>::max());
    return number ? std::optional<int>(int(*number)) : std::nullopt;
}

std::optional<qint64> byteSize(const QJsonValue &value, Size::Units units)
{
    if (value.isString())
        return Size::parse(value.toString(), units);
    return wholeNumber(value, 0, 1e15);
}

} // namespace JsonText
