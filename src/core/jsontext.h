#pragma once

#include "configissue.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QAnyStringView>

#include "duration.h"

#include <optional>

// How the config's JSON readers name a value and a place in their messages, one way for all
// of them: `"fast"`, `42`, `an array`; `listeners[0].proxy_protocol.timeout`.
namespace JsonText {

QString describe(const QJsonValue &value);
QString join(const QString &path, QAnyStringView key);

// The section readers' common steps (access log, routing, API): an issue for each key not in
// `known`, and a string or boolean read when present (an issue when of another type).
void checkKeys(const QJsonObject &object, const QString &path, std::initializer_list<const char *> known, ConfigIssues *issues);
void readString(const QJsonObject &object, const char *key, const QString &path, QString *out, ConfigIssues *issues);
void readBool(const QJsonObject &object, const char *key, const QString &path, bool *out, ConfigIssues *issues);

// A JSON number that is whole and within [min, max] (checked before converting, so a huge
// one is refused, not truncated); nothing otherwise, strings included.
std::optional<qint64> wholeNumber(const QJsonValue &value, double min, double max);
// wholeNumber within int's range.
std::optional<int> wholeInt(const QJsonValue &value);
// A byte count: a whole number up to 10^15, or a size text as nginx writes it ("512k", "10m";
// with units, which suffixes Size::parse takes); nothing otherwise.
std::optional<qint64> byteSize(const QJsonValue &value, Size::Units units = Size::Units::UpToGiga);

} // namespace JsonText
