#include "preferencesdialog.h"

#include "apipreferencespage.h"
#include "layoutfit.h"
#include "ui_preferencesdialog.h"

#include <QScreen>
#include <QScrollArea>
#include <QTabWidget>

PreferencesDialog::PreferencesDialog(QWidget *parent)
    : QDialog(parent), m_ui(std::make_unique<Ui::PreferencesDialog>()), m_apiPage(new ApiPreferencesPage)
{
    m_ui->setupUi(this);
    // Two pages: the form's groups under General, the API beside them.
    auto *tabs = new QTabWidget(this);
    tabs->setObjectName(QStringLiteral("preferencesTabs"));
    auto *general = new QWidget(tabs);
    auto *generalLayout = new QVBoxLayout(general);
    for (QWidget *group : {static_cast<QWidget *>(m_ui->startupGroup), static_cast<QWidget *>(m_ui->desktopGroup)}) {
        m_ui->mainLayout->removeWidget(group);
        generalLayout->addWidget(group);
    }
    generalLayout->addStretch();
    // Each page scrolls: the dialog fits a small screen (LayoutFit).
    tabs->addTab(LayoutFit::inScrollArea(general, Qt::Vertical), tr("General"));
    tabs->addTab(LayoutFit::inScrollArea(m_apiPage, Qt::Vertical), tr("API"));
    m_ui->mainLayout->insertWidget(0, tabs, 1);
    resize(QSize(560, 520).boundedTo(screen()->availableSize()));
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
    m_apiPage->setSettings(preferences.api);
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
    preferences.api = m_apiPage->settings();
    return preferences;
}

void PreferencesDialog::accept()
{
    if (!m_apiPage->problems().isEmpty()) {
        findChild<QTabWidget *>(QStringLiteral("preferencesTabs"))->setCurrentIndex(1); // the API page
        return; // the page shows them under its fields
    }
    QDialog::accept();
}
