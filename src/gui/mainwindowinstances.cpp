// MainWindow's side of showing several instances (this computer, remote portierds): which
// one the dashboard, the servers table, the document and Apply follow. Apart from
// mainwindow.cpp so that one stays about the window itself.
#include "mainwindow.h"

#include "configdocument.h"
#include "connectionspage.h"
#include "dashboardpage.h"
#include "listenerspage.h"
#include "logspage.h"
#include "remoteconnectdialog.h"
#include "remoteinstances.h"
#include "serversview.h"
#include "ui_mainwindow.h"
#include "upstreamspage.h"

#include <QFileInfo>
#include <QSettings>

namespace {
const QString lastConfigKey = QStringLiteral("lastConfig"); // as mainwindowfiles.cpp writes it
} // namespace

// The window shows one instance at a time: its stats in the dashboard and the servers table,
// its running config in the document, and Apply goes to it.
void MainWindow::setActiveInstance(InstanceController *instance)
{
    if (instance == m_instance)
        return;
    const bool first = !m_instance;
    for (const QMetaObject::Connection &connection : std::as_const(m_instanceConnections))
        disconnect(connection);
    m_instanceConnections.clear();
    m_instance = instance;
    m_instanceConnections << connect(instance, &InstanceController::stateChanged, this, [this](InstanceController::State state) {
        if (state == InstanceController::State::Stopped) {
            m_ui->dashboardPage->engineStopped();
            m_ui->listenersPage->showStats(StatsSnapshot());
            m_ui->upstreamsPage->showStats(StatsSnapshot());
        }
        // A remote's config arrives after it is chosen: the untouched document follows it.
        if (!m_instance->isLocal() && state == InstanceController::State::Running && !m_document->isModified()
            && m_instance->runningConfig() && *m_instance->runningConfig() != m_document->config())
            m_document->reset(*m_instance->runningConfig());
        updateActions();
        updateProblems();
        updateStatus();
    });
    m_instanceConnections << connect(instance, &InstanceController::statsUpdated, this, [this](const StatsSnapshot &snapshot) {
        m_ui->dashboardPage->showStats(snapshot);
        m_ui->listenersPage->showStats(snapshot);
        m_ui->upstreamsPage->showStats(snapshot);
        updateStatus();
        updateActions(); // degraded or not decides Apply
    });
    m_instanceConnections << connect(instance, &InstanceController::applyFinished, this, &MainWindow::onApplyFinished);
    m_ui->dashboardPage->serversView()->setController(instance);
    m_ui->dashboardPage->setInstance(instance);
    m_connectionsPage->setController(instance);
    m_logsPage->setController(instance);
    if (first)
        return; // the constructor shows the first state itself
    m_ui->dashboardPage->engineStopped(); // the tables showed the other instance (each keeps its own plot history)
    if (instance->isRunning()) {
        m_ui->dashboardPage->showStats(instance->lastSnapshot());
        m_ui->listenersPage->showStats(instance->lastSnapshot());
        m_ui->upstreamsPage->showStats(instance->lastSnapshot());
    } else {
        m_ui->listenersPage->showStats(StatsSnapshot());
        m_ui->upstreamsPage->showStats(StatsSnapshot());
    }
    m_applyMessage.clear();
    loadInstanceConfig();
    m_ui->dashboardPage->serversView()->clear();
    if (instance->isRunning())
        m_ui->dashboardPage->serversView()->showStats(instance->lastSnapshot());
    updateTitle();
    updateActions();
    updateProblems();
    updateStatus();
}

void MainWindow::requestInstance(InstanceController *instance)
{
    // The document follows the instance: its unsaved changes are asked about first.
    m_remotes->activate(maybeSave() ? instance : m_instance);
}

void MainWindow::loadInstanceConfig()
{
    m_document->setRuntimeIssues({});
    if (!m_instance->isLocal()) {
        m_document->reset(m_instance->runningConfig().value_or(Config()));
        return;
    }
    const QString last = m_settings->value(lastConfigKey).toString();
    if (!last.isEmpty() && QFileInfo::exists(last) && openFile(last))
        return;
    m_document->reset(m_engine->runningConfig().value_or(Config()));
}

void MainWindow::connectToRemote()
{
    RemoteConnectDialog dialog(this);
    if (dialog.exec() == QDialog::Accepted)
        m_remotes->connectTo(dialog.address(), dialog.token());
}
