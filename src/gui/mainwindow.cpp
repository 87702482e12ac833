#include "mainwindow.h"

#include "aboutdialog.h"
#include "issuelocation.h"
#include "apipreferencespage.h"
#include "appicon.h"
#include "applybar.h"
#include "autostart.h"
#include "certificatespage.h"
#include "configdocument.h"
#include "connectionspage.h"
#include "dashboardpage.h"
#include "serversview.h"
#include "enginestatusbar.h"
#include "firststartguide.h"
#include "listenerspage.h"
#include "logspage.h"
#include "pageicons.h"
#include "passphraseasker.h"
#include "preferencesdialog.h"
#include "recentfiles.h"
#include "translations.h"
#include "remoteinstances.h"
#include "ui_mainwindow.h"
#include "upstreamspage.h"

#include <QCloseEvent>
#include <QCoreApplication>
#include <QDockWidget>
#include <QSettings>
#include <QStyle>

namespace {
const QString geometryKey = QStringLiteral("window/geometry");
const QString windowStateKey = QStringLiteral("window/state");
const QString pageKey = QStringLiteral("window/page");
} // namespace

MainWindow::MainWindow(EngineController *engine, QSettings *settings, QWidget *parent)
    : QMainWindow(parent), m_ui(std::make_unique<Ui::MainWindow>()), m_engine(engine), m_instance(engine),
      m_remotes(new RemoteInstances(engine, settings, this)), m_settings(settings), m_document(new ConfigDocument(this)), m_status(new EngineStatusBar(this)), m_logsDock(new QDockWidget(tr("Log"), this)),
      m_logsPage(new LogsPage(m_logsDock)), m_preferences(Preferences::load(*settings))
{
    m_ui->setupUi(this);
    m_passphraseAsker = std::make_unique<PassphraseAsker>(this);
    setWindowIcon(AppIcon::icon());
    m_recent = new RecentFiles(m_ui->menuRecent, settings, this);

    // Undo/redo come from the document's stack, labelled with what they undo.
    m_undo = m_document->undoStack()->createUndoAction(this, tr("&Undo"));
    m_undo->setObjectName(QStringLiteral("actionUndo"));
    m_undo->setShortcut(QKeySequence::Undo);
    m_undo->setIcon(style()->standardIcon(QStyle::SP_ArrowBack));
    m_redo = m_document->undoStack()->createRedoAction(this, tr("&Redo"));
    m_redo->setObjectName(QStringLiteral("actionRedo"));
    m_redo->setShortcut(QKeySequence::Redo);
    m_redo->setIcon(style()->standardIcon(QStyle::SP_ArrowForward));
    m_undo->setIconText(tr("Undo")); // the toolbar's short label; the menu says what it undoes
    m_redo->setIconText(tr("Redo"));
    m_ui->menuEdit->insertActions(m_ui->actionPreferences, {m_undo, m_redo});
    m_ui->menuEdit->insertSeparator(m_ui->actionPreferences);
    m_ui->toolBar->insertActions(m_ui->actionStart, {m_undo, m_redo});
    m_ui->toolBar->insertSeparator(m_ui->actionStart);
    m_ui->toolBar->addSeparator();
    m_ui->toolBar->addAction(m_ui->actionApply);
    m_ui->toolBar->addAction(m_ui->actionRevert);

    m_ui->actionNew->setIcon(style()->standardIcon(QStyle::SP_FileIcon));
    m_ui->actionOpen->setIcon(style()->standardIcon(QStyle::SP_DialogOpenButton));
    m_ui->actionSave->setIcon(style()->standardIcon(QStyle::SP_DialogSaveButton));
    m_ui->actionStart->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    m_ui->actionStop->setIcon(style()->standardIcon(QStyle::SP_MediaStop));
    m_ui->actionApply->setIcon(style()->standardIcon(QStyle::SP_DialogApplyButton));
    m_ui->actionRevert->setIcon(style()->standardIcon(QStyle::SP_DialogResetButton));
    m_ui->applyBar->setActions(m_ui->actionApply, m_ui->actionRevert);

    // The connections view (issue #13), a page of its own built here rather than in the form.
    m_connectionsPage = new ConnectionsPage(m_ui->pages);
    m_connectionsPage->setObjectName(QStringLiteral("connectionsPage"));
    m_ui->pages->insertWidget(ConnectionsPageIndex, m_connectionsPage);
    m_ui->navigator->insertItem(ConnectionsPageIndex, new QListWidgetItem(tr("Connections")));
    connect(m_connectionsPage, &ConnectionsPage::showLogRequested, this, &MainWindow::showConnectionLog);
    connect(m_ui->navigator, &QListWidget::currentRowChanged, m_ui->pages, &QStackedWidget::setCurrentIndex);
    // The instances (this computer, remote portierds) above the pages they show.
    auto *navigatorColumn = new QVBoxLayout;
    m_ui->centralLayout->removeWidget(m_ui->navigator);
    navigatorColumn->addWidget(m_remotes->list());
    navigatorColumn->addWidget(m_ui->navigator, 1);
    m_remotes->list()->setMaximumWidth(m_ui->navigator->maximumWidth());
    m_ui->centralLayout->insertLayout(0, navigatorColumn);
    m_remotes->setTrustQuestion([this](const QString &text) {
        return ask(QMessageBox::Question, tr("Trust this certificate?"), text, QMessageBox::Yes | QMessageBox::No) == QMessageBox::Yes;
    });
    connect(m_remotes, &RemoteInstances::activationRequested, this, &MainWindow::requestInstance);
    connect(m_remotes, &RemoteInstances::activeChanged, this, &MainWindow::setActiveInstance);
    connect(m_remotes, &RemoteInstances::connectFailed, this,
            [this](const QString &error) { ask(QMessageBox::Warning, tr("Connect to portierd"), error, QMessageBox::Ok); });
    auto *connectRemote = new QAction(tr("&Connect to portierd…"), this);
    connectRemote->setObjectName(QStringLiteral("actionConnectRemote"));
    connectRemote->setToolTip(tr("Show and steer a portierd on another machine through its control API"));
    m_ui->menuFile->insertAction(m_ui->actionImportNginx, connectRemote);
    m_ui->menuFile->insertSeparator(m_ui->actionImportNginx);
    connect(connectRemote, &QAction::triggered, this, &MainWindow::connectToRemote);
    const std::pair<QAction *, Page> pageActions[] = {{m_ui->actionShowDashboard, DashboardPageIndex},
                                                      {m_ui->actionShowListeners, ListenersPageIndex},
                                                      {m_ui->actionShowUpstreams, UpstreamsPageIndex},
                                                      {m_ui->actionShowCertificates, CertificatesPageIndex}};
    for (const auto &[pageAction, page] : pageActions)
        connect(pageAction, &QAction::triggered, this, [this, page = page] { showPage(page); });

    // The error log, live: in a dock so it can sit under any page; restoreState() below
    // brings back where the user put it.
    m_logsDock->setObjectName(QStringLiteral("logsDock"));
    m_logsDock->setWidget(m_logsPage);
    addDockWidget(Qt::BottomDockWidgetArea, m_logsDock);
    m_logsDock->toggleViewAction()->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    m_ui->menuView->addSeparator();
    m_ui->menuView->addAction(m_logsDock->toggleViewAction());
    PageIcons::attach(m_ui->navigator, m_logsDock->toggleViewAction());
    m_logsPage->setController(m_engine); // the shown instance's lines: setActiveInstance switches it

    // Permanent: save and import messages never cover it. Not stretched, so they have room
    // on its left.
    statusBar()->addPermanentWidget(m_status);
    connect(m_status->retryAction(), &QAction::triggered, m_engine, &EngineController::retry);

    m_ui->listenersPage->setDocument(m_document);
    m_ui->upstreamsPage->setDocument(m_document);
    m_ui->certificatesPage->setDocument(m_document);
    m_connectionsPage->setController(m_engine); // the shown instance's sessions: setActiveInstance switches it
    m_ui->dashboardPage->serversView()->setDocument(m_document);

    connect(m_ui->actionNew, &QAction::triggered, this, &MainWindow::newFile);
    connect(m_ui->actionOpen, &QAction::triggered, this, &MainWindow::openWithDialog);
    connect(m_ui->actionSave, &QAction::triggered, this, &MainWindow::save);
    connect(m_ui->actionSaveAs, &QAction::triggered, this, &MainWindow::saveAs);
    connect(m_ui->actionImportNginx, &QAction::triggered, this, &MainWindow::importNginx);
    connect(m_ui->actionExportNginx, &QAction::triggered, this, &MainWindow::exportNginx);
    connect(m_ui->actionQuit, &QAction::triggered, this, &MainWindow::requestQuit);
    connect(m_ui->actionPreferences, &QAction::triggered, this, &MainWindow::showPreferences);
    connect(m_ui->actionStart, &QAction::triggered, this, &MainWindow::startEngine);
    connect(m_ui->actionStop, &QAction::triggered, this, &MainWindow::stopEngine);
    connect(m_ui->actionApply, &QAction::triggered, this, &MainWindow::applyConfig);
    connect(m_ui->actionRevert, &QAction::triggered, this, &MainWindow::revertConfig);
    connect(m_ui->actionAbout, &QAction::triggered, this, [this] {
        auto *about = new AboutDialog(this);
        about->setAttribute(Qt::WA_DeleteOnClose);
        about->open();
    });
    connect(m_recent, &RecentFiles::openRequested, this, [this](const QString &path) {
        if (maybeSave())
            openFile(path);
    });

    connect(m_document, &ConfigDocument::configChanged, this, [this] {
        updateProblems();
        updateNavigator();
        updateActions();
        updateGuide();
    });
    connect(m_document, &ConfigDocument::modifiedChanged, this, &MainWindow::updateTitle);
    connect(m_document, &ConfigDocument::filePathChanged, this, &MainWindow::updateTitle);

    fitLayouts();
    setUpFirstStart();

    m_ui->dashboardPage->setEngine(m_engine);
    m_ui->listenersPage->setEngine(m_engine);
    m_instance = nullptr;
    setActiveInstance(m_engine);

    restoreGeometry(m_settings->value(geometryKey).toByteArray());
    restoreState(m_settings->value(windowStateKey).toByteArray());
    showPage(Page(qBound(0, m_settings->value(pageKey, int(DashboardPageIndex)).toInt(), int(CertificatesPageIndex))));

    updateTitle();
    updateProblems();
    updateNavigator();
    updateActions();
    updateStatus();
}

MainWindow::~MainWindow() = default;

DashboardPage *MainWindow::dashboardPage() const
{
    return m_ui->dashboardPage;
}

ListenersPage *MainWindow::listenersPage() const
{
    return m_ui->listenersPage;
}

UpstreamsPage *MainWindow::upstreamsPage() const
{
    return m_ui->upstreamsPage;
}

CertificatesPage *MainWindow::certificatesPage() const
{
    return m_ui->certificatesPage;
}

QAction *MainWindow::action(const char *objectName) const
{
    return findChild<QAction *>(QLatin1StringView(objectName));
}

QString MainWindow::problemsText() const
{
    return m_ui->applyBar->text();
}

QString MainWindow::statusText() const
{
    return m_status->text();
}

void MainWindow::showPage(Page page)
{
    m_ui->navigator->setCurrentRow(int(page));
    m_ui->pages->setCurrentIndex(int(page));
}

QMessageBox::StandardButton MainWindow::ask(QMessageBox::Icon icon, const QString &title, const QString &text,
                                            QMessageBox::StandardButtons buttons)
{
    if (m_prompt)
        return m_prompt(icon, title, text, buttons);
    QMessageBox box(icon, title, text, buttons, this);
    box.setObjectName(QStringLiteral("portierPrompt"));
    return QMessageBox::StandardButton(box.exec());
}

void MainWindow::updateTitle()
{
    setWindowTitle(tr("%1[*] — Portier").arg(m_document->displayName()));
    setWindowModified(m_document->isModified());
}

void MainWindow::updateActions()
{
    const bool errors = m_document->hasErrors();
    const bool local = m_instance->isLocal();
    const auto state = m_instance->state();
    const bool running = state == EngineController::State::Running;
    const bool differs = !m_instance->runningConfig() || *m_instance->runningConfig() != m_document->config();
    // Degraded: Apply retries the listeners that failed, as the status bar's Retry does. A
    // remote portierd takes a config only while connected; it is started on its own host.
    m_ui->actionApply->setEnabled(!errors && !m_instance->isBusy() && (differs || m_instance->isDegraded()) && (local || running));
    m_ui->actionRevert->setEnabled(running && differs && !m_instance->isBusy());
    m_ui->actionStart->setEnabled(local && state == EngineController::State::Stopped && !errors);
    m_ui->actionStop->setEnabled(local && (running || state == EngineController::State::Starting));
    m_ui->actionApply->setText(running ? tr("&Apply") : tr("&Apply and start"));
}

void MainWindow::updateProblems()
{
    ApplyBar::Situation situation;
    situation.issues = IssueLocation::located(m_document->config(), m_document->issues());
    situation.blocking = m_document->hasErrors();
    situation.applyMessage = m_applyMessage;
    situation.running = m_instance->isRunning();
    situation.runsThisConfig = situation.running && m_instance->runningConfig() && *m_instance->runningConfig() == m_document->config();
    situation.remoteName = m_instance->isLocal() ? QString() : m_instance->name();
    m_ui->applyBar->show(situation);
}

void MainWindow::updateNavigator()
{
    const Config &config = m_document->config();
    const ConfigIssues issues = m_document->issues();
    auto count = [&issues](const QString &prefix) {
        int n = 0;
        for (const ConfigIssue &issue : issues)
            n += issue.path.startsWith(prefix) ? 1 : 0;
        return n;
    };
    const struct
    {
        int row;
        QString text;
        int problems;
    } entries[] = {
        {ListenersPageIndex, tr("Listeners (%1)").arg(config.listeners.size()), count(QStringLiteral("listeners"))},
        {UpstreamsPageIndex, tr("Upstream groups (%1)").arg(config.upstreams.size()), count(QStringLiteral("upstreams"))},
        {CertificatesPageIndex, tr("Certificates (%1)").arg(config.certificates.size()), count(QStringLiteral("certificates"))},
    };
    for (const auto &entry : entries) {
        QListWidgetItem *item = m_ui->navigator->item(entry.row);
        item->setText(entry.text);
        item->setToolTip(entry.problems ? tr("%n problem(s)", nullptr, entry.problems) : QString());
        item->setForeground(entry.problems ? QBrush(QColor(0xb0, 0x00, 0x20)) : QBrush());
    }
}

void MainWindow::updateStatus()
{
    int enabled = 0;
    for (const ListenerConfig &listener : m_document->config().listeners)
        enabled += listener.enabled ? 1 : 0;
    const TrafficHistory &history = m_instance->trafficHistory();
    m_status->setInstanceName(m_instance->isLocal() ? QString() : m_instance->name());
    m_status->show(m_instance->state(), m_instance->lastSnapshot(), enabled, history.currentFromClients(), history.currentToClients());
}

void MainWindow::onApplyFinished(bool applied, const ConfigIssues &issues)
{
    if (applied && issues.isEmpty())
        m_applyMessage.clear();
    else if (!applied)
        m_applyMessage = m_instance->isLocal() ? tr("The engine refused the configuration; the previous one keeps running:")
                                               : tr("%1 refused the configuration; the previous one keeps running:").arg(m_instance->name());
    m_document->setRuntimeIssues(issues); // a port in use marks that listener's address
    updateActions();
    updateProblems();
    updateStatus();
}

void MainWindow::applyConfig()
{
    if (m_document->hasErrors())
        return;
    // Encrypted keys without a passphrase_file: their passphrases, asked now (kept in memory).
    // A remote portierd reads its keys on its own host.
    if (m_instance->isLocal() && !m_passphraseAsker->askAll(m_document->config(), m_document->baseDirectory()))
        return;
    m_applyMessage.clear();
    m_instance->apply(m_document->config(), m_instance->isLocal() ? m_document->baseDirectory() : QString());
    updateActions();
    updateProblems();
}

void MainWindow::revertConfig()
{
    if (m_instance->runningConfig())
        m_document->edit(*m_instance->runningConfig(), tr("Revert to the running configuration"));
}

void MainWindow::startEngine()
{
    // With a remote portierd shown, the document is its config: not one to start here.
    if (m_instance == m_engine && m_engine->state() == EngineController::State::Stopped)
        applyConfig();
}

void MainWindow::stopEngine()
{
    m_engine->stop();
}

void MainWindow::showPreferences()
{
    PreferencesDialog dialog(this);
    Autostart autostart(QCoreApplication::applicationFilePath());
    Preferences current = m_preferences;
    current.startAtLogin = autostart.isEnabled();
    dialog.setPreferences(current);
    dialog.apiPage()->setKnownCertificates(m_remotes->knownCertificates().all());
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_remotes->knownCertificates().setAll(dialog.apiPage()->knownCertificates());
    Preferences chosen = dialog.preferences();
    if (chosen.startAtLogin != current.startAtLogin) {
        QString error;
        if (!autostart.setEnabled(chosen.startAtLogin, &error)) {
            ask(QMessageBox::Warning, tr("Portier"), tr("Cannot change starting at login: %1").arg(error), QMessageBox::Ok);
            chosen.startAtLogin = current.startAtLogin;
        }
    }
    const bool newLanguage = chosen.language != m_preferences.language;
    m_preferences = chosen;
    m_preferences.save(m_settings);
    if (newLanguage)
        Translations::install(QCoreApplication::instance(), chosen.language); // every open window, at once
    emit preferencesChanged(m_preferences);
}

void MainWindow::requestQuit()
{
    if (!maybeSave())
        return;
    m_quitting = true;
    saveWindowState();
    emit quitRequested();
}

void MainWindow::toggleVisibility()
{
    if (isVisible() && !isMinimized())
        hide();
    else
        showAndRaise();
}

void MainWindow::showAndRaise()
{
    if (isMinimized())
        showNormal();
    show();
    raise();
    activateWindow();
}

void MainWindow::showConnectionLog(quint64 connection)
{
    m_logsDock->show();
    m_logsDock->raise();
    m_logsPage->showConnection(connection);
}

void MainWindow::saveWindowState()
{
    m_settings->setValue(geometryKey, saveGeometry());
    m_settings->setValue(windowStateKey, saveState());
    m_settings->setValue(pageKey, m_ui->pages->currentIndex());
}

void MainWindow::changeEvent(QEvent *event)
{
    // Retranslator has put the translator's own texts in the new language; these are built
    // with numbers and names filled in.
    if (event->type() == QEvent::LanguageChange) {
        updateTitle();
        updateActions();
        updateNavigator();
        updateProblems();
        updateStatus();
        m_ui->listenersPage->refresh(); // "(disabled)" in the lists
        m_ui->upstreamsPage->refresh();
        m_ui->certificatesPage->refresh();
    }
    QMainWindow::changeEvent(event);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveWindowState();
    if (m_quitting) {
        event->accept();
        return;
    }
    if (m_trayAvailable) {
        // Portier keeps balancing from the tray; say so the first time.
        event->ignore();
        hide();
        if (!m_preferences.trayNoticeShown) {
            m_preferences.trayNoticeShown = true;
            m_preferences.save(m_settings);
            emit trayNoticeRequested(tr("Portier is still running"),
                                     tr("Portier keeps forwarding connections in the background. Click the tray icon to open the window, "
                                        "or choose Quit from its menu to stop."));
        }
        return;
    }
    const auto answer = ask(QMessageBox::Question, tr("Quit Portier?"),
                            tr("Closing the window quits Portier: the engine stops and every connection through it is closed."),
                            QMessageBox::Close | QMessageBox::Cancel);
    if (answer == QMessageBox::Close)
        requestQuit();
    if (m_quitting)
        event->accept();
    else
        event->ignore();
}

void MainWindow::showEvent(QShowEvent *event)
{
    // The first time: with nothing configured, the dashboard's guide rather than an empty form.
    if (!m_shownOnce && FirstStartGuide::isEmpty(m_document->config()))
        showPage(DashboardPageIndex);
    m_shownOnce = true;
    QMainWindow::showEvent(event);
    emit visibilityChanged(true);
}

void MainWindow::hideEvent(QHideEvent *event)
{
    QMainWindow::hideEvent(event);
    emit visibilityChanged(false);
}
