#include "limitconnzone.h"

#include <bit>

namespace {

// ngx_slab's page, and what a zone keeps for its own bookkeeping (pool header, page table).
constexpr qint64 pageSize = 4096;
constexpr qint64 reservedPages = 2;
// offsetof(ngx_rbtree_node_t, color) + offsetof(ngx_stream_limit_conn_node_t, data) on 64-bit.
constexpr qint64 nodeHeader = 32 + 4;

} // namespace

LimitConnZone::LimitConnZone(const QString &name, StreamTemplate key, qint64 size)
    : m_name(name), m_key(std::move(key)), m_size(size), m_capacity(qMax<qint64>(0, size / pageSize - reservedPages) * pageSize)
{
}

qint64 LimitConnZone::slotSize(qsizetype keyLength)
{
    return qint64(std::bit_ceil(quint64(qMax<qint64>(8, nodeHeader + keyLength))));
}

LimitConnZone::Result LimitConnZone::acquire(const QByteArray &key, int limit)
{
    const std::lock_guard lock(m_mutex);
    auto it = m_counts.find(key);
    if (it == m_counts.end()) {
        const qint64 slot = slotSize(key.size());
        if (m_used + slot > m_capacity)
            return Result::Full;
        m_used += slot;
        m_counts.insert(key, 1);
        return Result::Passed;
    }
    if (it.value() >= limit)
        return Result::Limited;
    ++it.value();
    return Result::Passed;
}

void LimitConnZone::release(const QByteArray &key)
{
    const std::lock_guard lock(m_mutex);
    auto it = m_counts.find(key);
    if (it == m_counts.end())
        return;
    if (--it.value() <= 0) {
        m_counts.erase(it);
        m_used -= slotSize(key.size());
    }
}

int LimitConnZone::count(const QByteArray &key) const
{
    const std::lock_guard lock(m_mutex);
    return m_counts.value(key);
}

int LimitConnZone::keys() const
{
    const std::lock_guard lock(m_mutex);
    return int(m_counts.size());
}

void LimitConnHold::releaseAll()
{
    for (auto &[zone, key] : m_held)
        zone->release(key);
    m_held.clear();
}
