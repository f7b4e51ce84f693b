// Checks of label values against the types of hadolint's label schema (label_schema.h). Each
// takes the value after quote removal and says whether it has the form its type requires.
#pragma once

#include <string_view>

#include "rules/label_schema.h"

namespace whalesafe::rules {

// RFC 3986 absolute URI: a scheme, `:`, then URI characters only (percent escapes complete);
// with `//` the authority must name a host: `https://example.com/x`, `mailto:a@b.org`.
bool is_uri(std::string_view value);
// RFC 3339 date-time: `2024-05-01T12:00:00Z`, `2024-05-01t12:00:00.5+02:00` (a space may
// replace the T), with real calendar dates and times (a leap second :60 is allowed).
bool is_rfc3339(std::string_view value);
// Semantic Versioning 2.0.0: MAJOR.MINOR.PATCH without leading zeros, optional `-pre.release`
// and `+build.metadata` (no `v` prefix).
bool is_semver(std::string_view value);
// A git object name: 7 to 40 lower-case hexadecimal digits (abbreviated or full SHA-1), or
// 64 (SHA-256 repositories).
bool is_git_hash(std::string_view value);
// An RFC 5322 addr-spec: dot-atom or quoted local part, `@`, a dot-atom domain or a
// [literal]: `dev@example.com`, not `Dev <dev@example.com>`.
bool is_email(std::string_view value);
// An SPDX license expression: identifiers (spdx_licenses.cpp; `+` allowed), `LicenseRef-...`,
// `DocumentRef-...:LicenseRef-...`, combined with AND / OR (all upper or all lower case),
// `WITH <exception>` and parentheses: `MIT`, `Apache-2.0 OR MIT`,
// `GPL-2.0-or-later WITH Classpath-exception-2.0`.
bool is_spdx_expression(std::string_view value);

// The SPDX License List identifiers whalesafe knows (spdx_licenses.cpp), compared
// case-insensitively as the SPDX specification asks.
bool is_spdx_license_id(std::string_view id);
bool is_spdx_exception_id(std::string_view id);

// The check for `type`; kText accepts everything (emptiness is checked separately).
bool value_matches(LabelType type, std::string_view value);

}  // namespace whalesafe::rules
