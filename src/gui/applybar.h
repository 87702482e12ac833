#pragma once

#include <configissue.h>

#include <QFrame>
#include <memory>

class QAction;

namespace Ui {
class ApplyBar;
}

// The strip under the pages: what stands between the edited configuration and the engine
// (the validator's problems, what the engine reported on the last apply, or that all is
// applied), beside the Revert and Apply buttons. GUI thread.
class ApplyBar : public QFrame
{
    Q_OBJECT

public:
    struct Situation
    {
        ConfigIssues issues;    // the validator's and the engine's
        bool blocking = false;  // the validator's: Apply is disabled
        QString applyMessage;   // what the last apply said, if it said anything
        bool running = false;
        bool runsThisConfig = false;
        QString remoteName;     // a remote portierd is shown ("portierd at host:port"); empty: this computer's engine
    };

    explicit ApplyBar(QWidget *parent = nullptr);
    ~ApplyBar() override;

    void setActions(QAction *apply, QAction *revert);
    void show(const Situation &situation);
    QString text() const;

private:
    std::unique_ptr<Ui::ApplyBar> m_ui;
};
