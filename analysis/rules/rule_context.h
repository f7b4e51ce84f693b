// What a rule sees: the document and facts derived from it, computed once per document (lazily
// when only some rules need them) and shared by all rules: the syntax tree's stages and
// directives, the syntax layer's diagnostics, the semantic model (analysis/model: ARG/ENV
// scopes, resolved base images, USER) and the shell of every RUN/CMD/ENTRYPOINT/HEALTHCHECK
// (analysis/shell). The image catalog (analysis/catalog) is global data that rules query with
// its free functions; what it needs from the document's settings, the date end of life is
// judged on, comes from eol_date().
#pragma once

#include <tree_sitter/api.h>

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "catalog/date.h"
#include "findings/diagnostic.h"
#include "model/model.h"
#include "rules/rule.h"
#include "rules/settings.h"
#include "shell/invocations.h"
#include "shell/parse_cache.h"
#include "shell/shell_analysis.h"
#include "shell/shell_memo.h"
#include "syntax/directives.h"
#include "syntax/document.h"
#include "syntax/syntax_errors.h"

namespace whalesafe::rules {

// A build stage as the syntax tree shows it: a FROM and the instructions up to the next FROM.
struct SyntaxStage {
  std::size_t index = 0;     // 0-based, as `COPY --from=<index>` counts
  TSNode from{};             // the from_instruction
  std::string name;          // the `AS` name, lower-cased (BuildKit compares names so); "" if none
  TSNode name_node{};        // the image_alias node (null when unnamed)
  std::vector<TSNode> body;  // top-level instructions after the FROM, in order
};

class RuleContext {
 public:
  // `shell_cache` (optional, may be shared by threads) keeps shell parses across documents
  // and re-analyses; without one, a private cache serves this document.
  // `model` and `syntax_diagnostics` (optional) are the document's when the caller has
  // already computed them.
  // `shell_memo` (optional) lends shells() the shells of the document's previous version and
  // takes this version's back when the context goes.
  RuleContext(const syntax::Document& document, const RuleSettings& settings,
              shell::ParseCache* shell_cache = nullptr, const model::Model* model = nullptr,
              const std::vector<syntax::Diagnostic>* syntax_diagnostics = nullptr,
              shell::ShellMemo* shell_memo = nullptr);
  ~RuleContext();
  // A context for one top-level instruction of `whole`'s document, for the rules whose scope
  // is RuleScope::kInstruction: instructions() and shells() hold that instruction (and its
  // shells) only, preamble() and stages() are empty, and what describes the whole document
  // (directives(), model(), syntax_diagnostics()) is `whole`'s, computed once for both.
  // `whole` must outlive this context.
  RuleContext(const RuleContext& whole, TSNode instruction);
  RuleContext(const RuleContext&) = delete;
  RuleContext& operator=(const RuleContext&) = delete;

  const syntax::Document& document() const { return document_; }
  const RuleSettings& settings() const { return settings_; }
  const syntax::Directives& directives() const { return directives_; }

  // The bytes of `node` ("" for a null node, which broken code can produce where a field is
  // usually present).
  std::string_view text(TSNode node) const {
    return ts_node_is_null(node) ? std::string_view() : document_.node_text(node);
  }

  // Top-level instructions in source order (not the ones inside ONBUILD).
  const std::vector<TSNode>& instructions() const { return instructions_; }
  // The instructions() of one node type ("copy_instruction", ...), in source order: rules that
  // look at one kind of instruction find them here instead of asking every instruction its type.
  const std::vector<TSNode>& instructions_of_type(std::string_view type) const;
  // The same for several types, merged in source order.
  std::vector<TSNode> instructions_of_types(std::initializer_list<std::string_view> types) const;
  // Instructions before the first FROM (global ARGs).
  const std::vector<TSNode>& preamble() const { return preamble_; }
  const std::vector<SyntaxStage>& stages() const { return stages_; }
  // The syntax layer's errors and warnings, computed on first use (only two rules need them).
  const std::vector<syntax::Diagnostic>& syntax_diagnostics() const;
  // The semantic model (stages, scopes, resolved base images, users), built on first use with
  // the default options (ARG defaults as written, no --build-arg).
  const model::Model& model() const;
  // Every shell text of the document (shell-form commands, heredoc scripts), parsed with
  // tree-sitter-bash and mapped back to Dockerfile ranges; computed on first use.
  const std::vector<shell::AnalyzedShell>& shells() const;
  // The package-manager and download invocations of one of shells(), recognized once per
  // context and shared by every rule that asks.
  const std::vector<shell::Invocation>& invocations(const shell::AnalyzedShell& shell) const;
  // The date base images are judged on for end of life: the settings' eol_date (else today,
  // UTC) minus eol_grace_days, so a release counts as ended once its end-of-life date is at
  // least that many days past. Pass it to the catalog's eol_status() and base_eol_status().
  catalog::Date eol_date() const;

  // A fact that a helper derives from the context for several rules (e.g. every RUN with its
  // recognized invocations): `compute()` runs on the first call, later calls return the same
  // object. One fact per type T: wrap a type in a struct to keep two facts apart.
  template <typename T, typename Compute>
  const T& shared_fact(Compute&& compute) const {
    static const char tag = 0;  // one per T (an inline function's static is unique)
    for (const auto& [key, value] : facts_) {
      if (key == &tag) return *static_cast<const T*>(value.get());
    }
    auto made = std::make_shared<const T>(compute());
    const T& result = *made;
    facts_.emplace_back(&tag, std::move(made));
    return result;
  }

 private:
  shell::ParseCache& shell_cache() const;

  const syntax::Document& document_;
  const RuleSettings& settings_;
  const RuleContext* whole_ = nullptr;  // set in a one-instruction context
  const model::Model* given_model_ = nullptr;
  const std::vector<syntax::Diagnostic>* given_syntax_ = nullptr;
  syntax::Directives directives_;
  std::vector<TSNode> instructions_;
  std::vector<TSNode> preamble_;
  std::vector<SyntaxStage> stages_;
  // A RuleContext serves one document on one thread, so lazy caching needs no lock.
  mutable std::optional<std::vector<syntax::Diagnostic>> syntax_diagnostics_;
  mutable std::optional<model::Model> model_;
  mutable shell::ParseCache* shell_cache_;
  shell::ShellMemo* shell_memo_ = nullptr;
  mutable std::unique_ptr<shell::ParseCache> own_shell_cache_;
  mutable std::optional<std::vector<shell::AnalyzedShell>> shells_;
  // Parallel to *shells_; an entry is filled on first use.
  mutable std::vector<std::optional<std::vector<shell::Invocation>>> invocations_;
  mutable std::vector<std::pair<const void*, std::shared_ptr<const void>>> facts_;
  // instructions() grouped by node type (the runtime's name of the type), built on first use.
  mutable std::optional<std::vector<std::pair<std::string_view, std::vector<TSNode>>>> by_type_;
};

// Collects one rule's findings, stamped with its slug and effective severity.
class Reporter {
 public:
  Reporter(const Rule& rule, Severity severity, std::vector<findings::Diagnostic>& out)
      : rule_(rule), severity_(severity), out_(out) {}

  const Rule& rule() const { return rule_; }
  void report(uint32_t start_byte, uint32_t end_byte, std::string message,
              std::optional<findings::Fix> fix = std::nullopt);
  void report(TSNode node, std::string message, std::optional<findings::Fix> fix = std::nullopt);
  // For rules that relay another tool's findings: `code` is that tool's ID for the finding
  // (see Diagnostic::code), and the finding gets `tool_severity` unless the configuration gave
  // the rule a severity of its own.
  void report_external(uint32_t start_byte, uint32_t end_byte, std::string message,
                       std::string code, Severity tool_severity);

 private:
  const Rule& rule_;
  Severity severity_;
  std::vector<findings::Diagnostic>& out_;
};

}  // namespace whalesafe::rules
