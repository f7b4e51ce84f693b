#include "shell/script_builder.h"

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <utility>
#include <vector>

#include "shell/command_queries.h"
#include "shell/word_value.h"

namespace whalesafe::shell {
namespace {

std::string_view type_of(TSNode node) { return ts_node_type(node); }

ByteRange range_of(TSNode node) {
  return ByteRange{ts_node_start_byte(node), ts_node_end_byte(node)};
}

bool is_statement(std::string_view type) {
  static constexpr std::string_view kStatements[] = {"command",
                                                     "pipeline",
                                                     "list",
                                                     "redirected_statement",
                                                     "subshell",
                                                     "compound_statement",
                                                     "negated_command",
                                                     "if_statement",
                                                     "while_statement",
                                                     "for_statement",
                                                     "c_style_for_statement",
                                                     "case_statement",
                                                     "function_definition",
                                                     "declaration_command",
                                                     "unset_command",
                                                     "test_command",
                                                     "variable_assignment",
                                                     "variable_assignments"};
  for (const std::string_view s : kStatements) {
    if (s == type) return true;
  }
  return false;
}

// Where a command sits, inherited down the tree.
struct Context {
  bool conditional = false;
  bool in_subshell = false;
  bool in_substitution = false;
  bool in_function = false;
  bool negated = false;
  int pipeline = -1;
  uint32_t stage = 0;
  std::vector<Redirect> redirects;  // of enclosing redirected statements
};

class Builder {
 public:
  explicit Builder(std::string_view text) : text_(text) {}

  Script build(TSNode root) {
    collect_errors(root);
    walk(root, Context{});
    return std::move(script_);
  }

 private:
  std::string_view text_of(TSNode node) const {
    const ByteRange r = range_of(node);
    return r.end <= text_.size() ? text_.substr(r.start, r.size()) : std::string_view{};
  }

  Word word_of(TSNode node) const {
    Word w;
    w.raw = std::string(text_of(node));
    w.value = static_word_value(node, text_);
    w.range = range_of(node);
    return w;
  }

  // tree-sitter-bash ends some words of several expansions early: `a/$V/b-$V.c` comes as the
  // node `a/$V/b-$` followed, with no blank between, by the node `V.c`. A node that starts
  // where a word ends is the rest of that word.
  static bool continues(const Word& w, TSNode node) {
    const std::string_view type = type_of(node);
    if (type == "file_redirect" || type == "herestring_redirect" || type == "heredoc_redirect" ||
        type == "variable_assignment" || type == "comment") {
      return false;  // `echo a>b`: a redirection right after a word is not part of it
    }
    return ts_node_start_byte(node) == w.range.end;
  }

  void extend(Word& w, TSNode piece) const {
    // A lone `$` at the seam starts an expansion: the word is dynamic.
    const bool seam_dollar = !w.raw.empty() && w.raw.back() == '$';
    const std::optional<std::string> rest = static_word_value(piece, text_);
    w.range.end = ts_node_end_byte(piece);
    w.raw = std::string(text_.substr(w.range.start, w.range.size()));
    if (seam_dollar || !rest || !w.value) {
      w.value.reset();
    } else {
      *w.value += *rest;
    }
  }

  void extend(Assignment& a, TSNode piece) const {
    if (a.value) {
      extend(*a.value, piece);
    } else {
      Word w = word_of(piece);
      a.value = std::move(w);
    }
    a.range.end = ts_node_end_byte(piece);
  }

  void collect_errors(TSNode root) {
    if (!ts_node_has_error(root)) return;
    // Iterative pre-order walk: error subtrees can be deep.
    std::vector<TSNode> stack{root};
    while (!stack.empty()) {
      const TSNode n = stack.back();
      stack.pop_back();
      if (ts_node_is_missing(n) || type_of(n) == "ERROR") {
        script_.errors.push_back(range_of(n));
        continue;
      }
      if (!ts_node_has_error(n)) continue;
      for (uint32_t i = ts_node_child_count(n); i > 0; --i)
        stack.push_back(ts_node_child(n, i - 1));
    }
  }

  // Statements in a row (program, { }, ( ), do/done, then/else bodies, ...).
  void walk_sequence(TSNode node, const Context& ctx) {
    bool first = true;
    std::size_t statement_start = script_.commands.size();
    const uint32_t n = ts_node_child_count(node);
    for (uint32_t i = 0; i < n; ++i) {
      const TSNode child = ts_node_child(node, i);
      if (!ts_node_is_named(child)) {
        if (type_of(child) == "&") {
          for (std::size_t k = statement_start; k < script_.commands.size(); ++k) {
            script_.commands[k].background = true;
          }
        }
        continue;
      }
      if (type_of(child) == "comment") continue;
      if (!first) pending_ = Connector::kSequence;
      first = false;
      statement_start = script_.commands.size();
      walk(child, ctx);
    }
  }

  void walk_named_children(TSNode node, const Context& ctx) {
    const uint32_t n = ts_node_named_child_count(node);
    for (uint32_t i = 0; i < n; ++i) walk(ts_node_named_child(node, i), ctx);
  }

  void walk(TSNode node, const Context& ctx) {
    const std::string_view type = type_of(node);
    if (type == "command") return emit_command(node, ctx);
    if (type == "declaration_command" || type == "unset_command") {
      return emit_declaration(node, ctx);
    }
    if (type == "variable_assignment" || type == "variable_assignments") {
      return emit_assignments(node, ctx);
    }
    if (type == "program" || type == "compound_statement" || type == "do_group") {
      return walk_sequence(node, ctx);
    }
    if (type == "subshell") {
      Context inner = ctx;
      inner.in_subshell = true;
      return walk_sequence(node, inner);
    }
    if (type == "command_substitution" || type == "process_substitution") {
      Context inner = ctx;
      inner.in_substitution = true;
      inner.pipeline = -1;
      inner.negated = false;
      const Connector saved = pending_;
      pending_ = Connector::kNone;
      walk_sequence(node, inner);
      pending_ = saved;
      return;
    }
    if (type == "list") return walk_list(node, ctx);
    if (type == "pipeline") return walk_pipeline(node, ctx);
    if (type == "negated_command") {
      Context inner = ctx;
      inner.negated = true;
      return walk_named_children(node, inner);
    }
    if (type == "redirected_statement") return walk_redirected(node, ctx);
    if (type == "if_statement" || type == "while_statement" || type == "for_statement" ||
        type == "c_style_for_statement" || type == "case_statement" || type == "elif_clause" ||
        type == "else_clause" || type == "case_item") {
      Context inner = ctx;
      inner.conditional = true;
      return walk_sequence(node, inner);
    }
    if (type == "function_definition") {
      Context inner = ctx;
      inner.conditional = true;
      inner.in_function = true;
      const TSNode body = ts_node_child_by_field_name(node, "body", 4);
      if (!ts_node_is_null(body)) walk(body, inner);
      return;
    }
    if (type == "comment" || type == "heredoc_body") return;
    // Anything else (test commands, words, expansions, ERROR): look inside for commands, such
    // as those of a command substitution.
    walk_named_children(node, ctx);
  }

  // Redirections bind tighter than `|`, which binds tighter than `&&`/`||`, but
  // tree-sitter-bash reads `a && b | c > f` as `(a && b | c) > f` and `a && b > f | c` as
  // `((a && b) > f) | c`. The builder undoes this: redirections found after a list or a
  // pipeline (`trailing`) belong to its rightmost statement only, and a list before `|`
  // leaves all but its last operand out of the pipeline.
  void walk_tail(TSNode node, const Context& ctx, std::vector<Redirect> trailing) {
    if (trailing.empty()) return walk(node, ctx);
    const std::string_view type = type_of(node);
    if (type == "list") return walk_list(node, ctx, std::move(trailing));
    if (type == "pipeline") return walk_pipeline(node, ctx, std::move(trailing));
    if (type == "redirected_statement") return walk_redirected(node, ctx, std::move(trailing));
    Context inner = ctx;
    for (Redirect& r : trailing) inner.redirects.push_back(std::move(r));
    tail_command_ = script_.commands.size();
    walk(node, inner);
  }

  // The operands of a list, each with its context and the connector before it.
  struct Operand {
    TSNode node;
    Context ctx;
    std::optional<Connector> op;
  };

  static std::vector<Operand> operands_of(TSNode node, const Context& ctx) {
    // list: left, `&&` or `||`, right (left-nested for chains).
    std::vector<Operand> out;
    Context right = ctx;
    std::optional<Connector> op;
    const uint32_t n = ts_node_child_count(node);
    for (uint32_t i = 0; i < n; ++i) {
      const TSNode child = ts_node_child(node, i);
      if (!ts_node_is_named(child)) {
        const std::string_view t = type_of(child);
        if (t == "&&") op = Connector::kAnd;
        if (t == "||") {
          op = Connector::kOr;
          right.conditional = true;
        }
        continue;
      }
      if (type_of(child) == "comment") continue;
      out.push_back(Operand{child, right, op});
      op.reset();
    }
    return out;
  }

  // Chains are left-nested (`a && b && c` is `(a && b) && c`): the left spine is walked in a
  // loop, innermost list first, so that a RUN chaining 100,000 commands does not recurse
  // 100,000 deep (it overflowed the stack at about 10,000).
  void walk_list(TSNode node, const Context& ctx, std::vector<Redirect> trailing = {}) {
    std::vector<TSNode> spine{node};
    for (;;) {
      const std::vector<Operand> operands = operands_of(spine.back(), ctx);
      if (operands.empty() || type_of(operands.front().node) != "list") break;
      spine.push_back(operands.front().node);
    }
    for (std::size_t level = spine.size(); level-- > 0;) {
      const std::vector<Operand> operands = operands_of(spine[level], ctx);
      // Below the innermost list, the first operand is the list walked just before.
      const std::size_t first = level + 1 < spine.size() ? 1 : 0;
      for (std::size_t k = first; k < operands.size(); ++k) {
        if (operands[k].op) pending_ = *operands[k].op;
        if (level == 0 && k + 1 == operands.size()) {
          walk_tail(operands[k].node, operands[k].ctx, std::move(trailing));
        } else {
          walk(operands[k].node, operands[k].ctx);
        }
      }
    }
  }

  // The first stage of a pipeline as tree-sitter-bash may give it (a list, possibly
  // redirected): walks what precedes its last operand, and returns that operand, its context
  // and the redirections that follow it.
  struct Head {
    TSNode node;
    Context ctx;
    std::vector<Redirect> redirects;
  };

  Head walk_head(TSNode node, const Context& ctx, std::vector<Redirect> trailing) {
    const std::string_view type = type_of(node);
    if (type == "redirected_statement") {
      const TSNode body = ts_node_child_by_field_name(node, "body", 4);
      if (!ts_node_is_null(body) && type_of(body) == "list" && !has_heredoc(node)) {
        std::vector<Redirect> own = own_redirects(node);
        for (Redirect& r : trailing) own.push_back(std::move(r));
        return walk_head(body, ctx, std::move(own));
      }
    }
    if (type == "list") {
      const std::vector<Operand> operands = operands_of(node, ctx);
      if (!operands.empty()) {
        for (std::size_t k = 0; k + 1 < operands.size(); ++k) {
          if (operands[k].op) pending_ = *operands[k].op;
          walk(operands[k].node, operands[k].ctx);
        }
        const Operand& last = operands.back();
        if (last.op) pending_ = *last.op;
        return walk_head(last.node, last.ctx, std::move(trailing));
      }
    }
    return Head{node, ctx, std::move(trailing)};
  }

  // One stage of a pipeline and the redirections that follow it.
  struct Stage {
    TSNode node;
    std::vector<Redirect> redirects;
  };

  static std::vector<TSNode> named_children(TSNode node) {
    std::vector<TSNode> out;
    const uint32_t n = ts_node_named_child_count(node);
    for (uint32_t i = 0; i < n; ++i) {
      const TSNode child = ts_node_named_child(node, i);
      if (type_of(child) != "comment") out.push_back(child);
    }
    return out;
  }

  // Adds the stages `node` stands for: tree-sitter-bash reads `a | b > f | c` as
  // `((a | b) > f) | c`, one pipeline of three stages where `> f` is b's.
  void expand_stage(TSNode node, std::vector<Redirect> redirects, std::vector<Stage>& out) const {
    const std::string_view type = type_of(node);
    if (type == "redirected_statement" && !has_heredoc(node)) {
      const TSNode body = ts_node_child_by_field_name(node, "body", 4);
      if (!ts_node_is_null(body) && type_of(body) == "pipeline") {
        std::vector<Redirect> own = own_redirects(node);
        for (Redirect& r : redirects) own.push_back(std::move(r));
        return expand_stage(body, std::move(own), out);
      }
    }
    if (type == "pipeline") {
      const std::vector<TSNode> stages = named_children(node);
      for (std::size_t k = 0; k < stages.size(); ++k) {
        expand_stage(stages[k],
                     k + 1 == stages.size() ? std::move(redirects) : std::vector<Redirect>{}, out);
      }
      return;
    }
    out.push_back(Stage{node, std::move(redirects)});
  }

  void walk_pipeline(TSNode node, const Context& ctx, std::vector<Redirect> trailing = {}) {
    const std::vector<TSNode> children = named_children(node);
    if (children.empty()) return;
    Head head = walk_head(children.front(), ctx, {});
    std::vector<Stage> stages;
    expand_stage(head.node, std::move(head.redirects), stages);
    for (std::size_t k = 1; k < children.size(); ++k) {
      expand_stage(children[k],
                   k + 1 == children.size() ? std::move(trailing) : std::vector<Redirect>{},
                   stages);
    }
    Context inner = head.ctx;
    inner.pipeline = static_cast<int>(script_.pipelines.size());
    script_.pipelines.push_back(
        Pipeline{0, ByteRange{ts_node_start_byte(stages.front().node), ts_node_end_byte(node)}});
    walk_stages(std::move(stages), inner, 0, false);
  }

  // `stages` as stages of pipeline `ctx.pipeline`, numbered from `first_stage`; `pipe_first`:
  // the first one also follows a `|` (the rest of a pipeline begun before a heredoc).
  void walk_stages(std::vector<Stage> stages, Context ctx, uint32_t first_stage, bool pipe_first) {
    for (std::size_t k = 0; k < stages.size(); ++k) {
      if (k > 0 || pipe_first) pending_ = Connector::kPipe;
      ctx.stage = first_stage + static_cast<uint32_t>(k);
      if (k + 1 == stages.size()) {
        walk_last_stage(stages[k].node, ctx, std::move(stages[k].redirects));
      } else {
        walk_tail(stages[k].node, ctx, std::move(stages[k].redirects));
      }
    }
    Pipeline& p = script_.pipelines[static_cast<std::size_t>(ctx.pipeline)];
    p.stages = std::max(p.stages, first_stage + static_cast<uint32_t>(stages.size()));
  }

  // The last stage of a pipeline. After a heredoc marker tree-sitter-bash may give it as a
  // list (`cat <<EOF | sh && b > f`): only the list's first operand is in the pipeline.
  void walk_last_stage(TSNode node, const Context& ctx, std::vector<Redirect> trailing) {
    const std::string_view type = type_of(node);
    if (type == "redirected_statement") {
      const TSNode body = ts_node_child_by_field_name(node, "body", 4);
      if (!ts_node_is_null(body) && type_of(body) == "list" && !has_heredoc(node)) {
        std::vector<Redirect> own = own_redirects(node);
        for (Redirect& r : trailing) own.push_back(std::move(r));
        return walk_last_stage(body, ctx, std::move(own));
      }
    }
    if (type != "list") return walk_tail(node, ctx, std::move(trailing));
    std::vector<Operand> operands = operands_of(node, ctx);
    if (operands.empty()) return;
    if (operands.size() == 1) return walk_last_stage(operands[0].node, ctx, std::move(trailing));
    walk_last_stage(operands[0].node, ctx, {});
    for (std::size_t k = 1; k < operands.size(); ++k) {
      Context outside = operands[k].ctx;
      outside.pipeline = -1;
      outside.stage = 0;
      if (operands[k].op) pending_ = *operands[k].op;
      if (k + 1 == operands.size()) {
        walk_tail(operands[k].node, outside, std::move(trailing));
      } else {
        walk(operands[k].node, outside);
      }
    }
  }

  static bool has_heredoc(TSNode node) {
    const uint32_t n = ts_node_child_count(node);
    for (uint32_t i = 0; i < n; ++i) {
      if (type_of(ts_node_child(node, i)) == "heredoc_redirect") return true;
    }
    return false;
  }

  std::vector<Redirect> own_redirects(TSNode node) const {
    std::vector<Redirect> out;
    const uint32_t n = ts_node_child_count(node);
    for (uint32_t i = 0; i < n; ++i) {
      const TSNode child = ts_node_child(node, i);
      const std::string_view type = type_of(child);
      if (type == "file_redirect" || type == "herestring_redirect") {
        out.push_back(redirect_of(child));
      }
    }
    return out;
  }

  void walk_redirected(TSNode node, const Context& ctx, std::vector<Redirect> trailing = {}) {
    std::vector<Redirect> redirects;
    std::vector<Word> extra_args;  // words after a heredoc marker: `bash <<EOF -x`
    std::vector<std::pair<TSNode, Connector>> continuations;
    const uint32_t n = ts_node_child_count(node);
    for (uint32_t i = 0; i < n; ++i) {
      const TSNode child = ts_node_child(node, i);
      const std::string_view type = type_of(child);
      if (type == "file_redirect" || type == "herestring_redirect") {
        redirects.push_back(redirect_of(child));
      } else if (type == "heredoc_redirect") {
        read_heredoc_redirect(child, redirects, extra_args, continuations);
      }
    }
    for (Redirect& r : trailing) redirects.push_back(std::move(r));
    const std::size_t first = script_.commands.size();
    tail_command_ = first;
    const TSNode body = ts_node_child_by_field_name(node, "body", 4);
    if (!ts_node_is_null(body)) {
      const std::string_view body_type = type_of(body);
      if (body_type == "list" || body_type == "pipeline") {
        // Misread precedence (see walk_tail): the redirections are the last statement's.
        walk_tail(body, ctx, std::move(redirects));
      } else {
        Context inner = ctx;
        for (Redirect& r : redirects) inner.redirects.push_back(std::move(r));
        walk(body, inner);
      }
    }
    if (tail_command_ < script_.commands.size()) {
      Command& c = script_.commands[tail_command_];
      for (Word& w : extra_args) c.args.push_back(std::move(w));
    }
    // What follows a heredoc marker on its line (`cat <<EOF | sh`, `cat <<EOF && x`) is
    // nested in the heredoc_redirect node by tree-sitter-bash; it continues the statement.
    for (const auto& [cont, op] : continuations) walk_continuation(cont, op, ctx, first);
  }

  void walk_continuation(TSNode node, Connector op, const Context& ctx, std::size_t body_first) {
    if (type_of(node) == "pipeline" && ts_node_child_count(node) > 0 &&
        !ts_node_is_named(ts_node_child(node, 0))) {
      // `| rest`: the statement before is stage 0 of a pipeline.
      Context inner = ctx;
      inner.pipeline = static_cast<int>(script_.pipelines.size());
      script_.pipelines.push_back(Pipeline{1, range_of(node)});
      for (std::size_t k = body_first; k < script_.commands.size(); ++k) {
        if (script_.commands[k].pipeline == ctx.pipeline) {
          script_.commands[k].pipeline = inner.pipeline;
          script_.commands[k].pipe_stage = 0;
        }
      }
      std::vector<Stage> stages;
      for (const TSNode child : named_children(node)) expand_stage(child, {}, stages);
      walk_stages(std::move(stages), inner, 1, true);
      return;
    }
    pending_ = op;
    walk(node, ctx);
  }

  void read_heredoc_redirect(TSNode node, std::vector<Redirect>& redirects,
                             std::vector<Word>& extra_args,
                             std::vector<std::pair<TSNode, Connector>>& continuations) {
    Redirect r;
    r.heredoc = true;
    r.range = range_of(node);
    std::vector<Redirect> nested;
    Connector op = Connector::kSequence;
    // Field names come from a cursor: 0.20.7's ts_node_field_name_for_child misses the
    // second `argument` of `python3 <<EOF -v out.txt`.
    TSTreeCursor cursor = ts_tree_cursor_new(node);
    for (bool more = ts_tree_cursor_goto_first_child(&cursor); more;
         more = ts_tree_cursor_goto_next_sibling(&cursor)) {
      const TSNode child = ts_tree_cursor_current_node(&cursor);
      const std::string_view type = type_of(child);
      const char* field = ts_tree_cursor_current_field_name(&cursor);
      if (!ts_node_is_named(child)) {
        if (type == "<<" || type == "<<-") r.op = std::string(type);
        if (type == "&&") op = Connector::kAnd;
        if (type == "||") op = Connector::kOr;
        if (type == ";" || type == "&") op = Connector::kSequence;
        continue;
      }
      if (type == "file_descriptor") {
        r.descriptor =
            static_cast<uint32_t>(std::strtoul(std::string(text_of(child)).c_str(), nullptr, 10));
      } else if (type == "heredoc_start") {
        r.target = word_of(child);
      } else if (type == "heredoc_body") {
        r.heredoc_body = range_of(child);
      } else if (type == "file_redirect" || type == "herestring_redirect") {
        nested.push_back(redirect_of(child));
      } else if (field != nullptr && std::string_view(field) == "argument") {
        extra_args.push_back(word_of(child));
      } else if (is_statement(type)) {
        continuations.emplace_back(child, op);
      }
    }
    ts_tree_cursor_delete(&cursor);
    redirects.push_back(std::move(r));
    for (Redirect& x : nested) redirects.push_back(std::move(x));
  }

  Redirect redirect_of(TSNode node) const {
    Redirect r;
    r.range = range_of(node);
    const uint32_t n = ts_node_child_count(node);
    for (uint32_t i = 0; i < n; ++i) {
      const TSNode child = ts_node_child(node, i);
      const std::string_view type = type_of(child);
      if (!ts_node_is_named(child)) {
        if (r.op.empty()) r.op = std::string(type);
        continue;
      }
      if (type == "file_descriptor") {
        r.descriptor =
            static_cast<uint32_t>(std::strtoul(std::string(text_of(child)).c_str(), nullptr, 10));
      } else if (!r.target) {
        r.target = word_of(child);
      } else if (continues(*r.target, child)) {
        extend(*r.target, child);
        r.range.end = r.target->range.end;
      }
    }
    return r;
  }

  Command new_command(TSNode node, const Context& ctx) {
    Command c;
    c.connector = pending_;
    pending_ = Connector::kNone;
    c.conditional = ctx.conditional;
    c.in_subshell = ctx.in_subshell;
    c.in_substitution = ctx.in_substitution;
    c.in_function = ctx.in_function;
    c.negated = ctx.negated;
    c.pipeline = ctx.pipeline;
    c.pipe_stage = ctx.pipeline >= 0 ? ctx.stage : 0;
    c.redirects = ctx.redirects;
    c.range = range_of(node);
    return c;
  }

  static bool continues_assignment(const Assignment& a, TSNode node) {
    Word probe;
    probe.range = a.range;
    return continues(probe, node);
  }

  Assignment assignment_of(TSNode node) const {
    Assignment a;
    a.range = range_of(node);
    const TSNode name = ts_node_child_by_field_name(node, "name", 4);
    a.name = std::string(text_of(ts_node_is_null(name) ? node : name));
    const TSNode value = ts_node_child_by_field_name(node, "value", 5);
    if (!ts_node_is_null(value)) a.value = word_of(value);
    return a;
  }

  // Commands nested in words (substitutions) come after the command that holds them.
  void emit_command(TSNode node, const Context& ctx) {
    const std::size_t index = script_.commands.size();
    script_.commands.push_back(new_command(node, ctx));
    std::vector<TSNode> nested;
    const uint32_t n = ts_node_child_count(node);
    for (uint32_t i = 0; i < n; ++i) {
      const TSNode child = ts_node_child(node, i);
      if (!ts_node_is_named(child)) continue;
      const std::string_view type = type_of(child);
      const char* field = ts_node_field_name_for_child(node, i);
      const std::string_view f = field == nullptr ? std::string_view{} : field;
      Command& c = script_.commands[index];
      nested.push_back(child);
      if (type == "comment") continue;
      // The rest of a word split by tree-sitter-bash (see `continues`).
      if (!c.args.empty() && continues(c.args.back(), child)) {
        extend(c.args.back(), child);
        continue;
      }
      if (c.args.empty() && c.name && continues(*c.name, child)) {
        extend(*c.name, child);
        continue;
      }
      if (!c.name && !c.assignments.empty() && continues_assignment(c.assignments.back(), child)) {
        extend(c.assignments.back(), child);
        continue;
      }
      if (type == "variable_assignment") {
        c.assignments.push_back(assignment_of(child));
      } else if (type == "file_redirect" || type == "herestring_redirect") {
        c.redirects.push_back(redirect_of(child));
      } else if (f == "name" || !c.name) {
        // Also a word after a prefix assignment whose end swallowed the name (`A=$X/$Y/z cmd`).
        const TSNode word =
            ts_node_named_child_count(child) == 1 ? ts_node_named_child(child, 0) : child;
        c.name = word_of(word);
      } else {
        c.args.push_back(word_of(child));
      }
    }
    {
      Command& c = script_.commands[index];
      std::stable_sort(
          c.redirects.begin(), c.redirects.end(),
          [](const Redirect& a, const Redirect& b) { return a.range.start < b.range.start; });
    }
    Context inner = ctx;
    inner.redirects.clear();
    for (const TSNode child : nested) walk_named_children_for_substitutions(child, inner);
  }

  void walk_named_children_for_substitutions(TSNode node, const Context& ctx) {
    const std::string_view type = type_of(node);
    if (type == "command_substitution" || type == "process_substitution") {
      walk(node, ctx);
      return;
    }
    const uint32_t n = ts_node_named_child_count(node);
    for (uint32_t i = 0; i < n; ++i)
      walk_named_children_for_substitutions(ts_node_named_child(node, i), ctx);
  }

  void emit_declaration(TSNode node, const Context& ctx) {
    const std::size_t index = script_.commands.size();
    script_.commands.push_back(new_command(node, ctx));
    const uint32_t n = ts_node_child_count(node);
    for (uint32_t i = 0; i < n; ++i) {
      const TSNode child = ts_node_child(node, i);
      Command& c = script_.commands[index];
      if (!ts_node_is_named(child)) {
        if (!c.name) c.name = word_of(child);  // export, declare, local, readonly, unset, ...
        continue;
      }
      if (!c.assignments.empty() && continues_assignment(c.assignments.back(), child) &&
          c.assignments.back().value) {
        extend(c.assignments.back(), child);
        continue;
      }
      if (!c.args.empty() && continues(c.args.back(), child)) {
        extend(c.args.back(), child);
        continue;
      }
      if (type_of(child) == "variable_assignment") {
        c.assignments.push_back(assignment_of(child));
      } else if (type_of(child) == "variable_name") {
        Assignment a;
        a.name = std::string(text_of(child));
        a.range = range_of(child);
        c.assignments.push_back(std::move(a));
        c.args.push_back(word_of(child));
      } else {
        c.args.push_back(word_of(child));
      }
    }
    walk_named_children_for_substitutions(node, ctx);
  }

  void emit_assignments(TSNode node, const Context& ctx) {
    const std::size_t index = script_.commands.size();
    script_.commands.push_back(new_command(node, ctx));
    if (type_of(node) == "variable_assignment") {
      script_.commands[index].assignments.push_back(assignment_of(node));
    } else {
      const uint32_t n = ts_node_named_child_count(node);
      for (uint32_t i = 0; i < n; ++i) {
        script_.commands[index].assignments.push_back(assignment_of(ts_node_named_child(node, i)));
      }
    }
    walk_named_children_for_substitutions(node, ctx);
  }

  std::string_view text_;
  Script script_;
  Connector pending_ = Connector::kNone;
  // The command that received the trailing redirections last (see walk_tail).
  std::size_t tail_command_ = 0;
};

}  // namespace

Script build_script(TSNode root, std::string_view text) {
  Script script = Builder(text).build(root);
  for (Command& c : script.commands) c.program_index = program_index(c);
  return script;
}

}  // namespace whalesafe::shell
