#pragma once

#include <nginximporter.h>

#include <QDialog>
#include <memory>

class QLabel;
class QPushButton;

namespace Ui {
class NginxImportDialog;
}

// File > Import nginx config…: reads an nginx config (and its includes) with NginxImporter
// and shows, before anything changes, what was not carried over (file:line and why) and the
// Portier config that would result. Accepting hands that config back; the caller puts it
// into the document as one undoable edit. Issues are shown errors first, with counts of each
// kind; errors (nginx refuses the line, or dropping it would widen access or change routing)
// leave nothing to import, and the Import button says why it is off. GUI thread.
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

    struct Counts
    {
        int errors = 0;
        int warnings = 0;
        int notes = 0;
    };
    Counts counts() const { return m_counts; } // of the issues shown

private:
    void showResult();

    std::unique_ptr<Ui::NginxImportDialog> m_ui;
    QPushButton *m_importButton;
    QPushButton *m_rereadButton;
    QLabel *m_countLabels[3]; // errors, warnings, notes
    Counts m_counts;
    QString m_path;
    NginxImporter::Result m_result;
};
