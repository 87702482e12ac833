#pragma once

#include <QTcpServer>

// A tiny line-echo server for the bundled sample: every line it receives comes back as
// "<name>: <line>", so a new user sees which backend the proxy chose. It closes when the
// client half-closes (nc -N). Runs in the thread that creates it; not for production.
class DemoBackend : public QTcpServer
{
    Q_OBJECT

public:
    DemoBackend(const QString &name, QObject *parent = nullptr);

    const QString &name() const { return m_name; }

private:
    void serve();

    QString m_name;
};
