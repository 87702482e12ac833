#pragma once

#include <sessioninfo.h>

#include <QAbstractTableModel>
#include <QHash>
#include <QTimer>
#include <deque>
#include <memory>
#include <vector>

// The engine's live sessions, one row each, kept up to date from the workers' batches
// (InstanceController::sessionsChanged: this computer's engine or a remote portierd) without ever resetting: rows are inserted, changed and
// removed as the batches say. A batch is applied in steps of at most rowsPerStep rows per
// turn of the event loop, so 10,000 sessions arriving at once never hold the window for long.
// Age and idle time advance with each batch's clock (one dataChanged for those two columns,
// display role only, so a sort by them, which sorts by start and last activity, is kept).
// SortRole gives numbers as numbers. GUI thread.
class ConnectionsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        Number, Protocol, Client, Listener, Group, Server, State, Tls, ServerName, FromClient, ToClient, UploadRate, DownloadRate,
        Age, Idle, ColumnCount
    };
    static constexpr int SortRole = Qt::UserRole;
    static constexpr int NumberRole = Qt::UserRole + 1; // the session's *N, in every column
    static constexpr int rowsPerStep = 1000;
    // Removals are scattered (sessions end in any order) and each run of rows costs a proxy
    // model a pass over its rows: fewer per turn.
    static constexpr int removalsPerStep = 25;

    explicit ConnectionsModel(QObject *parent = nullptr);

    void applyBatch(const SessionBatch &batch);
    void clear(); // the engine stopped (no session is left), or another instance is shown
    // The engine's clock moved (each stats snapshot): age and idle time are repainted even
    // when no session changed, and so no batch came.
    void setNowMs(qint64 nowMs);
    bool isCaughtUp() const { return m_queue.empty(); }

    const SessionInfo &sessionAt(int row) const { return *m_rows.at(size_t(row)); }
    int rowOf(quint64 number) const { return m_index.value(number, -1); }
    qint64 nowMs() const { return m_nowMs; }

    static QString stateText(const QString &key);
    static QString endText(SessionEnd end);
    static QString rateText(double bytesPerSecond);
    // A column's text for a session (age and idle time as of nowMs), and its header; the
    // recently closed table shows the same columns the same way.
    static QString sessionText(const SessionInfo &session, int column, qint64 nowMs);
    static QString headerText(int column);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

signals:
    void sessionsClosed(const QList<ClosedSession> &closed); // for the recently closed list
    void caughtUp();                                          // every batch received is applied

private:
    struct Pending
    {
        SessionBatch batch;
        bool prepared = false;
        std::vector<quint64> removals;
        qsizetype removed = 0;  // how many of removals are done
        qsizetype inserted = 0; // how many of batch.added are done
    };
    void step();
    int prepare(Pending &pending);
    int removeSome(Pending &pending, int budget);
    int insertSome(Pending &pending, int budget);
    void update(const QList<SessionInfo> &sessions);
    void reindexFrom(int row);
    QVariant sortValue(const SessionInfo &session, int column) const;

    std::vector<std::unique_ptr<SessionInfo>> m_rows;
    QHash<quint64, int> m_index; // number -> row
    std::deque<Pending> m_queue;
    QTimer m_stepTimer;
    qint64 m_nowMs = 0;
    bool m_ticked = false; // the clock moved: age and idle need painting
};
