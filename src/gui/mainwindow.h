#pragma once

#include "enginecontroller.h"
#include "preferences.h"

#include <QMainWindow>
#include <QMessageBox>
#include <functional>
#include <memory>

class CertificatesPage;
class ConfigDocument;
class ConnectionsPage;
class DashboardPage;
class EngineStatusBar;
class FirstStartGuide;
class ListenersPage;
class LogsPage;
class QDockWidget;
class PassphraseAsker;
class QSettings;
class RecentFiles;
class RemoteInstances;
class UpstreamsPage;

namespace Ui {
class MainWindow;
}

// The desktop window: a navigator beside the pages (Dashboard, Listeners, Upstream groups,
// Certificates), File and Engine commands, the apply bar and the status bar. It composes
// the pages, a ConfigDocument (the edited config with its undo history) and the
// EngineController; it does not build the tray (DesktopIntegration does) and never touches
// the engine's objects. GUI thread.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    enum Page { DashboardPageIndex, ListenersPageIndex, UpstreamsPageIndex, CertificatesPageIndex, ConnectionsPageIndex };

    MainWindow(EngineController *engine, QSettings *settings, QWidget *parent = nullptr);
    ~MainWindow() override;

    ConfigDocument *document() const { return m_document; }
    DashboardPage *dashboardPage() const;
    ListenersPage *listenersPage() const;
    UpstreamsPage *upstreamsPage() const;
    CertificatesPage *certificatesPage() const;
    LogsPage *logsPage() const { return m_logsPage; }
    ConnectionsPage *connectionsPage() const { return m_connectionsPage; }
    QDockWidget *logsDock() const { return m_logsDock; }
    QAction *action(const char *objectName) const; // "actionApply", "actionUndo", ...
    QString problemsText() const; // the apply bar's text
    QString statusText() const;   // the status bar's
    void showPage(Page page);

    // The instance shown (this computer's engine or a remote portierd) and the list of them.
    InstanceController *activeInstance() const { return m_instance; }
    RemoteInstances *remoteInstances() const { return m_remotes; }

    const Preferences &preferences() const { return m_preferences; }
    void setTrayAvailable(bool available) { m_trayAvailable = available; }

    // Questions to the user go through here; tests may answer them instead of a dialog.
    using Prompt = std::function<QMessageBox::StandardButton(QMessageBox::Icon icon, const QString &title, const QString &text,
                                                             QMessageBox::StandardButtons buttons)>;
    void setPrompt(Prompt prompt) { m_prompt = std::move(prompt); }
    // Asks for the passphrases of encrypted keys without a passphrase_file before an apply.
    PassphraseAsker &passphraseAsker() { return *m_passphraseAsker; }

    bool openFile(const QString &path);
    bool saveFile(const QString &path);
    // Shows what importing this nginx config brings in; true when the user took it into
    // the document (one undoable edit).
    bool importNginxFile(const QString &path);
    // Asks about unsaved changes; true when it is fine to go on (saved or discarded).
    bool maybeSave();

public slots:
    void newFile();
    void openWithDialog();
    bool save();
    bool saveAs();
    void importNginx();
    void exportNginx();
    // The first-start guide's "Open the sample": the user's copy of the bundled sample
    // (SampleConfig), made when there is none, so Save never writes into the installation.
    void openSample();
    // --config FILE, from this launch or a later one handed over: open it as File > Open
    // does (asking about unsaved changes), and start the engine when it is stopped.
    void openFromCommandLine(const QString &path);
    void applyConfig();
    void revertConfig();
    void startEngine();
    void stopEngine();
    void showPreferences();
    // File > Connect to portierd…: asks for the address and token, then connects.
    void connectToRemote();
    void requestQuit();
    void toggleVisibility();
    void showAndRaise();
    // Shows the log view with only this connection's lines (a "*N" of the error log).
    void showConnectionLog(quint64 connection);

signals:
    void quitRequested();              // the user confirmed: composition ends the program
    void visibilityChanged(bool visible);
    void trayNoticeRequested(const QString &title, const QString &message);
    void preferencesChanged(const Preferences &preferences);

protected:
    void changeEvent(QEvent *event) override;
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    bool offerLastGoodVersion(const QString &path, const QString &error);
    QMessageBox::StandardButton ask(QMessageBox::Icon icon, const QString &title, const QString &text, QMessageBox::StandardButtons buttons);
    void updateActions();
    void updateTitle();
    void updateProblems();
    void updateNavigator();
    void updateStatus();
    void onApplyFinished(bool applied, const ConfigIssues &issues);
    void requestInstance(InstanceController *instance);
    void setActiveInstance(InstanceController *instance);
    void loadInstanceConfig();
    void saveWindowState();
    void fitLayouts();       // mainwindowlayout.cpp
    void setUpFirstStart();  // mainwindowfirststart.cpp
    void updateGuide();

    std::unique_ptr<Ui::MainWindow> m_ui;
    EngineController *m_engine;
    InstanceController *m_instance; // shown, steered and applied to: m_engine or a remote
    QList<QMetaObject::Connection> m_instanceConnections;
    RemoteInstances *m_remotes;
    QSettings *m_settings;
    ConfigDocument *m_document;
    RecentFiles *m_recent;
    QAction *m_undo;
    QAction *m_redo;
    EngineStatusBar *m_status;
    QDockWidget *m_logsDock;
    LogsPage *m_logsPage;
    ConnectionsPage *m_connectionsPage = nullptr;
    Preferences m_preferences;
    Prompt m_prompt;
    std::unique_ptr<PassphraseAsker> m_passphraseAsker;
    QString m_applyMessage;
    bool m_trayAvailable = false;
    bool m_quitting = false;
    FirstStartGuide *m_guide = nullptr;
    bool m_shownOnce = false;
};
