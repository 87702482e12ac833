#pragma once

#include "net.h"

#include <memory>

class DatagramBatch;

// Told how a queued datagram's send ended (DatagramBatch::flush), in the worker's thread.
class DatagramSink
{
public:
    // result: the bytes sent, or Net::wouldBlock / Net::failed (then `error` says why).
    virtual void datagramSent(const DatagramBatch &batch, int slot, qint64 result, int error) = 0;

protected:
    ~DatagramSink() = default;
};

// A worker's UDP datagrams in flight: a fixed set of slots that receive() fills with one
// recvmmsg() call and that flush() sends with one sendmmsg() per socket, so a busy UDP
// listener costs a system call per batch instead of one per datagram. A received datagram
// to pass on stays in its slot, queued, until its owner flushes: a client's datagrams to its
// server at the end of the listener's round (one sendmmsg() for a run of them), replies to
// clients when the worker's batch of events ends (so replies of many sessions leave through
// the listening socket together), or whenever the slots run out. Nothing is allocated per
// datagram: the slots, their addresses and the mmsghdr/iovec arrays are made once per worker
// and reused.
//
// Memory: every slot holds a whole datagram (65,536 bytes: IPv4's largest UDP payload is
// 65,507, IPv6's 65,527), because a datagram recvmmsg() puts into a smaller slot is cut and
// its rest is gone. The slots are one anonymous mapping of capacity × 64 KiB (2 MiB of
// address space, reserved at the first receive, so a worker without UDP has none) that the
// kernel backs page by page as datagrams are written into it: small
// datagrams make one 4 KiB page per slot resident (128 KiB at most), large ones up to the
// whole 2 MiB. After large datagrams the worker calls trim() (trimDelayMs later, so a steady
// stream of them does not fault pages in and out), which gives the pages back. Details and
// figures in docs/architecture.md ("UDP: batched datagrams").
//
// Linux batches; elsewhere (Windows), or when the calls are missing (ENOSYS) or switched
// off, a receive takes one datagram and a flush sends them one by one, through the same
// slots. Lives in its worker's thread; not thread-safe.
class DatagramBatch
{
public:
#if defined(Q_OS_LINUX)
    static constexpr int capacity = 32;
#else
    static constexpr int capacity = 1; // no recvmmsg/sendmmsg: one slot is all a call can use
#endif
    static constexpr qint64 slotSize = 64 * 1024;
    static constexpr qint64 trimDelayMs = 1000;

    DatagramBatch();
    ~DatagramBatch();
    Q_DISABLE_COPY_MOVE(DatagramBatch)

    struct Received
    {
        qint64 count = 0;     // datagrams received, or Net::wouldBlock / Net::failed
        int first = 0;        // the slot of the first; the others follow it
        bool drained = false; // fewer came than were asked for: the socket is empty for now
    };
    // Up to `max` datagrams from `socket` into free slots (when none is free, the queued
    // datagrams are sent first). withDestination: read each one's destination address
    // (IP_PKTINFO, wildcard listeners).
    Received receive(Net::Socket socket, int max, bool withDestination, int *error);

    const char *data(int slot) const;
    qint64 size(int slot) const;     // the bytes in the slot
    qint64 fullSize(int slot) const; // the datagram's own size; larger than size(): it was cut
    Net::Endpoint source(int slot) const;
    QHostAddress destination(int slot) const; // null when not asked for or not known
    Net::Endpoint queuedDestination(int slot) const; // of a queued datagram, for a log line

    // Queues the received datagram in `slot` to be sent from `socket` to `to` (null: a
    // connected socket), with `from` as its source address when not null (wildcard
    // listeners). `slot` must be one of the last receive() and not before one queued already
    // (datagrams are queued in the order read); `sink` hears how the send went.
    void queue(int slot, Net::Socket socket, const Net::Endpoint *to, const QHostAddress &from, DatagramSink *sink);
    int queued() const { return m_queued; }
    // Sends every queued datagram; each one's sink hears the outcome. A call from a sink
    // (during a flush) does nothing: the running flush sends the rest.
    void flush();

    // Memory (see above): whether a datagram larger than a page was written since the last
    // trim; trim() gives the slots' pages back to the system.
    bool needsTrim() const { return m_wide; }
    void trim();
    qint64 residentBytes() const; // pages of the slots in memory now (Linux: mincore); else reserved; 0 before the first receive
    static constexpr qint64 reservedBytes() { return capacity * slotSize; }

    // Whether receive() and flush() use recvmmsg/sendmmsg. Switched off for good when the
    // kernel lacks them (ENOSYS); tests switch it to run the one-datagram path on Linux.
    static bool batchCalls();
    static void setBatchCalls(bool on);
    // System calls made so far by this batch, for tests: receive calls and send calls.
    quint64 receiveCalls() const { return m_receiveCalls; }
    quint64 sendCalls() const { return m_sendCalls; }

private:
    struct Slot;
    qint64 receiveBatch(Net::Socket socket, int first, int max, bool withDestination, int *error);
    qint64 receiveOne(Net::Socket socket, int slot, bool withDestination, int *error);
    bool reserveSlots();
    int sendBatch(int first, int count, int *error);
    qint64 sendOne(int slot, int *error);
    void readDestination(int slot, const void *message);

    char *m_memory = nullptr;
    std::unique_ptr<Slot[]> m_slots;
    struct Arrays; // mmsghdr and iovec per slot (Linux)
    std::unique_ptr<Arrays> m_arrays;
    int m_queued = 0; // slots [0, m_queued) hold datagrams waiting for flush()
    bool m_flushing = false;
    bool m_wide = false;
    quint64 m_receiveCalls = 0;
    quint64 m_sendCalls = 0;
};
