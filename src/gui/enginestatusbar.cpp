#include "enginestatusbar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>

EngineStatusBar::EngineStatusBar(QWidget *parent)
    : QWidget(parent), m_state(new QLabel(this)), m_listeners(new QLabel(this)), m_connections(new QLabel(this)), m_rate(new QLabel(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(16);
    layout->addWidget(m_state);
    layout->addStretch(1);
    layout->addWidget(m_listeners);
    layout->addWidget(m_connections);
    layout->addWidget(m_rate);
    m_rate->setToolTip(tr("Bytes per second from clients to the servers, and from the servers back to clients"));
}

QString EngineStatusBar::text() const
{
    return QStringList{m_state->text(), m_listeners->text(), m_connections->text(), m_rate->text()}.join(QStringLiteral(" | "));
}

void EngineStatusBar::show(EngineController::State state, const StatsSnapshot &snapshot, int enabledListeners, double fromClients,
                           double toClients)
{
    const char *color = state == EngineController::State::Running   ? "#2e7d32"
                        : state == EngineController::State::Stopped ? "#9e9e9e"
                                                                    : "#f9a825";
    m_state->setText(QStringLiteral("<span style=\"color:%1\">●</span> ").arg(QLatin1StringView(color))
                     + tr("Engine: %1").arg(EngineController::stateText(state)).toHtmlEscaped());
    const bool running = state == EngineController::State::Running;
    int listening = 0;
    for (const ListenerStats &listener : snapshot.listeners)
        listening += listener.listening ? 1 : 0;
    const QLocale locale;
    m_listeners->setText(running ? tr("Listeners up: %1/%2").arg(listening).arg(snapshot.listeners.size())
                                 : tr("Listeners up: 0/%1").arg(enabledListeners));
    m_connections->setText(tr("Connections: %1").arg(locale.toString(running ? snapshot.totalActiveConnections() : 0)));
    m_rate->setText(running ? tr("From clients %1/s · to clients %2/s")
                                  .arg(locale.formattedDataSize(qint64(fromClients)), locale.formattedDataSize(qint64(toClients)))
                            : QString());
}
