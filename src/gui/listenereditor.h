#pragma once

#include <config.h>
#include <configissue.h>

#include <QWidget>
#include <memory>

namespace Ui {
class ListenerEditor;
}

// Edits one ListenerConfig: address and port (this machine's addresses offered), protocol,
// target group, timeouts with units, access rules, TLS, failover and the enabled switch.
// Settings it has no field for are kept as they came. GUI thread.
class ListenerEditor : public QWidget
{
    Q_OBJECT

public:
    explicit ListenerEditor(QWidget *parent = nullptr);
    ~ListenerEditor() override;

    // Choices offered: upstream group names for "Forward to", certificate names for TLS.
    void setChoices(const QStringList &groups, const QStringList &certificates);
    void setListener(const ListenerConfig &listener);
    ListenerConfig listener() const;
    // Issues with paths relative to the listener ("listen", "ssl.certificate").
    void setIssues(const ConfigIssues &issues);

    static QStringList localAddresses();

signals:
    // The user changed a field; key is its config name (for undo merging).
    void edited(const QString &key);

private:
    void updateEnabledFields();

    std::unique_ptr<Ui::ListenerEditor> m_ui;
    ListenerConfig m_listener; // what setListener() gave: fields without a widget come from here
    bool m_updating = false;
};
