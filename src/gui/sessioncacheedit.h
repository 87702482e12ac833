#pragma once

#include <QWidget>
#include <optional>

class QComboBox;
class QLineEdit;
class QSpinBox;

// ssl_session_cache chosen rather than typed: off, none, builtin (with an optional number of
// sessions), shared:NAME:SIZE (name and size with a unit), or builtin and shared together,
// the forms ConfigValidator::sessionCacheSessions accepts. A value it cannot show in those
// fields (two shared zones) is kept as written, as an entry of its own, until the user picks
// another kind. text() gives back what setText() got while the choice means the same.
// GUI thread.
class SessionCacheEdit : public QWidget
{
    Q_OBJECT

public:
    enum Kind { Off, None, Builtin, Shared, BuiltinAndShared, AsWritten };

    explicit SessionCacheEdit(QWidget *parent = nullptr);

    QString text() const;
    void setText(const QString &text);
    Kind kind() const;

    // The parts of a value as the fields show them; nullopt for one they cannot.
    struct Parts
    {
        Kind kind = None;
        int builtinSessions = 0; // 0: builtin's default size
        QString sharedName;
        int sharedSize = 0;
        QString sharedUnit; // "", "k", "m" or "g", as Size::parse reads them
    };
    static std::optional<Parts> parse(const QString &text);
    static QString compose(const Parts &parts);

signals:
    void textChanged(const QString &text);

private:
    Parts parts() const;
    void show(const Parts &parts);
    void updateFields();
    void changed();

    QComboBox *m_kind;
    QSpinBox *m_sessions;
    QLineEdit *m_name;
    QSpinBox *m_size;
    QComboBox *m_unit;
    QString m_written;       // as setText() got it
    QString m_writtenParsed; // compose(parse(m_written)): what the fields give for it
    bool m_updating = false;
};
