#include "rules/rule_context.h"

#include <algorithm>

#include "rules/dates.h"
#include "rules/node_util.h"
#include "syntax/tree_util.h"

namespace whalesafe::rules {

RuleContext::RuleContext(const syntax::Document& document, const RuleSettings& settings,
                         shell::ParseCache* shell_cache, const model::Model* model,
                         const std::vector<syntax::Diagnostic>* syntax_diagnostics,
                         shell::ShellMemo* shell_memo)
    : document_(document),
      settings_(settings),
      given_model_(model),
      given_syntax_(syntax_diagnostics),
      directives_(syntax::read_directives(document.text())),
      instructions_(document.instructions()),
      shell_cache_(shell_cache),
      shell_memo_(shell_memo) {
  for (TSNode node : instructions_) {
    if (syntax::type_of(node) == "from_instruction") {
      SyntaxStage stage;
      stage.index = stages_.size();
      stage.from = node;
      stage.name_node = ts_node_child_by_field_name(node, "name", 4);
      if (!ts_node_is_null(stage.name_node)) {
        stage.name = ascii_lower(document_.node_text(stage.name_node));
      }
      stages_.push_back(std::move(stage));
    } else if (stages_.empty()) {
      preamble_.push_back(node);
    } else {
      stages_.back().body.push_back(node);
    }
  }
}

RuleContext::RuleContext(const RuleContext& whole, TSNode instruction)
    : document_(whole.document_),
      settings_(whole.settings_),
      whole_(&whole),
      directives_(whole.directives_),
      instructions_{instruction},
      shell_cache_(nullptr) {}

RuleContext::~RuleContext() {
  if (shell_memo_ == nullptr || !shells_) return;
  // The invocations recognized here go with their shells into the memo.
  for (std::size_t i = 0; i < invocations_.size() && i < shells_->size(); ++i) {
    if (invocations_[i]) (*shells_)[i].invocations = std::move(invocations_[i]);
  }
  try {
    shell_memo_->keep(std::move(*shells_));
  } catch (...) {  // out of memory: the next analysis analyses every shell anew
    shell_memo_->keep({});
  }
}

const std::vector<syntax::Diagnostic>& RuleContext::syntax_diagnostics() const {
  if (whole_ != nullptr) return whole_->syntax_diagnostics();
  if (given_syntax_ != nullptr) return *given_syntax_;
  if (!syntax_diagnostics_) syntax_diagnostics_ = syntax::syntax_diagnostics(document_);
  return *syntax_diagnostics_;
}

const model::Model& RuleContext::model() const {
  if (whole_ != nullptr) return whole_->model();
  if (given_model_ != nullptr) return *given_model_;
  if (!model_) model_ = model::build_model(document_);
  return *model_;
}

shell::ParseCache& RuleContext::shell_cache() const {
  if (whole_ != nullptr) return whole_->shell_cache();
  if (shell_cache_ == nullptr) {
    // Small: one document's texts (analyze_document raises it for a big one); a caller that
    // re-analyses passes its own cache.
    own_shell_cache_ = std::make_unique<shell::ParseCache>(64);
    shell_cache_ = own_shell_cache_.get();
  }
  return *shell_cache_;
}

const std::vector<TSNode>& RuleContext::instructions_of_type(std::string_view type) const {
  if (!by_type_) {
    by_type_.emplace();
    for (TSNode i : instructions_) {
      // The runtime hands back a name from its language's table; a type's instructions mostly
      // share one pointer, so the string comparison is rarely reached.
      const char* const name = ts_node_type(i);
      auto group = std::find_if(by_type_->begin(), by_type_->end(), [&](const auto& g) {
        return g.first.data() == name || g.first == name;
      });
      if (group == by_type_->end()) group = by_type_->insert(group, {std::string_view(name), {}});
      group->second.push_back(i);
    }
  }
  for (const auto& [name, nodes] : *by_type_) {
    if (name == type) return nodes;
  }
  static const std::vector<TSNode> kNone;
  return kNone;
}

std::vector<TSNode> RuleContext::instructions_of_types(
    std::initializer_list<std::string_view> types) const {
  std::vector<TSNode> out;
  for (std::string_view type : types) {
    const std::vector<TSNode>& nodes = instructions_of_type(type);
    out.insert(out.end(), nodes.begin(), nodes.end());
  }
  std::sort(out.begin(), out.end(),
            [](TSNode a, TSNode b) { return ts_node_start_byte(a) < ts_node_start_byte(b); });
  return out;
}

const std::vector<shell::AnalyzedShell>& RuleContext::shells() const {
  if (!shells_) {
    if (whole_ != nullptr) {
      shells_ = shell::analyze_instruction(document_, instructions_.front(), shell_cache());
    } else if (shell_memo_ != nullptr) {
      shells_ = shell_memo_->analyze_document(document_, directives_.escape, shell_cache());
    } else {
      shells_ = shell::analyze_document(document_, shell_cache());
    }
    invocations_.resize(shells_->size());
  }
  return *shells_;
}

const std::vector<shell::Invocation>& RuleContext::invocations(
    const shell::AnalyzedShell& shell) const {
  const std::vector<shell::AnalyzedShell>& all = shells();
  const auto index = static_cast<std::size_t>(&shell - all.data());
  if (shell.invocations) return *shell.invocations;  // kept by the ShellMemo
  std::optional<std::vector<shell::Invocation>>& slot = invocations_.at(index);
  if (!slot) slot = shell::recognize_invocations(shell.script, shell.source.map);
  return *slot;
}

catalog::Date RuleContext::eol_date() const {
  const catalog::Date today = settings_.eol_date ? *settings_.eol_date : today_utc();
  return add_days(today, -settings_.eol_grace_days);
}

void Reporter::report(uint32_t start_byte, uint32_t end_byte, std::string message,
                      std::optional<findings::Fix> fix) {
  findings::Diagnostic d;
  d.rule = std::string(rule_.info.slug);
  d.severity = severity_;
  d.message = std::move(message);
  d.start_byte = start_byte;
  d.end_byte = end_byte < start_byte ? start_byte : end_byte;
  d.fix = std::move(fix);
  out_.push_back(std::move(d));
}

void Reporter::report_external(uint32_t start_byte, uint32_t end_byte, std::string message,
                               std::string code, Severity tool_severity) {
  const Severity configured = severity_;
  if (severity_ == rule_.info.severity) severity_ = tool_severity;
  report(start_byte, end_byte, std::move(message));
  severity_ = configured;
  out_.back().code = std::move(code);
}

void Reporter::report(TSNode node, std::string message, std::optional<findings::Fix> fix) {
  report(ts_node_start_byte(node), ts_node_end_byte(node), std::move(message), std::move(fix));
}

}  // namespace whalesafe::rules
