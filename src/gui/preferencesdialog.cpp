#include "preferencesdialog.h"

#include "ui_preferencesdialog.h"

PreferencesDialog::PreferencesDialog(QWidget *parent) : QDialog(parent), m_ui(std::make_unique<Ui::PreferencesDialog>())
{
    m_ui->setupUi(this);
    // Each language in its own words, so a user who cannot read the current one finds theirs.
    m_ui->languageCombo->addItem(tr("System language"), QString());
    m_ui->languageCombo->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_ui->languageCombo->addItem(QStringLiteral("中文（简体）"), QStringLiteral("zh_CN"));
    // Each kind of notification is its own switch, under the one for all of them.
    connect(m_ui->notificationsCheck, &QCheckBox::toggled, this, [this](bool on) {
        for (QWidget *w : {static_cast<QWidget *>(m_ui->notifyServersCheck), static_cast<QWidget *>(m_ui->notifyListenersCheck),
                           static_cast<QWidget *>(m_ui->notifyCertificatesCheck), static_cast<QWidget *>(m_ui->certificateDaysSpin)})
            w->setEnabled(on);
    });
    setPreferences(Preferences());
}

PreferencesDialog::~PreferencesDialog() = default;

void PreferencesDialog::setPreferences(const Preferences &preferences)
{
    m_preferences = preferences;
    m_ui->startAtLoginCheck->setChecked(preferences.startAtLogin);
    m_ui->startMinimizedCheck->setChecked(preferences.startMinimized);
    m_ui->startEngineCheck->setChecked(preferences.startEngineOnLaunch);
    m_ui->notificationsCheck->setChecked(preferences.notifications);
    m_ui->notifyServersCheck->setChecked(preferences.notifyServers);
    m_ui->notifyListenersCheck->setChecked(preferences.notifyListeners);
    m_ui->notifyCertificatesCheck->setChecked(preferences.notifyCertificates);
    m_ui->certificateDaysSpin->setValue(preferences.certificateDays);
    const int language = m_ui->languageCombo->findData(preferences.language);
    m_ui->languageCombo->setCurrentIndex(language < 0 ? 0 : language);
}

Preferences PreferencesDialog::preferences() const
{
    Preferences preferences = m_preferences;
    preferences.startAtLogin = m_ui->startAtLoginCheck->isChecked();
    preferences.startMinimized = m_ui->startMinimizedCheck->isChecked();
    preferences.startEngineOnLaunch = m_ui->startEngineCheck->isChecked();
    preferences.notifications = m_ui->notificationsCheck->isChecked();
    preferences.notifyServers = m_ui->notifyServersCheck->isChecked();
    preferences.notifyListeners = m_ui->notifyListenersCheck->isChecked();
    preferences.notifyCertificates = m_ui->notifyCertificatesCheck->isChecked();
    preferences.certificateDays = m_ui->certificateDaysSpin->value();
    preferences.language = m_ui->languageCombo->currentData().toString();
    return preferences;
}
