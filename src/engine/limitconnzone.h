#pragma once

#include <streamvariables.h>

#include <QByteArray>
#include <QHash>
#include <QString>
#include <atomic>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

// One limit_conn_zone: how many connections each key value holds now, shared by every worker
// thread (one short mutex per zone; nginx keeps the same counts in shared memory under a
// mutex). Its size bounds the keys it holds as nginx's slab does: a key costs a slot of
// 32 + 4 + key bytes rounded up to a power of two, so 1m holds about 16,000 addresses.
class LimitConnZone
{
public:
    LimitConnZone(const QString &name, StreamTemplate key, qint64 size);
    Q_DISABLE_COPY_MOVE(LimitConnZone)

    enum class Result { Passed, Limited, Full };

    // Counts one more connection for this key, unless it holds `limit` already (Limited) or
    // the zone has no room for a new key (Full).
    Result acquire(const QByteArray &key, int limit);
    void release(const QByteArray &key); // the connection ended: its key's entry goes at zero

    // nginx Plus's per-zone figures (/stream/limit_conns): sessions this zone let through,
    // refused, and would have refused in dry run. Any worker counts; relaxed atomics.
    enum class Outcome { Passed, Rejected, RejectedDryRun };
    void record(Outcome outcome) { m_outcomes[int(outcome)].fetch_add(1, std::memory_order_relaxed); }
    quint64 outcomes(Outcome outcome) const { return m_outcomes[int(outcome)].load(std::memory_order_relaxed); }

    int count(const QByteArray &key) const;
    int keys() const;
    const QString &name() const { return m_name; }
    const StreamTemplate &key() const { return m_key; }
    qint64 size() const { return m_size; }

private:
    static qint64 slotSize(qsizetype keyLength);

    const QString m_name;
    const StreamTemplate m_key;
    const qint64 m_size;
    const qint64 m_capacity; // bytes of slots the zone can hand out
    mutable std::mutex m_mutex;
    QHash<QByteArray, int> m_counts;
    qint64 m_used = 0;
    std::atomic<quint64> m_outcomes[3] = {};
};

// The zone entries one session counts in; released when it is destroyed (whatever ended the
// session), as nginx's pool cleanup does. Move-only, owned by one session in one thread.
class LimitConnHold
{
public:
    LimitConnHold() = default;
    ~LimitConnHold() { releaseAll(); }
    LimitConnHold(LimitConnHold &&other) noexcept : m_held(std::exchange(other.m_held, {})), m_status(other.m_status) {}
    LimitConnHold &operator=(LimitConnHold &&other) noexcept
    {
        if (this != &other) {
            releaseAll();
            m_held = std::exchange(other.m_held, {});
            m_status = other.m_status;
        }
        return *this;
    }
    Q_DISABLE_COPY(LimitConnHold)

    void add(std::shared_ptr<LimitConnZone> zone, QByteArray key) { m_held.emplace_back(std::move(zone), std::move(key)); }
    void releaseAll();
    bool isEmpty() const { return m_held.empty(); }
    // $limit_conn_status as ngx_stream_limit_conn_handler sets it (kept after releaseAll).
    StreamFacts::LimitConnStatus status() const { return m_status; }
    void setStatus(StreamFacts::LimitConnStatus status) { m_status = status; }

private:
    std::vector<std::pair<std::shared_ptr<LimitConnZone>, QByteArray>> m_held;
    StreamFacts::LimitConnStatus m_status = StreamFacts::LimitConnStatus::Unset;
};
