#pragma once

#include "instancecontroller.h"
#include "knowncertificates.h"
#include "savedremotes.h"

#include <QObject>
#include <QPointer>
#include <functional>

class EngineController;
class QListWidget;
class QListWidgetItem;
class QSettings;
class QSslCertificate;
class RemoteController;

// The instances the window can show: "This computer" first, then each portierd connected to,
// one row each in the navigator with its own state (running / connected / unreachable /
// authentication failed / certificate changed). Connecting checks the API's certificate (trust
// on first use, KnownCertificates) before any token is sent. The list (address, token,
// accepted certificate) is saved in the settings (SavedRemotes) and connected to again, in the
// background, at the next start. GUI thread.
class RemoteInstances : public QObject
{
    Q_OBJECT

public:
    RemoteInstances(EngineController *local, QSettings *settings, QObject *parent = nullptr);

    QListWidget *list() const { return m_list; }
    InstanceController *active() const { return m_active; }
    QList<RemoteController *> remotes() const;
    KnownCertificates &knownCertificates() { return m_known; }

    // Asked before a certificate seen for the first time is trusted: the text names the
    // address and the SHA-256; true accepts it (and it is remembered).
    using TrustQuestion = std::function<bool(const QString &text)>;
    void setTrustQuestion(TrustQuestion question) { m_trustQuestion = std::move(question); }

    // Connects to a portierd's API (address as RemoteEndpoint::parse reads it); the answer
    // comes as connected or connectFailed. An address already in the list is replaced.
    void connectTo(const QString &address, const QByteArray &token);
    void disconnectRemote(RemoteController *remote);
    void activate(InstanceController *instance);

signals:
    void connected(RemoteController *remote);
    void connectFailed(const QString &error);
    // The user chose another instance in the list; the window may still refuse (unsaved changes).
    void activationRequested(InstanceController *instance);
    void activeChanged(InstanceController *instance);

private:
    // show: make it the active row (a new connection); a restored one polls in the background.
    void addRemote(RemoteController *remote, bool show = true);
    void saveRemotes();
    void checkCertificate(const QString &hostPort, const QSslCertificate &certificate, const std::function<void(const QByteArray &)> &trusted);
    void updateRow(InstanceController *instance);
    QListWidgetItem *rowOf(InstanceController *instance) const;
    void showContextMenu(const QPoint &position);

    EngineController *m_local;
    QListWidget *m_list;
    KnownCertificates m_known;
    SavedRemotes m_saved;
    TrustQuestion m_trustQuestion;
    QPointer<InstanceController> m_active;
};
