#include "passphraseasker.h"

#include <configjson.h>
#include <tls/passphrasestore.h>

#include <QFileInfo>
#include <QInputDialog>

PassphraseAsker::PassphraseAsker(QWidget *parent) : m_parent(parent)
{
}

bool PassphraseAsker::askAll(const Config &config, const QString &baseDirectory)
{
    Config resolved = config;
    ConfigJson::resolvePaths(&resolved, baseDirectory);
    for (const PassphraseStore::Request &request : PassphraseStore::needed(resolved)) {
        for (bool retry = false;; retry = true) {
            std::optional<QByteArray> passphrase = m_dialog ? m_dialog(request.certificate, request.keyFile, retry)
                                                            : showDialog(request.certificate, request.keyFile, retry);
            if (!passphrase)
                return false;
            const bool opens = PassphraseStore::opens(request.keyFile, *passphrase);
            if (opens)
                PassphraseStore::remember(request.keyFile, *passphrase);
            passphrase->fill('\0');
            if (opens)
                break;
        }
    }
    return true;
}

std::optional<QByteArray> PassphraseAsker::showDialog(const QString &certificate, const QString &keyFile, bool retry)
{
    QInputDialog dialog(m_parent);
    dialog.setObjectName(QStringLiteral("passphraseDialog"));
    dialog.setWindowTitle(QObject::tr("Passphrase for %1").arg(certificate));
    const QString name = QFileInfo(keyFile).fileName();
    dialog.setLabelText(retry ? QObject::tr("That passphrase does not open %1. Try again:").arg(name)
                              : QObject::tr("The key %1 of certificate \"%2\" is encrypted. Its passphrase (kept in memory "
                                            "until Portier quits, never written):")
                                    .arg(name, certificate));
    dialog.setTextEchoMode(QLineEdit::Password);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return dialog.textValue().toUtf8();
}
