#pragma once

#include <config.h>

#include <QDialog>

class QLabel;
class QTableWidget;

// Edits the config's limit_conn zones: name, key (nginx variables such as
// $binary_remote_addr) and size ("10m"), one per row. OK checks them as nginx -t would
// (a key with an unknown variable, a size under 32k, a name used twice) and stays open with
// the reason while one is wrong. GUI thread.
class ConnectionZonesDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ConnectionZonesDialog(const QList<ConnectionZoneConfig> &zones, QWidget *parent = nullptr);

    QList<ConnectionZoneConfig> zones() const { return m_zones; }
    QTableWidget *table() const { return m_table; }
    QLabel *errorLabel() const { return m_error; }

    void accept() override;

private:
    void addRow(const ConnectionZoneConfig &zone);

    QTableWidget *m_table;
    QLabel *m_error;
    QList<ConnectionZoneConfig> m_zones;
};
