#include "logvariables.h"

#include <QDateTime>
#include <QTimeZone>

namespace LogVariables {

namespace {

// ngx_times.c's month names, never translated.
constexpr const char *months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// nginx prints the offset from UTC as +hhmm or +hh:mm.
QByteArray offsetText(int offsetSeconds, bool colon)
{
    const char sign = offsetSeconds < 0 ? '-' : '+';
    const int minutes = std::abs(offsetSeconds) / 60;
    return QByteArray(1, sign) + QByteArray::number(minutes / 60).rightJustified(2, '0') + (colon ? ":" : "")
           + QByteArray::number(minutes % 60).rightJustified(2, '0');
}

QByteArray twoDigits(int value)
{
    return QByteArray::number(value).rightJustified(2, '0');
}

// The same second is asked for by every line logged in it; nginx caches its text per second
// too (ngx_time_update). One cache per thread, so no lock.
struct SecondCache
{
    qint64 second = -1;
    QByteArray local;
    QByteArray iso;
};

const SecondCache &secondText(qint64 epochMs)
{
    thread_local SecondCache cache;
    const qint64 second = epochMs >= 0 ? epochMs / 1000 : (epochMs - 999) / 1000;
    if (cache.second == second)
        return cache;
    const QDateTime t = QDateTime::fromSecsSinceEpoch(second, Qt::LocalTime);
    const QDate d = t.date();
    const QTime h = t.time();
    const int offset = t.offsetFromUtc();
    const QByteArray clock = twoDigits(h.hour()) + ':' + twoDigits(h.minute()) + ':' + twoDigits(h.second());
    cache.local = twoDigits(d.day()) + '/' + months[d.month() - 1] + '/' + QByteArray::number(d.year()) + ':' + clock + ' '
                  + offsetText(offset, false);
    cache.iso = QByteArray::number(d.year()) + '-' + twoDigits(d.month()) + '-' + twoDigits(d.day()) + 'T' + clock
                + offsetText(offset, true);
    cache.second = second;
    return cache;
}

template<typename Field>
void joined(const StreamFacts &f, QByteArray *out, Field field)
{
    for (size_t i = 0; i < f.upstreams.size(); ++i) {
        if (i > 0)
            *out += ", ";
        field(f.upstreams[i], out);
    }
}

void timeOrDash(qint64 ms, QByteArray *out)
{
    *out += ms >= 0 ? seconds(ms) : QByteArray("-");
}

} // namespace

QByteArray seconds(qint64 ms)
{
    ms = std::max<qint64>(ms, 0);
    return QByteArray::number(ms / 1000) + '.' + QByteArray::number(ms % 1000).rightJustified(3, '0');
}

QByteArray timeLocal(qint64 epochMs)
{
    return secondText(epochMs).local;
}

QByteArray timeIso8601(qint64 epochMs)
{
    return secondText(epochMs).iso;
}

void status(const StreamFacts &f, QByteArray *out)
{
    *out += QByteArray::number(f.status).rightJustified(3, '0'); // "%03ui"
}

void bytesSent(const StreamFacts &f, QByteArray *out)
{
    *out += QByteArray::number(f.bytesSent);
}

void bytesReceived(const StreamFacts &f, QByteArray *out)
{
    *out += QByteArray::number(f.bytesReceived);
}

void sessionTime(const StreamFacts &f, QByteArray *out)
{
    *out += seconds(f.sessionMs);
}

void msec(const StreamFacts &f, QByteArray *out)
{
    *out += QByteArray::number(f.nowMs / 1000) + '.' + QByteArray::number(f.nowMs % 1000).rightJustified(3, '0');
}

void timeLocal(const StreamFacts &f, QByteArray *out)
{
    *out += timeLocal(f.nowMs);
}

void timeIso8601(const StreamFacts &f, QByteArray *out)
{
    *out += timeIso8601(f.nowMs);
}

bool hasUpstreams(const StreamFacts &f)
{
    return !f.upstreams.empty();
}

void upstreamAddr(const StreamFacts &f, QByteArray *out)
{
    joined(f, out, [](const StreamFacts::UpstreamAttempt &a, QByteArray *o) { *o += a.address; });
}

void upstreamBytesSent(const StreamFacts &f, QByteArray *out)
{
    joined(f, out, [](const StreamFacts::UpstreamAttempt &a, QByteArray *o) { *o += QByteArray::number(a.bytesSent); });
}

void upstreamBytesReceived(const StreamFacts &f, QByteArray *out)
{
    joined(f, out, [](const StreamFacts::UpstreamAttempt &a, QByteArray *o) { *o += QByteArray::number(a.bytesReceived); });
}

void upstreamConnectTime(const StreamFacts &f, QByteArray *out)
{
    joined(f, out, [](const StreamFacts::UpstreamAttempt &a, QByteArray *o) { timeOrDash(a.connectMs, o); });
}

void upstreamFirstByteTime(const StreamFacts &f, QByteArray *out)
{
    joined(f, out, [](const StreamFacts::UpstreamAttempt &a, QByteArray *o) { timeOrDash(a.firstByteMs, o); });
}

void upstreamSessionTime(const StreamFacts &f, QByteArray *out)
{
    joined(f, out, [](const StreamFacts::UpstreamAttempt &a, QByteArray *o) { timeOrDash(a.sessionMs, o); });
}

bool hasProxyProtocol(const StreamFacts &f)
{
    return f.hasProxyProtocol;
}

void proxyProtocolAddr(const StreamFacts &f, QByteArray *out)
{
    *out += f.proxyProtocolAddress;
}

void proxyProtocolPort(const StreamFacts &f, QByteArray *out)
{
    if (f.proxyProtocolPort > 0)
        *out += QByteArray::number(f.proxyProtocolPort);
}

bool hasTls(const StreamFacts &f)
{
    return f.tls;
}

bool hasServerName(const StreamFacts &f)
{
    return f.tls && !f.sslServerName.isEmpty();
}

void sslProtocol(const StreamFacts &f, QByteArray *out)
{
    *out += f.sslProtocol;
}

void sslCipher(const StreamFacts &f, QByteArray *out)
{
    *out += f.sslCipher;
}

void sslServerName(const StreamFacts &f, QByteArray *out)
{
    *out += f.sslServerName;
}

void sslSessionReused(const StreamFacts &f, QByteArray *out)
{
    *out += f.sslSessionReused ? "r" : ".";
}

bool hasPrereadServerName(const StreamFacts &f)
{
    return f.prereadServerName.has_value();
}

void prereadServerName(const StreamFacts &f, QByteArray *out)
{
    if (f.prereadServerName)
        *out += *f.prereadServerName;
}

bool hasLimitConnStatus(const StreamFacts &f)
{
    return f.limitConnStatus != StreamFacts::LimitConnStatus::Unset;
}

void limitConnStatus(const StreamFacts &f, QByteArray *out)
{
    switch (f.limitConnStatus) {
    case StreamFacts::LimitConnStatus::Passed:
        *out += "PASSED";
        break;
    case StreamFacts::LimitConnStatus::Rejected:
        *out += "REJECTED";
        break;
    case StreamFacts::LimitConnStatus::RejectedDryRun:
        *out += "REJECTED_DRY_RUN";
        break;
    case StreamFacts::LimitConnStatus::Unset:
        break;
    }
}

} // namespace LogVariables
