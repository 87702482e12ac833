#include "nginximportdialog.h"

#include "issuelocation.h"

#include "configsummary.h"
#include "ui_nginximportdialog.h"

#include <configjson.h>

#include <QDir>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QVBoxLayout>
#include <QPushButton>
#include <QStyle>

NginxImportDialog::NginxImportDialog(QWidget *parent) : QDialog(parent), m_ui(std::make_unique<Ui::NginxImportDialog>())
{
    m_ui->setupUi(this);
    m_importButton = m_ui->buttonBox->addButton(tr("&Import"), QDialogButtonBox::AcceptRole);
    m_importButton->setObjectName(QStringLiteral("importButton"));
    m_importButton->setDefault(true);
    m_rereadButton = m_ui->buttonBox->addButton(tr("&Read again"), QDialogButtonBox::ActionRole);
    m_rereadButton->setObjectName(QStringLiteral("rereadButton"));
    m_rereadButton->setToolTip(tr("Read the file again, for example after fixing it in an editor"));
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_rereadButton, &QPushButton::clicked, this, [this] { importFile(m_path); });

    // One icon and count per kind above the list, so errors and warnings read apart.
    auto *counts = new QWidget(m_ui->issuesGroup);
    counts->setObjectName(QStringLiteral("issueCounts"));
    auto *row = new QHBoxLayout(counts);
    row->setContentsMargins(0, 0, 0, 0);
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize);
    const QStyle::StandardPixmap icons[3] = {QStyle::SP_MessageBoxCritical, QStyle::SP_MessageBoxWarning, QStyle::SP_MessageBoxInformation};
    const char *names[3] = {"errorCountLabel", "warningCountLabel", "noteCountLabel"};
    for (int i = 0; i < 3; ++i) {
        auto *icon = new QLabel(counts);
        icon->setPixmap(style()->standardIcon(icons[i]).pixmap(iconSize));
        m_countLabels[i] = new QLabel(counts);
        m_countLabels[i]->setObjectName(QLatin1StringView(names[i]));
        row->addWidget(icon);
        row->addWidget(m_countLabels[i]);
        row->addSpacing(iconSize);
    }
    row->addStretch(1);
    counts->setToolTip(tr("Errors: nginx refuses the line, or dropping it would let in clients nginx keeps out or send connections "
                          "elsewhere; nothing is imported while there are any. Warnings: left out without changing who gets in or "
                          "where connections go. Notes: left out because Portier does not need them."));
    if (auto *layout = qobject_cast<QVBoxLayout *>(m_ui->issuesGroup->layout()))
        layout->insertWidget(0, counts);
    m_ui->issuesTree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_ui->issuesTree->header()->setStretchLastSection(true);
    m_ui->summaryTree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_ui->jsonView->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_ui->splitter->setStretchFactor(0, 1);
    m_ui->splitter->setStretchFactor(1, 3);
    showResult();
}

NginxImportDialog::~NginxImportDialog() = default;


bool NginxImportDialog::canImport() const
{
    return !m_path.isEmpty() && !m_result.hasErrors();
}

void NginxImportDialog::importFile(const QString &path)
{
    m_path = QFileInfo(path).absoluteFilePath();
    m_result = NginxImporter::importFile(m_path);
    showResult();
}

void NginxImportDialog::showResult()
{
    const QString native = QDir::toNativeSeparators(m_path);
    const int included = qMax(0, int(m_result.files.size()) - 1);
    if (m_path.isEmpty())
        m_ui->fileLabel->setWrappedText(tr("No file read yet."));
    else if (included == 0)
        m_ui->fileLabel->setWrappedText(tr("Read <b>%1</b>.").arg(native.toHtmlEscaped()));
    else
        m_ui->fileLabel->setWrappedText(tr("Read <b>%1</b> and %n file(s) it includes.", nullptr, included).arg(native.toHtmlEscaped()));

    // Places relative to the main file's folder: short, and still unambiguous.
    const QDir base = QFileInfo(m_path).absoluteDir();
    int errors = 0, warnings = 0, notes = 0;
    m_ui->issuesTree->clear();
    // Errors first, then warnings, then notes, each in file order: what blocks the import leads.
    NginxIssues ordered = m_result.issues;
    std::stable_sort(ordered.begin(), ordered.end(), [](const NginxIssue &a, const NginxIssue &b) { return int(a.severity) < int(b.severity); });
    for (const NginxIssue &issue : std::as_const(ordered)) {
        QString where = issue.file.isEmpty() ? QString() : QDir::toNativeSeparators(base.relativeFilePath(issue.file));
        if (issue.line > 0)
            where += u':' + QString::number(issue.line);
        // "in the imported config, listeners[0].listen: ..." names the item in words here.
        const QString message = IssueLocation::words(m_result.config, issue.message);
        auto *item = new QTreeWidgetItem(m_ui->issuesTree, {where, message});
        QStyle::StandardPixmap icon = QStyle::SP_MessageBoxInformation;
        switch (issue.severity) {
        case NginxIssue::Severity::Error:
            ++errors;
            icon = QStyle::SP_MessageBoxCritical;
            item->setData(0, Qt::AccessibleTextRole, tr("error"));
            break;
        case NginxIssue::Severity::Warning:
            ++warnings;
            icon = QStyle::SP_MessageBoxWarning;
            item->setData(0, Qt::AccessibleTextRole, tr("warning"));
            break;
        case NginxIssue::Severity::Note:
            ++notes;
            item->setData(0, Qt::AccessibleTextRole, tr("note"));
            break;
        }
        item->setIcon(0, style()->standardIcon(icon));
        item->setToolTip(0, QDir::toNativeSeparators(issue.file));
        item->setToolTip(1, message);
    }
    m_ui->issuesGroup->setVisible(!m_result.issues.isEmpty());
    m_countLabels[0]->setText(tr("%n error(s)", nullptr, errors));
    m_countLabels[1]->setText(tr("%n warning(s)", nullptr, warnings));
    m_countLabels[2]->setText(tr("%n note(s)", nullptr, notes));
    m_counts = {errors, warnings, notes};

    QString verdict;
    QStyle::StandardPixmap verdictIcon = QStyle::SP_DialogApplyButton;
    if (m_path.isEmpty()) {
        verdict = QString();
    } else if (errors > 0) {
        verdict = tr("<b>%n error(s) below, so there is nothing to import:</b> nginx refuses these lines, or leaving them out would "
                     "let in clients nginx keeps out or send connections elsewhere. Fix the file, then Read again.", nullptr, errors);
        verdictIcon = QStyle::SP_MessageBoxCritical;
    } else if (warnings > 0) {
        verdict = tr("<b>%n setting(s) could not be carried over exactly</b>; check the warnings below before you import.", nullptr, warnings);
        verdictIcon = QStyle::SP_MessageBoxWarning;
    } else if (notes > 0) {
        verdict = tr("The stream {} block was carried over. The notes below say what Portier leaves out, and why.");
        verdictIcon = QStyle::SP_MessageBoxInformation;
    } else {
        verdict = tr("Every directive of the stream {} block was carried over.");
    }
    m_ui->verdictLabel->setWrappedText(verdict);
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize);
    m_ui->verdictIcon->setPixmap(verdict.isEmpty() ? QPixmap() : style()->standardIcon(verdictIcon).pixmap(size));

    const bool usable = canImport();
    m_ui->previewGroup->setEnabled(usable);
    if (usable) {
        ConfigSummary::fill(m_ui->summaryTree, m_result.config);
        m_ui->jsonView->setPlainText(QString::fromUtf8(ConfigJson::toBytes(m_result.config)));
    } else {
        m_ui->summaryTree->clear();
        m_ui->jsonView->clear();
    }
    m_importButton->setEnabled(usable);
    if (errors > 0)
        m_importButton->setToolTip(tr("Import is off while there are errors (%n): fix them in the file, then Read again", nullptr, errors));
    else
        m_importButton->setToolTip(tr("Put this config into the document, as one step you can undo"));
    m_rereadButton->setEnabled(!m_path.isEmpty());
    // The next step has the focus (and Enter): Import, or Read again after fixing the file.
    // Not the first list, whose focus frame would look like a selection.
    if (usable)
        m_importButton->setFocus();
    else if (!m_path.isEmpty())
        m_rereadButton->setFocus();
}
