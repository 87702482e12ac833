#include "durationedit.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QSpinBox>

namespace {
constexpr qint64 unitMs[] = {1, 1000, 60 * 1000, 60 * 60 * 1000};
constexpr int unitCount = 4;
} // namespace

DurationEdit::DurationEdit(QWidget *parent) : QWidget(parent), m_number(new QSpinBox(this)), m_unit(new QComboBox(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_number->setRange(0, 999999);
    m_number->setAccelerated(true);
    m_unit->addItems({tr("ms"), tr("s"), tr("min"), tr("h")});
    m_unit->setCurrentIndex(1);
    layout->addWidget(m_number, 1);
    layout->addWidget(m_unit);
    setFocusProxy(m_number);
    connect(m_number, &QSpinBox::valueChanged, this, [this] { emit valueChanged(milliseconds()); });
    connect(m_unit, &QComboBox::currentIndexChanged, this, [this] { emit valueChanged(milliseconds()); });
}

qint64 DurationEdit::milliseconds() const
{
    return qint64(m_number->value()) * unitMs[qBound(0, m_unit->currentIndex(), unitCount - 1)];
}

void DurationEdit::setMilliseconds(qint64 milliseconds)
{
    int unit = 0;
    for (int i = unitCount - 1; i > 0; --i) {
        if (milliseconds % unitMs[i] == 0 && milliseconds / unitMs[i] <= m_number->maximum()) {
            unit = i;
            break;
        }
    }
    if (milliseconds == 0)
        unit = 1;
    const QSignalBlocker numberBlocker(m_number);
    const QSignalBlocker unitBlocker(m_unit);
    m_unit->setCurrentIndex(unit);
    m_number->setValue(int(qMin<qint64>(milliseconds / unitMs[unit], m_number->maximum())));
}
