// Whether an ARG/ENV name and its value say "credential": the name has a credential word
// (PASSWORD, SECRET, TOKEN, API_KEY, ...) that is not qualified away (TOKEN_TTL, PASSWORD_FILE,
// ACCESS_KEY_ID), and the value is a literal that could be one (not empty, not a variable, not
// a path, a URL or a boolean). Shared by secret-in-env and secret-literal (which leaves these
// values to secret-in-env).
#pragma once

#include <string_view>

namespace whalesafe::rules {

// True when `name` names a credential: `DB_PASSWORD`, `githubToken`, `AWS_SECRET_ACCESS_KEY`,
// but not `TOKEN_TTL`, `PASSWORD_POLICY`, `SECRET_KEY_FILE`, `AWS_ACCESS_KEY_ID`, `GPG_KEY`.
bool is_credential_name(std::string_view name);

// True when `value` (after quote removal, with no variable reference) could be a credential
// rather than a setting: not empty, not a boolean or `none`, not a path, not a plain URL, not
// a placeholder (`<token>`, `xxxx`, `***`).
bool is_literal_credential_value(std::string_view value);

}  // namespace whalesafe::rules
