#include "applybar.h"

#include "statusicons.h"
#include "ui_applybar.h"

#include <QStyle>

namespace {
constexpr int issuesShown = 3; // the rest are on the pages, marked where they are
}

ApplyBar::ApplyBar(QWidget *parent) : QFrame(parent), m_ui(std::make_unique<Ui::ApplyBar>())
{
    m_ui->setupUi(this);
}

ApplyBar::~ApplyBar() = default;

void ApplyBar::setActions(QAction *apply, QAction *revert)
{
    m_ui->applyButton->setDefaultAction(apply);
    m_ui->revertButton->setDefaultAction(revert);
}

QString ApplyBar::text() const
{
    return m_ui->textLabel->text();
}

void ApplyBar::show(const Situation &situation)
{
    QString text;
    const ConfigIssues &issues = situation.issues;
    if (!issues.isEmpty()) {
        QStringList lines;
        for (int i = 0; i < issues.size() && i < issuesShown; ++i)
            lines << issues.at(i).toString().toHtmlEscaped();
        if (issues.size() > issuesShown)
            lines << tr("… and %n more", nullptr, int(issues.size() - issuesShown));
        const QString heading = situation.blocking
                                  ? tr("<b>%n problem(s); Apply is disabled until they are fixed:</b>", nullptr, int(issues.size()))
                                  : situation.applyMessage.isEmpty()
                                  ? tr("<b>The engine reported:</b>")
                                  : QStringLiteral("<b>%1</b>").arg(situation.applyMessage.toHtmlEscaped()); // refused: what still runs
        text = heading + QStringLiteral("<br>") + lines.join(QStringLiteral("<br>"));
    } else if (!situation.applyMessage.isEmpty()) {
        text = situation.applyMessage.toHtmlEscaped();
    } else if (situation.runsThisConfig && !situation.remoteName.isEmpty()) {
        text = tr("%1 runs this configuration.").arg(situation.remoteName.toHtmlEscaped());
    } else if (!situation.running && !situation.remoteName.isEmpty()) {
        text = tr("%1 is not connected; its configuration is applied once it is.").arg(situation.remoteName.toHtmlEscaped());
    } else if (situation.runsThisConfig) {
        text = tr("The engine runs this configuration.");
    } else if (situation.running) {
        text = tr("Edited: Apply runs the changes without dropping established connections.");
    } else {
        text = tr("The engine is stopped. Apply (or Start) runs this configuration.");
    }
    m_ui->textLabel->setWrappedText(text);
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize);
    const QIcon icon = !issues.isEmpty() ? StatusIcons::problem() : StatusIcons::dot(situation.running ? StatusIcons::Good : StatusIcons::Idle);
    m_ui->icon->setPixmap(icon.pixmap(size));
}
