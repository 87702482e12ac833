#include "accesslog.h"

#include "connectionlimits.h"

#include <errorlog.h>

#include <QDateTime>

std::shared_ptr<const AccessLog> AccessLogs::logFor(const Config &config, const ListenerConfig &listener, QString *error)
{
    const AccessLogConfig &log = listener.accessLog;
    if (!log.isEnabled())
        return nullptr;
    const LogFormatConfig *format = config.findLogFormat(log.format);
    if (!format)
        return nullptr; // the validator refused it already
    std::shared_ptr<AccessLogFile> file = m_files.value(log.path);
    if (!file || file->buffer() != log.buffer || file->flushMs() != log.flushMs) {
        file = AccessLogFile::open(log.path, log.buffer, log.flushMs, m_errorLog, error);
        if (!file)
            return nullptr;
        m_files.insert(log.path, file);
    }
    m_usedFiles.insert(log.path);
    const QString key = QStringList{log.path, QString::number(log.buffer), QString::number(log.flushMs), log.condition,
                                    LogFormatConfig::escapeName(format->escape), format->text}
                            .join(QChar(0));
    m_usedLogs.insert(key);
    if (const auto known = m_logs.value(key); known && &known->file() == file.get())
        return known;
    std::optional<LogFormat> compiled = LogFormat::compile(format->text, format->escape, error);
    if (!compiled)
        return nullptr;
    std::optional<StreamTemplate> condition;
    if (!log.condition.isEmpty()) {
        condition = StreamTemplate::compile(log.condition, error);
        if (!condition)
            return nullptr;
    }
    auto built = std::make_shared<const AccessLog>(std::move(*compiled), std::move(condition), file);
    m_logs.insert(key, built);
    return built;
}

void AccessLogs::keepOnlyUsed()
{
    for (auto it = m_files.begin(); it != m_files.end();)
        it = m_usedFiles.contains(it.key()) ? std::next(it) : m_files.erase(it);
    for (auto it = m_logs.begin(); it != m_logs.end();)
        it = m_usedLogs.contains(it.key()) ? std::next(it) : m_logs.erase(it);
    m_usedFiles.clear();
    m_usedLogs.clear();
}

void AccessLogs::reopen()
{
    for (const auto &file : std::as_const(m_files))
        file->reopen();
}

namespace AccessLogFacts {

StreamFacts base(const QHostAddress &client, quint16 clientPort, const QHostAddress &server, quint16 serverPort, bool udp, quint64 connection)
{
    StreamFacts facts = streamFacts(client, clientPort, server, serverPort, udp, connection);
    facts.nowMs = wallClockMs();
    return facts;
}

qint64 wallClockMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

void writeRefused(const AccessLog &log, const Net::Endpoint &client, const Net::Endpoint &server, bool udp, quint64 connection, int status,
                  StreamFacts::LimitConnStatus limitConnStatus, quint64 received)
{
    StreamFacts facts = base(client.address, client.port, server.address, server.port, udp, connection);
    facts.status = status;
    facts.bytesReceived = received;
    facts.limitConnStatus = limitConnStatus;
    log.write(facts);
}

} // namespace AccessLogFacts
