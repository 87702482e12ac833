#pragma once

#include <QObject>
#include <QString>

#include <thread>

// portierd as a Windows service: registering it with the Service Control Manager, and
// running under it. The Qt event loop stays on the main thread; the SCM's dispatcher
// (StartServiceCtrlDispatcher, which blocks until the service has stopped) runs on a
// thread of its own, and its stop and shutdown requests arrive here as stopRequested in
// the thread that created this object. Windows only (windowsservice.cpp is not built elsewhere).
class WindowsService : public QObject
{
    Q_OBJECT

public:
    static const QString serviceName; // "portierd"

    // Registers portierd (this executable) to start at boot with `--service --config FILE`.
    static bool install(const QString &configPath, QString *error);
    // Stops the service when it runs, then removes it.
    static bool uninstall(QString *error);

    explicit WindowsService(QObject *parent = nullptr);
    ~WindowsService() override; // reports "stopped" (if start() was called) and waits for the dispatcher

    // Connects to the SCM; false (with the reason) when this process was not started by it.
    bool start(QString *error);
    void reportRunning();
    // exitCode != 0 tells the SCM the service failed (Event Log, recovery actions).
    void reportStopped(int exitCode);

signals:
    void stopRequested(const QString &reason);

private:
    std::thread m_dispatcher;
    bool m_stopReported = false;
};
