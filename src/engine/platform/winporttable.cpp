#include "porttable.h"

// PortTable on Windows (porttable.h).

#if defined(Q_OS_WIN)
#include <QFileInfo>
#include <vector>
#include <winsock2.h>
#include <ws2tcpip.h>
#include <iphlpapi.h>
#include <windows.h>

namespace {

// GetExtended*Table fills a buffer whose size it says: ask, then read (the table may grow
// between the two calls, so try a few times).
template <typename Call>
std::vector<char> readTable(Call call)
{
    std::vector<char> buffer;
    for (int attempt = 0; attempt < 4; ++attempt) {
        DWORD size = DWORD(buffer.size());
        const DWORD result = call(buffer.empty() ? nullptr : buffer.data(), &size);
        if (result == NO_ERROR)
            return buffer;
        if (result != ERROR_INSUFFICIENT_BUFFER)
            break;
        buffer.resize(size + 4096);
    }
    return {};
}

bool matches(DWORD address, DWORD port, const Net::Endpoint &endpoint)
{
    if (ntohs(u_short(port)) != endpoint.port)
        return false;
    const QHostAddress local(quint32(ntohl(address)));
    const QHostAddress any(QHostAddress::AnyIPv4);
    return local == any || endpoint.address == any || local == endpoint.address;
}

std::optional<qint64> owningPid(const Net::Endpoint &endpoint, bool udp)
{
    if (udp) {
        const std::vector<char> table = readTable([](void *data, DWORD *size) {
            return GetExtendedUdpTable(data, size, FALSE, AF_INET, UDP_TABLE_OWNER_PID, 0);
        });
        if (table.empty())
            return std::nullopt;
        const auto *rows = reinterpret_cast<const MIB_UDPTABLE_OWNER_PID *>(table.data());
        for (DWORD i = 0; i < rows->dwNumEntries; ++i)
            if (matches(rows->table[i].dwLocalAddr, rows->table[i].dwLocalPort, endpoint))
                return qint64(rows->table[i].dwOwningPid);
        return std::nullopt;
    }
    const std::vector<char> table = readTable([](void *data, DWORD *size) {
        return GetExtendedTcpTable(data, size, FALSE, AF_INET, TCP_TABLE_OWNER_PID_LISTENER, 0);
    });
    if (table.empty())
        return std::nullopt;
    const auto *rows = reinterpret_cast<const MIB_TCPTABLE_OWNER_PID *>(table.data());
    for (DWORD i = 0; i < rows->dwNumEntries; ++i)
        if (matches(rows->table[i].dwLocalAddr, rows->table[i].dwLocalPort, endpoint))
            return qint64(rows->table[i].dwOwningPid);
    return std::nullopt;
}

} // namespace

std::optional<PortTable::Owner> PortTable::find(const Net::Endpoint &endpoint, bool udp)
{
    if (endpoint.address.protocol() == QAbstractSocket::IPv6Protocol)
        return std::nullopt;
    const std::optional<qint64> pid = owningPid(endpoint, udp);
    if (!pid || *pid == 0)
        return std::nullopt;
    HANDLE process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, DWORD(*pid));
    if (!process)
        return std::nullopt;
    wchar_t path[MAX_PATH * 2];
    DWORD length = DWORD(std::size(path));
    const bool named = QueryFullProcessImageNameW(process, 0, path, &length) != 0;
    CloseHandle(process);
    if (!named)
        return std::nullopt;
    // As /proc/PID/comm: the program's name without its folder and ".exe".
    return Owner{*pid, QFileInfo(QString::fromWCharArray(path, int(length))).completeBaseName()};
}
#endif
