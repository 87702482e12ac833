#include "testtrafficdialog.h"

#include "enginecontroller.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

TestTrafficDialog::TestTrafficDialog(const ListenerConfig &listener, const ListenerStats *stats, QWidget *parent)
    : QDialog(parent), m_target(TestTraffic::targetFor(listener, stats, &m_error))
{
    setWindowTitle(tr("Send test traffic"));
    setMinimumWidth(480);
    auto *layout = new QVBoxLayout(this);
    const bool udp = m_target ? m_target->udp : listener.protocol == ListenerConfig::Protocol::Udp;
    auto *heading = new QLabel(udp ? tr("UDP datagrams through listener <b>%1</b>, one socket each, reading back the answers.")
                                         .arg(listener.listen.toHtmlEscaped())
                                   : tr("TCP connections through listener <b>%1</b>, each sending the bytes below and reading back "
                                        "the answer.")
                                         .arg(listener.listen.toHtmlEscaped()),
                               this);
    heading->setWordWrap(true);
    layout->addWidget(heading);

    auto *form = new QFormLayout;
    const TestTraffic::Plan defaults;
    m_rate = new QSpinBox(this);
    m_rate->setRange(1, TestTraffic::maxConnectionsPerSecond);
    m_rate->setValue(defaults.connectionsPerSecond);
    m_rate->setSuffix(udp ? tr(" datagrams/s") : tr(" connections/s"));
    form->addRow(tr("&Rate:"), m_rate);
    m_duration = new QSpinBox(this);
    m_duration->setRange(1, TestTraffic::maxDurationMs / 1000);
    m_duration->setValue(defaults.durationMs / 1000);
    m_duration->setSuffix(tr(" s"));
    form->addRow(tr("&For:"), m_duration);
    m_payload = new QSpinBox(this);
    m_payload->setRange(1, TestTraffic::maxPayloadBytes);
    m_payload->setValue(defaults.payloadBytes);
    m_payload->setSuffix(tr(" bytes"));
    form->addRow(tr("&Each sends:"), m_payload);
    layout->addLayout(form);

    m_progress = new QProgressBar(this);
    layout->addWidget(m_progress);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_start = buttons->addButton(tr("&Start"), QDialogButtonBox::ActionRole);
    m_stop = buttons->addButton(tr("S&top"), QDialogButtonBox::ActionRole);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_start, &QPushButton::clicked, this, &TestTrafficDialog::start);
    connect(m_stop, &QPushButton::clicked, &m_traffic, &TestTraffic::stop);
    connect(&m_traffic, &TestTraffic::progressChanged, this, &TestTrafficDialog::showProgress);
    connect(this, &QDialog::finished, &m_traffic, &TestTraffic::stop);
    showProgress();
}

TestTrafficDialog *TestTrafficDialog::openFor(QWidget *parent, const EngineController *engine, const QString &listen, const QString &protocol)
{
    const ListenerStats *stats = nullptr;
    for (const ListenerStats &row : engine->lastSnapshot().listeners) {
        if (row.listen == listen && row.protocol == protocol)
            stats = &row;
    }
    ListenerConfig listener;
    listener.listen = listen;
    listener.protocol = protocol == QStringLiteral("udp") ? ListenerConfig::Protocol::Udp : ListenerConfig::Protocol::Tcp;
    const auto &running = engine->runningConfig();
    if (stats && running && stats->index >= 0 && stats->index < running->listeners.size())
        listener = running->listeners.at(stats->index); // its TLS and PROXY protocol settings decide
    auto *dialog = new TestTrafficDialog(listener, engine->isRunning() ? stats : nullptr, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    dialog->start();
    return dialog;
}

TestTraffic::Plan TestTrafficDialog::plan() const
{
    TestTraffic::Plan plan;
    plan.connectionsPerSecond = m_rate->value();
    plan.durationMs = m_duration->value() * 1000;
    plan.payloadBytes = m_payload->value();
    return plan;
}

void TestTrafficDialog::setPlan(const TestTraffic::Plan &plan)
{
    m_rate->setValue(plan.connectionsPerSecond);
    m_duration->setValue(plan.durationMs / 1000);
    m_payload->setValue(plan.payloadBytes);
}

void TestTrafficDialog::start()
{
    if (m_target)
        m_traffic.start(*m_target, plan());
    showProgress();
}

QString TestTrafficDialog::statusText() const
{
    return m_status->text();
}

void TestTrafficDialog::showProgress()
{
    const bool running = m_traffic.isRunning();
    m_start->setEnabled(m_target && !running);
    m_stop->setEnabled(running);
    for (QSpinBox *field : {m_rate, m_duration, m_payload})
        field->setEnabled(m_target && !running);
    m_progress->setVisible(bool(m_target));
    if (!m_target) {
        m_status->setText(m_error);
        return;
    }
    const TestTraffic::Progress &progress = m_traffic.progress();
    m_progress->setRange(0, qMax(1, m_traffic.plan().connections()));
    m_progress->setValue(progress.completed + progress.failed);
    m_status->setText(m_traffic.statusText());
}
