#include "importer.h"

#include <duration.h>
#include <QDir>

// Values as nginx writes them; each reader reports what it cannot read, at the directive.

namespace NginxImport {

QString absolutePath(const QString &path, const QString &baseDirectory)
{
    if (path.isEmpty() || !QDir::isRelativePath(path))
        return path;
    return QDir::cleanPath(QDir(baseDirectory).absoluteFilePath(path));
}

std::optional<int> Importer::number(const NginxDirective &d, const QString &text, int minimum, const QString &what)
{
    bool ok = false;
    const int value = text.toInt(&ok);
    if (!ok || text.isEmpty() || !text.front().isDigit() || value < minimum) {
        report(Severity::Error, d, QStringLiteral("\"%1\" in \"%2\" is not a number of %3 or more%4")
                                       .arg(text, d.name).arg(minimum).arg(what.isEmpty() ? QString() : QStringLiteral(" (") + what + u')'));
        return std::nullopt;
    }
    return value;
}

std::optional<qint64> Importer::duration(const NginxDirective &d, const QString &text)
{
    const std::optional<qint64> value = Duration::parse(text);
    if (!value)
        report(Severity::Error, d, QStringLiteral("\"%1\" in \"%2\" is not a time; write it as nginx does, e.g. 500ms, 20s, 1m30s").arg(text, d.name));
    return value;
}

std::optional<bool> Importer::flag(const NginxDirective &d)
{
    if (d.args.size() == 1 && (d.args.first() == u"on" || d.args.first() == u"off"))
        return d.args.first() == u"on";
    report(Severity::Error, d, QStringLiteral("\"%1\" takes on or off, found \"%2\"").arg(d.name, d.args.join(u' ')));
    return std::nullopt;
}

// "name=value" parameters of server, listen and the "# portier:" comments.
bool Importer::parameter(const QString &arg, QLatin1StringView name, QString *value)
{
    if (!arg.startsWith(name) || arg.size() <= name.size() || arg.at(name.size()) != u'=')
        return false;
    *value = arg.mid(name.size() + 1);
    return true;
}

// The setters below read a one-value directive into *out and leave it as it was when the
// value cannot be read (the reason is reported).
bool Importer::single(const NginxDirective &d, const QString &what)
{
    if (d.args.size() == 1)
        return true;
    arity(d, what);
    return false;
}

void Importer::setFlag(const NginxDirective &d, bool *out)
{
    if (const std::optional<bool> value = flag(d))
        *out = *value;
}

void Importer::setTime(const NginxDirective &d, qint64 *out)
{
    if (single(d, QStringLiteral("one time, e.g. 20s")))
        if (const std::optional<qint64> ms = duration(d, d.args.first()))
            *out = *ms;
}

void Importer::setNumber(const NginxDirective &d, int *out)
{
    if (single(d, QStringLiteral("one number")))
        if (const std::optional<int> n = number(d, d.args.first(), 0))
            *out = *n;
}

void Importer::setFile(const NginxDirective &d, QString *out)
{
    if (single(d, QStringLiteral("one file")))
        *out = absolutePath(d.args.first(), m_baseDirectory);
}

void Importer::setProtocols(const NginxDirective &d, QStringList *out)
{
    if (d.args.isEmpty())
        arity(d, QStringLiteral("one or more protocols, e.g. TLSv1.2 TLSv1.3"));
    else
        *out = d.args;
}

} // namespace NginxImport
