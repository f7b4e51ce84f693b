// The names an editor navigates by: build stages (`AS build`, `FROM build`, `COPY --from=build`,
// `RUN --mount=from=build`) and build variables (ARG/ENV declarations and every `$NAME` that
// BuildKit expands or that the shell of RUN/CMD/ENTRYPOINT/HEALTHCHECK reads). Answers "what is
// under the cursor", "where is it defined", "where is it used" and "may it be renamed so".
// Byte offsets throughout; knows nothing of LSP.
//
// A variable is identified by its name: `ARG X` in a stage takes the global X, and ENV/ARG of
// one name shadow each other, so renaming one declaration but not the others would change the
// build. All declarations and uses of the name form one symbol.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/model.h"
#include "syntax/document.h"

namespace whalesafe::editing {

using model::ByteRange;

enum class SymbolKind { kStage, kVariable };

struct SymbolAt {
  SymbolKind kind = SymbolKind::kVariable;
  std::string name;         // variable name; stage name lower-cased
  std::size_t stage = 0;    // kStage: the stage's index
  ByteRange range;          // the name under the cursor
  bool definition = false;  // the cursor is on a declaration / the stage's `AS name`
  // kVariable: the declaration in scope at the cursor (arg_declaration or env_pair), when known.
  TSNode declaration{};
};

struct Occurrence {
  ByteRange range;  // the name only (no `$`, `${`, `--from=`)
  bool definition = false;
};

// A `$NAME` / `${NAME...}` the shell of a RUN/CMD/ENTRYPOINT/HEALTHCHECK shell form reads
// (outside single quotes), found lexically.
struct ShellVariable {
  std::string name;
  ByteRange name_range;
  ByteRange whole;  // `$NAME` or `${NAME...}` up to the name's end
};
std::vector<ShellVariable> shell_variables(const syntax::Document& doc, TSNode instruction);

// The stage name or variable at `byte` (the character there or the one just before it, so that a
// cursor at the end of a name counts), or nullopt.
std::optional<SymbolAt> symbol_at(const syntax::Document& doc, const model::Model& model,
                                  uint32_t byte);

// Every occurrence of the symbol, in document order, the definitions flagged.
std::vector<Occurrence> occurrences(const syntax::Document& doc, const model::Model& model,
                                    const SymbolAt& symbol);

// Where the symbol at the cursor is defined: the declaration in scope for a variable use (all
// declarations of the name when the scope does not say), the `AS name` of a stage.
std::vector<ByteRange> definitions(const syntax::Document& doc, const model::Model& model,
                                   const SymbolAt& symbol);

// Why `new_name` cannot replace the symbol's name (nullopt: it can). Stage names follow
// BuildKit's ^[a-z][a-z0-9-_.]*$ (case-insensitively) and may not collide with another stage;
// variable names are [A-Za-z_][A-Za-z0-9_]*.
std::optional<std::string> rename_error(const model::Model& model, const SymbolAt& symbol,
                                        std::string_view new_name);

}  // namespace whalesafe::editing
