#pragma once

#include <errorlog.h>

#include <QMutex>
#include <QStringList>
#include <memory>

// Collects every line an ErrorLog writes (from any thread) so tests can wait for one.
class LogCapture
{
public:
    explicit LogCapture(const std::shared_ptr<ErrorLog> &log) : m_state(std::make_shared<State>())
    {
        log->setStderrEnabled(qEnvironmentVariableIsSet("PORTIER_TEST_VERBOSE"));
        log->setObserver([state = m_state](ErrorLog::Level, const QString &line) {
            QMutexLocker locker(&state->mutex);
            state->lines << line;
        });
    }

    QStringList lines() const
    {
        QMutexLocker locker(&m_state->mutex);
        return m_state->lines;
    }
    QStringList matching(const QString &text) const { return lines().filter(text); }
    int count(const QString &text) const { return int(matching(text).size()); }

private:
    struct State
    {
        QMutex mutex;
        QStringList lines;
    };
    std::shared_ptr<State> m_state;
};
