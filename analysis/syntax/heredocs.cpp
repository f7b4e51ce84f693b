#include "heredocs.h"

#include "tree_util.h"

namespace whalesafe::syntax {

HeredocMarker parse_heredoc_marker(std::string_view text) {
  HeredocMarker m;
  std::size_t i = 0;
  uint64_t fd = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    fd = fd * 10 + static_cast<uint64_t>(text[i] - '0');
    if (fd > 0xFFFFFFFFu) fd = 0xFFFFFFFFu;
    ++i;
  }
  m.file_descriptor = static_cast<uint32_t>(fd);
  if (text.substr(i, 2) == "<<") i += 2;
  if (i < text.size() && text[i] == '-') {
    m.chomp = true;
    ++i;
  }
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
  std::string_view word = text.substr(i);
  while (!word.empty() && (word.back() == ' ' || word.back() == '\t')) word.remove_suffix(1);

  // Shell quote removal without expansion: '...' literal, "..." with \" \\ \$ escapes,
  // \x outside quotes gives x.
  std::string name;
  std::size_t quotes_before = 0;
  std::size_t quotes_after = 0;
  for (const char c : word) quotes_before += (c == '\'' || c == '"') ? 1 : 0;
  char quote = 0;
  for (std::size_t k = 0; k < word.size(); ++k) {
    const char c = word[k];
    if (quote == '\'') {
      if (c == '\'') {
        quote = 0;
      } else {
        name.push_back(c);
      }
      continue;
    }
    if (quote == '"') {
      if (c == '"') {
        quote = 0;
      } else if (c == '\\' && k + 1 < word.size() &&
                 (word[k + 1] == '"' || word[k + 1] == '\\' || word[k + 1] == '$')) {
        name.push_back(word[++k]);
      } else {
        name.push_back(c);
      }
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '\\' && k + 1 < word.size()) {
      name.push_back(word[++k]);
    } else {
      name.push_back(c);
    }
  }
  for (const char c : name) quotes_after += (c == '\'' || c == '"') ? 1 : 0;
  m.expand = quotes_before == quotes_after;
  m.name = std::move(name);
  return m;
}

std::vector<Heredoc> heredocs_of(const Document& doc, TSNode instruction) {
  // Every marker starts with `<<`: most instructions have none, and a search of their text is
  // much cheaper than a walk of their subtree.
  if (doc.node_text(instruction).find("<<") == std::string_view::npos) return {};
  std::vector<TSNode> markers;
  std::vector<TSNode> bodies;
  walk(instruction, [&](TSNode n) {
    const std::string_view type = type_of(n);
    if (type == node_type::kHeredocMarker) {
      markers.push_back(n);
      return false;
    }
    if (type == node_type::kHeredoc) {
      bodies.push_back(n);
      return false;
    }
    return true;
  });
  std::vector<Heredoc> out;
  for (std::size_t i = 0; i < markers.size(); ++i) {
    const HeredocMarker m = parse_heredoc_marker(doc.node_text(markers[i]));
    Heredoc h;
    h.name = m.name;
    h.file_descriptor = m.file_descriptor;
    h.expand = m.expand;
    h.chomp = m.chomp;
    h.marker = markers[i];
    if (i < bodies.size()) {
      h.body = bodies[i];
      const uint32_t n = ts_node_child_count(bodies[i]);
      for (uint32_t k = 0; k < n; ++k) {
        const TSNode child = ts_node_child(bodies[i], k);
        if (type_of(child) == node_type::kHeredocContent) {
          h.content = std::string(doc.node_text(child));
        }
      }
    }
    out.push_back(std::move(h));
  }
  return out;
}

}  // namespace whalesafe::syntax
