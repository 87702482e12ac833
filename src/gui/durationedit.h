#pragma once

#include <QWidget>

class QComboBox;
class QSpinBox;

// An nginx duration entered as a number and a unit (ms, s, min, h), e.g. proxy_timeout.
// Shows a value in the largest unit that holds it exactly, so 600000 ms reads "10 min".
// GUI thread.
class DurationEdit : public QWidget
{
    Q_OBJECT

public:
    explicit DurationEdit(QWidget *parent = nullptr);

    qint64 milliseconds() const;
    void setMilliseconds(qint64 milliseconds);

    QSpinBox *numberField() const { return m_number; }
    QComboBox *unitField() const { return m_unit; }

signals:
    void valueChanged(qint64 milliseconds);

private:
    QSpinBox *m_number;
    QComboBox *m_unit;
};
