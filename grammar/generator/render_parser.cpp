#include "render_parser.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "grammar_error.h"
#include "lexer_builder.h"

namespace tsgen {
namespace {

std::string c_string(const std::string& text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c >= 0x7f || c == '?') {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\%03o", c);
          out += buffer;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::string sanitize(const std::string& name) {
  static const std::map<char, std::string> names = {
      {'[', "LBRACK"}, {']', "RBRACK"}, {'{', "LBRACE"}, {'}', "RBRACE"}, {'(', "LPAREN"}, {')', "RPAREN"},
      {'"', "DQUOTE"}, {'\'', "SQUOTE"}, {'=', "EQ"},     {',', "COMMA"},  {':', "COLON"},  {'@', "AT"},
      {'$', "DOLLAR"}, {'-', "DASH"},    {'<', "LT"},     {'>', "GT"},     {'#', "POUND"},  {'.', "DOT"},
      {'/', "SLASH"},  {'\\', "BSLASH"}, {'+', "PLUS"},   {'*', "STAR"},   {'?', "QMARK"},  {'%', "PERCENT"},
      {' ', "SPACE"},  {'!', "BANG"},    {'&', "AMP"},    {'|', "PIPE"},   {';', "SEMI"},   {'`', "BQUOTE"},
  };
  std::string out;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') {
      out += c;
    } else if (auto it = names.find(c); it != names.end()) {
      out += (out.empty() || out.back() == '_' ? "" : "_") + it->second + "_";
    } else {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "x%02X_", static_cast<unsigned char>(c));
      out += buffer;
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out.empty() ? "empty" : out;
}

// Enumerates the strings of a token whose language is a small finite set made
// of literal characters and bracket classes (e.g. /[Ff][Rr][Oo][Mm]/).
bool enumerate_finite(const TokenDefinition& token, std::vector<std::string>& out) {
  if (token.rule.kind == LexRule::Kind::String) {
    out = {token.rule.value};
    return true;
  }
  if (token.rule.kind != LexRule::Kind::Pattern) return false;
  const std::string& source = token.rule.value;
  std::vector<std::string> choices;
  for (size_t i = 0; i < source.size();) {
    if (source[i] == '[') {
      const size_t close = source.find(']', i);
      if (close == std::string::npos) return false;
      std::string set = source.substr(i + 1, close - i - 1);
      if (set.empty() || set.find_first_of("^\\-") != std::string::npos) return false;
      choices.push_back(set);
      i = close + 1;
    } else if (std::isalnum(static_cast<unsigned char>(source[i])) || source[i] == '_') {
      choices.push_back(std::string(1, source[i]));
      ++i;
    } else {
      return false;
    }
  }
  out = {""};
  for (const auto& set : choices) {
    std::vector<std::string> next;
    for (const auto& prefix : out) {
      for (char c : set) next.push_back(prefix + c);
    }
    if (next.size() > 4096) return false;
    out = std::move(next);
  }
  if (token.rule.flags.find('i') != std::string::npos) {
    std::vector<std::string> cased;
    for (const auto& s : out) {
      std::string lower = s, upper = s;
      for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      cased.push_back(lower);
      cased.push_back(upper);
    }
    out = cased;  // all-lower and all-upper spellings stand for the mixed-case ones
  }
  return true;
}

class Renderer {
 public:
  Renderer(const PreparedGrammar& grammar, const ParseTable& table) : g_(grammar), table_(table) {}
  std::string run(RenderStats* stats);

 private:
  void name_symbols();
  void find_keywords();
  void compute_production_ids();
  void compute_lex_modes();
  int error_lex_state();
  std::vector<int> valid_tokens(const ParseState& state) const;
  std::string action_list(const std::vector<ParseAction>& actions, bool reusable);
  std::string sym(int symbol) const { return c_names_[symbol]; }

  const PreparedGrammar& g_;
  const ParseTable& table_;
  std::vector<std::string> c_names_;
  std::set<int> keywords_;
  std::unique_ptr<LexerBuilder> lexer_;
  std::unique_ptr<LexerBuilder> keyword_lexer_;
  std::vector<int> production_id_;  // per production
  std::vector<std::pair<std::vector<int>, std::vector<std::tuple<int, int, bool>>>> production_id_keys_;
  std::vector<std::pair<int, int>> lex_modes_;  // per state
  std::vector<std::vector<bool>> external_rows_;
  std::vector<int> public_symbol_;
};

void Renderer::name_symbols() {
  std::set<std::string> used;
  for (size_t s = 0; s < g_.symbols.size(); ++s) {
    const auto& info = g_.symbols[s];
    std::string prefix;
    switch (info.kind) {
      case SymbolKind::End: prefix = "ts_builtin_sym_end"; break;
      case SymbolKind::Token: prefix = info.named ? "sym_" : (info.visible ? "anon_sym_" : "aux_sym_"); break;
      case SymbolKind::External: prefix = "sym_"; break;
      case SymbolKind::NonTerminal: prefix = info.visible ? "sym_" : "aux_sym_"; break;
      case SymbolKind::Repeat: prefix = "aux_sym_"; break;
      case SymbolKind::AliasOnly: prefix = info.named ? "alias_sym_" : "anon_alias_sym_"; break;
    }
    if (info.kind == SymbolKind::End) {
      c_names_.push_back(prefix);
      continue;
    }
    std::string name = prefix + sanitize(info.name);
    std::string unique = name;
    for (int n = 1; used.count(unique); ++n) unique = name + "_" + std::to_string(n);
    used.insert(unique);
    c_names_.push_back(unique);
  }
  // Public symbols: one canonical id per (name, visible, named).
  std::map<std::tuple<std::string, bool, bool>, int> canonical;
  for (size_t s = 0; s < g_.symbols.size(); ++s) {
    const auto& info = g_.symbols[s];
    if (info.kind == SymbolKind::End) {
      public_symbol_.push_back(0);
      continue;
    }
    auto key = std::make_tuple(info.name, info.visible, info.named);
    public_symbol_.push_back(canonical.emplace(key, static_cast<int>(s)).first->second);
  }
}

void Renderer::find_keywords() {
  if (g_.word_symbol < 0) return;
  const auto& word = g_.tokens[g_.symbols[g_.word_symbol].token_index];
  if (word.rule.kind != LexRule::Kind::Pattern) return;
  std::regex word_regex(word.rule.value, std::regex::ECMAScript);
  for (int s = 1; s < g_.token_count; ++s) {
    const auto& info = g_.symbols[s];
    if (info.kind != SymbolKind::Token || s == g_.word_symbol) continue;
    const auto& token = g_.tokens[info.token_index];
    if (token.immediate) continue;
    std::vector<std::string> strings;
    if (!enumerate_finite(token, strings) || strings.empty()) continue;
    const bool all_match = std::all_of(strings.begin(), strings.end(),
                                       [&](const std::string& text) { return std::regex_match(text, word_regex); });
    if (all_match) keywords_.insert(s);
  }
}

void Renderer::compute_production_ids() {
  // Fields each hidden symbol carries up to its visible parent.
  std::vector<std::set<int>> carried(g_.symbols.size());
  auto is_hidden_nonterminal = [&](const Step& step) {
    const auto& info = g_.symbols[step.symbol];
    return step.alias < 0 && !info.visible &&
           (info.kind == SymbolKind::NonTerminal || info.kind == SymbolKind::Repeat);
  };
  bool changed = true;
  while (changed) {
    changed = false;
    for (size_t p = 1; p < g_.productions.size(); ++p) {
      const auto& production = g_.productions[p];
      if (g_.symbols[production.lhs].visible) continue;
      auto& set = carried[production.lhs];
      const size_t before = set.size();
      for (const auto& step : production.steps) {
        if (!step.field.empty()) set.insert(g_.field_id(step.field));
        if (is_hidden_nonterminal(step)) set.insert(carried[step.symbol].begin(), carried[step.symbol].end());
      }
      changed |= set.size() != before;
    }
  }
  std::map<std::pair<std::vector<int>, std::vector<std::tuple<int, int, bool>>>, int> ids;
  production_id_keys_.push_back({});
  ids[{}] = 0;
  production_id_.assign(g_.productions.size(), 0);
  for (size_t p = 1; p < g_.productions.size(); ++p) {
    const auto& production = g_.productions[p];
    std::vector<int> aliases;
    std::vector<std::tuple<int, int, bool>> fields;
    for (size_t i = 0; i < production.steps.size(); ++i) {
      const auto& step = production.steps[i];
      aliases.push_back(step.alias < 0 ? 0 : step.alias);
      if (!step.field.empty()) fields.emplace_back(g_.field_id(step.field), static_cast<int>(i), false);
      if (is_hidden_nonterminal(step)) {
        for (int field : carried[step.symbol]) fields.emplace_back(field, static_cast<int>(i), true);
      }
    }
    while (!aliases.empty() && aliases.back() == 0) aliases.pop_back();
    std::stable_sort(fields.begin(), fields.end(),
                     [](const auto& a, const auto& b) { return std::get<0>(a) < std::get<0>(b); });
    auto key = std::make_pair(aliases, fields);
    auto [it, inserted] = ids.emplace(key, static_cast<int>(production_id_keys_.size()));
    if (inserted) production_id_keys_.push_back(key);
    production_id_[p] = it->second;
  }
}

std::vector<int> Renderer::valid_tokens(const ParseState& state) const {
  std::set<int> valid;
  for (const auto& [symbol, actions] : state.actions) {
    if (symbol == 0 || g_.symbols[symbol].kind != SymbolKind::Token) continue;
    valid.insert(keywords_.count(symbol) ? g_.word_symbol : symbol);
  }
  return {valid.begin(), valid.end()};
}

// State 0 is where the runtime lexes while it recovers from a syntax error, whatever the
// surrounding construct, so it allows every token. Its lex state lets the longest match win:
// recovery then skips broken text in few, large tokens, which seldom happen to fit the broken
// construct. On a tie, a token that can begin the input wins: those start top-level constructs
// (for Dockerfiles: a comment, an instruction keyword, a blank line), where recovery can
// resynchronize. With ordinary precedence an immediate token (the text inside a quoted string)
// would beat everything there, and a comment line after an unterminated quote would become
// text for the quote.
int Renderer::error_lex_state() {
  const auto& error_state = table_.states[0];
  return lexer_->recovery_lex_state_for(valid_tokens(error_state), error_state.actions.count(0) > 0,
                                        valid_tokens(table_.states[1]));
}

void Renderer::compute_lex_modes() {
  std::vector<TokenSpec> specs;
  std::vector<TokenSpec> keyword_specs;
  for (int s = 1; s < g_.token_count; ++s) {
    const auto& info = g_.symbols[s];
    if (info.kind != SymbolKind::Token) continue;
    const auto& token = g_.tokens[info.token_index];
    TokenSpec spec;
    spec.symbol = s;
    spec.name = token.is_string ? "'" + token.name + "'" : token.name + " (/" + token.rule.value + "/)";
    spec.rule = token.rule;
    spec.is_string = token.is_string;
    // Implicit precedence (as upstream): where an immediate token and a
    // non-immediate one match the same text with no separator before it, the
    // immediate token continues the current word. Grammar precedences keep
    // their order because they are scaled by two.
    spec.precedence = token.precedence * 2 + (token.immediate ? 1 : 0);
    spec.immediate = token.immediate;
    if (keywords_.count(s)) {
      TokenSpec keyword = spec;
      keyword.immediate = true;
      keyword_specs.push_back(keyword);
    }
    specs.push_back(spec);
  }
  lexer_ = std::make_unique<LexerBuilder>(specs, g_.separators);
  std::map<std::vector<bool>, int> row_ids;
  external_rows_.push_back(std::vector<bool>(g_.external_symbols.size(), false));
  row_ids[external_rows_[0]] = 0;
  lex_modes_.resize(table_.states.size());
  for (size_t s = 0; s < table_.states.size(); ++s) {
    const auto& state = table_.states[s];
    const bool error_state = s == 0;
    const int lex_state =
        error_state ? error_lex_state()
                    : lexer_->lex_state_for(valid_tokens(state), state.actions.count(0) > 0);
    std::vector<bool> row(g_.external_symbols.size(), false);
    bool any = false;
    // As upstream, every external token is valid in the error state: a scanner recognizes
    // error recovery by a token that no rule uses being valid (tree-sitter's `_error_sentinel`
    // convention) and then lexes only what is safe anywhere (ours: continuations, heredocs).
    for (size_t e = 0; e < g_.external_symbols.size(); ++e) {
      row[e] = error_state || state.actions.count(g_.external_symbols[e]) > 0;
      any |= row[e];
    }
    int row_id = 0;
    if (any) {
      auto [it, inserted] = row_ids.emplace(row, static_cast<int>(external_rows_.size()));
      if (inserted) external_rows_.push_back(row);
      row_id = it->second;
    }
    lex_modes_[s] = {lex_state, row_id};
  }
  if (!keyword_specs.empty()) {
    keyword_lexer_ = std::make_unique<LexerBuilder>(keyword_specs, std::vector<LexRule>{});
    std::vector<int> all;
    for (const auto& spec : keyword_specs) all.push_back(spec.symbol);
    if (keyword_lexer_->lex_state_for(all, false) != 0) throw GrammarError("internal error: keyword lex state is not 0");
  }
}

std::string Renderer::action_list(const std::vector<ParseAction>& actions, bool reusable) {
  std::ostringstream out;
  out << "{.entry = {.count = " << actions.size() << ", .reusable = " << (reusable ? "true" : "false") << "}},";
  for (const auto& action : actions) {
    out << " ";
    switch (action.type) {
      case ParseAction::Type::Shift:
        if (action.extra) {
          out << "SHIFT_EXTRA(),";
        } else if (action.repetition) {
          out << "SHIFT_REPEAT(" << action.state << "),";
        } else {
          out << "SHIFT(" << action.state << "),";
        }
        break;
      case ParseAction::Type::Reduce: {
        const auto& production = g_.productions[action.production];
        out << "REDUCE(" << sym(production.lhs) << ", " << production.steps.size()
            << ", .dynamic_precedence = " << production.dynamic_precedence
            << ", .production_id = " << production_id_[action.production] << "),";
        break;
      }
      case ParseAction::Type::Accept: out << "ACCEPT_INPUT(),"; break;
      case ParseAction::Type::Recover: out << "RECOVER(),"; break;
    }
  }
  return out.str();
}

std::string Renderer::run(RenderStats* stats) {
  name_symbols();
  find_keywords();
  compute_production_ids();
  compute_lex_modes();

  const int state_count = static_cast<int>(table_.states.size());
  const int symbol_count = g_.symbol_count;
  const int alias_count = static_cast<int>(g_.symbols.size()) - symbol_count;
  size_t max_alias_length = 1;
  for (const auto& production : g_.productions) max_alias_length = std::max(max_alias_length, production.steps.size());

  std::ostringstream out;
  out << "// Generated by whalesafe's tree-sitter generator (grammar/generator) from grammar/src/grammar.json.\n"
         "// Do not edit by hand: change grammar/grammar.js and regenerate.\n\n"
         "#include <tree_sitter/parser.h>\n\n"
         "#if defined(__GNUC__) || defined(__clang__)\n"
         "#pragma GCC diagnostic push\n"
         "#pragma GCC diagnostic ignored \"-Wmissing-field-initializers\"\n"
         "#endif\n\n";
  out << "#define LANGUAGE_VERSION 14\n";
  out << "#define STATE_COUNT " << state_count << "\n";
  out << "#define LARGE_STATE_COUNT " << state_count << "\n";
  out << "#define SYMBOL_COUNT " << symbol_count << "\n";
  out << "#define ALIAS_COUNT " << alias_count << "\n";
  out << "#define TOKEN_COUNT " << g_.token_count << "\n";
  out << "#define EXTERNAL_TOKEN_COUNT " << g_.external_symbols.size() << "\n";
  out << "#define FIELD_COUNT " << g_.field_names.size() << "\n";
  out << "#define MAX_ALIAS_SEQUENCE_LENGTH " << max_alias_length << "\n";
  out << "#define PRODUCTION_ID_COUNT " << production_id_keys_.size() << "\n\n";

  out << "enum {\n";
  for (size_t s = 1; s < g_.symbols.size(); ++s) out << "  " << sym(static_cast<int>(s)) << " = " << s << ",\n";
  out << "};\n\n";

  out << "static const char * const ts_symbol_names[] = {\n";
  for (size_t s = 0; s < g_.symbols.size(); ++s) {
    out << "  [" << sym(static_cast<int>(s)) << "] = " << c_string(g_.symbols[s].name) << ",\n";
  }
  out << "};\n\n";

  out << "static const TSSymbol ts_symbol_map[] = {\n";
  for (size_t s = 0; s < g_.symbols.size(); ++s) {
    out << "  [" << sym(static_cast<int>(s)) << "] = " << sym(public_symbol_[s]) << ",\n";
  }
  out << "};\n\n";

  out << "static const TSSymbolMetadata ts_symbol_metadata[] = {\n";
  for (size_t s = 0; s < g_.symbols.size(); ++s) {
    const auto& info = g_.symbols[s];
    out << "  [" << sym(static_cast<int>(s)) << "] = {.visible = " << (info.visible ? "true" : "false")
        << ", .named = " << (info.named ? "true" : "false") << ", .supertype = false},\n";
  }
  out << "};\n\n";

  if (!g_.field_names.empty()) {
    out << "enum {\n";
    for (size_t f = 0; f < g_.field_names.size(); ++f) out << "  field_" << sanitize(g_.field_names[f]) << " = " << f + 1 << ",\n";
    out << "};\n\n";
    out << "static const char * const ts_field_names[] = {\n  [0] = NULL,\n";
    for (size_t f = 0; f < g_.field_names.size(); ++f) {
      out << "  [field_" << sanitize(g_.field_names[f]) << "] = " << c_string(g_.field_names[f]) << ",\n";
    }
    out << "};\n\n";
    // Field map: shared slices for identical entry lists.
    std::map<std::vector<std::tuple<int, int, bool>>, std::pair<int, int>> slices;
    std::vector<std::tuple<int, int, bool>> entries;
    std::vector<std::pair<int, int>> slice_of(production_id_keys_.size(), {0, 0});
    for (size_t id = 1; id < production_id_keys_.size(); ++id) {
      const auto& fields = production_id_keys_[id].second;
      if (fields.empty()) continue;
      auto it = slices.find(fields);
      if (it == slices.end()) {
        it = slices.emplace(fields, std::make_pair(static_cast<int>(entries.size()), static_cast<int>(fields.size()))).first;
        entries.insert(entries.end(), fields.begin(), fields.end());
      }
      slice_of[id] = it->second;
    }
    out << "static const TSFieldMapSlice ts_field_map_slices[PRODUCTION_ID_COUNT] = {\n";
    for (size_t id = 1; id < production_id_keys_.size(); ++id) {
      if (slice_of[id].second == 0) continue;
      out << "  [" << id << "] = {.index = " << slice_of[id].first << ", .length = " << slice_of[id].second << "},\n";
    }
    out << "};\n\n";
    out << "static const TSFieldMapEntry ts_field_map_entries[] = {\n";
    for (const auto& [field, child, inherited] : entries) {
      out << "  {field_" << sanitize(g_.field_names[field - 1]) << ", " << child << ", " << (inherited ? "true" : "false")
          << "},\n";
    }
    if (entries.empty()) out << "  {0, 0, false},\n";
    out << "};\n\n";
  }

  out << "static const TSSymbol ts_alias_sequences[PRODUCTION_ID_COUNT][MAX_ALIAS_SEQUENCE_LENGTH] = {\n  [0] = {0},\n";
  for (size_t id = 1; id < production_id_keys_.size(); ++id) {
    const auto& aliases = production_id_keys_[id].first;
    if (aliases.empty()) continue;
    out << "  [" << id << "] = {";
    for (size_t i = 0; i < aliases.size(); ++i) {
      if (aliases[i]) out << "[" << i << "] = " << sym(aliases[i]) << ", ";
    }
    out << "},\n";
  }
  out << "};\n\n";

  // Non-terminals aliased somewhere, with every name they can appear under.
  std::map<int, std::set<int>> nonterminal_aliases;
  for (size_t p = 1; p < g_.productions.size(); ++p) {
    for (const auto& step : g_.productions[p].steps) {
      if (step.alias >= 0 && !g_.is_terminal(step.symbol)) nonterminal_aliases[step.symbol].insert(step.alias);
    }
  }
  out << "static const uint16_t ts_non_terminal_alias_map[] = {\n";
  for (const auto& [symbol, aliases] : nonterminal_aliases) {
    out << "  " << sym(symbol) << ", " << aliases.size() + 1 << ",\n    " << sym(public_symbol_[symbol]) << ",\n";
    for (int alias : aliases) out << "    " << sym(alias) << ",\n";
  }
  out << "  0,\n};\n\n";

  out << "static const TSStateId ts_primary_state_ids[STATE_COUNT] = {\n";
  for (int s = 0; s < state_count; ++s) out << "  [" << s << "] = " << s << ",\n";
  out << "};\n\n";

  auto symbol_expr = [&](int symbol) { return sym(symbol); };
  out << lexer_->emit_c("ts_lex", symbol_expr) << "\n";
  if (keyword_lexer_) out << keyword_lexer_->emit_c("ts_lex_keywords", symbol_expr) << "\n";

  out << "static const TSLexMode ts_lex_modes[STATE_COUNT] = {\n";
  for (int s = 0; s < state_count; ++s) {
    out << "  [" << s << "] = {.lex_state = " << lex_modes_[s].first;
    if (lex_modes_[s].second) out << ", .external_lex_state = " << lex_modes_[s].second;
    out << "},\n";
  }
  out << "};\n\n";

  // Parse actions, shared between identical entries.
  std::map<std::string, int> entry_index;
  std::vector<std::string> entry_text;
  int next_index = 1;
  auto intern_entry = [&](const std::vector<ParseAction>& actions, bool reusable) {
    std::string text = action_list(actions, reusable);
    auto [it, inserted] = entry_index.emplace(text, next_index);
    if (inserted) {
      entry_text.push_back("  [" + std::to_string(next_index) + "] = " + text + "\n");
      next_index += 1 + static_cast<int>(actions.size());
    }
    return it->second;
  };
  std::ostringstream parse_table;
  parse_table << "static const uint16_t ts_parse_table[LARGE_STATE_COUNT][SYMBOL_COUNT] = {\n";
  for (int s = 0; s < state_count; ++s) {
    const auto& state = table_.states[s];
    const auto valid = valid_tokens(state);
    parse_table << "  [" << s << "] = {\n";
    for (const auto& [symbol, actions] : state.actions) {
      bool reusable = s != 0;
      if (reusable && g_.symbols[symbol].kind == SymbolKind::Token) {
        const int lexed_as = keywords_.count(symbol) ? g_.word_symbol : symbol;
        for (int other : valid) {
          if (other != lexed_as && lexer_->tokens_may_conflict(lexed_as, other)) {
            reusable = false;
            break;
          }
        }
      }
      parse_table << "    [" << sym(symbol) << "] = ACTIONS(" << intern_entry(actions, reusable) << "),\n";
    }
    for (const auto& [symbol, target] : state.gotos) parse_table << "    [" << sym(symbol) << "] = STATE(" << target << "),\n";
    parse_table << "  },\n";
  }
  parse_table << "};\n\n";
  if (next_index >= 65536) throw GrammarError("the parse action table has more than 65535 slots");

  out << parse_table.str();
  out << "static const TSParseActionEntry ts_parse_actions[] = {\n  [0] = {.entry = {.count = 0, .reusable = false}},\n";
  for (const auto& text : entry_text) out << text;
  out << "};\n\n";

  const std::string prefix = "tree_sitter_" + g_.name;
  const size_t external_count = g_.external_symbols.size();
  if (external_count) {
    out << "enum {\n";
    for (size_t e = 0; e < external_count; ++e) out << "  ts_external_token_" << sanitize(g_.external_names[e]) << " = " << e << ",\n";
    out << "};\n\n";
    out << "static const TSSymbol ts_external_scanner_symbol_map[EXTERNAL_TOKEN_COUNT] = {\n";
    for (size_t e = 0; e < external_count; ++e) {
      out << "  [ts_external_token_" << sanitize(g_.external_names[e]) << "] = " << sym(g_.external_symbols[e]) << ",\n";
    }
    out << "};\n\n";
    out << "static const bool ts_external_scanner_states[" << external_rows_.size() << "][EXTERNAL_TOKEN_COUNT] = {\n";
    for (size_t r = 1; r < external_rows_.size(); ++r) {
      out << "  [" << r << "] = {\n";
      for (size_t e = 0; e < external_count; ++e) {
        if (external_rows_[r][e]) out << "    [ts_external_token_" << sanitize(g_.external_names[e]) << "] = true,\n";
      }
      out << "  },\n";
    }
    out << "};\n\n";
    out << "void *" << prefix << "_external_scanner_create(void);\n";
    out << "void " << prefix << "_external_scanner_destroy(void *);\n";
    out << "bool " << prefix << "_external_scanner_scan(void *, TSLexer *, const bool *);\n";
    out << "unsigned " << prefix << "_external_scanner_serialize(void *, char *);\n";
    out << "void " << prefix << "_external_scanner_deserialize(void *, const char *, unsigned);\n\n";
  }

  out << "const TSLanguage *" << prefix << "(void);\n\n";
  out << "const TSLanguage *" << prefix << "(void) {\n  static const TSLanguage language = {\n";
  out << "    .version = LANGUAGE_VERSION,\n    .symbol_count = SYMBOL_COUNT,\n    .alias_count = ALIAS_COUNT,\n"
         "    .token_count = TOKEN_COUNT,\n    .external_token_count = EXTERNAL_TOKEN_COUNT,\n"
         "    .state_count = STATE_COUNT,\n    .large_state_count = LARGE_STATE_COUNT,\n"
         "    .production_id_count = PRODUCTION_ID_COUNT,\n    .field_count = FIELD_COUNT,\n"
         "    .max_alias_sequence_length = MAX_ALIAS_SEQUENCE_LENGTH,\n"
         "    .parse_table = &ts_parse_table[0][0],\n    .small_parse_table = NULL,\n"
         "    .small_parse_table_map = NULL,\n    .parse_actions = ts_parse_actions,\n"
         "    .symbol_names = ts_symbol_names,\n";
  if (!g_.field_names.empty()) {
    out << "    .field_names = ts_field_names,\n    .field_map_slices = ts_field_map_slices,\n"
           "    .field_map_entries = ts_field_map_entries,\n";
  }
  out << "    .symbol_metadata = ts_symbol_metadata,\n    .public_symbol_map = ts_symbol_map,\n"
         "    .alias_map = ts_non_terminal_alias_map,\n    .alias_sequences = &ts_alias_sequences[0][0],\n"
         "    .lex_modes = ts_lex_modes,\n    .lex_fn = ts_lex,\n";
  if (keyword_lexer_) {
    out << "    .keyword_lex_fn = ts_lex_keywords,\n    .keyword_capture_token = " << sym(g_.word_symbol) << ",\n";
  }
  if (external_count) {
    out << "    .external_scanner = {\n      &ts_external_scanner_states[0][0],\n      ts_external_scanner_symbol_map,\n"
        << "      " << prefix << "_external_scanner_create,\n      " << prefix << "_external_scanner_destroy,\n"
        << "      " << prefix << "_external_scanner_scan,\n      " << prefix << "_external_scanner_serialize,\n"
        << "      " << prefix << "_external_scanner_deserialize,\n    },\n";
  }
  out << "    .primary_state_ids = ts_primary_state_ids,\n  };\n  return &language;\n}\n\n";
  out << "#if defined(__GNUC__) || defined(__clang__)\n#pragma GCC diagnostic pop\n#endif\n";

  if (stats) {
    stats->state_count = state_count;
    stats->symbol_count = static_cast<int>(g_.symbols.size());
    stats->lex_state_count = static_cast<int>(lexer_->lex_state_count());
    stats->dfa_state_count = lexer_->dfa_state_count();
    stats->keyword_count = static_cast<int>(keywords_.size());
  }
  return out.str();
}

}  // namespace

std::string render_parser(const PreparedGrammar& grammar, const ParseTable& table, RenderStats* stats) {
  return Renderer(grammar, table).run(stats);
}

}  // namespace tsgen
