#include "newgroupdialog.h"

#include <configvalidator.h>

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

NewGroupDialog::NewGroupDialog(const Config &config, int listener, QWidget *parent)
    : QDialog(parent), m_config(config), m_listener(listener), m_name(new QLineEdit(this)), m_server(new QLineEdit(this)),
      m_problem(new QLabel(this)), m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("New upstream group"));
    m_name->setObjectName(QStringLiteral("nameEdit"));
    m_server->setObjectName(QStringLiteral("serverEdit"));
    m_problem->setObjectName(QStringLiteral("problemLabel"));
    m_problem->setWordWrap(true);
    m_problem->setForegroundRole(QPalette::PlaceholderText);
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("The listener forwards to the new group. Add more servers and choose how they share the "
                                "connections on the Upstream groups page."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("First &server:"), m_server);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);
    m_name->setText(unusedName(config, QStringLiteral("backend")));
    m_server->setText(QStringLiteral("127.0.0.1:8080"));
    m_server->setPlaceholderText(tr("host:port"));
    connect(m_name, &QLineEdit::textChanged, this, &NewGroupDialog::check);
    connect(m_server, &QLineEdit::textChanged, this, &NewGroupDialog::check);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    check();
}

QString NewGroupDialog::unusedName(const Config &config, const QString &base)
{
    QString name = base;
    for (int n = 2; config.findUpstream(name); ++n)
        name = base + u'_' + QString::number(n);
    return name;
}

void NewGroupDialog::setName(const QString &name)
{
    m_name->setText(name);
}

void NewGroupDialog::setServer(const QString &address)
{
    m_server->setText(address);
}

QString NewGroupDialog::name() const
{
    return m_name->text().trimmed();
}

Config NewGroupDialog::withGroup() const
{
    Config config = m_config;
    UpstreamConfig upstream;
    upstream.name = name();
    ServerConfig server;
    server.address = m_server->text().trimmed();
    upstream.servers << server;
    config.upstreams << upstream;
    if (m_listener >= 0 && m_listener < config.listeners.size()) {
        config.listeners[m_listener].proxyPass = upstream.name;
        config.listeners[m_listener].returnText.reset(); // forwarding, not answering
    }
    return config;
}

QString NewGroupDialog::problem() const
{
    return m_problem->text();
}

void NewGroupDialog::check()
{
    // The new group's own issues only: the rest of the config may have others already.
    const QString prefix = QStringLiteral("upstreams[%1]").arg(m_config.upstreams.size());
    QStringList problems;
    if (name().isEmpty())
        problems << tr("Give the group a name, such as backend.");
    else if (m_config.findUpstream(name()))
        problems << tr("A group named \"%1\" exists already; choose another name.").arg(name());
    if (problems.isEmpty()) {
        for (const ConfigIssue &issue : ConfigValidator::validate(withGroup())) {
            if (issue.path == prefix + QStringLiteral(".name"))
                problems << tr("Name: %1").arg(issue.message);
            else if (issue.path.startsWith(prefix + QStringLiteral(".servers")))
                problems << tr("First server: %1").arg(issue.message);
        }
    }
    m_problem->setText(problems.join(u'\n'));
    m_problem->setVisible(!problems.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problems.isEmpty());
}
