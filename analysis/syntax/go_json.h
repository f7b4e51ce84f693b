// Parsing of exec-form arguments the way BuildKit does it with Go's encoding/json:
// json.Unmarshal of the text into []interface{}, then every element must be a string.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace whalesafe::syntax::go {

enum class JsonArrayStatus {
  kStrings,     // a JSON array whose elements are all strings (possibly empty)
  kNotStrings,  // valid JSON array, but some element is not a string (a hard error in BuildKit)
  kInvalid,     // not a JSON array at all (BuildKit falls back to the shell form)
};

struct JsonArrayResult {
  JsonArrayStatus status = JsonArrayStatus::kInvalid;
  std::vector<std::string> strings;  // decoded elements when status == kStrings
};

// BuildKit's parseJSON: leading Unicode white space is skipped, the text must start with '['
// and be exactly one valid JSON value (RFC 8259; Go accepts invalid UTF-8 inside strings and
// decodes it as U+FFFD, as it does for unpaired surrogate escapes).
JsonArrayResult parse_json_string_array(std::string_view text);

}  // namespace whalesafe::syntax::go
