// The semantic model of a Dockerfile: build stages, the ARG/ENV scope and the effective USER at
// every instruction, base images resolved through global ARGs, and the stages each stage copies
// from. Built from a syntax::Document in one pass over its tree (no reparsing), so it is cheap
// to rebuild after every edit. Every entity keeps its syntax node or byte range so that rules
// can point at it. docs/model.md describes the BuildKit rules it follows.
//
// Nodes stay valid as long as the Document's current tree: rebuild the model after an edit.
#pragma once

#include <tree_sitter/api.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/scope.h"
#include "model/source_text.h"
#include "model/word_expansion.h"
#include "syntax/document.h"

namespace whalesafe::model {

struct ModelOptions {
  // `--build-arg NAME=VALUE`: overrides the default of a declared ARG (global or in a stage).
  std::map<std::string, std::string, std::less<>> build_args;
  // The platforms behind BUILDPLATFORM/BUILDOS/... and TARGETPLATFORM/TARGETOS/... ("os/arch"
  // or "os/arch/variant").
  std::string build_platform = "linux/amd64";
  std::string target_platform = "linux/amd64";
  // `--target NAME`: the stage built last. Empty, or a name no stage has: the last stage.
  std::string target;
};

// One word BuildKit expands (an ENV value, a USER, a COPY path, the FROM image, ...). Offsets
// in `expansion.uses` and `expansion.error` are document byte offsets.
struct Word {
  TSNode node{};        // the node it was read from
  std::string written;  // as written, line continuations removed
  WordExpansion expansion;
  const std::string& value() const { return expansion.value; }
  bool ok() const { return expansion.ok(); }
};

// A `$NAME` in a word, with what the scope knew about NAME.
struct VariableReference {
  VariableUse use;        // offsets are document bytes
  bool declared = false;  // an ARG/ENV named so was in scope (possibly without a value)
  // The arg_declaration / env_pair that declared it (null when undeclared or a platform ARG):
  // where "go to definition" leads.
  TSNode declaration{};
  TSNode instruction{};
  int stage = -1;  // -1: a global ARG default or a FROM line (global scope)
  // The stage builds on an external image whose ENV (PATH, HOME, ...) the model cannot see,
  // so an unset variable may still be set by the image.
  bool image_env_unknown = false;
};

// An expansion that failed (unterminated quote, `${X:?}` with X unset, bad substitution, ...).
struct ExpansionProblem {
  ExpansionError error;  // offsets are document bytes
  TSNode instruction{};
  TSNode node{};  // the word's node
};

// Who runs the instructions: the last USER in force.
struct EffectiveUser {
  enum class Origin {
    kUnknown,      // the default user of an external base image (not known without the image)
    kScratch,      // FROM scratch: no user set, i.e. root
    kInstruction,  // a USER instruction (possibly in an ancestor stage)
  };
  Origin origin = Origin::kUnknown;
  std::string user;      // the USER value after expansion (kInstruction only), e.g. "app:app"
  TSNode instruction{};  // the USER instruction (kInstruction only)
  int stage = -1;        // the stage of that USER instruction

  bool known() const { return origin != Origin::kUnknown; }
  // True when known to be root: scratch without USER, or USER root / 0 (with or without group).
  bool is_root() const;
};

// The shell that runs shell-form RUN/CMD/ENTRYPOINT: the last SHELL in force.
struct EffectiveShell {
  std::vector<std::string> argv;  // e.g. {"/bin/sh", "-c"}
  TSNode instruction{};           // the SHELL instruction; null for the platform default
  bool is_default() const { return ts_node_is_null(instruction); }
};

// The working directory: the last WORKDIR, relative ones joined onto the one before.
struct EffectiveWorkdir {
  // The absolute path, or nullopt when it depends on the base image's own WORKDIR (unknown).
  std::optional<std::string> path;
  TSNode instruction{};  // the last WORKDIR instruction (null when none)
};

// An ARG or ENV instruction's effect on one variable.
struct Declaration {
  Variable variable;  // as it entered the scope (value after expansion / build args)
  std::optional<Word> written_value;  // the default / value as written (absent for `ARG X`)
};

struct InstructionInfo {
  TSNode node{};             // the top-level instruction node
  std::string keyword;       // lower case: "from", "run", "copy", ... ("unknown" for unknown ones)
  int stage = -1;            // -1 before the first FROM
  ScopePtr scope;            // variables visible to its words (before its own ARG/ENV effect)
  EffectiveUser user;        // the user in force when it runs (before its own USER)
  EffectiveShell shell;      // the shell in force (before its own SHELL)
  EffectiveWorkdir workdir;  // the working directory (before its own WORKDIR)
  std::vector<Word> words;   // every word BuildKit expands for it
  std::vector<Declaration> declarations;  // ARG / ENV only
};

// Where a `COPY --from=` / `RUN --mount=from=` takes files from.
struct StageSource {
  enum class Kind {
    kStage,         // a stage of this Dockerfile, by name or by index
    kImage,         // no stage is named so: an image reference (or BuildKit's `context`)
    kInvalidIndex,  // a number that is not a stage index
    kVariable,      // contains `$`: BuildKit does not expand --from (the build fails)
  };
  Kind kind = Kind::kImage;
  TSNode instruction{};
  TSNode node{};        // the flag_value node, or the --mount flag_value holding `from=`
  ByteRange range;      // the value itself (for a mount, just the text after `from=`)
  bool mount = false;   // from RUN --mount rather than COPY --from
  std::string written;  // as written
  std::string value;    // quotes removed
  bool by_index = false;
  std::optional<std::size_t> stage;  // kStage: the stage's index (may be a later stage)
};

// What a FROM line builds on.
struct StageBase {
  TSNode image{};                       // the image_spec node (null when the FROM has no image)
  Word word;                            // the image expanded in the global scope
  std::optional<std::string> resolved;  // nullopt when the expansion failed
  std::optional<std::size_t> stage;     // an earlier stage whose name equals `resolved`
  bool scratch = false;                 // `scratch` (and no stage is named so)
};

struct Stage {
  std::size_t index = 0;
  TSNode from{};           // the from_instruction node
  std::string name;        // from `AS name`, lower-cased as BuildKit does ("" when unnamed)
  TSNode name_node{};      // the image_alias node
  bool name_valid = true;  // matches BuildKit's ^[a-z][a-z0-9-_.]*$
  StageBase base;
  std::optional<Word> platform;  // --platform, expanded in the global scope
  bool is_final = false;
  // The chain of `FROM <stage>` ends at an external image (not scratch), whose ENV is unknown.
  bool image_env_unknown = true;
  std::vector<std::size_t> instructions;  // indexes into Model::instructions, FROM excluded
  std::vector<StageSource> sources;       // COPY --from / RUN --mount from, in order
  ScopePtr scope_at_end;
  EffectiveUser user_at_end;
  EffectiveShell shell_at_end;
  EffectiveWorkdir workdir_at_end;
};

struct Model {
  char escape = '\\';
  ScopePtr global_scope;                      // platform args and ARGs before the first FROM
  std::vector<InstructionInfo> instructions;  // top-level instructions in source order
  // The start byte of each of `instructions` (build_model fills it): instruction_at searches
  // these rather than asking the tree for each node's start.
  std::vector<uint32_t> instruction_starts;
  std::vector<Stage> stages;
  std::vector<VariableReference> references;  // every `$NAME` in expanded words
  std::vector<ExpansionProblem> problems;

  const Stage* final_stage() const;
  // The stage named `name` (case-insensitive, as COPY --from looks names up).
  const Stage* stage_named(std::string_view name) const;
  // The instruction whose node contains `byte`, if any.
  const InstructionInfo* instruction_at(uint32_t byte) const;
  // References to variables that were neither set nor declared, skipping special parameters
  // ($1, $@, ...) and references with their own fallback (${X:-default}, ${X:+alt}, ${X?err}).
  // Check image_env_unknown before calling one an error: the base image may set it.
  std::vector<const VariableReference*> undefined_references() const;
};

Model build_model(const syntax::Document& doc, const ModelOptions& options = {});

}  // namespace whalesafe::model
