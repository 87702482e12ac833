#include "firststartguide.h"

#include "wrappinglabel.h"

#include <config.h>

#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace {
// The text and buttons keep a readable line length on wide windows.
constexpr int guideWidthInChars = 70;
} // namespace

FirstStartGuide::FirstStartGuide(QWidget *parent) : QFrame(parent)
{
    setObjectName(QStringLiteral("firstStartGuide"));
    setFrameShape(QFrame::StyledPanel);
    setMaximumWidth(fontMetrics().averageCharWidth() * guideWidthInChars);

    auto *heading = new QLabel(tr("<b>Welcome to Portier</b>"), this);
    // WrappingLabel: a plain wrapped QLabel inside the dashboard's scroll area shows one line.
    auto *text = new WrappingLabel(this);
    text->setWrappedText(tr("Nothing is configured yet. Portier accepts connections on a listener and forwards them to "
                            "the servers of an upstream group. Start with one of these:"));

    struct Step
    {
        const char *name;
        QString label;
        QString hint;
        void (FirstStartGuide::*signal)();
    };
    const Step steps[] = {
        {"guideAddListener", tr("Add a &listener"), tr("Choose an address and port, then the servers to forward to."),
         &FirstStartGuide::addListenerRequested},
        {"guideImportNginx", tr("&Import an nginx config…"), tr("Bring in the stream {} block of an nginx configuration."),
         &FirstStartGuide::importNginxRequested},
        {"guideOpenSample", tr("Open the &sample"),
         tr("A round robin on 127.0.0.1:30003 over two servers, copied to your configuration folder to edit."),
         &FirstStartGuide::openSampleRequested},
    };
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(heading);
    layout->addWidget(text);
    for (const Step &step : steps) {
        auto *button = new QPushButton(step.label, this);
        button->setObjectName(QLatin1StringView(step.name));
        auto *hint = new WrappingLabel(this);
        hint->setWrappedText(step.hint);
        hint->setIndent(fontMetrics().averageCharWidth() * 2);
        auto *row = new QVBoxLayout;
        row->setSpacing(2);
        row->addWidget(button, 0, Qt::AlignLeft);
        row->addWidget(hint);
        layout->addLayout(row);
        connect(button, &QPushButton::clicked, this, step.signal);
    }
}

bool FirstStartGuide::isEmpty(const Config &config)
{
    return config.listeners.isEmpty() && config.upstreams.isEmpty() && config.certificates.isEmpty();
}
