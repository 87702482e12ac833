#pragma once

#include <QJsonValue>
#include <QString>
#include <QAnyStringView>

// How the config's JSON readers name a value and a place in their messages, one way for all
// of them: `"fast"`, `42`, `an array`; `listeners[0].proxy_protocol.timeout`.
namespace JsonText {

QString describe(const QJsonValue &value);
QString join(const QString &path, QAnyStringView key);

} // namespace JsonText
