#pragma once

#include <QString>

// portierd's commands that talk to a running portierd through its API (the "api" section of
// the same config file says where): --status, --drain/--enable/--disable, and
// --new-api-token, which makes a token for that section. A token for a running API comes
// from PORTIER_API_TOKEN or --token-file, never from the command line (other users can
// read a process's arguments).
namespace ApiCommands {

int newToken(const QString &name, bool write);
int status(const QString &configPath, const QString &tokenFile, bool json);
// action: "drain", "enable" or "disable"; target: "GROUP/SERVER", the server as an address
// ("127.0.0.1:7773") or its position in the group ("0").
int steer(const QString &configPath, const QString &tokenFile, const QString &action, const QString &target);

} // namespace ApiCommands
