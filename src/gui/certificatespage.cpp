#include "certificatespage.h"

#include "configdocument.h"
#include "fieldmarker.h"
#include "listitems.h"
#include "statusicons.h"
#include "ui_certificatespage.h"

#include <platform/privatefile.h>
#include <tls/certificatetools.h>
#include <tls/passphrasestore.h>

#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QStyle>

namespace {

QString absolute(const QString &path, const QString &baseDirectory)
{
    if (path.isEmpty() || QDir::isAbsolutePath(path) || baseDirectory.isEmpty())
        return path;
    return QDir(baseDirectory).absoluteFilePath(path);
}

QString joined(const QStringList &values)
{
    return values.join(QStringLiteral(", "));
}

} // namespace

CertificatesPage::CertificatesPage(QWidget *parent) : QWidget(parent), m_ui(std::make_unique<Ui::CertificatesPage>())
{
    m_ui->setupUi(this);
    m_ui->issuesLabel->hide();
    m_ui->warningLabel->hide();
    m_ui->generateButton->setToolTip(tr("Make a self-signed certificate for trying TLS (clients will not trust it by themselves)"));
    connect(m_ui->importButton, &QToolButton::clicked, this, &CertificatesPage::importWithDialogs);
    connect(m_ui->generateButton, &QToolButton::clicked, this, &CertificatesPage::generateWithDialogs);
    connect(m_ui->removeButton, &QToolButton::clicked, this, &CertificatesPage::removeCertificate);
    connect(m_ui->list, &QListWidget::currentRowChanged, this, [this] {
        if (!m_updating)
            showCurrent();
    });
    auto report = [this](const char *key) {
        return [this, key] {
            if (!m_updating)
                commit(QLatin1StringView(key));
        };
    };
    connect(m_ui->nameEdit, &QLineEdit::textChanged, this, report("name"));
    connect(m_ui->certificateFileEdit, &QLineEdit::textChanged, this, report("certificate_file"));
    connect(m_ui->keyFileEdit, &QLineEdit::textChanged, this, report("key_file"));
    connect(m_ui->passphraseFileEdit, &QLineEdit::textChanged, this, report("passphrase_file"));
    connect(m_ui->allowExpiredCheck, &QCheckBox::toggled, this, report("allow_expired"));
    auto browse = [this](QLineEdit *edit, const QString &title) {
        return [this, edit, title] {
            const QString start = absolute(edit->text(), m_document ? m_document->baseDirectory() : QString());
            const QString path = QFileDialog::getOpenFileName(this, title, start, tr("PEM files (*.pem *.crt *.key *.txt);;All files (*)"));
            if (!path.isEmpty())
                edit->setText(QDir::toNativeSeparators(path));
        };
    };
    connect(m_ui->certificateBrowseButton, &QToolButton::clicked, this, browse(m_ui->certificateFileEdit, tr("Certificate file")));
    connect(m_ui->keyBrowseButton, &QToolButton::clicked, this, browse(m_ui->keyFileEdit, tr("Private key file")));
    connect(m_ui->passphraseBrowseButton, &QToolButton::clicked, this, browse(m_ui->passphraseFileEdit, tr("Passphrase file")));
}

CertificatesPage::~CertificatesPage() = default;

void CertificatesPage::setDocument(ConfigDocument *document)
{
    m_document = document;
    connect(document, &ConfigDocument::configChanged, this, &CertificatesPage::refresh);
    refresh();
}

int CertificatesPage::currentIndex() const
{
    return m_ui->list->currentRow();
}

void CertificatesPage::setCurrentIndex(int index)
{
    m_ui->list->setCurrentRow(index);
}

void CertificatesPage::refresh()
{
    if (!m_document)
        return;
    const Config &config = m_document->config();
    const ConfigIssues issues = m_document->issues();
    m_updating = true;
    ListItems::resize(m_ui->list, config.certificates.size());
    for (int i = 0; i < config.certificates.size(); ++i) {
        const CertificateConfig &certificate = config.certificates.at(i);
        QListWidgetItem *item = m_ui->list->item(i);
        item->setText(certificate.name.isEmpty() ? tr("unnamed") : certificate.name);
        const bool problems = !FieldMarker::under(issues, QStringLiteral("certificates[%1]").arg(i)).isEmpty();
        // Read from disk each time: a renewed or expiring file shows without an edit to it.
        const Inspection inspection = inspect(certificate, m_document->baseDirectory());
        item->setIcon(problems || !inspection.warning.isEmpty() ? StatusIcons::problem() : StatusIcons::dot(StatusIcons::Good));
    }
    m_updating = false;
    showCurrent();
}

void CertificatesPage::showCurrent()
{
    const Config &config = m_document->config();
    const int index = m_ui->list->currentRow();
    m_ui->removeButton->setEnabled(index >= 0);
    if (index < 0 || index >= config.certificates.size()) {
        m_ui->editorStack->setCurrentWidget(m_ui->emptyPage);
        return;
    }
    m_ui->editorStack->setCurrentWidget(m_ui->editorPage);
    const CertificateConfig &certificate = config.certificates.at(index);
    m_updating = true;
    auto setText = [](QLineEdit *edit, const QString &text) {
        if (edit->text() != text)
            edit->setText(text);
    };
    setText(m_ui->nameEdit, certificate.name);
    setText(m_ui->certificateFileEdit, certificate.certificateFile);
    setText(m_ui->keyFileEdit, certificate.keyFile);
    setText(m_ui->passphraseFileEdit, certificate.passphraseFile);
    m_ui->allowExpiredCheck->setChecked(certificate.allowExpired);
    m_updating = false;

    const ConfigIssues issues = FieldMarker::under(m_document->issues(), QStringLiteral("certificates[%1]").arg(index));
    const std::pair<const char *, QLineEdit *> fields[] = {
        {"name", m_ui->nameEdit}, {"certificate_file", m_ui->certificateFileEdit}, {"key_file", m_ui->keyFileEdit}};
    QStringList messages;
    for (const auto &[key, edit] : fields) {
        QStringList found;
        for (const ConfigIssue &issue : issues) {
            if (issue.path == QLatin1StringView(key))
                found << issue.message;
        }
        if (found.isEmpty())
            FieldMarker::clear(edit);
        else
            FieldMarker::mark(edit, found.join(u'\n'));
    }
    for (const ConfigIssue &issue : issues)
        messages << issue.toString();
    FieldMarker::showMessages(m_ui->issuesLabel, messages);

    const Inspection inspection = inspect(certificate, m_document->baseDirectory());
    m_ui->detailsLabel->setWrappedText(inspection.details);
    m_ui->warningLabel->setWrappedText(inspection.warning);
    m_ui->warningLabel->setVisible(!inspection.warning.isEmpty());
}

CertificateConfig CertificatesPage::editedCertificate() const
{
    CertificateConfig certificate;
    const int index = currentIndex();
    if (m_document && index >= 0 && index < m_document->config().certificates.size())
        certificate = m_document->config().certificates.at(index);
    certificate.name = m_ui->nameEdit->text().trimmed();
    certificate.certificateFile = m_ui->certificateFileEdit->text().trimmed();
    certificate.keyFile = m_ui->keyFileEdit->text().trimmed();
    certificate.passphraseFile = m_ui->passphraseFileEdit->text().trimmed();
    certificate.allowExpired = m_ui->allowExpiredCheck->isChecked();
    return certificate;
}

void CertificatesPage::commit(const QString &key)
{
    const int index = currentIndex();
    Config config = m_document->config();
    if (index < 0 || index >= config.certificates.size())
        return;
    const QString oldName = config.certificates.at(index).name;
    config.certificates[index] = editedCertificate();
    const QString newName = config.certificates.at(index).name;
    if (oldName != newName && !oldName.isEmpty()) {
        for (ListenerConfig &listener : config.listeners) {
            if (listener.ssl.certificate == oldName)
                listener.ssl.certificate = newName;
        }
    }
    m_document->edit(config, tr("Edit certificate %1").arg(newName), QStringLiteral("certificates[%1].%2").arg(index).arg(key));
}

void CertificatesPage::importWithDialogs()
{
    const QString certificateFile = QFileDialog::getOpenFileName(this, tr("Import certificate: the certificate (PEM)"), QString(),
                                                                 tr("PEM certificates (*.pem *.crt *.cer);;All files (*)"));
    if (certificateFile.isEmpty())
        return;
    const QString keyFile = QFileDialog::getOpenFileName(this, tr("Import certificate: its private key (PEM)"),
                                                         QFileInfo(certificateFile).absolutePath(),
                                                         tr("PEM keys (*.pem *.key);;All files (*)"));
    if (keyFile.isEmpty())
        return;
    QString passphraseFile;
    if (keyNeedsPassphrase(keyFile)) {
        // Ask until the passphrase opens the key, then keep it in a file of the user's own,
        // as nginx's ssl_password_file does: the configuration names the file, not the secret.
        QString prompt = tr("The key %1 is encrypted. Its passphrase:").arg(QFileInfo(keyFile).fileName());
        QByteArray passphrase;
        for (;;) {
            bool ok = false;
            passphrase = QInputDialog::getText(this, tr("Import certificate"), prompt, QLineEdit::Password, QString(), &ok).toUtf8();
            if (!ok)
                return;
            if (passphraseOpensKey(keyFile, passphrase))
                break;
            prompt = tr("That passphrase does not open %1. Try again:").arg(QFileInfo(keyFile).fileName());
        }
        // A file lets the engine start unattended; asking keeps the secret out of every file.
        QMessageBox choice(QMessageBox::Question, tr("Import certificate"),
                           tr("Where should the passphrase of %1 live?").arg(QFileInfo(keyFile).fileName()), QMessageBox::Cancel, this);
        choice.setInformativeText(tr("In a file readable by you only, so the engine starts unattended (nginx's ssl_password_file); "
                                     "or nowhere: Portier asks for it each time it starts the engine and keeps it in memory."));
        QPushButton *inFile = choice.addButton(tr("Keep it in a file"), QMessageBox::AcceptRole);
        QPushButton *askAtStart = choice.addButton(tr("Ask when the engine starts"), QMessageBox::AcceptRole);
        choice.exec();
        if (choice.clickedButton() == askAtStart) {
            PassphraseStore::remember(QFileInfo(keyFile).absoluteFilePath(), passphrase); // asked already, this time
        } else if (choice.clickedButton() == inFile) {
            passphraseFile = QFileDialog::getSaveFileName(this, tr("Keep the passphrase in (readable by you only)"), keyFile + QStringLiteral(".pass"),
                                                          tr("Passphrase files (*.pass);;All files (*)"));
            if (passphraseFile.isEmpty())
                return;
            QString error;
            if (!writePassphraseFile(passphraseFile, passphrase, &error)) {
                QMessageBox::warning(this, tr("Import certificate"), tr("Cannot write %1: %2").arg(passphraseFile, error));
                return;
            }
        } else {
            return;
        }
        passphrase.fill('\0');
    }
    importCertificate(certificateFile, keyFile, passphraseFile);
}

void CertificatesPage::generateWithDialogs()
{
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Generate a self-signed certificate"),
                                               tr("The name clients connect to (a host name or an address):"), QLineEdit::Normal,
                                               QStringLiteral("localhost"), &ok)
                             .trimmed();
    if (!ok || name.isEmpty())
        return;
    const QString start = m_document && !m_document->baseDirectory().isEmpty() ? m_document->baseDirectory() : QDir::homePath();
    const QString directory = QFileDialog::getExistingDirectory(this, tr("Folder for the certificate and its key"), start);
    if (directory.isEmpty())
        return;
    QString error;
    if (!generateCertificate(name, directory, &error))
        QMessageBox::warning(this, tr("Generate a self-signed certificate"), tr("Could not make the certificate: %1").arg(error));
}

bool CertificatesPage::generateCertificate(const QString &name, const QString &directory, QString *error)
{
    QString base = name;
    base.replace(QStringLiteral("*"), QStringLiteral("wildcard")).replace(u':', u'_').replace(u'/', u'_');
    const QString certificateFile = QDir(directory).absoluteFilePath(base + QStringLiteral(".crt.pem"));
    const QString keyFile = QDir(directory).absoluteFilePath(base + QStringLiteral(".key.pem"));
    if (QFileInfo::exists(certificateFile) || QFileInfo::exists(keyFile)) {
        *error = tr("%1 or %2 already exists; choose another folder").arg(QDir::toNativeSeparators(certificateFile),
                                                                          QDir::toNativeSeparators(keyFile));
        return false;
    }
    // The engine's generator, as `portierd --gen-cert` (RSA 2048, the name as subject and SAN).
    CertificateTools::GenerateOptions options;
    options.commonName = name;
    options.certificateFile = certificateFile;
    options.keyFile = keyFile;
    if (!CertificateTools::generate(options, error))
        return false;
    importCertificate(certificateFile, keyFile);
    return true;
}

bool CertificatesPage::keyNeedsPassphrase(const QString &keyFile)
{
    return PassphraseStore::isEncrypted(keyFile);
}

bool CertificatesPage::passphraseOpensKey(const QString &keyFile, const QByteArray &passphrase)
{
    return PassphraseStore::opens(keyFile, passphrase);
}

bool CertificatesPage::writePassphraseFile(const QString &path, const QByteArray &passphrase, QString *error)
{
    return PrivateFile::write(path, passphrase + '\n', error) == PrivateFile::Written::Private;
}

void CertificatesPage::importCertificate(const QString &certificateFile, const QString &keyFile, const QString &passphraseFile)
{
    Config config = m_document->config();
    CertificateConfig certificate;
    certificate.certificateFile = certificateFile;
    certificate.keyFile = keyFile;
    certificate.passphraseFile = passphraseFile;
    QString error;
    const auto info = CertificateTools::inspectCertificate(certificateFile, &error);
    QString base = info ? info->commonName : QString();
    base.replace(QStringLiteral("*."), QStringLiteral("wildcard."));
    if (base.isEmpty())
        base = QFileInfo(certificateFile).completeBaseName();
    certificate.name = base;
    for (int n = 2; config.findCertificate(certificate.name); ++n)
        certificate.name = base + u'_' + QString::number(n);
    config.certificates << certificate;
    m_document->edit(config, tr("Import certificate %1").arg(certificate.name));
    setCurrentIndex(int(config.certificates.size()) - 1);
}

void CertificatesPage::removeCertificate()
{
    const int index = currentIndex();
    Config config = m_document->config();
    if (index < 0 || index >= config.certificates.size())
        return;
    const QString name = config.certificates.at(index).name;
    config.certificates.removeAt(index);
    m_document->edit(config, tr("Remove certificate %1").arg(name));
}

CertificatesPage::Inspection CertificatesPage::inspect(const CertificateConfig &entry, const QString &baseDirectory)
{
    Inspection result;
    const QString certificatePath = absolute(entry.certificateFile, baseDirectory);
    if (certificatePath.isEmpty()) {
        result.details = tr("No certificate file chosen.");
        return result;
    }
    if (!QFileInfo::exists(certificatePath)) {
        result.warning = tr("The certificate file %1 does not exist.").arg(certificatePath.toHtmlEscaped());
        return result;
    }
    // The engine reads it as a listener will (CertificateTools), so the page and Apply agree.
    QString error;
    const auto info = CertificateTools::inspectCertificate(certificatePath, &error);
    if (!info) {
        result.warning = tr("%1 holds no PEM certificate (it should start with -----BEGIN CERTIFICATE-----).").arg(certificatePath.toHtmlEscaped());
        return result;
    }
    result.readable = true;
    result.details = detailsOf(*info);
    QStringList warnings = dateWarnings(*info, entry.allowExpired);
    const QString keyPath = absolute(entry.keyFile, baseDirectory);
    if (!keyPath.isEmpty()) {
        if (const QString keyWarning = keyWarningOf(certificatePath, keyPath, absolute(entry.passphraseFile, baseDirectory)); !keyWarning.isEmpty())
            warnings << keyWarning;
    }
    if (!warnings.isEmpty()) {
        QStringList escaped;
        for (const QString &warning : std::as_const(warnings))
            escaped << warning.toHtmlEscaped();
        result.warning = QStringLiteral("<span style=\"color:#b00020\">⚠ %1</span>").arg(escaped.join(QStringLiteral("<br>⚠ ")));
    }
    return result;
}

QString CertificatesPage::detailsOf(const CertificateTools::CertificateInfo &info)
{
    const QLocale locale;
    auto row = [](const QString &label, const QString &value) {
        return QStringLiteral("<tr><td style=\"padding-right:12px\"><b>%1</b></td><td>%2</td></tr>").arg(label.toHtmlEscaped(), value.toHtmlEscaped());
    };
    QStringList names;
    for (const QString &name : info.subjectAltNames)
        names << name.section(u':', 1); // "DNS:a.test" -> "a.test"
    QString rows;
    rows += row(tr("Subject"), info.commonName.isEmpty() ? info.subject : info.commonName);
    rows += row(tr("Issuer"), info.issuer + (info.selfSigned ? tr(" (self-signed)") : QString()));
    if (!names.isEmpty())
        rows += row(tr("Names"), joined(names));
    rows += row(tr("Valid from"), locale.toString(info.notBefore.toLocalTime(), QLocale::ShortFormat));
    rows += row(tr("Valid until"), locale.toString(info.notAfter.toLocalTime(), QLocale::ShortFormat));
    const QString type = info.keyType == u"RSA" || info.keyType == u"EC" ? info.keyType : tr("other");
    rows += row(tr("Key"), tr("%1, %2 bits").arg(type).arg(info.keyBits));
    rows += row(tr("SHA-256"), info.sha256Fingerprint.toLower());
    if (info.chainLength > 1)
        rows += row(tr("Chain"), tr("%n more certificate(s) in the file", nullptr, info.chainLength - 1));
    return QStringLiteral("<table>") + rows + QStringLiteral("</table>");
}

QStringList CertificatesPage::dateWarnings(const CertificateTools::CertificateInfo &info, bool allowExpired)
{
    const QLocale locale;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QStringList warnings;
    if (info.isExpired(now))
        warnings << (allowExpired ? tr("Expired on %1 (used anyway: \"Use even when expired\" is on).")
                                  : tr("Expired on %1: clients will refuse it. Renew it, or tick \"Use even when expired\" for tests."))
                        .arg(locale.toString(info.notAfter.toLocalTime().date(), QLocale::ShortFormat));
    else if (now.daysTo(info.notAfter) <= CertificateTools::expiryWarningDays)
        warnings << tr("Expires in %n day(s); renew it soon.", nullptr, int(now.daysTo(info.notAfter)));
    if (info.notBefore > now)
        warnings << tr("Not valid before %1.").arg(locale.toString(info.notBefore.toLocalTime(), QLocale::ShortFormat));
    return warnings;
}

QString CertificatesPage::keyWarningOf(const QString &certificatePath, const QString &keyPath, const QString &passphrasePath)
{
    if (passphrasePath.isEmpty() && PassphraseStore::isEncrypted(keyPath) && !PassphraseStore::lookup(keyPath)) {
        // Asked at start: nothing is wrong, but the user should know a dialog will come.
        return tr("The key is encrypted; Portier asks for its passphrase when it starts the engine (or name a passphrase file).");
    }
    // The check a listener's load makes at Apply: the key itself, not only its size.
    QString error;
    const std::optional<bool> matches = CertificateTools::keyMatches(certificatePath, keyPath, passphrasePath, &error);
    if (!matches) {
        if (PassphraseStore::isEncrypted(keyPath))
            return tr("The key is encrypted and the passphrase file is missing or wrong.");
        return tr("The key cannot be used: %1").arg(error);
    }
    if (!*matches)
        return tr("The key in %1 does not belong to this certificate; choose the key the certificate was made with.")
            .arg(QDir::toNativeSeparators(keyPath));
    return QString();
}
