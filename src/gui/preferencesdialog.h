#pragma once

#include "preferences.h"

#include <QDialog>
#include <memory>

class ApiPreferencesPage;

namespace Ui {
class PreferencesDialog;
}

// Edits Preferences: start at login, start minimized, start the engine, notifications,
// language (General); the desktop program's control API (API). Shows a value and hands one back; the caller stores it. GUI thread.
class PreferencesDialog : public QDialog
{
    Q_OBJECT

public:
    explicit PreferencesDialog(QWidget *parent = nullptr);
    ~PreferencesDialog() override;

    void setPreferences(const Preferences &preferences);
    Preferences preferences() const;
    ApiPreferencesPage *apiPage() const { return m_apiPage; }

    void accept() override; // refuses while the API page has problems, and shows them

private:
    std::unique_ptr<Ui::PreferencesDialog> m_ui;
    Preferences m_preferences;
    ApiPreferencesPage *m_apiPage;
};
