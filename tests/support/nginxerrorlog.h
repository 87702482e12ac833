#pragma once

#include <QList>
#include <QString>
#include <QStringList>

// What the side-by-side tests compare between nginx and Portier: error-log lines.

// nginx's error.log, read afresh on every question (nginx writes it unbuffered).
class NginxErrorLog
{
public:
    explicit NginxErrorLog(const QString &path) : m_path(path) {}
    QStringList lines() const;
    bool contains(const QString &text) const { return !lines().filter(text).isEmpty(); }

private:
    QString m_path;
};

// An error-log line (nginx's form, which Portier writes too) without what differs between two
// runs: time, pid, connection number, and the given listening ports (as ":PORT").
QString normalizedErrorLogLine(const QString &line, const QList<quint16> &ports);

// A UDP port free on 127.0.0.1 at the moment of asking.
quint16 freeUdpPort();
