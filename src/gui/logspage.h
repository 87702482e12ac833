#pragma once

#include "logentry.h"

#include <QPointer>
#include <QWidget>
#include <memory>

class InstanceController;
class LogFeed;
class LogFilterModel;
class LogModel;

namespace Ui {
class LogsPage;
}

// The error log of the instance shown, live in the window: the same lines the log file gets, with a level filter,
// a text search, a connection filter (a click on a "*N" fills it in), pause (new lines are
// held and counted until resume), copy of the selected lines and save of the lines shown.
// Keeps the latest LogModel::defaultCapacity lines. GUI thread.
class LogsPage : public QWidget
{
    Q_OBJECT

public:
    explicit LogsPage(QWidget *parent = nullptr);
    ~LogsPage() override;

    // Shows this log's lines from now on (an engine's in this process; null: none).
    void attach(std::shared_ptr<ErrorLog> log);
    // Shows the lines of the instance the window shows (InstanceController::watchLog): the
    // lines shown so far are cleared; a remote portierd's come with those it keeps.
    void setController(InstanceController *controller);

    LogModel *model() const { return m_model; }
    LogFilterModel *filter() const { return m_filter; }
    bool isPaused() const;
    int heldLines() const { return int(m_held.size()); }
    QStringList shownLines() const;    // as written to the file, after filtering
    QStringList selectedLines() const;
    bool saveShown(const QString &path, QString *error) const;
    QString statusText() const;

public slots:
    // Shows only this connection's lines (0: every line), e.g. from a connections view.
    void showConnection(quint64 connection);
    void setPaused(bool paused);
    void copySelected();
    void saveWithDialog();
    void clear();

private:
    void addLines(const QList<LogEntry> &lines, quint64 dropped);
    void applyConnectionText();
    void updateStatus();

    std::unique_ptr<Ui::LogsPage> m_ui;
    LogFeed *m_feed;
    QPointer<InstanceController> m_controller;
    QMetaObject::Connection m_controllerLines;
    LogModel *m_model;
    LogFilterModel *m_filter;
    QList<LogEntry> m_held; // while paused
    quint64 m_heldDropped = 0;
    quint64 m_lost = 0;     // lines the feed dropped because the window fell behind
};
