#pragma once

#include <QWidget>
#include <optional>

class QCheckBox;
class QLineEdit;

// A listener's "return" (ngx_stream_return_module): answer every client with a text, which may
// hold variables ($remote_addr, a map's $variable), and close, instead of forwarding. The text
// is edited on one line with nginx's escapes (\n, \r, \t, \\). GUI thread.
class ReturnTextEdit : public QWidget
{
    Q_OBJECT

public:
    explicit ReturnTextEdit(QWidget *parent = nullptr);

    void setText(const std::optional<QString> &text);
    std::optional<QString> text() const; // nullopt: forward as usual

    QCheckBox *check() const { return m_check; }
    QLineEdit *edit() const { return m_edit; }

    static QString escaped(const QString &text);
    static QString unescaped(const QString &line);

signals:
    void changed(); // the user edited a field

private:
    QCheckBox *m_check;
    QLineEdit *m_edit;
    bool m_updating = false;
};
