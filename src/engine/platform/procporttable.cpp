#include "porttable.h"

// PortTable on Linux and every system but Windows (porttable.h).
#if defined(Q_OS_LINUX)
#include <QDir>
#include <QFile>
#include <QSet>
#include <QtEndian>

namespace {

// Bounds the walk over /proc: a message is not worth more than a short scan.
constexpr int maximumProcesses = 8192;
constexpr qint64 maximumTableBytes = 4 * 1024 * 1024;

// /proc/net/tcp writes an IPv4 address as the 32-bit word in host order, in hex.
std::optional<QHostAddress> ipv4FromProc(const QByteArray &hex)
{
    bool ok = false;
    const quint32 word = hex.toUInt(&ok, 16);
    if (!ok || hex.size() != 8)
        return std::nullopt;
    // The word holds the address's bytes (network order) as they lie in memory.
    return QHostAddress(qFromBigEndian<quint32>(&word));
}

// The socket inodes in one /proc/net table bound to the port (and listening, for TCP).
QSet<QByteArray> socketInodes(const QString &table, const Net::Endpoint &endpoint, bool udp)
{
    QSet<QByteArray> inodes;
    QFile file(table);
    if (!file.open(QIODevice::ReadOnly))
        return inodes;
    const QList<QByteArray> lines = file.read(maximumTableBytes).split('\n');
    constexpr char tcpListen[] = "0A";
    constexpr char udpUnconnected[] = "07";
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QList<QByteArray> fields = lines.at(i).simplified().split(' ');
        if (fields.size() < 10 || fields.at(3) != (udp ? udpUnconnected : tcpListen))
            continue;
        const QList<QByteArray> local = fields.at(1).split(':');
        bool ok = false;
        if (local.size() != 2 || local.at(1).toUInt(&ok, 16) != endpoint.port || !ok)
            continue;
        if (const auto address = ipv4FromProc(local.at(0))) {
            const bool wildcard = *address == QHostAddress(QHostAddress::AnyIPv4) || endpoint.address == QHostAddress(QHostAddress::AnyIPv4);
            if (!wildcard && *address != endpoint.address)
                continue;
        }
        inodes.insert("socket:[" + fields.at(9) + ']');
    }
    return inodes;
}

} // namespace

std::optional<PortTable::Owner> PortTable::find(const Net::Endpoint &endpoint, bool udp)
{
    const bool v6 = endpoint.address.protocol() == QAbstractSocket::IPv6Protocol;
    const QString table = QStringLiteral("/proc/net/") + (udp ? QStringLiteral("udp") : QStringLiteral("tcp")) + (v6 ? QStringLiteral("6") : QString());
    const QSet<QByteArray> inodes = socketInodes(table, endpoint, udp);
    if (inodes.isEmpty())
        return std::nullopt;
    const QStringList pids = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    int scanned = 0;
    for (const QString &pid : pids) {
        bool numeric = false;
        const qint64 id = pid.toLongLong(&numeric);
        if (!numeric)
            continue;
        if (++scanned > maximumProcesses)
            break;
        const QDir fds(QStringLiteral("/proc/%1/fd").arg(pid));
        for (const QString &fd : fds.entryList(QDir::Files | QDir::System | QDir::NoDotAndDotDot)) {
            if (!inodes.contains(QFile::symLinkTarget(fds.filePath(fd)).section(u'/', -1).toUtf8()))
                continue;
            QFile comm(QStringLiteral("/proc/%1/comm").arg(pid));
            const QString name = comm.open(QIODevice::ReadOnly) ? QString::fromUtf8(comm.read(256)).trimmed() : QStringLiteral("unknown");
            return Owner{id, name};
        }
    }
    return std::nullopt;
}
#elif !defined(Q_OS_WIN)
std::optional<PortTable::Owner> PortTable::find(const Net::Endpoint &, bool)
{
    return std::nullopt;
}
#endif
