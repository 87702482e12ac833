#include "tlslibrary.h"

#include <openssl/crypto.h>
#include <openssl/opensslv.h>

QString TlsLibrary::runtimeVersion()
{
    return QString::fromLatin1(OpenSSL_version(OPENSSL_VERSION_STRING));
}

QString TlsLibrary::buildVersion()
{
    return QStringLiteral(OPENSSL_VERSION_STR);
}
