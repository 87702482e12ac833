#include "bindfailure.h"

#include "portowner.h"

#include <QCoreApplication>
#include <QDir>

namespace {

// nginx's examples move a privileged port up by 8000 (80 -> 8080, 443 -> 8443).
constexpr int suggestedOffset = 8000;
// How many ports freePortAbove() tries before it gives up: a message is not worth a scan.
constexpr int portsTried = 32;

QString administratorHint(const Net::Endpoint &endpoint, bool udp)
{
    const int limit = Net::unprivilegedPortStart();
    const QString program = QDir::toNativeSeparators(QCoreApplication::applicationFilePath());
    QString hint = QStringLiteral(": ports below %1 need administrator rights; run as root, give the program the right to bind them "
                                  "(setcap 'cap_net_bind_service=+ep' %2, or CAP_NET_BIND_SERVICE in its systemd unit), "
                                  "or run the installed service (systemctl start portierd), which has it")
                       .arg(limit).arg(program.isEmpty() ? QStringLiteral("/usr/bin/portierd") : program);
    if (const quint16 port = BindFailure::freePortAbove(endpoint, udp))
        hint += QStringLiteral("; or listen on a port above %1, e.g. %2 (free now)").arg(limit - 1).arg(port);
    else
        hint += QStringLiteral("; or listen on a port above %1").arg(limit - 1);
    return hint;
}

} // namespace

BindFailure::Kind BindFailure::classify(const QString &call, int error, quint16 port)
{
    if (call.startsWith(QLatin1StringView("setsockopt")))
        return Kind::SocketOption;
    if (Net::isAddressInUse(error))
        return Kind::InUse;
    if (Net::isAddressNotAvailable(error))
        return Kind::NotOnThisMachine;
    if (Net::isPermissionDenied(error))
        return port != 0 && port < Net::unprivilegedPortStart() ? Kind::PrivilegedPort : Kind::Refused;
    return Kind::Other;
}

quint16 BindFailure::freePortAbove(const Net::Endpoint &endpoint, bool udp)
{
    const int limit = Net::unprivilegedPortStart();
    int candidate = endpoint.port + suggestedOffset;
    if (candidate < limit || candidate > 65535)
        candidate = qMax(limit, 1024) + endpoint.port % 1000; // still near the wanted port
    for (int i = 0; i < portsTried && candidate + i <= 65535; ++i) {
        Net::Endpoint trial = endpoint;
        trial.port = quint16(candidate + i);
        int error = 0;
        const Net::Socket socket = udp ? Net::bindUdp(trial, &error) : Net::listenTcp(trial, 1, &error);
        if (socket != Net::invalidSocket) {
            Net::close(socket);
            return trial.port;
        }
    }
    return 0;
}

QString BindFailure::describe(const QString &call, int error, const Net::Endpoint &endpoint, bool udp)
{
    const QString where = endpoint.toString() + (udp ? QStringLiteral(" (udp)") : QString());
    // nginx's words first, then the cause and what to do.
    QString message = QStringLiteral("%1 to %2 failed (%3)").arg(call.isEmpty() ? QStringLiteral("bind()") : call, where, Net::errorString(error));
    switch (classify(call, error, endpoint.port)) {
    case Kind::SocketOption:
        return message + QStringLiteral("; this system refuses the listener's socket option: change or remove it in the listener's socket settings");
    case Kind::InUse:
        if (const auto owner = PortOwner::find(endpoint, udp))
            return message + QStringLiteral(": the port is in use by another program (%1); stop it or choose another port").arg(owner->toString());
        return message + QStringLiteral(": the port is in use by another program; stop it or choose another port");
    case Kind::PrivilegedPort:
        return message + administratorHint(endpoint, udp);
    case Kind::NotOnThisMachine:
        return message + QStringLiteral(": %1 is not an address of this machine; listen on one of its addresses, e.g. 127.0.0.1, "
                                        "or 0.0.0.0 for all of them").arg(endpoint.address.toString());
    case Kind::Refused:
#if defined(Q_OS_WIN)
        return message + QStringLiteral(": Windows keeps this port for itself or for a program's exclusive use (netsh interface ipv4 show "
                                        "excludedportrange protocol=%1 lists the reserved ones); choose another port").arg(udp ? QStringLiteral("udp") : QStringLiteral("tcp"));
#else
        return message + QStringLiteral(": this user may not bind it (a security policy such as SELinux or AppArmor may refuse it); "
                                        "choose another port or ask the administrator");
#endif
    case Kind::Other:
        break;
    }
    return message + QStringLiteral("; check that the address belongs to this machine and that you may use the port");
}
