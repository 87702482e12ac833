#pragma once

#include <config.h>

#include <QByteArray>
#include <QString>
#include <functional>
#include <optional>

class QWidget;

// The window's side of "asked at start": before the engine gets a config, each certificate
// whose encrypted key has no passphrase_file is asked for in a dialog, until the passphrase
// opens the key; what is typed stays in memory (PassphraseStore), never in a file. GUI thread.
class PassphraseAsker
{
public:
    // Shows the dialog; nullopt when the user cancels. retry: the last one did not open it.
    using Dialog = std::function<std::optional<QByteArray>(const QString &certificate, const QString &keyFile, bool retry)>;

    explicit PassphraseAsker(QWidget *parent);
    void setDialog(Dialog dialog) { m_dialog = std::move(dialog); } // tests answer without a dialog

    // Asks for what config (paths resolved against baseDirectory) still needs. False when
    // the user cancelled one: then the config should not be applied.
    bool askAll(const Config &config, const QString &baseDirectory);

private:
    std::optional<QByteArray> showDialog(const QString &certificate, const QString &keyFile, bool retry);

    QWidget *m_parent;
    Dialog m_dialog;
};
