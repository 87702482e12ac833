#pragma once

#include <config.h>
#include <configissue.h>

#include <QWidget>

class QComboBox;
class QLineEdit;

// A listener's access_log: the file (empty: off), the log format chosen from the config's
// log_formats ("Formats..." asks for their editor: formatsRequested), and buffer, flush and
// if= in nginx's forms ("32k", "5s", "$upstream_addr"). GUI thread.
class AccessLogEdit : public QWidget
{
    Q_OBJECT

public:
    explicit AccessLogEdit(QWidget *parent = nullptr);

    void setFormatNames(const QStringList &names);
    void setLog(const AccessLogConfig &log);
    AccessLogConfig log() const { return m_log; }
    // Issues with paths relative to the listener ("access_log.format"): marks the fields and
    // returns the messages; *handled says which paths it showed.
    QStringList setIssues(const ConfigIssues &issues, QStringList *handled);

    QLineEdit *pathField() const { return m_path; }
    QComboBox *formatField() const { return m_format; }
    QLineEdit *bufferField() const { return m_buffer; }
    QLineEdit *flushField() const { return m_flush; }
    QLineEdit *conditionField() const { return m_condition; }

signals:
    void changed(); // the user edited the access log
    void formatsRequested();

private:
    void edited();

    AccessLogConfig m_log;
    QLineEdit *m_path;
    QComboBox *m_format;
    QLineEdit *m_buffer;
    QLineEdit *m_flush;
    QLineEdit *m_condition;
    bool m_updating = false;
};
