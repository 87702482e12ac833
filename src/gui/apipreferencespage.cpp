#include "apipreferencespage.h"

#include "remoteendpoint.h"

#include <QCheckBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace {

QLineEdit *fileEdit(QWidget *parent, QHBoxLayout **row, const QString &title)
{
    auto *edit = new QLineEdit(parent);
    // A tool button, as the Certificates page's: it keeps its own compact size in every style
    // (a push button capped by font metrics came out below its minimum under Windows' style).
    auto *browse = new QToolButton(parent);
    browse->setText(QStringLiteral("…"));
    browse->setToolTip(title);
    *row = new QHBoxLayout;
    (*row)->addWidget(edit, 1);
    (*row)->addWidget(browse);
    QObject::connect(browse, &QToolButton::clicked, edit, [edit, parent, title] {
        const QString path = QFileDialog::getOpenFileName(parent, title, edit->text(), QObject::tr("PEM files (*.pem *.crt *.key);;All files (*)"));
        if (!path.isEmpty())
            edit->setText(path);
    });
    return edit;
}

} // namespace

ApiPreferencesPage::ApiPreferencesPage(QWidget *parent)
    : QWidget(parent), m_enabled(new QCheckBox(tr("Serve the control &API from this computer"), this)), m_listen(new QLineEdit(this)),
      m_tokensTable(new QTableWidget(0, 2, this)), m_knownList(new QListWidget(this)), m_problems(new QLabel(this))
{
    m_enabled->setObjectName(QStringLiteral("apiEnabled"));
    m_listen->setObjectName(QStringLiteral("apiListen"));
    m_listen->setPlaceholderText(QStringLiteral("127.0.0.1:8081"));
    QHBoxLayout *certificateRow = nullptr;
    QHBoxLayout *keyRow = nullptr;
    m_certificate = fileEdit(this, &certificateRow, tr("HTTPS certificate"));
    m_certificate->setObjectName(QStringLiteral("apiCertificate"));
    m_key = fileEdit(this, &keyRow, tr("HTTPS key"));
    m_key->setObjectName(QStringLiteral("apiKey"));
    auto *note = new QLabel(tr("Off, an \"api\" section in the running configuration is still served, as portierd serves it. "
                               "Beyond 127.0.0.1 the API needs HTTPS and a token."),
                            this);
    note->setWordWrap(true);

    m_tokensTable->setObjectName(QStringLiteral("apiTokens"));
    m_tokensTable->setHorizontalHeaderLabels({tr("Token"), tr("May")});
    m_tokensTable->horizontalHeader()->setStretchLastSection(true);
    m_tokensTable->verticalHeader()->hide();
    m_tokensTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tokensTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    auto *newToken = new QPushButton(tr("&New token…"), this);
    newToken->setObjectName(QStringLiteral("apiNewToken"));
    auto *removeToken = new QPushButton(tr("&Remove"), this);
    auto *tokenButtons = new QVBoxLayout;
    tokenButtons->addWidget(newToken);
    tokenButtons->addWidget(removeToken);
    tokenButtons->addStretch();
    auto *tokensRow = new QHBoxLayout;
    tokensRow->addWidget(m_tokensTable, 1);
    tokensRow->addLayout(tokenButtons);

    auto *form = new QFormLayout;
    form->addRow(m_enabled);
    form->addRow(tr("&Listen address:"), m_listen);
    form->addRow(tr("HTTPS certificate:"), certificateRow);
    form->addRow(tr("HTTPS key:"), keyRow);
    form->addRow(tr("Tokens:"), tokensRow);
    form->addRow(note);

    m_problems->setObjectName(QStringLiteral("apiProblems"));
    m_problems->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_problems->setWordWrap(true);
    m_problems->hide();

    auto *knownGroup = new QGroupBox(tr("Certificates accepted for remote portierd"), this);
    m_knownList->setObjectName(QStringLiteral("knownCertificates"));
    auto *forget = new QPushButton(tr("&Forget"), knownGroup);
    forget->setToolTip(tr("The next connection to that address asks about its certificate again"));
    auto *knownLayout = new QHBoxLayout(knownGroup);
    knownLayout->addWidget(m_knownList, 1);
    knownLayout->addWidget(forget, 0, Qt::AlignTop);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problems);
    layout->addWidget(knownGroup);

    connect(newToken, &QPushButton::clicked, this, &ApiPreferencesPage::askNewToken);
    connect(removeToken, &QPushButton::clicked, this, [this] {
        const int row = m_tokensTable->currentRow();
        if (row >= 0 && row < m_tokens.size()) {
            m_tokens.removeAt(row);
            showTokens();
        }
    });
    connect(forget, &QPushButton::clicked, this, [this] {
        if (QListWidgetItem *item = m_knownList->currentItem()) {
            m_known.remove(item->data(Qt::UserRole).toString());
            showKnown();
        }
    });
    for (QLineEdit *edit : {m_listen, m_certificate, m_key})
        connect(edit, &QLineEdit::textChanged, this, &ApiPreferencesPage::updateProblems);
    connect(m_enabled, &QCheckBox::toggled, this, [this](bool on) {
        for (QWidget *w : {static_cast<QWidget *>(m_listen), static_cast<QWidget *>(m_certificate), static_cast<QWidget *>(m_key)})
            w->setEnabled(on);
        updateProblems();
    });
    setSettings(DesktopApiSettings());
}

void ApiPreferencesPage::setSettings(const DesktopApiSettings &settings)
{
    m_enabled->setChecked(settings.enabled);
    m_listen->setText(settings.listen);
    m_certificate->setText(settings.certificateFile);
    m_key->setText(settings.keyFile);
    m_tokens = settings.tokens;
    for (QWidget *w : {static_cast<QWidget *>(m_listen), static_cast<QWidget *>(m_certificate), static_cast<QWidget *>(m_key)})
        w->setEnabled(settings.enabled);
    showTokens();
}

DesktopApiSettings ApiPreferencesPage::settings() const
{
    DesktopApiSettings settings;
    settings.enabled = m_enabled->isChecked();
    settings.listen = m_listen->text().trimmed();
    settings.certificateFile = m_certificate->text().trimmed();
    settings.keyFile = m_key->text().trimmed();
    settings.tokens = m_tokens;
    return settings;
}

void ApiPreferencesPage::setKnownCertificates(const QMap<QString, QByteArray> &known)
{
    m_known = known;
    showKnown();
}

QByteArray ApiPreferencesPage::createToken(const QString &name, bool write)
{
    const QByteArray token = ApiToken::generate();
    m_tokens.append(ApiTokenConfig{name.trimmed(), ApiToken::digest(token), write});
    showTokens();
    return token;
}

QStringList ApiPreferencesPage::problems() const
{
    QStringList lines;
    for (const ConfigIssue &issue : settings().check())
        lines << issue.toString();
    return lines;
}

void ApiPreferencesPage::askNewToken()
{
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("New API token"), tr("Name (the log says which token was used):"), QLineEdit::Normal,
                                               QStringLiteral("desktop-%1").arg(m_tokens.size() + 1), &ok).trimmed();
    if (!ok || name.isEmpty())
        return;
    const bool write = QMessageBox::question(this, tr("New API token"), tr("May \"%1\" change things (steer servers, apply configurations)? "
                                                                          "No makes a read-only token.").arg(name))
                       == QMessageBox::Yes;
    const QByteArray token = createToken(name, write);
    // Shown once: only its digest is kept.
    QDialog shown(this);
    shown.setWindowTitle(tr("New API token"));
    auto *text = new QLineEdit(QString::fromLatin1(token), &shown);
    text->setReadOnly(true);
    text->selectAll();
    auto *label = new QLabel(tr("Give this token to the client now: it is shown only this once, and Portier keeps only its SHA-256."), &shown);
    label->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok, &shown);
    connect(buttons, &QDialogButtonBox::accepted, &shown, &QDialog::accept);
    auto *layout = new QVBoxLayout(&shown);
    layout->addWidget(label);
    layout->addWidget(text);
    layout->addWidget(buttons);
    shown.resize(520, shown.sizeHint().height());
    shown.exec();
}

void ApiPreferencesPage::showTokens()
{
    m_tokensTable->setRowCount(int(m_tokens.size()));
    for (int row = 0; row < m_tokens.size(); ++row) {
        m_tokensTable->setItem(row, 0, new QTableWidgetItem(m_tokens.at(row).name));
        m_tokensTable->setItem(row, 1, new QTableWidgetItem(m_tokens.at(row).write ? tr("read and change") : tr("read")));
    }
    updateProblems();
}

void ApiPreferencesPage::showKnown()
{
    m_knownList->clear();
    for (auto it = m_known.cbegin(); it != m_known.cend(); ++it) {
        auto *item = new QListWidgetItem(tr("%1  SHA-256 %2").arg(it.key(), RemoteEndpoint::fingerprintText(it.value()).left(23) + QStringLiteral("…")),
                                         m_knownList);
        item->setToolTip(RemoteEndpoint::fingerprintText(it.value()));
        item->setData(Qt::UserRole, it.key());
    }
}

void ApiPreferencesPage::updateProblems()
{
    const QStringList lines = problems();
    m_problems->setText(lines.join(u'\n'));
    m_problems->setVisible(!lines.isEmpty());
}
