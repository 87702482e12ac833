#include "passphraseprompt.h"

#include "terminalpassphrase.h"

#include <tls/passphrasestore.h>

namespace {
constexpr int attempts = 3; // as sudo and ssh-keygen

QString where(const PassphraseStore::Request &request)
{
    return QStringLiteral("certificates[%1]").arg(request.index);
}

// The passphrase for one key, tried until it opens the key; an issue when none did.
std::optional<ConfigIssue> ask(const PassphraseStore::Request &request)
{
    const QString prompt = QStringLiteral("Passphrase for the key of certificate \"%1\" (%2): ").arg(request.certificate, request.keyFile);
    for (int i = 0; i < attempts; ++i) {
        std::optional<QByteArray> passphrase = TerminalPassphrase::read(i == 0 ? prompt : QStringLiteral("That does not open it. ") + prompt);
        if (!passphrase)
            return ConfigIssue{where(request), QStringLiteral("certificate \"%1\": no passphrase given for %2 (end of input)")
                                                   .arg(request.certificate, request.keyFile)};
        if (PassphraseStore::opens(request.keyFile, *passphrase)) {
            PassphraseStore::remember(request.keyFile, *passphrase);
            passphrase->fill('\0');
            return std::nullopt;
        }
        passphrase->fill('\0');
    }
    return ConfigIssue{where(request), QStringLiteral("certificate \"%1\": %2 wrong passphrases for %3; check the passphrase and start again")
                                           .arg(request.certificate).arg(attempts).arg(request.keyFile)};
}
} // namespace

QStringList PassphrasePrompt::willAsk(const Config &config)
{
    QStringList lines;
    for (const PassphraseStore::Request &request : PassphraseStore::needed(config))
        lines << QStringLiteral("%1: certificate \"%2\": the key %3 is encrypted and has no passphrase_file; portierd asks for "
                                "its passphrase at start")
                     .arg(where(request), request.certificate, request.keyFile);
    return lines;
}

ConfigIssues PassphrasePrompt::askAll(const Config &config)
{
    ConfigIssues issues;
    const QList<PassphraseStore::Request> requests = PassphraseStore::needed(config);
    const bool interactive = TerminalPassphrase::isInteractive();
    for (const PassphraseStore::Request &request : requests) {
        if (!interactive) {
            issues << ConfigIssue{where(request),
                                  QStringLiteral("certificate \"%1\": the key %2 is encrypted and has no passphrase_file, and "
                                                 "standard input is not a terminal to ask on; name a passphrase_file (a file only "
                                                 "you can read), or start portierd on a terminal to type the passphrase")
                                      .arg(request.certificate, request.keyFile)};
        } else if (const std::optional<ConfigIssue> issue = ask(request)) {
            issues << *issue;
        }
    }
    return issues;
}
