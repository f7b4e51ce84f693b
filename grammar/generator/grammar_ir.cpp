#include "grammar_ir.h"

#include <nlohmann/json.hpp>

#include "grammar_error.h"

namespace tsgen {
namespace {

using json = nlohmann::ordered_json;

Rule parse_rule(const json& j, const std::string& where) {
  if (!j.is_object() || !j.contains("type")) {
    throw GrammarError("grammar.json: malformed rule in '" + where + "'");
  }
  const std::string type = j.at("type").get<std::string>();
  Rule rule;
  auto content = [&]() {
    if (!j.contains("content")) throw GrammarError("grammar.json: " + type + " without content in '" + where + "'");
    rule.members.push_back(parse_rule(j.at("content"), where));
  };
  if (type == "BLANK") {
    rule.kind = Rule::Kind::Blank;
  } else if (type == "STRING") {
    rule.kind = Rule::Kind::String;
    rule.value = j.at("value").get<std::string>();
    if (rule.value.empty()) throw GrammarError("rule '" + where + "' contains an empty string token");
  } else if (type == "PATTERN") {
    rule.kind = Rule::Kind::Pattern;
    rule.value = j.at("value").get<std::string>();
    if (j.contains("flags")) rule.flags = j.at("flags").get<std::string>();
  } else if (type == "SYMBOL") {
    rule.kind = Rule::Kind::Symbol;
    rule.value = j.at("name").get<std::string>();
  } else if (type == "SEQ" || type == "CHOICE") {
    rule.kind = type == "SEQ" ? Rule::Kind::Seq : Rule::Kind::Choice;
    for (const auto& member : j.at("members")) rule.members.push_back(parse_rule(member, where));
  } else if (type == "REPEAT" || type == "REPEAT1") {
    rule.kind = type == "REPEAT" ? Rule::Kind::Repeat : Rule::Kind::Repeat1;
    content();
  } else if (type == "TOKEN" || type == "IMMEDIATE_TOKEN") {
    rule.kind = type == "TOKEN" ? Rule::Kind::Token : Rule::Kind::ImmediateToken;
    content();
  } else if (type == "PREC" || type == "PREC_LEFT" || type == "PREC_RIGHT" || type == "PREC_DYNAMIC") {
    rule.kind = type == "PREC"        ? Rule::Kind::Prec
                : type == "PREC_LEFT" ? Rule::Kind::PrecLeft
                : type == "PREC_RIGHT" ? Rule::Kind::PrecRight
                                       : Rule::Kind::PrecDynamic;
    const json& value = j.at("value");
    if (!value.is_number_integer()) {
      throw GrammarError("rule '" + where + "': named precedences are not supported (" + value.dump() + ")");
    }
    rule.precedence = value.get<int>();
    content();
  } else if (type == "FIELD") {
    rule.kind = Rule::Kind::Field;
    rule.value = j.at("name").get<std::string>();
    content();
  } else if (type == "ALIAS") {
    rule.kind = Rule::Kind::Alias;
    rule.value = j.at("value").get<std::string>();
    rule.named = j.at("named").get<bool>();
    content();
  } else {
    throw GrammarError("grammar.json: unsupported rule type " + type + " in '" + where + "'");
  }
  return rule;
}

std::vector<std::string> string_list(const json& j, const char* key) {
  std::vector<std::string> out;
  if (j.contains(key)) {
    for (const auto& item : j.at(key)) {
      out.push_back(item.is_string() ? item.get<std::string>() : item.at("name").get<std::string>());
    }
  }
  return out;
}

}  // namespace

GrammarIR parse_grammar_json(const std::string& text) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::exception& error) {
    throw GrammarError(std::string("grammar.json is not valid JSON: ") + error.what());
  }
  try {
    GrammarIR grammar;
    grammar.name = j.at("name").get<std::string>();
    if (j.contains("word") && j.at("word").is_string()) grammar.word = j.at("word").get<std::string>();
    for (const auto& [name, rule] : j.at("rules").items()) {
      grammar.rules.emplace_back(name, parse_rule(rule, name));
    }
    if (grammar.rules.empty()) throw GrammarError("grammar has no rules");
    if (j.contains("extras")) {
      for (const auto& extra : j.at("extras")) grammar.extras.push_back(parse_rule(extra, "extras"));
    }
    if (j.contains("externals")) {
      for (const auto& external : j.at("externals")) grammar.externals.push_back(parse_rule(external, "externals"));
    }
    if (j.contains("conflicts")) {
      for (const auto& group : j.at("conflicts")) {
        std::vector<std::string> names;
        for (const auto& name : group) names.push_back(name.is_string() ? name.get<std::string>() : name.at("name").get<std::string>());
        grammar.conflicts.push_back(names);
      }
    }
    if (j.contains("precedences") && !j.at("precedences").empty()) {
      throw GrammarError("named precedence lists ('precedences') are not supported");
    }
    grammar.inline_rules = string_list(j, "inline");
    grammar.supertypes = string_list(j, "supertypes");
    return grammar;
  } catch (const json::exception& error) {
    throw GrammarError(std::string("grammar.json has an unexpected shape: ") + error.what());
  }
}

}  // namespace tsgen
