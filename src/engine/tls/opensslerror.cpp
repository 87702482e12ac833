#include "opensslerror.h"

#include <openssl/err.h>

QString OpenSslError::take()
{
    QStringList parts;
    unsigned long code;
    while ((code = ERR_get_error()) != 0) {
        char text[256];
        ERR_error_string_n(code, text, sizeof(text));
        parts << QString::fromLatin1(text);
    }
    return parts.join(u' ');
}

QString OpenSslError::takeForLog(const QString &fallback)
{
    const QString errors = take();
    return errors.isEmpty() ? fallback : QStringLiteral("SSL: ") + errors;
}

void OpenSslError::clear()
{
    ERR_clear_error();
}
