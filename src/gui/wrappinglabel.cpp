#include "wrappinglabel.h"

WrappingLabel::WrappingLabel(QWidget *parent) : QLabel(parent)
{
    setWordWrap(true);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
}

void WrappingLabel::setWrappedText(const QString &text)
{
    setText(text);
    updateHeight();
}

void WrappingLabel::resizeEvent(QResizeEvent *event)
{
    QLabel::resizeEvent(event);
    updateHeight();
}

void WrappingLabel::updateHeight()
{
    // Before the first layout the width is meaningless (a narrow guess makes a tall label
    // that then holds its layout tall); the resize that the layout brings computes it.
    constexpr int laidOutWidth = 40;
    const int previous = minimumHeight();
    setMinimumHeight(0); // QLabel::heightForWidth() never answers less than the minimum height
    const int height = text().isEmpty() || width() < laidOutWidth ? 0 : heightForWidth(width());
    setMinimumHeight(height);
    if (height != previous)
        updateGeometry();
}
