#pragma once

#include "accesslogfile.h"
#include "platform/net.h"

#include <config.h>
#include <logformat.h>
#include <streamvariables.h>

#include <QHash>
#include <memory>
#include <optional>

class ErrorLog;

// A listener's access_log, compiled: the format, the if= condition and the file. Immutable and
// shared by the Listener, so every worker writes its sessions' lines with it: the line is
// formatted in the worker (as nginx does) and handed to the file's writer thread.
class AccessLog
{
public:
    AccessLog(LogFormat format, std::optional<StreamTemplate> condition, std::shared_ptr<AccessLogFile> file)
        : m_format(std::move(format)), m_condition(std::move(condition)), m_file(std::move(file))
    {
    }

    // ngx_stream_log_handler: no line when the condition is "" or "0".
    void write(const StreamFacts &facts) const
    {
        if (m_condition) {
            const QByteArray value = m_condition->evaluate(facts);
            if (value.isEmpty() || value == "0")
                return;
        }
        m_file->append(m_format.line(facts));
    }

    AccessLogFile &file() const { return *m_file; }

private:
    LogFormat m_format;
    std::optional<StreamTemplate> m_condition;
    std::shared_ptr<AccessLogFile> m_file;
};

// The engine's access logs: the open files by path, and each listener's compiled log, kept
// from one apply to the next while nothing about them changes (so an unchanged listener keeps
// running as it is). Engine thread only.
class AccessLogs
{
public:
    explicit AccessLogs(std::shared_ptr<ErrorLog> errorLog) : m_errorLog(std::move(errorLog)) {}

    // The compiled log of one listener (null when it logs nothing); null and the reason when
    // its file cannot be opened. The config is validated.
    std::shared_ptr<const AccessLog> logFor(const Config &config, const ListenerConfig &listener, QString *error);
    // After an apply: forgets the files and logs the applied config no longer names (a file
    // is closed, its buffer written, when the last session using it ends).
    void keepOnlyUsed();
    // Every open file again by its name (portierd's SIGUSR1).
    void reopen();

private:
    std::shared_ptr<ErrorLog> m_errorLog;
    QHash<QString, std::shared_ptr<AccessLogFile>> m_files;      // by path
    QHash<QString, std::shared_ptr<const AccessLog>> m_logs;     // by what they were built from
    QSet<QString> m_usedFiles;
    QSet<QString> m_usedLogs;
};

// The facts every line needs, filled from a session's own: the client and listening addresses
// (the local one asked of the socket on a wildcard listener, as nginx's $server_addr).
namespace AccessLogFacts {
StreamFacts base(const QHostAddress &client, quint16 clientPort, const QHostAddress &server, quint16 serverPort, bool udp, quint64 connection);
qint64 wallClockMs();
// The line of a client refused before any session began (nginx's access or limit_conn phase).
void writeRefused(const AccessLog &log, const Net::Endpoint &client, const Net::Endpoint &server, bool udp, quint64 connection, int status,
                  StreamFacts::LimitConnStatus limitConnStatus, quint64 received);
} // namespace AccessLogFacts
