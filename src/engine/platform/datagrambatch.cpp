#include "datagrambatch.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <new>

#if defined(Q_OS_WIN)
#include <winsock2.h>
#include <ws2tcpip.h>
#else
#include <arpa/inet.h>
#include <cerrno>
#include <netinet/in.h>
#include <sys/socket.h>
#endif
#if defined(Q_OS_LINUX)
#include <sys/mman.h>
#include <unistd.h>
#include <vector>
#endif

namespace {
// A datagram up to this size touches one page of its slot (slots start on a page boundary).
constexpr qint64 pageBytes = 4096;
// Cleared for good by the first ENOSYS (a kernel or seccomp filter without the calls).
std::atomic<bool> s_batchCalls{true};

#if defined(Q_OS_LINUX)
qint64 failure(int e, int *error)
{
    if (e == EAGAIN || e == EWOULDBLOCK)
        return Net::wouldBlock;
    *error = e;
    return Net::failed;
}
#endif
} // namespace

struct DatagramBatch::Slot
{
    char *data = nullptr;
    qint64 size = 0;     // bytes in data
    qint64 fullSize = 0; // the datagram's own size
    sockaddr_storage peer{}; // where a received one came from; where a queued one goes
    int peerLength = 0;
    quint32 localIPv4 = 0; // where a received one was sent to; a queued one's source (IP_PKTINFO)
    bool hasLocal = false;
    Net::Socket socket = Net::invalidSocket; // a queued one leaves from here
    DatagramSink *sink = nullptr;
    alignas(8) char control[64]; // IP_PKTINFO, received or to send
};

struct DatagramBatch::Arrays
{
#if defined(Q_OS_LINUX)
    mmsghdr messages[capacity];
    iovec vectors[capacity];
#endif
};

DatagramBatch::DatagramBatch() : m_slots(new Slot[capacity]), m_arrays(new Arrays) {}

DatagramBatch::~DatagramBatch()
{
    if (!m_memory)
        return;
#if defined(Q_OS_LINUX)
    ::munmap(m_memory, size_t(reservedBytes()));
#else
    delete[] m_memory;
#endif
}

bool DatagramBatch::reserveSlots()
{
    // At the first receive, so a worker that serves no UDP listener reserves nothing (with
    // hundreds of workers the address space adds up: tst_preflight's ulimit -v).
#if defined(Q_OS_LINUX)
    // Reserved, not committed: the kernel backs a page when a datagram is first written to it.
    void *memory = ::mmap(nullptr, size_t(reservedBytes()), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    m_memory = memory == MAP_FAILED ? nullptr : static_cast<char *>(memory);
#else
    m_memory = new (std::nothrow) char[size_t(reservedBytes())];
#endif
    if (!m_memory)
        return false;
    for (int i = 0; i < capacity; ++i)
        m_slots[i].data = m_memory + i * slotSize;
    return true;
}

bool DatagramBatch::batchCalls()
{
#if defined(Q_OS_LINUX)
    return s_batchCalls.load(std::memory_order_relaxed);
#else
    return false;
#endif
}

void DatagramBatch::setBatchCalls(bool on)
{
    s_batchCalls.store(on, std::memory_order_relaxed);
}

DatagramBatch::Received DatagramBatch::receive(Net::Socket socket, int max, bool withDestination, int *error)
{
    Q_ASSERT(!m_flushing); // a sink does not read
    Received received;
    if (!m_memory && !reserveSlots()) {
        *error = ENOMEM; // said as the read's failure ("recvmsg() failed (12: ...)"), not a crash
        received.count = Net::failed;
        return received;
    }
    if (m_queued == capacity)
        flush();
    received.first = m_queued;
    const bool batched = batchCalls();
    const int asked = std::max(1, std::min(max, batched ? capacity - m_queued : 1));
    received.count = batched ? receiveBatch(socket, m_queued, asked, withDestination, error)
                             : receiveOne(socket, m_queued, withDestination, error);
    received.drained = received.count >= 0 && received.count < asked;
    for (qint64 i = 0; i < received.count; ++i) {
        if (m_slots[received.first + int(i)].size > pageBytes)
            m_wide = true;
    }
    return received;
}

qint64 DatagramBatch::receiveBatch(Net::Socket socket, int first, int max, bool withDestination, int *error)
{
#if defined(Q_OS_LINUX)
    mmsghdr *messages = m_arrays->messages;
    for (int i = 0; i < max; ++i) {
        Slot &slot = m_slots[first + i];
        m_arrays->vectors[i] = iovec{slot.data, size_t(slotSize)};
        msghdr &message = messages[i].msg_hdr;
        message = msghdr{};
        message.msg_name = &slot.peer;
        message.msg_namelen = sizeof(slot.peer);
        message.msg_iov = &m_arrays->vectors[i];
        message.msg_iovlen = 1;
        if (withDestination) {
            message.msg_control = slot.control;
            message.msg_controllen = sizeof(slot.control);
        }
        messages[i].msg_len = 0;
    }
    int n;
    do {
        // MSG_TRUNC: msg_len is the datagram's real size, so a cut one is seen (as recvmsg does).
        n = ::recvmmsg(socket, messages, unsigned(max), MSG_TRUNC, nullptr);
        ++m_receiveCalls;
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        if (errno == ENOSYS) {
            setBatchCalls(false);
            return receiveOne(socket, first, withDestination, error);
        }
        return failure(errno, error);
    }
    for (int i = 0; i < n; ++i) {
        Slot &slot = m_slots[first + i];
        slot.fullSize = qint64(messages[i].msg_len);
        slot.size = std::min(slot.fullSize, slotSize);
        slot.peerLength = int(messages[i].msg_hdr.msg_namelen);
        slot.hasLocal = false;
        if (withDestination)
            readDestination(first + i, &messages[i].msg_hdr);
    }
    return n;
#else
    Q_UNUSED(max);
    return receiveOne(socket, first, withDestination, error); // unreachable: batchCalls() is false
#endif
}

void DatagramBatch::readDestination(int slot, const void *header)
{
#if defined(Q_OS_LINUX)
    auto *message = static_cast<const msghdr *>(header);
    for (cmsghdr *control = CMSG_FIRSTHDR(message); control; control = CMSG_NXTHDR(const_cast<msghdr *>(message), control)) {
        if (control->cmsg_level == IPPROTO_IP && control->cmsg_type == IP_PKTINFO) {
            in_pktinfo info;
            std::memcpy(&info, CMSG_DATA(control), sizeof(info));
            m_slots[slot].localIPv4 = quint32(ntohl(info.ipi_addr.s_addr));
            m_slots[slot].hasLocal = true;
        }
    }
#else
    Q_UNUSED(slot);
    Q_UNUSED(header);
#endif
}

qint64 DatagramBatch::receiveOne(Net::Socket socket, int slot, bool withDestination, int *error)
{
    // The one-datagram path every platform has (Net::receiveDatagram: recvmsg, WSARecvMsg).
    Slot &target = m_slots[slot];
    Net::Endpoint from;
    QHostAddress to;
    qint64 fullSize = 0;
    ++m_receiveCalls;
    const qint64 n = Net::receiveDatagram(socket, target.data, slotSize, &from, withDestination ? &to : nullptr, &fullSize, error);
    if (n < 0)
        return n;
    target.size = n;
    target.fullSize = fullSize;
    target.peerLength = Net::sockaddrOf(from, &target.peer);
    target.hasLocal = !to.isNull() && to.protocol() == QAbstractSocket::IPv4Protocol;
    target.localIPv4 = target.hasLocal ? to.toIPv4Address() : 0;
    return 1;
}

const char *DatagramBatch::data(int slot) const
{
    return m_slots[slot].data;
}

qint64 DatagramBatch::size(int slot) const
{
    return m_slots[slot].size;
}

qint64 DatagramBatch::fullSize(int slot) const
{
    return m_slots[slot].fullSize;
}

Net::Endpoint DatagramBatch::source(int slot) const
{
    return Net::endpointOf(&m_slots[slot].peer);
}

QHostAddress DatagramBatch::destination(int slot) const
{
    return m_slots[slot].hasLocal ? QHostAddress(m_slots[slot].localIPv4) : QHostAddress();
}

Net::Endpoint DatagramBatch::queuedDestination(int slot) const
{
    return Net::endpointOf(&m_slots[slot].peer);
}

void DatagramBatch::queue(int slot, Net::Socket socket, const Net::Endpoint *to, const QHostAddress &from, DatagramSink *sink)
{
    Q_ASSERT(slot >= m_queued && slot < capacity);
    // Keep the queued ones at the front: the slot before it was read already and not queued.
    if (slot != m_queued)
        std::swap(m_slots[slot], m_slots[m_queued]);
    Slot &queued = m_slots[m_queued++];
    queued.peerLength = to ? Net::sockaddrOf(*to, &queued.peer) : 0;
    queued.hasLocal = !from.isNull() && from.protocol() == QAbstractSocket::IPv4Protocol;
    queued.localIPv4 = queued.hasLocal ? from.toIPv4Address() : 0;
    queued.socket = socket;
    queued.sink = sink;
}

void DatagramBatch::flush()
{
    if (m_flushing)
        return;
    m_flushing = true;
    int next = 0;
    while (next < m_queued) {
        // One sendmmsg() per run of datagrams leaving from the same socket.
        int end = next + 1;
        while (end < m_queued && m_slots[end].socket == m_slots[next].socket)
            ++end;
        while (next < end) {
            int error = 0;
            if (batchCalls()) {
                const int sent = sendBatch(next, end - next, &error);
                for (int i = next; i < next + std::max(sent, 0); ++i)
                    m_slots[i].sink->datagramSent(*this, i, m_slots[i].size, 0);
                if (sent > 0) {
                    next += sent;
                    continue;
                }
                if (sent == Net::failed && error == ENOSYS) {
                    setBatchCalls(false);
                    continue;
                }
                // The first datagram could not go: say so, as one send would, and go on with the next.
                m_slots[next].sink->datagramSent(*this, next, sent == 0 ? Net::wouldBlock : sent, error);
                ++next;
                continue;
            }
            const qint64 result = sendOne(next, &error);
            m_slots[next].sink->datagramSent(*this, next, result, error);
            ++next;
        }
    }
    m_queued = 0;
    m_flushing = false;
}

int DatagramBatch::sendBatch(int first, int count, int *error)
{
#if defined(Q_OS_LINUX)
    mmsghdr *messages = m_arrays->messages;
    for (int i = 0; i < count; ++i) {
        Slot &slot = m_slots[first + i];
        m_arrays->vectors[i] = iovec{slot.data, size_t(slot.size)};
        msghdr &message = messages[i].msg_hdr;
        message = msghdr{};
        message.msg_name = slot.peerLength ? &slot.peer : nullptr; // none: a connected socket
        message.msg_namelen = socklen_t(slot.peerLength);
        message.msg_iov = &m_arrays->vectors[i];
        message.msg_iovlen = 1;
        if (slot.hasLocal) {
            // Leave from the address the client sent to (wildcard listeners), as Net::sendDatagram.
            std::memset(slot.control, 0, sizeof(slot.control));
            message.msg_control = slot.control;
            message.msg_controllen = CMSG_SPACE(sizeof(in_pktinfo));
            cmsghdr *header = CMSG_FIRSTHDR(&message);
            header->cmsg_level = IPPROTO_IP;
            header->cmsg_type = IP_PKTINFO;
            header->cmsg_len = CMSG_LEN(sizeof(in_pktinfo));
            in_pktinfo info{};
            info.ipi_spec_dst.s_addr = htonl(slot.localIPv4);
            std::memcpy(CMSG_DATA(header), &info, sizeof(info));
        }
        messages[i].msg_len = 0;
    }
    int n;
    do {
        n = ::sendmmsg(m_slots[first].socket, messages, unsigned(count), MSG_NOSIGNAL);
        ++m_sendCalls;
    } while (n < 0 && errno == EINTR);
    return n < 0 ? int(failure(errno, error)) : n;
#else
    Q_UNUSED(first);
    Q_UNUSED(count);
    Q_UNUSED(error);
    return 0; // unreachable: batchCalls() is false
#endif
}

qint64 DatagramBatch::sendOne(int slot, int *error)
{
    const Slot &queued = m_slots[slot];
    ++m_sendCalls;
    if (queued.peerLength == 0) // a connected socket
        return Net::sendDatagram(queued.socket, queued.data, queued.size, nullptr, nullptr, error);
    const Net::Endpoint to = Net::endpointOf(&queued.peer);
    const QHostAddress from = queued.hasLocal ? QHostAddress(queued.localIPv4) : QHostAddress();
    return Net::sendDatagram(queued.socket, queued.data, queued.size, &to, &from, error);
}

void DatagramBatch::trim()
{
#if defined(Q_OS_LINUX)
    if (!m_memory)
        return;
    // The queued datagrams are sent first: their pages are about to be dropped.
    flush();
    ::madvise(m_memory, size_t(reservedBytes()), MADV_DONTNEED);
#endif
    m_wide = false;
}

qint64 DatagramBatch::residentBytes() const
{
    if (!m_memory)
        return 0;
#if defined(Q_OS_LINUX)
    const long page = ::sysconf(_SC_PAGESIZE);
    std::vector<unsigned char> pages(size_t((reservedBytes() + page - 1) / page));
    if (::mincore(m_memory, size_t(reservedBytes()), pages.data()) != 0)
        return -1;
    return qint64(std::count_if(pages.begin(), pages.end(), [](unsigned char p) { return p & 1; })) * page;
#else
    return reservedBytes();
#endif
}
