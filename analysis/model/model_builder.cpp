// build_model: one pass over the top-level instructions, keeping the scope, the user and the
// stage in force the way BuildKit's dispatcher does (frontend/dockerfile/dockerfile2llb).
#include <algorithm>
#include <cstdlib>
#include <memory>
#include <utility>

#include "model/model.h"
#include "model/mount_options.h"
#include "syntax/ascii.h"
#include "syntax/directives.h"
#include "syntax/go_json.h"
#include "syntax/heredocs.h"
#include "syntax/tree_util.h"

namespace whalesafe::model {
namespace {

using syntax::type_of;

using syntax::field;
using syntax::fields;

std::string keyword_of(TSNode instruction) {
  std::string_view type = type_of(instruction);
  constexpr std::string_view kSuffix = "_instruction";
  if (type.size() > kSuffix.size() && type.substr(type.size() - kSuffix.size()) == kSuffix) {
    type.remove_suffix(kSuffix.size());
  }
  return std::string(type);
}

// BuildKit's stage name pattern: ^[a-z][a-z0-9-_.]*$ (on the lower-cased name).
bool valid_stage_name(std::string_view name) {
  if (name.empty() || !(name[0] >= 'a' && name[0] <= 'z')) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
  });
}

// Go's strconv.Atoi: an optional sign and decimal digits, nothing else.
std::optional<long long> parse_index(std::string_view s) {
  std::string_view digits = s;
  if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) digits.remove_prefix(1);
  if (digits.empty() || digits.size() > 18) return std::nullopt;
  if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  return std::strtoll(std::string(s).c_str(), nullptr, 10);
}

// Go's path.Clean for an absolute slash-separated path: no empty, `.` or `..` elements.
std::string clean_path(std::string_view p) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (start <= p.size()) {
    std::size_t slash = p.find('/', start);
    if (slash == std::string_view::npos) slash = p.size();
    const std::string_view part = p.substr(start, slash - start);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    start = slash + 1;
  }
  std::string out;
  for (std::string_view part : parts) {
    out += '/';
    out += part;
  }
  return out.empty() ? "/" : out;
}

// The predefined platform ARGs of BuildKit's global scope for "os/arch[/variant]".
void add_platform_args(Scope::Variables& scope, std::string_view prefix,
                       std::string_view platform) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    const std::size_t slash = platform.find('/', start);
    parts.emplace_back(
        platform.substr(start, slash == std::string_view::npos ? platform.npos : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  parts.resize(3);
  const std::string p(prefix);
  const std::pair<std::string, std::string> values[] = {{p + "PLATFORM", std::string(platform)},
                                                        {p + "OS", parts[0]},
                                                        {p + "ARCH", parts[1]},
                                                        {p + "VARIANT", parts[2]}};
  for (const auto& [name, value] : values) {
    Variable v;
    v.name = name;
    v.value = value;
    v.kind = VariableKind::kPlatformArg;
    scope[name] = std::move(v);
  }
}

class Builder {
 public:
  Builder(const syntax::Document& doc, const ModelOptions& options)
      : doc_(doc), options_(options) {}

  // The node's bytes; "" for a null node (fields a broken instruction lacks).
  std::string_view text(TSNode node) const {
    return ts_node_is_null(node) ? std::string_view() : doc_.node_text(node);
  }

  Model run() {
    model_.escape = syntax::read_directives(doc_.text()).escape;
    Scope::Variables platform;
    add_platform_args(platform, "BUILD", options_.build_platform);
    add_platform_args(platform, "TARGET", options_.target_platform);
    // Build args override the predefined platform ARGs too.
    for (auto& [name, v] : platform) {
      if (const auto it = options_.build_args.find(name); it != options_.build_args.end()) {
        v.value = it->second;
        v.from_build_arg = true;
      }
    }
    global_ = Scope::extend(nullptr, std::move(platform));

    model_.instructions.reserve(doc_.instructions().size());
    model_.instruction_starts.reserve(doc_.instructions().size());
    for (TSNode node : doc_.instructions()) {
      model_.instruction_starts.push_back(ts_node_start_byte(node));
      InstructionInfo info;
      info.node = node;
      info.keyword = keyword_of(node);
      if (info.keyword == "from") {
        start_stage(info);
      } else if (stage_ < 0) {
        info.scope = global_;
        if (info.keyword == "arg") declare_args(info, /*global=*/true);
      } else {
        info.stage = stage_;
        info.scope = scope_;
        info.user = user_;
        info.shell = shell_;
        info.workdir = workdir_;
        dispatch(info);
        model_.stages[static_cast<std::size_t>(stage_)].instructions.push_back(
            model_.instructions.size());
      }
      model_.instructions.push_back(std::move(info));
    }
    finish_stage();
    model_.global_scope = global_;
    choose_final_stage();
    resolve_sources();
    return std::move(model_);
  }

 private:
  // Expands `text` (read from `node`) with `scope`, recording references and problems.
  // (`text` is taken by value: its bytes become the word's `written`, moved, not copied.)
  Word expand(SourceText text, TSNode node, const Scope& scope, const InstructionInfo& info,
              QuoteMode quotes = QuoteMode::kProcess) {
    Word w;
    w.node = node;
    w.expansion = expand_word(text.text, lookup_in(scope), model_.escape, quotes);
    for (VariableUse& use : w.expansion.uses) {
      const ByteRange r = text.to_document(use.start, use.end);
      use.start = r.start_byte;
      use.end = r.end_byte;
      const bool image_env_unknown =
          info.stage >= 0 && model_.stages[static_cast<std::size_t>(info.stage)].image_env_unknown;
      const Variable* declared = scope.lookup(use.name);
      model_.references.push_back(VariableReference{
          use, declared != nullptr, declared != nullptr ? declared->declaration : TSNode{},
          info.node, info.stage, image_env_unknown});
    }
    if (w.expansion.error) {
      ExpansionError& e = *w.expansion.error;
      const ByteRange r = text.to_document(e.start, e.end);
      e.start = r.start_byte;
      e.end = r.end_byte;
      model_.problems.push_back(ExpansionProblem{e, info.node, node});
    }
    w.written = std::move(text.text);  // last: to_document above reads the text's size
    return w;
  }

  Word expand_node(TSNode node, const Scope& scope, const InstructionInfo& info) {
    if (type_of(node) == "json_string") {
      // Exec form: the JSON string is decoded first; positions map to the whole string.
      const syntax::go::JsonArrayResult decoded =
          syntax::go::parse_json_string_array("[" + std::string(doc_.node_text(node)) + "]");
      std::string value = decoded.strings.empty() ? std::string() : decoded.strings.front();
      return expand(detached_text(std::move(value), node), node, scope, info);
    }
    return expand(source_text(doc_, node), node, scope, info);
  }

  // Expands each word node of a `path`-like field, or each string of a JSON array field.
  void expand_paths(InstructionInfo& info, TSNode node, std::string_view path_field,
                    std::string_view array_field) {
    for (TSNode p : fields(node, path_field)) {
      if (type_of(p) == syntax::node_type::kHeredocMarker) continue;
      info.words.push_back(expand_node(p, *info.scope, info));
    }
    if (array_field.empty()) return;
    for (TSNode array : fields(node, array_field)) {
      for (TSNode s : syntax::children(array)) {
        if (type_of(s) == "json_string") info.words.push_back(expand_node(s, *info.scope, info));
      }
    }
  }

  void start_stage(InstructionInfo& info) {
    finish_stage();
    Stage st;
    st.index = model_.stages.size();
    st.from = info.node;
    // The FROM line itself is expanded with the global ARGs only: its references belong to the
    // global scope (stage -1); the instruction gets its stage index once they are recorded.
    info.stage = -1;
    info.scope = global_;

    for (TSNode flag : syntax::flags(doc_, info.node)) {
      const TSNode value = field(flag, "value");
      if (syntax::ascii_lower(text(field(flag, "name"))) == "platform" && !ts_node_is_null(value)) {
        st.platform = expand_node(value, *global_, info);
        info.words.push_back(*st.platform);
      }
    }
    st.base.image = field(info.node, "image");
    if (!ts_node_is_null(st.base.image)) {
      st.base.word = expand_node(st.base.image, *global_, info);
      info.words.push_back(st.base.word);
      if (st.base.word.ok()) st.base.resolved = st.base.word.value();
    }
    st.name_node = field(info.node, "name");
    if (!ts_node_is_null(st.name_node)) {
      st.name = syntax::ascii_lower(doc_.node_text(st.name_node));
      st.name_valid = valid_stage_name(st.name);
    }
    // A base naming an earlier stage (the latest one so named) builds on that stage; the
    // comparison is exact, against the lower-cased stage names.
    if (st.base.resolved) {
      for (std::size_t j = st.index; j-- > 0;) {
        if (!model_.stages[j].name.empty() && model_.stages[j].name == *st.base.resolved) {
          st.base.stage = j;
          break;
        }
      }
      st.base.scratch = !st.base.stage && *st.base.resolved == "scratch";
    }
    if (st.base.stage) {
      const Stage& parent = model_.stages[*st.base.stage];
      st.image_env_unknown = parent.image_env_unknown;
      scope_ = parent.scope_at_end;
      user_ = parent.user_at_end;
      shell_ = parent.shell_at_end;
      workdir_ = parent.workdir_at_end;
    } else {
      shell_ = EffectiveShell{default_shell(), {}};
      // scratch starts in `/`; an image's own WORKDIR is unknown.
      workdir_ = EffectiveWorkdir{};
      if (st.base.scratch) workdir_.path = "/";
      scope_ = std::make_shared<Scope>();
      user_ = EffectiveUser{};
      st.image_env_unknown = !st.base.scratch;
      if (st.base.scratch) user_.origin = EffectiveUser::Origin::kScratch;
    }
    info.user = user_;
    info.shell = shell_;
    info.workdir = workdir_;
    info.stage = static_cast<int>(st.index);
    stage_ = static_cast<int>(st.index);
    model_.stages.push_back(std::move(st));
  }

  void finish_stage() {
    if (stage_ < 0) return;
    Stage& st = model_.stages[static_cast<std::size_t>(stage_)];
    st.scope_at_end = scope_;
    st.user_at_end = user_;
    st.shell_at_end = shell_;
    st.workdir_at_end = workdir_;
  }

  void dispatch(InstructionInfo& info) {
    const std::string& k = info.keyword;
    if (k == "arg") {
      declare_args(info, /*global=*/false);
    } else if (k == "env") {
      set_env(info);
    } else if (k == "user") {
      const TSNode node = field(info.node, "user");
      if (ts_node_is_null(node)) return;
      Word w = expand_node(node, *info.scope, info);
      user_ = EffectiveUser{EffectiveUser::Origin::kInstruction, w.ok() ? w.value() : w.written,
                            info.node, stage_};
      info.words.push_back(std::move(w));
    } else if (k == "label") {
      for (TSNode pair : fields(info.node, "pair")) {
        for (const char* f : {"name", "value"}) {
          const TSNode n = field(pair, f);
          if (!ts_node_is_null(n)) info.words.push_back(expand_node(n, *info.scope, info));
        }
      }
    } else if (k == "workdir") {
      expand_paths(info, info.node, "path", "");
      if (!info.words.empty()) change_workdir(info, info.words.back());
    } else if (k == "shell") {
      const TSNode command = field(info.node, "command");
      if (ts_node_is_null(command)) return;
      const syntax::go::JsonArrayResult argv =
          syntax::go::parse_json_string_array(doc_.node_text(command));
      if (argv.status == syntax::go::JsonArrayStatus::kStrings) {
        shell_ = EffectiveShell{argv.strings, info.node};
      }
    } else if (k == "stopsignal") {
      expand_paths(info, info.node, "signal", "");
    } else if (k == "expose") {
      expand_paths(info, info.node, "port", "");
    } else if (k == "volume") {
      expand_paths(info, info.node, "path", "paths");
    } else if (k == "copy" || k == "add") {
      copy_flags(info);
      expand_paths(info, info.node, "path", "paths");
      // The body of a heredoc whose word is not quoted is expanded, quotes kept as written.
      for (const syntax::Heredoc& h : syntax::heredocs_of(doc_, info.node)) {
        const TSNode body = ts_node_is_null(h.body) ? TSNode{} : field(h.body, "body");
        if (!h.expand || ts_node_is_null(body)) continue;
        info.words.push_back(
            expand(source_text(doc_, body), body, *info.scope, info, QuoteMode::kKeep));
      }
    } else if (k == "run") {
      run_mounts(info);
    }
    // CMD, ENTRYPOINT, SHELL, HEALTHCHECK and RUN commands are left to the shell; ONBUILD
    // instructions run in a later build, with that build's scope.
  }

  // BuildKit's default shell for the target platform.
  std::vector<std::string> default_shell() const {
    if (options_.target_platform.rfind("windows", 0) == 0) return {"cmd", "/S", "/C"};
    return {"/bin/sh", "-c"};
  }

  // WORKDIR: an absolute path replaces the directory, a relative one is joined onto it (and the
  // result cleaned, like Go's path.Join).
  void change_workdir(const InstructionInfo& info, const Word& w) {
    if (!w.ok()) {
      workdir_ = EffectiveWorkdir{std::nullopt, info.node};
      return;
    }
    const std::string& dir = w.value();
    std::optional<std::string> joined;
    if (!dir.empty() && dir.front() == '/') {
      joined = clean_path(dir);
    } else if (workdir_.path) {
      joined = clean_path(*workdir_.path + "/" + dir);
    }
    workdir_ = EffectiveWorkdir{joined, info.node};
  }

  // ARG: each declaration is added in turn (a later one may use an earlier one).
  void declare_args(InstructionInfo& info, bool global) {
    // Each declaration extends the scope in turn: a later default may use an earlier one.
    ScopePtr next = global ? global_ : scope_;
    for (TSNode decl : fields(info.node, "argument")) {
      const TSNode name_node = field(decl, "name");
      if (ts_node_is_null(name_node)) continue;
      Declaration d;
      Variable& v = d.variable;
      v.name = std::string(doc_.node_text(name_node));
      v.kind = global ? VariableKind::kGlobalArg : VariableKind::kArg;
      v.stage = global ? -1 : stage_;
      v.declaration = decl;
      v.instruction = info.node;
      const TSNode default_node = field(decl, "default");
      if (!ts_node_is_null(default_node)) {
        d.written_value = expand_node(default_node, *next, info);
        info.words.push_back(*d.written_value);
      }
      if (const auto it = options_.build_args.find(v.name); it != options_.build_args.end()) {
        v.value = it->second;
        v.from_build_arg = true;
      } else if (d.written_value) {
        if (d.written_value->ok()) v.value = d.written_value->value();
      } else if (!global) {
        // `ARG X` in a stage takes the global X (its default or build arg), if there is one.
        if (const Variable* g = global_->lookup(v.name)) {
          v.value = g->value;
          v.imported_global = true;
        }
      }
      next = Scope::extend(next, Scope::Variables{{v.name, v}});
      info.declarations.push_back(std::move(d));
    }
    if (global) {
      global_ = next;
    } else {
      scope_ = next;
    }
  }

  // ENV: every value is expanded with the scope before the instruction, then all are set.
  void set_env(InstructionInfo& info) {
    Scope::Variables set;
    for (TSNode pair : fields(info.node, "pair")) {
      const TSNode name_node = field(pair, "name");
      if (ts_node_is_null(name_node)) continue;
      Declaration d;
      Variable& v = d.variable;
      v.name = std::string(doc_.node_text(name_node));
      v.kind = VariableKind::kEnv;
      v.stage = stage_;
      v.declaration = pair;
      v.instruction = info.node;
      const TSNode value_node = field(pair, "value");
      if (!ts_node_is_null(value_node)) {
        d.written_value = expand_node(value_node, *info.scope, info);
        info.words.push_back(*d.written_value);
        if (d.written_value->ok()) v.value = d.written_value->value();
      } else {
        v.value = "";
      }
      set.insert_or_assign(v.name, v);
      info.declarations.push_back(std::move(d));
    }
    if (!set.empty()) scope_ = Scope::extend(scope_, std::move(set));
  }

  void copy_flags(InstructionInfo& info) {
    for (TSNode flag : syntax::flags(doc_, info.node)) {
      const std::string name = syntax::ascii_lower(text(field(flag, "name")));
      const TSNode value = field(flag, "value");
      if (ts_node_is_null(value)) continue;
      if (name == "from") {
        add_source(info, value, source_text(doc_, value), /*mount=*/false);
      } else if (name == "chown" || name == "chmod" || name == "checksum") {
        info.words.push_back(expand_node(value, *info.scope, info));
      }
    }
  }

  void run_mounts(InstructionInfo& info) {
    for (TSNode flag : syntax::flags(doc_, info.node)) {
      const TSNode value = field(flag, "value");
      if (ts_node_is_null(value) || syntax::ascii_lower(text(field(flag, "name"))) != "mount") {
        continue;
      }
      const SourceText text = source_text(doc_, value);
      for (const MountOption& o : parse_mount_options(text.text)) {
        SourceText option = text.slice(o.value_start, o.value_end);
        if (o.key == "from") {
          add_source(info, value, option, /*mount=*/true);
        } else if (o.value.find('$') != std::string::npos) {
          info.words.push_back(expand(std::move(option), value, *info.scope, info));
        }
      }
    }
  }

  // BuildKit does not expand variables in --from: quotes are removed, a `$` stays a `$`.
  void add_source(InstructionInfo& info, TSNode node, const SourceText& text, bool mount) {
    StageSource s;
    s.instruction = info.node;
    s.node = node;
    s.mount = mount;
    s.written = text.text;
    s.range = text.to_document(0, text.text.size());
    const WordExpansion e = expand_word(text.text, nullptr, model_.escape);
    s.value = e.ok() && e.uses.empty() ? e.value : text.text;
    if (!e.uses.empty()) s.kind = StageSource::Kind::kVariable;
    model_.stages[static_cast<std::size_t>(stage_)].sources.push_back(std::move(s));
  }

  // COPY --from and --mount from may name any stage, even a later one: resolved at the end.
  void resolve_sources() {
    const std::size_t count = model_.stages.size();
    for (Stage& st : model_.stages) {
      for (StageSource& s : st.sources) {
        if (s.kind == StageSource::Kind::kVariable) continue;
        if (const auto index = parse_index(s.value)) {
          s.by_index = true;
          if (*index >= 0 && static_cast<std::size_t>(*index) < count) {
            s.kind = StageSource::Kind::kStage;
            s.stage = static_cast<std::size_t>(*index);
          } else {
            s.kind = StageSource::Kind::kInvalidIndex;
          }
        } else if (const Stage* named = model_.stage_named(s.value)) {
          s.kind = StageSource::Kind::kStage;
          s.stage = named->index;
        } else {
          s.kind = StageSource::Kind::kImage;
        }
      }
    }
  }

  void choose_final_stage() {
    if (model_.stages.empty()) return;
    const Stage* target = options_.target.empty() ? nullptr : model_.stage_named(options_.target);
    const std::size_t index = target ? target->index : model_.stages.size() - 1;
    model_.stages[index].is_final = true;
  }

  const syntax::Document& doc_;
  const ModelOptions& options_;
  Model model_;
  ScopePtr global_;
  ScopePtr scope_ = std::make_shared<Scope>();
  EffectiveUser user_;
  EffectiveShell shell_;
  EffectiveWorkdir workdir_;
  int stage_ = -1;
};

}  // namespace

Model build_model(const syntax::Document& doc, const ModelOptions& options) {
  return Builder(doc, options).run();
}

}  // namespace whalesafe::model
