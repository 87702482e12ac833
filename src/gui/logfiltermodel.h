#pragma once

#include <errorlog.h>

#include <QSortFilterProxyModel>

// What of the log the view shows: lines at a level or more severe, containing a text (any
// case, anywhere in the line as written), and about one connection (0: all). Sits on a
// LogModel. GUI thread.
class LogFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit LogFilterModel(QObject *parent = nullptr);

    void setLevel(ErrorLog::Level level); // this level and every more severe one
    ErrorLog::Level level() const { return m_level; }
    void setText(const QString &text);
    QString text() const { return m_text; }
    void setConnection(quint64 connection);
    quint64 connection() const { return m_connection; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    ErrorLog::Level m_level = ErrorLog::Level::Debug;
    QString m_text;
    quint64 m_connection = 0;
};
