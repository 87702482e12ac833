#pragma once

#include <QLabel>

// A word-wrapped label that claims the height its text needs at its current width. Layouts
// inside a QScrollArea or a QMainWindow do not ask a label's heightForWidth, so a plain
// wrapped QLabel there shows only its first line. Used for messages of any length.
class WrappingLabel : public QLabel
{
    Q_OBJECT

public:
    explicit WrappingLabel(QWidget *parent = nullptr);

    void setWrappedText(const QString &text);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void updateHeight();
};
