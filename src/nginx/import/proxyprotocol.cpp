#include "proxyprotocol.h"
#include "importer.h"

#include <accessrules.h>

#include <QRegularExpression>

namespace ProxyProtocolImport {

Source read(const NginxDirective &d)
{
    Source result;
    if (d.args.size() != 1) {
        result.error = QStringLiteral("invalid number of arguments in \"set_real_ip_from\": it takes one address, CIDR or unix:");
        return result;
    }
    const QString &address = d.args.first();
    if (address == u"unix:") {
        result.source = address;
        return result;
    }
    const std::optional<AccessRules::Address> parsed = AccessRules::parseAddress(address);
    if (!parsed || parsed->family == AccessRules::Family::All) {
        result.error = QStringLiteral("set_real_ip_from \"%1\" is not carried over: Portier takes addresses and CIDRs only (nginx resolves a host "
                                      "name once at start); write the proxy's addresses, e.g. set_real_ip_from 10.0.0.5;").arg(address);
        return result;
    }
    if (parsed->hostBitsSet)
        result.warning = QStringLiteral("low address bits of %1 are meaningless; nginx and Portier match it without them").arg(address);
    result.source = address;
    return result;
}

QList<NginxDirective> effectiveSources(const QList<NginxDirective> &server, const QList<NginxDirective> &stream)
{
    QList<NginxDirective> own;
    for (const NginxDirective &d : server) {
        if (!d.isComment && !d.isBlock && isRealIpFrom(d.name))
            own << d;
    }
    return own.isEmpty() ? stream : own;
}

QString listenError(bool udp, bool proxyProtocol)
{
    if (udp && proxyProtocol)
        return QStringLiteral("\"proxy_protocol\" parameter is incompatible with \"udp\" (nginx refuses it too); remove one of them");
    return QString();
}

} // namespace ProxyProtocolImport

namespace NginxImport {

void Importer::readRealIpFrom(const QList<NginxDirective> &sources, ListenerConfig *listener)
{
    for (const NginxDirective &d : sources) {
        const ProxyProtocolImport::Source read = ProxyProtocolImport::read(d);
        // A source nginx takes but Portier cannot: losing it matters only where PROXY headers
        // are read (realip does nothing elsewhere), and there it would judge access rules and
        // limits by the proxy's address instead of the client's.
        // nginx refuses a wrong arity, and an address-like text that is no address (it tries it
        // as a host name, which cannot resolve): errors wherever they are.
        static const QRegularExpression addressLike(QStringLiteral("^[0-9.]+(/.*)?$|:"));
        const bool refusedByNginx = d.args.size() != 1 || addressLike.match(d.args.first()).hasMatch();
        const bool matters = refusedByNginx || (listener && listener->proxyProtocol.accept);
        if (!read.error.isEmpty())
            report(matters ? Severity::Error : Severity::Warning, d,
                   matters || !listener ? read.error : read.error + QStringLiteral(" (this listener reads no PROXY headers, so nothing changes)"));
        if (!read.warning.isEmpty())
            report(Severity::Warning, d, read.warning);
        if (read.source && listener)
            listener->proxyProtocol.trustedSources << *read.source;
    }
}

} // namespace NginxImport
