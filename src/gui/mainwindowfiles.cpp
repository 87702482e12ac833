// MainWindow's File commands: New, Open (with the last good version of a file that does not
// load), Save, Save As, the nginx import and export, and a --config handed over. Apart from
// mainwindow.cpp so that one stays about the window itself.
#include "mainwindow.h"

#include "configdocument.h"
#include "nginxexportdialog.h"
#include "nginximportdialog.h"
#include "recentfiles.h"
#include "remoteinstances.h"

#include <configbackup.h>

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>

namespace {
const QString lastConfigKey = QStringLiteral("lastConfig");
const QString importDirectoryKey = QStringLiteral("nginxImport/directory");
const QString exportStandaloneKey = QStringLiteral("nginxExport/standalone");
const QString exportVersionKey = QStringLiteral("nginxExport/version");
const QString exportLoadModuleKey = QStringLiteral("nginxExport/loadModule");
const QString exportPidKey = QStringLiteral("nginxExport/pid");
const QString exportErrorLogKey = QStringLiteral("nginxExport/errorLog");
} // namespace

bool MainWindow::openFile(const QString &path)
{
    QString error;
    if (!m_document->load(path, &error))
        return offerLastGoodVersion(path, error);
    m_recent->add(path);
    m_settings->setValue(lastConfigKey, m_document->filePath());
    return true;
}

// A file that does not load: say why, and offer the version its last save replaced (kept
// as .bak) when that one loads. It opens as an unsaved change, so nothing is written unasked.
bool MainWindow::offerLastGoodVersion(const QString &path, const QString &error)
{
    const QString problem = tr("Cannot open %1:\n\n%2").arg(QDir::toNativeSeparators(path), error);
    const std::optional<ConfigBackup> backup = ConfigBackup::find(path);
    if (!backup || !backup->isGood()) {
        ask(QMessageBox::Warning, tr("Portier"), problem, QMessageBox::Ok);
        return false;
    }
    const QString offer = tr("Open the last good version (%1)?\n\nIt opens as an unsaved change; Save writes it to %2 and keeps "
                             "the damaged file as %3.")
                              .arg(backup->describe(), QFileInfo(path).fileName(), QFileInfo(backup->path).fileName());
    if (ask(QMessageBox::Warning, tr("Portier"), problem + QStringLiteral("\n\n") + offer, QMessageBox::Open | QMessageBox::Cancel)
        != QMessageBox::Open)
        return false;
    m_document->restore(backup->config, path, tr("Open the last good version"));
    m_recent->add(path);
    m_settings->setValue(lastConfigKey, m_document->filePath());
    return true;
}

bool MainWindow::saveFile(const QString &path)
{
    QString error;
    if (!m_document->save(path, &error)) {
        ask(QMessageBox::Warning, tr("Portier"), tr("Cannot save %1: %2").arg(QDir::toNativeSeparators(path), error), QMessageBox::Ok);
        return false;
    }
    m_recent->add(path);
    m_settings->setValue(lastConfigKey, m_document->filePath());
    statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)), 4000);
    return true;
}

bool MainWindow::maybeSave()
{
    if (!m_document->isModified())
        return true;
    const auto answer = ask(QMessageBox::Warning, tr("Unsaved changes"),
                            tr("%1 has changes that are not saved. Save them?").arg(m_document->displayName()),
                            QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
    if (answer == QMessageBox::Save)
        return save();
    return answer == QMessageBox::Discard;
}

void MainWindow::newFile()
{
    if (maybeSave())
        m_document->reset(Config());
}

void MainWindow::openWithDialog()
{
    if (!maybeSave())
        return;
    const QString start = m_document->filePath().isEmpty() ? QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)
                                                           : m_document->baseDirectory();
    const QString path = QFileDialog::getOpenFileName(this, tr("Open configuration"), start, tr("Portier configuration (*.json);;All files (*)"));
    if (!path.isEmpty())
        openFile(path);
}

bool MainWindow::save()
{
    if (m_document->filePath().isEmpty())
        return saveAs();
    return saveFile(m_document->filePath());
}

bool MainWindow::saveAs()
{
    const QString start = m_document->filePath().isEmpty()
                            ? QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) + QStringLiteral("/portier.json")
                            : m_document->filePath();
    QString path = QFileDialog::getSaveFileName(this, tr("Save configuration"), start, tr("Portier configuration (*.json)"));
    if (path.isEmpty())
        return false;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".json");
    return saveFile(path);
}

void MainWindow::importNginx()
{
    QString start = m_settings->value(importDirectoryKey).toString();
    if (start.isEmpty() || !QFileInfo(start).isDir())
        start = QFileInfo(QStringLiteral("/etc/nginx")).isDir() ? QStringLiteral("/etc/nginx")
                                                                : QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString path = QFileDialog::getOpenFileName(this, tr("Import nginx configuration"), start,
                                                      tr("nginx configuration (*.conf);;All files (*)"));
    if (path.isEmpty())
        return;
    m_settings->setValue(importDirectoryKey, QFileInfo(path).absolutePath());
    importNginxFile(path);
}

bool MainWindow::importNginxFile(const QString &path)
{
    NginxImportDialog dialog(this);
    dialog.importFile(path);
    if (dialog.exec() != QDialog::Accepted || !dialog.canImport())
        return false;
    const Config &imported = dialog.result().config;
    const QString name = QFileInfo(dialog.filePath()).fileName();
    m_document->edit(imported, tr("Import nginx config %1").arg(name));
    statusBar()->showMessage(tr("Imported %1: %2, %3.")
                                 .arg(name, tr("%n listener(s)", nullptr, int(imported.listeners.size())),
                                      tr("%n upstream group(s)", nullptr, int(imported.upstreams.size()))),
                             8000);
    showPage(ListenersPageIndex);
    return true;
}

void MainWindow::exportNginx()
{
    NginxExportDialog dialog(this);
    NginxExporter::Options options; // the exporter's defaults, then what the user chose last
    if (m_settings->contains(exportStandaloneKey)) {
        options.form = m_settings->value(exportStandaloneKey).toBool() ? NginxExporter::Form::Standalone : NginxExporter::Form::Snippet;
        options.target = NginxVersion::parse(m_settings->value(exportVersionKey).toString()).value_or(options.target);
        options.loadModule = m_settings->value(exportLoadModuleKey, options.loadModule).toString();
        options.pid = m_settings->value(exportPidKey).toString();
        options.errorLog = m_settings->value(exportErrorLogKey).toString();
    }
    dialog.setOptions(options);
    dialog.setConfig(m_document->config(), m_document->baseDirectory(), m_document->displayName());
    dialog.exec();
    const NginxExporter::Options chosen = dialog.options();
    m_settings->setValue(exportStandaloneKey, chosen.form == NginxExporter::Form::Standalone);
    m_settings->setValue(exportVersionKey, chosen.target.toString());
    m_settings->setValue(exportLoadModuleKey, chosen.loadModule);
    m_settings->setValue(exportPidKey, chosen.pid);
    m_settings->setValue(exportErrorLogKey, chosen.errorLog);
}

void MainWindow::openFromCommandLine(const QString &path)
{
    if (!maybeSave())
        return;
    if (m_instance != m_engine)
        m_remotes->activate(m_engine); // a file of this computer's: shown with its engine
    if (openFile(path) && m_engine->state() == EngineController::State::Stopped)
        startEngine();
}
