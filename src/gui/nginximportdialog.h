#pragma once

#include <nginximporter.h>

#include <QDialog>
#include <memory>

class QPushButton;

namespace Ui {
class NginxImportDialog;
}

// File > Import nginx config…: reads an nginx config (and its includes) with NginxImporter
// and shows, before anything changes, what was not carried over (file:line and why) and the
// Portier config that would result. Accepting hands that config back; the caller puts it
// into the document as one undoable edit. Errors (nginx would refuse the file too) leave
// nothing to import. GUI thread.
class NginxImportDialog : public QDialog
{
    Q_OBJECT

public:
    explicit NginxImportDialog(QWidget *parent = nullptr);
    ~NginxImportDialog() override;

    // Reads path now (again, with the Read again button) and shows the outcome.
    void importFile(const QString &path);

    QString filePath() const { return m_path; }
    const NginxImporter::Result &result() const { return m_result; }
    bool canImport() const;

    QPushButton *importButton() const { return m_importButton; }

private:
    void showResult();

    std::unique_ptr<Ui::NginxImportDialog> m_ui;
    QPushButton *m_importButton;
    QPushButton *m_rereadButton;
    QString m_path;
    NginxImporter::Result m_result;
};
