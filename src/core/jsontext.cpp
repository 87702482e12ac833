#include "jsontext.h"

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

} // namespace JsonText
