// libFuzzer target: the PROXY protocol parser, as the engine runs it on the first bytes of
// every connection to a "listen ... proxy_protocol" listener, from anyone on the network.
// Any input must give a verdict, never a crash or a sanitizer report, and the verdicts must
// agree with each other: a header is whole at exactly one length (every shorter prefix asks
// for more), never past nginx's 107 bytes, and asking for more never happens at 107.

#include <proxyprotocol.h>

#include <cstdint>
#include <cstdlib>

namespace {
void check(bool condition)
{
    if (!condition)
        std::abort();
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using Status = ProxyProtocol::Result::Status;
    const char *text = reinterpret_cast<const char *>(data);
    const ProxyProtocol::Result result = ProxyProtocol::parse(text, qsizetype(size));
    switch (result.status) {
    case Status::NeedMore:
        check(qsizetype(size) < ProxyProtocol::maxHeaderSize);
        break;
    case Status::Malformed:
        check(!result.error.isEmpty());
        break;
    case Status::Done:
        check(result.consumed > 0 && result.consumed <= qsizetype(size) && result.consumed <= ProxyProtocol::maxHeaderSize);
        // The header alone reads the same; each shorter prefix asks for more.
        check(ProxyProtocol::parse(text, result.consumed).addresses == result.addresses);
        for (qsizetype prefix = 0; prefix < result.consumed; ++prefix)
            check(ProxyProtocol::parse(text, prefix).status == Status::NeedMore);
        break;
    }
    // The address printer takes any 4 or 16 bytes.
    if (size >= 16)
        check(!ProxyProtocol::formatAddress(data, 16).isEmpty());
    return 0;
}
