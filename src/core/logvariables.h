#pragma once

#include "streamvariables.h"

// The session-end variables of nginx's stream modules that the access log mostly reads
// ($status, $bytes_*, $session_time, the time stamps, $upstream_*, $proxy_protocol_*, $ssl_*,
// $ssl_preread_server_name, $limit_conn_status), formatted exactly as nginx 1.22 formats them.
// The rows of streamvariables.cpp's table point here. Each getter appends the value; each
// "found" function says whether nginx would find the variable at all (the access log writes
// "-" for one it does not, and nothing for a found empty one).
namespace LogVariables {

// nginx's "%T.%03M" of a millisecond count: "0.123", "12.000".
QByteArray seconds(qint64 ms);
// $time_local: "05/Dec/2026:05:10:00 +0000" in the machine's time zone (ngx_cached_http_log_time).
QByteArray timeLocal(qint64 epochMs);
// $time_iso8601: "2026-12-05T05:10:00+00:00".
QByteArray timeIso8601(qint64 epochMs);

void status(const StreamFacts &f, QByteArray *out);
void bytesSent(const StreamFacts &f, QByteArray *out);
void bytesReceived(const StreamFacts &f, QByteArray *out);
void sessionTime(const StreamFacts &f, QByteArray *out);
void msec(const StreamFacts &f, QByteArray *out);
void timeLocal(const StreamFacts &f, QByteArray *out);
void timeIso8601(const StreamFacts &f, QByteArray *out);

bool hasUpstreams(const StreamFacts &f);
void upstreamAddr(const StreamFacts &f, QByteArray *out);
void upstreamBytesSent(const StreamFacts &f, QByteArray *out);
void upstreamBytesReceived(const StreamFacts &f, QByteArray *out);
void upstreamConnectTime(const StreamFacts &f, QByteArray *out);
void upstreamFirstByteTime(const StreamFacts &f, QByteArray *out);
void upstreamSessionTime(const StreamFacts &f, QByteArray *out);

bool hasProxyProtocol(const StreamFacts &f);
void proxyProtocolAddr(const StreamFacts &f, QByteArray *out);
void proxyProtocolPort(const StreamFacts &f, QByteArray *out);

bool hasTls(const StreamFacts &f);
// ngx_stream_ssl_variable (not the static one): an empty value is "not found" too.
bool hasServerName(const StreamFacts &f);
void sslProtocol(const StreamFacts &f, QByteArray *out);
void sslCipher(const StreamFacts &f, QByteArray *out);
void sslServerName(const StreamFacts &f, QByteArray *out);
void sslSessionReused(const StreamFacts &f, QByteArray *out);

bool hasPrereadServerName(const StreamFacts &f);
void prereadServerName(const StreamFacts &f, QByteArray *out);

bool hasLimitConnStatus(const StreamFacts &f);
void limitConnStatus(const StreamFacts &f, QByteArray *out);

} // namespace LogVariables
