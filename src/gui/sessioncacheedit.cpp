#include "sessioncacheedit.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QSpinBox>

namespace {
const QString defaultZone = QStringLiteral("SSL");
constexpr int defaultSharedMegabytes = 10; // nginx's documentation's example, ~40,000 sessions
} // namespace

SessionCacheEdit::SessionCacheEdit(QWidget *parent)
    : QWidget(parent), m_kind(new QComboBox(this)), m_sessions(new QSpinBox(this)), m_name(new QLineEdit(this)),
      m_size(new QSpinBox(this)), m_unit(new QComboBox(this))
{
    setFocusProxy(m_kind);
    m_kind->setObjectName(QStringLiteral("sessionCacheKind"));
    m_kind->addItem(tr("Off: no session reuse"), Off);
    m_kind->addItem(tr("None: clients may reuse, nothing stored"), None);
    m_kind->addItem(tr("Built-in cache"), Builtin);
    m_kind->addItem(tr("Shared cache"), Shared);
    m_kind->addItem(tr("Built-in and shared"), BuiltinAndShared);
    m_kind->setToolTip(tr("nginx ssl_session_cache. A cached session lets a returning client skip the full handshake; "
                          "every worker of Portier is a thread of one process, so built-in and shared both serve all of them"));
    m_sessions->setObjectName(QStringLiteral("sessionCacheSessions"));
    m_sessions->setRange(0, 100000000);
    m_sessions->setSpecialValueText(tr("default size"));
    m_sessions->setSuffix(tr(" sessions"));
    m_sessions->setToolTip(tr("How many sessions the built-in cache holds (builtin:N); the default is 20480"));
    m_name->setObjectName(QStringLiteral("sessionCacheName"));
    m_name->setPlaceholderText(tr("zone name"));
    m_name->setToolTip(tr("The shared cache's name (shared:NAME:size)"));
    m_name->setMaximumWidth(fontMetrics().horizontalAdvance(u'M') * 10);
    m_size->setObjectName(QStringLiteral("sessionCacheSize"));
    m_size->setRange(1, 1 << 30);
    m_size->setToolTip(tr("The shared cache's size; one megabyte holds about 4000 sessions"));
    m_unit->setObjectName(QStringLiteral("sessionCacheUnit"));
    m_unit->addItem(tr("bytes"), QString());
    m_unit->addItem(QStringLiteral("KiB"), QStringLiteral("k"));
    m_unit->addItem(QStringLiteral("MiB"), QStringLiteral("m"));
    m_unit->addItem(QStringLiteral("GiB"), QStringLiteral("g"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    for (QWidget *field : {static_cast<QWidget *>(m_kind), static_cast<QWidget *>(m_sessions), static_cast<QWidget *>(m_name),
                           static_cast<QWidget *>(m_size), static_cast<QWidget *>(m_unit)})
        layout->addWidget(field);
    layout->addStretch();
    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
        updateFields();
        changed();
    });
    connect(m_sessions, &QSpinBox::valueChanged, this, &SessionCacheEdit::changed);
    connect(m_name, &QLineEdit::textChanged, this, &SessionCacheEdit::changed);
    connect(m_size, &QSpinBox::valueChanged, this, &SessionCacheEdit::changed);
    connect(m_unit, &QComboBox::currentIndexChanged, this, &SessionCacheEdit::changed);
    setText(QStringLiteral("none"));
}

std::optional<SessionCacheEdit::Parts> SessionCacheEdit::parse(const QString &text)
{
    const QStringList words = text.split(u' ', Qt::SkipEmptyParts);
    Parts parts;
    if (words.size() == 1 && (words.first() == u"off" || words.first() == u"none")) {
        parts.kind = words.first() == u"off" ? Off : None;
        return parts;
    }
    bool builtin = false, shared = false;
    for (const QString &word : words) {
        if (word == u"builtin" || word.startsWith(QStringLiteral("builtin:"))) {
            bool ok = true;
            const int sessions = word == u"builtin" ? 0 : word.mid(8).toInt(&ok);
            if (builtin || !ok || (word != u"builtin" && sessions < 1))
                return std::nullopt;
            builtin = true;
            parts.builtinSessions = sessions;
        } else if (word.startsWith(QStringLiteral("shared:"))) {
            const QStringList fields = word.split(u':');
            if (shared || fields.size() != 3 || fields.at(1).isEmpty() || fields.at(2).isEmpty())
                return std::nullopt;
            QString size = fields.at(2);
            const QChar last = size.back().toLower();
            parts.sharedUnit = last == u'k' || last == u'm' || last == u'g' ? QString(last) : QString();
            if (!parts.sharedUnit.isEmpty())
                size.chop(1);
            bool ok = false;
            parts.sharedSize = size.toInt(&ok);
            if (!ok || parts.sharedSize < 1 || size.startsWith(u'+'))
                return std::nullopt;
            parts.sharedName = fields.at(1);
            shared = true;
        } else {
            return std::nullopt;
        }
    }
    if (!builtin && !shared)
        return std::nullopt;
    parts.kind = builtin && shared ? BuiltinAndShared : builtin ? Builtin : Shared;
    return parts;
}

QString SessionCacheEdit::compose(const Parts &parts)
{
    const QString builtin = parts.builtinSessions > 0 ? QStringLiteral("builtin:%1").arg(parts.builtinSessions) : QStringLiteral("builtin");
    const QString shared = QStringLiteral("shared:%1:%2%3").arg(parts.sharedName).arg(parts.sharedSize).arg(parts.sharedUnit);
    switch (parts.kind) {
    case Off:
        return QStringLiteral("off");
    case None:
        return QStringLiteral("none");
    case Builtin:
        return builtin;
    case Shared:
        return shared;
    case BuiltinAndShared:
        return builtin + u' ' + shared;
    case AsWritten:
        break;
    }
    return QString();
}

SessionCacheEdit::Kind SessionCacheEdit::kind() const
{
    return Kind(m_kind->currentData().toInt());
}

SessionCacheEdit::Parts SessionCacheEdit::parts() const
{
    Parts parts;
    parts.kind = kind();
    parts.builtinSessions = m_sessions->value();
    parts.sharedName = m_name->text().trimmed();
    parts.sharedSize = m_size->value();
    parts.sharedUnit = m_unit->currentData().toString();
    return parts;
}

QString SessionCacheEdit::text() const
{
    if (kind() == AsWritten)
        return m_written;
    const QString now = compose(parts());
    // "shared:SSL:10M builtin" means what the fields show as "builtin shared:SSL:10m": keep it.
    return now == m_writtenParsed ? m_written : now;
}

void SessionCacheEdit::setText(const QString &text)
{
    m_updating = true;
    m_written = text.trimmed();
    const int asWritten = m_kind->findData(AsWritten);
    if (asWritten >= 0)
        m_kind->removeItem(asWritten);
    const std::optional<Parts> parsed = parse(m_written);
    m_writtenParsed = parsed ? compose(*parsed) : QString();
    if (parsed) {
        show(*parsed);
    } else {
        // Not a form the fields hold (or not valid at all: the validator says why).
        m_kind->addItem(tr("As written: %1").arg(m_written), AsWritten);
        m_kind->setCurrentIndex(m_kind->count() - 1);
    }
    updateFields();
    m_updating = false;
}

void SessionCacheEdit::show(const Parts &parts)
{
    m_kind->setCurrentIndex(m_kind->findData(parts.kind));
    m_sessions->setValue(parts.builtinSessions);
    const bool shared = parts.kind == Shared || parts.kind == BuiltinAndShared;
    m_name->setText(shared ? parts.sharedName : defaultZone);
    m_size->setValue(shared ? parts.sharedSize : defaultSharedMegabytes);
    m_unit->setCurrentIndex(m_unit->findData(shared ? parts.sharedUnit : QStringLiteral("m")));
}

void SessionCacheEdit::updateFields()
{
    const Kind now = kind();
    m_sessions->setVisible(now == Builtin || now == BuiltinAndShared);
    for (QWidget *field : {static_cast<QWidget *>(m_name), static_cast<QWidget *>(m_size), static_cast<QWidget *>(m_unit)})
        field->setVisible(now == Shared || now == BuiltinAndShared);
}

void SessionCacheEdit::changed()
{
    if (!m_updating)
        emit textChanged(text());
}
