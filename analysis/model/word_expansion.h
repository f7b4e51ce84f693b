// BuildKit's processing of one instruction word (frontend/dockerfile/shell, `Lex`): quote
// removal, escapes, `$VAR` / `${VAR...}` expansion, and splitting into words. Reimplemented from
// BuildKit's documented behaviour and its fixtures (shared/conformance/buildkit-shell).
//
//   $NAME ${NAME}             the value, or "" when unset
//   ${NAME:-word} ${NAME-word} word when NAME is unset (with `:`, also when empty)
//   ${NAME:+word} ${NAME+word} word when NAME is set (with `:`, and not empty), else ""
//   ${NAME:?msg}  ${NAME?msg}  an error when NAME is unset (with `:`, also when empty)
//   ${NAME#pat} ${NAME##pat} ${NAME%pat} ${NAME%%pat} ${NAME/pat/repl} ${NAME//pat/repl}
//
// Names are letters, digits and `_`; `$1`, `$@`, `$?` ... are positional and special
// parameters, never set in a Dockerfile. Outside quotes the escape character (`\` or `` ` ``)
// takes the next character literally; inside double quotes it only escapes `"`, `$` and
// itself; single quotes take everything literally. Variable names are case-sensitive (BuildKit
// on Linux).
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace whalesafe::model {

// The value of a variable, or nullopt when it is not set. A variable set to "" is set.
using VariableLookup = std::function<std::optional<std::string_view>(std::string_view name)>;

// The operator of a `${NAME<op>word}` reference.
enum class ExpansionOperator {
  kNone,          // $NAME, ${NAME}
  kDefault,       // -   :-
  kAlternate,     // +   :+
  kRequired,      // ?   :?
  kRemovePrefix,  // #   ##
  kRemoveSuffix,  // %   %%
  kReplace,       // /   //
};

// One variable looked up while processing a word. Offsets are byte offsets into the processed
// text, covering the whole reference: `$NAME` or `${...}` up to its closing brace.
struct VariableUse {
  std::string name;
  std::size_t start = 0;
  std::size_t end = 0;
  bool defined = false;  // the lookup found it (possibly empty)
  ExpansionOperator op = ExpansionOperator::kNone;
  bool colon = false;  // `:-`, `:+`, `:?`: an empty value counts as unset

  // True when the reference supplies its own fallback (`-`, `+`, `?`), so an unset variable is
  // handled by the author rather than silently empty.
  bool has_fallback() const {
    return op == ExpansionOperator::kDefault || op == ExpansionOperator::kAlternate ||
           op == ExpansionOperator::kRequired;
  }
  // $1, $@, $# ...: positional and special parameters, which a Dockerfile never sets.
  bool is_special_parameter() const;
};

struct ExpansionError {
  std::string message;    // BuildKit's wording, e.g. "syntax error: missing '}'"
  std::size_t start = 0;  // byte offsets of the offending construct in the processed text
  std::size_t end = 0;
};

struct WordExpansion {
  std::string value;                    // ProcessWord: the single resulting string
  std::vector<std::string> words;       // ProcessWords: split at unquoted white space
  std::vector<VariableUse> uses;        // in source order
  std::optional<ExpansionError> error;  // when set, value and words are empty

  bool ok() const { return !error.has_value(); }
};

// Whether quotes are syntax (instruction words) or plain text (the body of a COPY/ADD heredoc,
// where BuildKit expands variables and escapes but keeps quotes as written).
enum class QuoteMode { kProcess, kKeep };

// Processes `text` with the escape character `escape` ('\\' or '`').
WordExpansion expand_word(std::string_view text, const VariableLookup& lookup, char escape = '\\',
                          QuoteMode quotes = QuoteMode::kProcess);

// expand_word without its shortcut for texts that processing leaves as they are: always the
// lexer. For the test that compares the two.
WordExpansion expand_word_by_lexer(std::string_view text, const VariableLookup& lookup,
                                   char escape = '\\', QuoteMode quotes = QuoteMode::kProcess);

}  // namespace whalesafe::model
