#include "nginximportdialog.h"

#include "configsummary.h"
#include "ui_nginximportdialog.h"

#include <configjson.h>

#include <QDir>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHeaderView>
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
    for (const NginxIssue &issue : std::as_const(m_result.issues)) {
        QString where = issue.file.isEmpty() ? QString() : QDir::toNativeSeparators(base.relativeFilePath(issue.file));
        if (issue.line > 0)
            where += u':' + QString::number(issue.line);
        auto *item = new QTreeWidgetItem(m_ui->issuesTree, {where, issue.message});
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
        item->setToolTip(1, issue.message);
    }
    m_ui->issuesGroup->setVisible(!m_result.issues.isEmpty());

    QString verdict;
    QStyle::StandardPixmap verdictIcon = QStyle::SP_DialogApplyButton;
    if (m_path.isEmpty()) {
        verdict = QString();
    } else if (errors > 0) {
        verdict = tr("<b>nginx would refuse this file too (%n error(s) below), so there is nothing to import.</b> "
                     "Fix the file, then Read again.", nullptr, errors);
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
    m_rereadButton->setEnabled(!m_path.isEmpty());
    // The next step has the focus (and Enter): Import, or Read again after fixing the file.
    // Not the first list, whose focus frame would look like a selection.
    if (usable)
        m_importButton->setFocus();
    else if (!m_path.isEmpty())
        m_rereadButton->setFocus();
}
