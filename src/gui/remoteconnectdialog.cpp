#include "remoteconnectdialog.h"

#include "remoteendpoint.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

RemoteConnectDialog::RemoteConnectDialog(QWidget *parent)
    : QDialog(parent), m_address(new QLineEdit(this)), m_token(new QLineEdit(this)), m_error(new QLabel(this))
{
    setWindowTitle(tr("Connect to portierd"));
    m_address->setObjectName(QStringLiteral("remoteAddress"));
    m_address->setPlaceholderText(QStringLiteral("https://10.0.0.5:8081"));
    m_token->setObjectName(QStringLiteral("remoteToken"));
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(tr("from portierd --new-api-token NAME --write"));
    m_error->setObjectName(QStringLiteral("remoteError"));
    m_error->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_error->setWordWrap(true);
    m_error->hide();

    auto *intro = new QLabel(tr("Show and steer a portierd through its control API (its config's \"api\" section). "
                                "The token is kept in memory until Portier quits; it is never saved."),
                             this);
    intro->setWordWrap(true);
    auto *form = new QFormLayout;
    form->addRow(tr("&Address:"), m_address);
    form->addRow(tr("&Token:"), m_token);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Connect"));
    connect(buttons, &QDialogButtonBox::accepted, this, &RemoteConnectDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    resize(460, sizeHint().height());
}

QString RemoteConnectDialog::address() const
{
    return m_address->text().trimmed();
}

QByteArray RemoteConnectDialog::token() const
{
    return m_token->text().trimmed().toUtf8();
}

void RemoteConnectDialog::accept()
{
    QString error;
    if (!RemoteEndpoint::parse(address(), &error)) {
        m_error->setText(error);
        m_error->show();
        m_address->setFocus();
        return;
    }
    QDialog::accept();
}
