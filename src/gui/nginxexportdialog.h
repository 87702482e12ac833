#pragma once

#include <config.h>
#include <nginxexporter.h>

#include <QDialog>
#include <memory>

namespace Ui {
class NginxExportDialog;
}

// File > Export nginx config…: the edited config as nginx stream {} syntax, previewed live
// while the user picks the form (snippet or standalone nginx.conf), the target nginx version
// and the standalone file's load_module, pid and error_log. Save… writes the text, Copy puts
// it on the clipboard; what nginx would refuse is listed in words (which listener or group,
// which field, why) and leaves nothing to save. GUI thread.
class NginxExportDialog : public QDialog
{
    Q_OBJECT

public:
    explicit NginxExportDialog(QWidget *parent = nullptr);
    ~NginxExportDialog() override;

    // The config as the document holds it: relative file paths resolve against
    // baseDirectory (the config file's folder), as portierd resolves them. documentName
    // suggests the file name to save as.
    void setConfig(const Config &config, const QString &baseDirectory, const QString &documentName = QString());

    void setOptions(const NginxExporter::Options &options);
    // The options the widgets show; the target version is the last valid one typed.
    NginxExporter::Options options() const;
    bool isVersionValid() const { return m_versionValid; }

    const NginxExporter::Result &result() const { return m_result; }
    QString text() const { return m_result.text; } // empty while nginx would refuse the config

    bool saveTo(const QString &path, QString *error);

public slots:
    void save(); // asks where
    void copy();

private:
    void updatePreview();
    void showStatus(const QString &text);

    std::unique_ptr<Ui::NginxExportDialog> m_ui;
    Config m_config;
    QString m_baseDirectory;
    QString m_documentName;
    int m_problems = 0;           // what ConfigValidator finds: the pages mark it
    bool m_relativePaths = false; // unsaved document: paths nginx would read against its prefix
    NginxVersion m_target = NginxVersion::debian();
    bool m_versionValid = true;
    QStringList m_events;
    NginxExporter::Result m_result;
};
