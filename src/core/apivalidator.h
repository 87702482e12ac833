#pragma once

#include "config.h"
#include "configissue.h"

// Checks the "api" section: an address to listen on, and the rule that makes a remote API
// safe: bound anywhere but loopback, it needs HTTPS (a certificate) and at least one token.
// Called by ConfigValidator, so portierd --check and the GUI's Apply refuse the same.
namespace ApiValidator {

void check(const Config &config, ConfigIssues *issues);

// Whether a listen address reaches only this machine (127.0.0.0/8, ::1, localhost).
bool isLoopback(const QString &host);

} // namespace ApiValidator
