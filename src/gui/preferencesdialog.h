#pragma once

#include "preferences.h"

#include <QDialog>
#include <memory>

namespace Ui {
class PreferencesDialog;
}

// Edits Preferences: start at login, start minimized, start the engine, notifications,
// language. Shows a value and hands one back; the caller stores it. GUI thread.
class PreferencesDialog : public QDialog
{
    Q_OBJECT

public:
    explicit PreferencesDialog(QWidget *parent = nullptr);
    ~PreferencesDialog() override;

    void setPreferences(const Preferences &preferences);
    Preferences preferences() const;

private:
    std::unique_ptr<Ui::PreferencesDialog> m_ui;
    Preferences m_preferences;
};
