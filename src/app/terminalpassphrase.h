#pragma once

#include <QByteArray>
#include <QString>
#include <optional>

// Reading a passphrase on portierd's terminal without echo: the platform corner of asking
// at start (termios on POSIX, the console mode on Windows). Main thread.
namespace TerminalPassphrase {

// Whether standard input is a terminal someone can type on.
bool isInteractive();
// Writes prompt to standard error, reads one line from standard input with echo off.
// nullopt at end of input.
std::optional<QByteArray> read(const QString &prompt);

} // namespace TerminalPassphrase
