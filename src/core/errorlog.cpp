#include "errorlog.h"

#include "processinfo.h"

#include <QDateTime>
#include <cstdio>

namespace {
const char *const levelNames[] = {"emerg", "alert", "crit", "error", "warn", "notice", "info", "debug"};
}

ErrorLog::ErrorLog() : m_level(int(Level::Notice)) {}

std::optional<ErrorLog::Level> ErrorLog::levelFromName(const QString &name)
{
    for (int i = 0; i < int(std::size(levelNames)); ++i) {
        if (name == QLatin1StringView(levelNames[i]))
            return Level(i);
    }
    return std::nullopt;
}

QString ErrorLog::levelName(Level level)
{
    return QLatin1StringView(levelNames[int(level)]);
}

bool ErrorLog::configure(const ErrorLogConfig &config, QString *error)
{
    const auto level = levelFromName(config.level);
    if (!level) {
        if (error)
            *error = QStringLiteral("error_log.level: \"%1\" is not a level").arg(config.level);
        return false;
    }
    QMutexLocker locker(&m_mutex);
    if (config.path != m_file.fileName() || !m_file.isOpen()) {
        if (config.path.isEmpty()) {
            m_file.close();
            m_file.setFileName(QString());
        } else {
            QFile file(config.path);
            if (!file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text)) {
                if (error)
                    *error = QStringLiteral("error_log.path: cannot open %1 for writing (%2)").arg(config.path, file.errorString());
                return false;
            }
            file.close();
            m_file.close();
            m_file.setFileName(config.path);
            m_file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text);
        }
    }
    m_level.store(int(*level), std::memory_order_relaxed);
    return true;
}

void ErrorLog::setObserver(Observer observer)
{
    QMutexLocker locker(&m_mutex);
    m_observer = std::move(observer);
}

QString ErrorLog::formatLine(Level level, quint64 connection, const QString &message)
{
    QString line = QDateTime::currentDateTime().toString(QStringLiteral("yyyy/MM/dd HH:mm:ss")) + QStringLiteral(" [")
                   + levelName(level) + QStringLiteral("] ") + QString::number(ProcessInfo::processId()) + u'#'
                   + QString::number(ProcessInfo::threadId()) + QStringLiteral(": ");
    if (connection)
        line += u'*' + QString::number(connection) + u' ';
    line += message;
    return line;
}

void ErrorLog::write(Level level, quint64 connection, const QString &message)
{
    if (!isEnabled(level))
        return;
    const QString line = formatLine(level, connection, message);
    const QByteArray bytes = line.toUtf8() + '\n';
    QMutexLocker locker(&m_mutex);
    if (m_stderr.load(std::memory_order_relaxed)) {
        std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
        std::fflush(stderr);
    }
    if (m_file.isOpen()) {
        m_file.write(bytes);
        m_file.flush();
    }
    if (m_observer)
        m_observer(level, line);
}
