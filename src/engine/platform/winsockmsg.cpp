#include "winsockmsg.h"

#if defined(Q_OS_WIN)
#include <QHostAddress>
#include <atomic>
#include <cstring>
#include <mswsock.h>
#include <ws2tcpip.h>

namespace {

// The same function for every socket of the provider: fetched once, from the first socket.
LPFN_WSARECVMSG recvMsgFunction(SOCKET socket)
{
    static std::atomic<LPFN_WSARECVMSG> cached{nullptr};
    LPFN_WSARECVMSG function = cached.load(std::memory_order_acquire);
    if (!function) {
        GUID id = WSAID_WSARECVMSG;
        DWORD returned = 0;
        if (WSAIoctl(socket, SIO_GET_EXTENSION_FUNCTION_POINTER, &id, sizeof(id), &function, sizeof(function), &returned, nullptr, nullptr) != 0)
            return nullptr;
        cached.store(function, std::memory_order_release);
    }
    return function;
}

} // namespace

int WinsockMsg::receive(SOCKET socket, char *data, int size, sockaddr_storage *peer, QHostAddress *to)
{
    *to = QHostAddress();
    const LPFN_WSARECVMSG recvMsg = recvMsgFunction(socket);
    if (!recvMsg) {
        int length = sizeof(*peer);
        return ::recvfrom(socket, data, size, 0, reinterpret_cast<sockaddr *>(peer), &length);
    }
    WSABUF buffer{ULONG(size), data};
    alignas(WSACMSGHDR) char control[WSA_CMSG_SPACE(sizeof(IN_PKTINFO)) + 64];
    WSAMSG message{};
    message.name = reinterpret_cast<sockaddr *>(peer);
    message.namelen = sizeof(*peer);
    message.lpBuffers = &buffer;
    message.dwBufferCount = 1;
    message.Control.buf = control;
    message.Control.len = sizeof(control);
    DWORD received = 0;
    if (recvMsg(socket, &message, &received, nullptr, nullptr) != 0)
        return SOCKET_ERROR;
    for (WSACMSGHDR *header = WSA_CMSG_FIRSTHDR(&message); header; header = WSA_CMSG_NXTHDR(&message, header)) {
        if (header->cmsg_level == IPPROTO_IP && header->cmsg_type == IP_PKTINFO) {
            IN_PKTINFO info;
            std::memcpy(&info, WSA_CMSG_DATA(header), sizeof(info));
            to->setAddress(quint32(ntohl(info.ipi_addr.s_addr)));
        }
    }
    return int(received);
}

int WinsockMsg::send(SOCKET socket, const char *data, int size, const sockaddr *peer, int peerLength, const QHostAddress &from)
{
    if (from.isNull() || from.protocol() != QAbstractSocket::IPv4Protocol)
        return ::sendto(socket, data, size, 0, peer, peerLength);
    WSABUF buffer{ULONG(size), const_cast<char *>(data)};
    alignas(WSACMSGHDR) char control[WSA_CMSG_SPACE(sizeof(IN_PKTINFO))] = {};
    WSAMSG message{};
    message.name = const_cast<sockaddr *>(peer);
    message.namelen = peerLength;
    message.lpBuffers = &buffer;
    message.dwBufferCount = 1;
    message.Control.buf = control;
    message.Control.len = sizeof(control);
    WSACMSGHDR *header = WSA_CMSG_FIRSTHDR(&message);
    header->cmsg_level = IPPROTO_IP;
    header->cmsg_type = IP_PKTINFO;
    header->cmsg_len = WSA_CMSG_LEN(sizeof(IN_PKTINFO));
    IN_PKTINFO info{};
    info.ipi_addr.s_addr = htonl(from.toIPv4Address());
    std::memcpy(WSA_CMSG_DATA(header), &info, sizeof(info));
    DWORD sent = 0;
    if (WSASendMsg(socket, &message, 0, &sent, nullptr, nullptr) != 0)
        return SOCKET_ERROR;
    return int(sent);
}
#endif
