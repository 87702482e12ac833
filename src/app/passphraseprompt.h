#pragma once

#include <config.h>
#include <configissue.h>

#include <QStringList>

// portierd's side of "asked at start": the certificates whose encrypted key has no
// passphrase_file are asked for on the terminal, and the passphrases kept in memory
// (PassphraseStore). Without a terminal it is an error that says what to do. Main thread.
namespace PassphrasePrompt {

// One line per certificate that will ask, for --check. config's paths must be resolved.
QStringList willAsk(const Config &config);
// Asks for each passphrase still needed. Empty when every one was given.
ConfigIssues askAll(const Config &config);

} // namespace PassphrasePrompt
