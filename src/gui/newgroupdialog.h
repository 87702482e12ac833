#pragma once

#include <config.h>

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;

// "New group…" beside a listener's Forward to: asks a name and a first server for an upstream
// group, checked by the one validator as they are typed (a taken or unusable name, a bad
// address keeps OK off and says why). withGroup() is the config with the group added and the
// listener forwarding to it, for one undoable edit. GUI thread.
class NewGroupDialog : public QDialog
{
    Q_OBJECT

public:
    NewGroupDialog(const Config &config, int listener, QWidget *parent = nullptr);

    void setName(const QString &name);
    void setServer(const QString &address);
    QString problem() const; // why OK is off; empty when it is on
    Config withGroup() const;
    QString name() const;

    static QString unusedName(const Config &config, const QString &base);

private:
    void check();

    Config m_config;
    int m_listener;
    QLineEdit *m_name;
    QLineEdit *m_server;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
};
