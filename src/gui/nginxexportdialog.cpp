#include "nginxexportdialog.h"

#include "issuelocation.h"
#include "configsummary.h"
#include "fieldmarker.h"
#include "ui_nginxexportdialog.h"

#include <configjson.h>
#include <configvalidator.h>

#include <QClipboard>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHeaderView>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollBar>
#include <QStandardPaths>
#include <QStyle>

namespace {

// The releases people meet most, each with where it ships; any other can be typed.
struct KnownRelease
{
    const char *version;
    const char *where;
};
const KnownRelease knownReleases[] = {
    {"1.18", QT_TRANSLATE_NOOP("NginxExportDialog", "Debian 11, Ubuntu 22.04")},
    {"1.22", QT_TRANSLATE_NOOP("NginxExportDialog", "Debian 12")},
    {"1.24", QT_TRANSLATE_NOOP("NginxExportDialog", "Ubuntu 24.04")},
    {"1.26", QT_TRANSLATE_NOOP("NginxExportDialog", "Debian 13")},
    {"1.28", QT_TRANSLATE_NOOP("NginxExportDialog", "stable")},
};

// A listed release by its label ("1.22 (Debian 12)", translated), else the number typed.
QString versionOf(const QComboBox *combo)
{
    const QString text = combo->currentText().trimmed();
    const int listed = combo->findText(text);
    return listed >= 0 ? combo->itemData(listed).toString() : text.section(u' ', 0, 0);
}

} // namespace

NginxExportDialog::NginxExportDialog(QWidget *parent) : QDialog(parent), m_ui(std::make_unique<Ui::NginxExportDialog>())
{
    m_ui->setupUi(this);
    for (const KnownRelease &release : knownReleases) {
        const QString version = QLatin1StringView(release.version);
        m_ui->versionCombo->addItem(tr("%1 (%2)").arg(version, QCoreApplication::translate("NginxExportDialog", release.where)), version);
    }
    m_ui->previewEdit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_ui->messagesTree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_ui->messagesTree->header()->setStretchLastSection(true);
    m_ui->copyButton->setIcon(QIcon::fromTheme(QStringLiteral("edit-copy")));
    m_ui->saveButton->setIcon(style()->standardIcon(QStyle::SP_DialogSaveButton));
    m_ui->saveButton->setDefault(true);

    connect(m_ui->snippetRadio, &QRadioButton::toggled, this, &NginxExportDialog::updatePreview);
    connect(m_ui->versionCombo, &QComboBox::editTextChanged, this, &NginxExportDialog::updatePreview);
    for (QLineEdit *edit : {m_ui->loadModuleEdit, m_ui->pidEdit, m_ui->errorLogEdit})
        connect(edit, &QLineEdit::textChanged, this, &NginxExportDialog::updatePreview);
    connect(m_ui->copyButton, &QPushButton::clicked, this, &NginxExportDialog::copy);
    connect(m_ui->saveButton, &QPushButton::clicked, this, &NginxExportDialog::save);

    setOptions(NginxExporter::Options());
}

NginxExportDialog::~NginxExportDialog() = default;

void NginxExportDialog::setConfig(const Config &config, const QString &baseDirectory, const QString &documentName)
{
    m_config = config;
    m_problems = int(ConfigValidator::validate(config).size());
    m_baseDirectory = baseDirectory;
    m_documentName = documentName;
    if (!baseDirectory.isEmpty()) {
        ConfigJson::resolvePaths(&m_config, baseDirectory);
        m_relativePaths = false;
    } else {
        Config probe = config;
        ConfigJson::resolvePaths(&probe, QStringLiteral("/"));
        m_relativePaths = probe != config;
    }
    updatePreview();
}

void NginxExportDialog::setOptions(const NginxExporter::Options &options)
{
    const QSignalBlocker blockers[] = {QSignalBlocker(m_ui->snippetRadio), QSignalBlocker(m_ui->standaloneRadio),
                                       QSignalBlocker(m_ui->versionCombo), QSignalBlocker(m_ui->loadModuleEdit),
                                       QSignalBlocker(m_ui->pidEdit), QSignalBlocker(m_ui->errorLogEdit)};
    const bool standalone = options.form == NginxExporter::Form::Standalone;
    m_ui->standaloneRadio->setChecked(standalone);
    m_ui->snippetRadio->setChecked(!standalone);
    const int known = m_ui->versionCombo->findData(options.target.toString());
    if (known >= 0)
        m_ui->versionCombo->setCurrentIndex(known);
    m_ui->versionCombo->setEditText(known >= 0 ? m_ui->versionCombo->itemText(known) : options.target.toString());
    m_ui->loadModuleEdit->setText(options.loadModule);
    m_ui->pidEdit->setText(options.pid);
    m_ui->errorLogEdit->setText(options.errorLog);
    m_events = options.events;
    updatePreview();
}

NginxExporter::Options NginxExportDialog::options() const
{
    NginxExporter::Options options;
    options.form = m_ui->standaloneRadio->isChecked() ? NginxExporter::Form::Standalone : NginxExporter::Form::Snippet;
    options.target = m_target;
    options.loadModule = m_ui->loadModuleEdit->text().trimmed();
    options.pid = m_ui->pidEdit->text().trimmed();
    options.errorLog = m_ui->errorLogEdit->text().trimmed();
    options.events = m_events;
    return options;
}

void NginxExportDialog::updatePreview()
{
    const bool standalone = m_ui->standaloneRadio->isChecked();
    for (QWidget *widget : {static_cast<QWidget *>(m_ui->loadModuleLabel), static_cast<QWidget *>(m_ui->loadModuleEdit),
                            static_cast<QWidget *>(m_ui->pidLabel), static_cast<QWidget *>(m_ui->pidEdit),
                            static_cast<QWidget *>(m_ui->errorLogLabel), static_cast<QWidget *>(m_ui->errorLogEdit)})
        widget->setEnabled(standalone);

    QString versionError;
    const std::optional<NginxVersion> version = NginxVersion::parse(versionOf(m_ui->versionCombo), &versionError);
    m_versionValid = version.has_value();
    m_ui->messagesTree->clear();
    auto addMessage = [this](QStyle::StandardPixmap icon, const QString &where, const QString &what) {
        auto *item = new QTreeWidgetItem(m_ui->messagesTree, {where, what});
        item->setIcon(0, style()->standardIcon(icon));
        item->setToolTip(1, what);
    };

    if (!version) {
        FieldMarker::mark(m_ui->versionCombo, versionError);
        m_ui->versionNote->setWrappedText(QString());
        m_result = NginxExporter::Result();
        addMessage(QStyle::SP_MessageBoxCritical, tr("nginx version"), versionError);
        m_ui->previewEdit->setPlaceholderText(tr("Type the nginx version as nginx -v prints it, for example 1.22."));
    } else {
        FieldMarker::clear(m_ui->versionCombo);
        m_target = *version;
        QStringList missing;
        if (!m_target.supports(NginxVersion::Feature::LeastTime))
            missing << QStringLiteral("least_time");
        if (!m_target.supports(NginxVersion::Feature::ServerResolve))
            missing << QStringLiteral("server … resolve");
        if (!m_target.supports(NginxVersion::Feature::ProxyHalfClose))
            missing << QStringLiteral("proxy_half_close");
        missing << tr("active health checks (NGINX Plus only)");
        m_ui->versionNote->setWrappedText(
            tr("Not in nginx %1: %2. The file says so in comments and uses the nearest directive nginx has.").arg(m_target.toString(), missing.join(QStringLiteral(", "))));

        m_result = NginxExporter::exportConfig(m_config, options());
        for (const ConfigIssue &issue : std::as_const(m_result.errors))
            addMessage(QStyle::SP_MessageBoxCritical, IssueLocation::place(m_config, issue.path), IssueLocation::words(m_config, issue.message));
        for (const ConfigIssue &issue : std::as_const(m_result.warnings))
            addMessage(QStyle::SP_MessageBoxWarning, IssueLocation::place(m_config, issue.path), IssueLocation::words(m_config, issue.message));
        m_ui->previewEdit->setPlaceholderText(tr("Nothing to show: nginx would refuse this configuration for the reasons listed above."));
    }
    if (m_problems > 0)
        addMessage(QStyle::SP_MessageBoxWarning, tr("Configuration"),
                   tr("Portier itself refuses %n setting(s) of this configuration (marked on its pages); nginx may refuse them too.",
                      nullptr, m_problems));
    if (m_relativePaths)
        addMessage(QStyle::SP_MessageBoxInformation, tr("File paths"),
                   tr("The configuration is not saved yet, so its relative file paths stay relative and nginx reads them against its "
                      "prefix. Save the configuration first to write them in full."));
    m_ui->messagesTree->setVisible(m_ui->messagesTree->topLevelItemCount() > 0);

    // Keep the reader's place while the text changes under them.
    const int scroll = m_ui->previewEdit->verticalScrollBar()->value();
    m_ui->previewEdit->setPlainText(m_result.text);
    m_ui->previewEdit->verticalScrollBar()->setValue(scroll);

    const bool ok = m_versionValid && m_result.ok();
    m_ui->saveButton->setEnabled(ok);
    m_ui->copyButton->setEnabled(ok);
    if (!m_versionValid)
        showStatus(tr("<span style=\"color:#b00020\">Nothing to save until the nginx version is one nginx has.</span>"));
    else if (!m_result.ok())
        showStatus(tr("<span style=\"color:#b00020\"><b>Nothing to save: nginx would refuse %n setting(s) listed above.</b></span> "
                      "Fix them on the page each one names, then export again.",
                      nullptr, int(m_result.errors.size())));
    else
        showStatus(tr("%n line(s) for nginx %1.", nullptr, int(m_result.text.count(u'\n'))).arg(m_target.toString()));
}

void NginxExportDialog::showStatus(const QString &text)
{
    m_ui->statusLabel->setWrappedText(text);
}

bool NginxExportDialog::saveTo(const QString &path, QString *error)
{
    if (!m_versionValid || !m_result.ok()) {
        *error = tr("nginx would refuse this configuration; nothing was written");
        return false;
    }
    const QByteArray bytes = m_result.text.toUtf8();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        *error = file.errorString();
        return false;
    }
    const QString native = QDir::toNativeSeparators(QFileInfo(path).absoluteFilePath());
    if (m_ui->standaloneRadio->isChecked())
        showStatus(tr("Saved %1. Check it with <code>nginx -t -c %1</code>.").arg(native.toHtmlEscaped()));
    else
        showStatus(tr("Saved %1. Include it at the top level of nginx.conf (<code>include %1;</code>), then run <code>nginx -t</code>.")
                       .arg(native.toHtmlEscaped()));
    return true;
}

void NginxExportDialog::save()
{
    const bool standalone = m_ui->standaloneRadio->isChecked();
    const QString directory = m_baseDirectory.isEmpty() ? QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) : m_baseDirectory;
    const QString base = m_documentName.isEmpty() ? QStringLiteral("portier") : QFileInfo(m_documentName).completeBaseName();
    const QString name = standalone ? QStringLiteral("nginx.conf") : base + QStringLiteral("-stream.conf");
    const QString path = QFileDialog::getSaveFileName(this, tr("Save nginx configuration"), QDir(directory).filePath(name),
                                                      tr("nginx configuration (*.conf);;All files (*)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!saveTo(path, &error))
        showStatus(tr("<span style=\"color:#b00020\">Cannot save %1: %2</span>").arg(QDir::toNativeSeparators(path).toHtmlEscaped(), error.toHtmlEscaped()));
}

void NginxExportDialog::copy()
{
    if (!m_versionValid || !m_result.ok())
        return;
    QGuiApplication::clipboard()->setText(m_result.text);
    showStatus(tr("Copied %n line(s) to the clipboard.", nullptr, int(m_result.text.count(u'\n'))));
}
