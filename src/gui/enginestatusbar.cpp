#include "enginestatusbar.h"

#include "datasize.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QToolButton>

namespace {
constexpr int reasonWidth = 420; // the reason is elided past this; its tooltip has all of it
const char *const degradedColor = "#c62828";
} // namespace

EngineStatusBar::EngineStatusBar(QWidget *parent)
    : QWidget(parent), m_state(new QLabel(this)), m_reason(new QLabel(this)), m_retryButton(new QToolButton(this)),
      m_retry(new QAction(tr("Retry"), this)), m_listeners(new QLabel(this)), m_connections(new QLabel(this)), m_rate(new QLabel(this))
{
    m_retry->setObjectName(QStringLiteral("actionRetry"));
    m_retry->setToolTip(tr("Apply the running configuration again: failed listeners try to bind again, the others keep their connections"));
    m_retryButton->setDefaultAction(m_retry);
    m_reason->setMaximumWidth(reasonWidth);
    m_reason->setStyleSheet(QStringLiteral("color:%1").arg(QLatin1StringView(degradedColor)));
    m_reason->hide();
    m_retryButton->hide();
    m_retry->setEnabled(false);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(16);
    layout->addWidget(m_state);
    layout->addWidget(m_reason);
    layout->addWidget(m_retryButton);
    layout->addStretch(1);
    layout->addWidget(m_listeners);
    layout->addWidget(m_connections);
    layout->addWidget(m_rate);
    m_rate->setToolTip(tr("Bytes per second from clients to the servers, and from the servers back to clients"));
}

QString EngineStatusBar::text() const
{
    QStringList parts{m_state->text()};
    if (showsDegraded())
        parts << m_reason->toolTip();
    parts << m_listeners->text() << m_connections->text() << m_rate->text();
    return parts.join(QStringLiteral(" | "));
}

bool EngineStatusBar::showsDegraded() const
{
    return m_retry->isEnabled();
}

void EngineStatusBar::show(EngineController::State state, const StatsSnapshot &snapshot, int enabledListeners, double fromClients,
                           double toClients)
{
    const bool degraded = EngineController::isDegraded(state, snapshot);
    const char *color = degraded                                    ? degradedColor
                        : state == EngineController::State::Running ? "#2e7d32"
                        : state == EngineController::State::Stopped ? "#9e9e9e"
                                                                    : "#f9a825";
    const QString status = (m_instanceName.isEmpty() ? tr("Engine: %1").arg(EngineController::statusText(state, snapshot))
                                                     : tr("%1: %2").arg(m_instanceName, EngineController::statusText(state, snapshot)))
                               .toHtmlEscaped();
    m_state->setText(QStringLiteral("<span style=\"color:%1\">●</span> ").arg(QLatin1StringView(color))
                     + (degraded ? QStringLiteral("<span style=\"color:%1\">%2</span>").arg(QLatin1StringView(color), status) : status));
    const QString reason = degraded ? EngineController::failureReason(snapshot) : QString();
    m_reason->setText(m_reason->fontMetrics().elidedText(reason, Qt::ElideRight, reasonWidth));
    m_reason->setToolTip(reason);
    m_reason->setVisible(degraded);
    m_retryButton->setVisible(degraded);
    m_retry->setEnabled(degraded);
    const bool running = state == EngineController::State::Running;
    int listening = 0;
    for (const ListenerStats &listener : snapshot.listeners)
        listening += listener.listening ? 1 : 0;
    const QLocale locale;
    m_listeners->setText(running ? tr("Listeners up: %1/%2").arg(listening).arg(snapshot.listeners.size())
                                 : tr("Listeners up: 0/%1").arg(enabledListeners));
    m_connections->setText(tr("Connections: %1").arg(locale.toString(running ? snapshot.totalActiveConnections() : 0)));
    m_rate->setText(running ? tr("From clients %1/s · to clients %2/s")
                                  .arg(formatDataSize(qint64(fromClients)), formatDataSize(qint64(toClients)))
                            : QString());
}
