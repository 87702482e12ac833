#pragma once

#include <atomic>

// How many of the engine's workers are at their worker_connections cap, shared by them all
// (any thread). A full worker stops watching the listening sockets while another worker
// has room, so that one takes the connection; once every worker is full, the one that
// filled last keeps watching and refuses new connections at once (nginx's "worker_connections
// are not enough"), so clients learn it now instead of waiting in the listen backlog.
class WorkerLoad
{
public:
    explicit WorkerLoad(int workers) : m_workers(workers) {}

    // Returns whether this made every worker full.
    bool markFull() { return m_full.fetch_add(1, std::memory_order_acq_rel) + 1 >= m_workers; }
    void markRoom() { m_full.fetch_sub(1, std::memory_order_acq_rel); }
    bool allFull() const { return m_full.load(std::memory_order_acquire) >= m_workers; }

private:
    const int m_workers;
    std::atomic<int> m_full{0};
};
