#pragma once

#include <config.h>
#include <configissue.h>

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QSpinBox;
class QToolButton;
class QVBoxLayout;

// A listener's limits: limit_conn lines (zone and connections, added and removed), their log
// level and dry run, max_connections, and proxy_upload_rate / proxy_download_rate in nginx's
// size forms ("512k"). The zones themselves are the config's; "Zones..." asks for their
// editor (zonesRequested). GUI thread.
class LimitsEdit : public QWidget
{
    Q_OBJECT

public:
    explicit LimitsEdit(QWidget *parent = nullptr);

    void setZoneNames(const QStringList &names);
    void setLimits(const ListenerLimitsConfig &limits);
    ListenerLimitsConfig limits() const { return m_limits; }
    // Issues with paths relative to the listener ("limit_conn[0].zone", "proxy_upload_rate"):
    // marks the fields and returns the messages; *handled says which paths it showed.
    QStringList setIssues(const ConfigIssues &issues, QStringList *handled);

    int limitCount() const { return int(m_rows.size()); }
    QComboBox *zoneField(int row) const { return m_rows.at(row).zone; }
    QSpinBox *connectionsField(int row) const { return m_rows.at(row).connections; }
    QToolButton *addButton() const { return m_add; }
    QSpinBox *maxConnectionsField() const { return m_maxConnections; }
    QLineEdit *uploadRateField() const { return m_upload; }
    QLineEdit *downloadRateField() const { return m_download; }
    QCheckBox *dryRunField() const { return m_dryRun; }

signals:
    void changed(); // the user edited a limit
    void zonesRequested();

private:
    struct Row
    {
        QWidget *widget;
        QComboBox *zone;
        QSpinBox *connections;
        QToolButton *remove;
    };

    void rebuild();
    Row makeRow(int index);
    void rateEdited(QLineEdit *field, qint64 *rate);

    ListenerLimitsConfig m_limits;
    QStringList m_zoneNames;
    QList<Row> m_rows;
    QVBoxLayout *m_rowsLayout;
    QToolButton *m_add;
    QComboBox *m_logLevel;
    QCheckBox *m_dryRun;
    QSpinBox *m_maxConnections;
    QLineEdit *m_upload;
    QLineEdit *m_download;
    bool m_updating = false;
};
