#include "remoteinstances.h"

#include "enginecontroller.h"
#include "remotecertificateprobe.h"
#include "remotecontroller.h"

#include <QCryptographicHash>
#include <QListWidget>
#include <QMenu>
#include <QSslCertificate>
#include <QStyle>

namespace {
constexpr int controllerRole = Qt::UserRole;

InstanceController *instanceOf(const QListWidgetItem *item)
{
    return item ? qobject_cast<InstanceController *>(item->data(controllerRole).value<QObject *>()) : nullptr;
}
} // namespace

RemoteInstances::RemoteInstances(EngineController *local, QSettings *settings, QObject *parent)
    : QObject(parent), m_local(local), m_list(new QListWidget), m_known(settings), m_saved(settings), m_active(local)
{
    m_list->setObjectName(QStringLiteral("instancesList"));
    m_list->setToolTip(tr("The Portier shown: this computer's engine, or a portierd connected to through its API (File > Connect to portierd…)"));
    m_list->setContextMenuPolicy(Qt::CustomContextMenu);
    // Two lines a row (name, state), never wrapped: a row's height then does not depend on the
    // column's width, so the list can be exactly as tall as its rows. The tooltip has it all.
    m_list->setWordWrap(false);
    m_list->setTextElideMode(Qt::ElideMiddle);
    m_list->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto *item = new QListWidgetItem(m_list);
    item->setData(controllerRole, QVariant::fromValue<QObject *>(local));
    m_list->setCurrentItem(item);
    updateRow(local);
    connect(local, &InstanceController::stateChanged, this, [this] { updateRow(m_local); });
    connect(local, &InstanceController::statsUpdated, this, [this] { updateRow(m_local); });
    connect(m_list, &QListWidget::currentItemChanged, this, [this](QListWidgetItem *current) {
        InstanceController *instance = instanceOf(current);
        if (instance && instance != m_active)
            emit activationRequested(instance);
    });
    connect(m_list, &QWidget::customContextMenuRequested, this, &RemoteInstances::showContextMenu);
    // Exactly as tall as its rows: the page navigator below keeps the room.
    m_list->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    // Last session's remotes, polled again; a changed certificate or a token no longer valid
    // shows in the row, as for a connection made now.
    for (const RemoteEndpoint &endpoint : m_saved.load())
        addRemote(new RemoteController(endpoint, this), false);
}

QList<RemoteController *> RemoteInstances::remotes() const
{
    QList<RemoteController *> list;
    for (int row = 0; row < m_list->count(); ++row) {
        if (auto *remote = qobject_cast<RemoteController *>(instanceOf(m_list->item(row))))
            list << remote;
    }
    return list;
}

void RemoteInstances::connectTo(const QString &address, const QByteArray &token)
{
    QString error;
    std::optional<RemoteEndpoint> endpoint = RemoteEndpoint::parse(address, &error);
    if (!endpoint) {
        emit connectFailed(error);
        return;
    }
    endpoint->token = token;
    if (!endpoint->tls) {
        addRemote(new RemoteController(*endpoint, this));
        return;
    }
    auto *probe = new RemoteCertificateProbe(this);
    connect(probe, &RemoteCertificateProbe::finished, this, [this, probe, endpoint = *endpoint](const QSslCertificate &certificate, const QString &why) mutable {
        probe->deleteLater();
        if (certificate.isNull()) {
            emit connectFailed(tr("Not connected: %1").arg(why));
            return;
        }
        checkCertificate(endpoint.hostPort(), certificate, [this, endpoint](const QByteArray &sha256) mutable {
            endpoint.certificateSha256 = sha256;
            addRemote(new RemoteController(endpoint, this));
        });
    });
    probe->probe(endpoint->host, endpoint->port);
}

void RemoteInstances::checkCertificate(const QString &hostPort, const QSslCertificate &certificate,
                                       const std::function<void(const QByteArray &)> &trusted)
{
    const QByteArray sha256 = certificate.digest(QCryptographicHash::Sha256);
    const QByteArray known = m_known.sha256(hostPort);
    if (!known.isEmpty() && known != sha256) {
        emit connectFailed(tr("Not connected: the certificate of %1 has changed since it was accepted.\n\nAccepted: SHA-256 %2\nNow:      SHA-256 %3\n\n"
                              "Someone may be between you and that portierd. If its certificate was replaced on purpose, compare the new "
                              "fingerprint with the one shown on that machine (openssl x509 -noout -fingerprint -sha256 -in CERT), then "
                              "remove the old one in Preferences > API and connect again.")
                               .arg(hostPort, RemoteEndpoint::fingerprintText(known), RemoteEndpoint::fingerprintText(sha256)));
        return;
    }
    if (known.isEmpty()) {
        const QString question =
            tr("%1 presents a certificate this computer has not seen before:\n\n%2\nSHA-256 %3\nValid until %4\n\n"
               "Compare the fingerprint with the one on that machine (openssl x509 -noout -fingerprint -sha256 -in CERT). "
               "Trust it and connect? It is remembered, and a different certificate at this address will be refused.")
                .arg(hostPort, certificate.subjectDisplayName(), RemoteEndpoint::fingerprintText(sha256),
                     QLocale().toString(certificate.expiryDate(), QLocale::ShortFormat));
        if (!m_trustQuestion || !m_trustQuestion(question)) {
            emit connectFailed(tr("Not connected: the certificate of %1 was not accepted").arg(hostPort));
            return;
        }
        m_known.remember(hostPort, sha256);
    }
    trusted(sha256);
}

void RemoteInstances::addRemote(RemoteController *remote, bool show)
{
    for (RemoteController *old : remotes()) {
        if (old->endpoint().hostPort() == remote->endpoint().hostPort())
            disconnectRemote(old);
    }
    auto *item = new QListWidgetItem(m_list);
    item->setData(controllerRole, QVariant::fromValue<QObject *>(remote));
    connect(remote, &RemoteController::linkChanged, this, [this, remote] { updateRow(remote); });
    connect(remote, &InstanceController::stateChanged, this, [this, remote] { updateRow(remote); });
    updateRow(remote);
    remote->start();
    if (!show)
        return;
    saveRemotes();
    emit connected(remote);
    m_list->setCurrentItem(item); // show it: the window switches unless the user keeps unsaved changes
}

void RemoteInstances::saveRemotes()
{
    QList<RemoteEndpoint> endpoints;
    for (const RemoteController *remote : remotes())
        endpoints << remote->endpoint();
    m_saved.save(endpoints);
}

void RemoteInstances::disconnectRemote(RemoteController *remote)
{
    if (m_active == remote) {
        emit activationRequested(m_local); // the window asks about unsaved changes to its config
        if (m_active == remote)
            return; // the user kept them
    }
    delete rowOf(remote);
    saveRemotes(); // disconnected by the user: not connected to again at the next start
    updateRow(m_local); // the list shrinks to its rows again
    remote->stop();
    remote->deleteLater();
}

void RemoteInstances::activate(InstanceController *instance)
{
    m_active = instance;
    {
        const QSignalBlocker blocker(m_list); // a refusal puts the row back without asking again
        m_list->setCurrentItem(rowOf(instance));
    }
    emit activeChanged(instance);
}

QListWidgetItem *RemoteInstances::rowOf(InstanceController *instance) const
{
    for (int row = 0; row < m_list->count(); ++row) {
        if (instanceOf(m_list->item(row)) == instance)
            return m_list->item(row);
    }
    return nullptr;
}

void RemoteInstances::updateRow(InstanceController *instance)
{
    QListWidgetItem *item = rowOf(instance);
    if (!item)
        return;
    QString title = instance->name();
    QString status;
    QString detail;
    QColor color;
    if (auto *remote = qobject_cast<RemoteController *>(instance)) {
        title = remote->endpoint().hostPort(); // the column is narrow: "portierd" goes on the second line
        status = tr("portierd, %1").arg(RemoteController::linkText(remote->link()));
        detail = remote->linkDetail();
        if (remote->link() != RemoteController::Link::Connected && remote->link() != RemoteController::Link::Connecting)
            color = QColor(0xb0, 0x00, 0x20);
    } else {
        status = EngineController::statusText(instance->state(), instance->lastSnapshot());
        if (instance->isDegraded())
            color = QColor(0xb0, 0x00, 0x20);
    }
    item->setText(title + u'\n' + status);
    item->setIcon(m_list->style()->standardIcon(instance->isLocal() ? QStyle::SP_ComputerIcon : QStyle::SP_DriveNetIcon));
    item->setToolTip(detail.isEmpty() ? instance->name() + QStringLiteral(": ") + status : detail);
    item->setForeground(color.isValid() ? QBrush(color) : QBrush());
    // Rows differ in height (a long address wraps): room for each, no scroll bar.
    int height = 2 * m_list->frameWidth() + 4;
    for (int row = 0; row < m_list->count(); ++row)
        height += m_list->sizeHintForRow(row);
    m_list->setMaximumHeight(height);
    m_list->setMinimumHeight(height);
}

void RemoteInstances::showContextMenu(const QPoint &position)
{
    auto *remote = qobject_cast<RemoteController *>(instanceOf(m_list->itemAt(position)));
    if (!remote)
        return;
    QMenu menu(m_list);
    menu.addAction(tr("Reconnect"), this, [remote] { remote->start(); });
    menu.addAction(tr("Disconnect"), this, [this, remote] { disconnectRemote(remote); });
    menu.exec(m_list->viewport()->mapToGlobal(position));
}
