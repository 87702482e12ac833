#include "nginxversion.h"

#include <QStringList>

std::optional<NginxVersion> NginxVersion::parse(const QString &text, QString *error)
{
    const QStringList parts = text.trimmed().split(u'.');
    int numbers[3] = {0, 0, 0};
    bool valid = parts.size() == 2 || parts.size() == 3;
    for (qsizetype i = 0; valid && i < parts.size(); ++i) {
        bool ok = false;
        numbers[i] = parts.at(i).toInt(&ok);
        valid = ok && !parts.at(i).isEmpty() && parts.at(i).front().isDigit() && numbers[i] >= 0 && numbers[i] < 1000;
    }
    if (!valid || numbers[0] < 1) {
        if (error)
            *error = QStringLiteral("\"%1\" is not an nginx version; write it as nginx -v prints it, e.g. 1.22 or 1.24.0").arg(text);
        return std::nullopt;
    }
    return NginxVersion(numbers[0], numbers[1], numbers[2]);
}

QString NginxVersion::toString() const
{
    QString text = QString::number(m_major) + u'.' + QString::number(m_minor);
    if (m_patch != 0)
        text += u'.' + QString::number(m_patch);
    return text;
}

std::optional<NginxVersion> NginxVersion::introducedIn(Feature feature)
{
    switch (feature) {
    case Feature::ProxyRequests: return NginxVersion(1, 15, 7);
    case Feature::ProxyHalfClose: return NginxVersion(1, 21, 4);
    case Feature::ServerResolve: return NginxVersion(1, 27, 3);
    case Feature::LeastTime: return NginxVersion(1, 31);
    case Feature::ActiveHealthChecks: return std::nullopt;
    }
    return std::nullopt;
}

bool NginxVersion::supports(Feature feature) const
{
    const std::optional<NginxVersion> since = introducedIn(feature);
    return since && *this >= *since;
}
