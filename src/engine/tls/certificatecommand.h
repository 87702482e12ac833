#pragma once

#include <QStringList>

// portierd's certificate tools on the command line:
//   portierd --cert-info FILE [--key FILE] [--passphrase-file FILE]
//   portierd --gen-cert --cn NAME [--san NAME]... --out-cert FILE --out-key FILE
//            [--days N] [--key-type rsa|ecdsa]
// Kept here rather than in portierd's main so the GUI and the tests run the same code.
namespace CertificateCommand {

// True when the arguments (program name first, as QCoreApplication::arguments()) ask for a
// certificate tool, so portierd hands them over before parsing its own options.
bool isRequested(const QStringList &arguments);

// Runs the tool; prints to stdout and stderr. Exit code: 0 done (--cert-info: the
// certificate is valid and its key, if read, matches), 1 failed or found a problem, 2 the
// arguments are wrong.
int run(const QStringList &arguments);
// The same, collecting the output instead of printing it.
int run(const QStringList &arguments, QString *output, QString *errors);

} // namespace CertificateCommand
