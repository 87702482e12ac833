#pragma once

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;

// File > Connect to portierd…: the API's address and a token. The token field hides what is
// typed; the token is handed to the RemoteController and kept in memory for this session
// only (never in the settings or any file). GUI thread.
class RemoteConnectDialog : public QDialog
{
    Q_OBJECT

public:
    explicit RemoteConnectDialog(QWidget *parent = nullptr);

    QString address() const;
    QByteArray token() const;
    QLineEdit *addressEdit() const { return m_address; }
    QLineEdit *tokenEdit() const { return m_token; }

    void accept() override; // refuses an address that does not read, naming it

private:
    QLineEdit *m_address;
    QLineEdit *m_token;
    QLabel *m_error;
};
