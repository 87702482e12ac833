#pragma once

#include <config.h>

#include <QDialog>

class QLabel;
class QTableWidget;

// Edits the config's log formats (log_format): name, escaping (default, json, none) and the
// line's text with variables, one per row. OK checks them as nginx -t would (an unknown
// variable, a name used twice) and stays open with the reason while one is wrong. GUI thread.
class LogFormatsDialog : public QDialog
{
    Q_OBJECT

public:
    explicit LogFormatsDialog(const QList<LogFormatConfig> &formats, QWidget *parent = nullptr);

    QList<LogFormatConfig> formats() const { return m_formats; }
    QTableWidget *table() const { return m_table; }
    QLabel *errorLabel() const { return m_error; }

    void accept() override;

private:
    void addRow(const LogFormatConfig &format);

    QTableWidget *m_table;
    QLabel *m_error;
    QList<LogFormatConfig> m_formats;
};
