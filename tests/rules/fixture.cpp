#include "fixture.h"

#include <regex>
#include <sstream>

namespace whalesafe::testing {
namespace {

const std::regex kCaret(R"(^\s*#(\s*)(\^+)\s+([a-z0-9-]+)(?::\s*(.*))?$)");
const std::regex kExplicit(
    R"(^\s*#\s*expect(?:\[-(\d+)\])?:\s+([a-z0-9-]+)\s+(\d+)-(?:(\d+):)?(\d+)(?::\s*(.*))?$)");
const std::regex kOk(R"(^\s*#\s*ok:)");

}  // namespace

Fixture parse_fixture(const std::string& text) {
  Fixture f;
  std::istringstream in(text);
  std::string line;
  uint32_t number = 0;
  uint32_t target = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::smatch m;
    if (std::regex_match(line, m, kCaret)) {
      Expectation e;
      e.rule = m[3];
      e.line = e.end_line = target;
      e.column = static_cast<uint32_t>(m.position(2)) + 1;
      e.end_column = e.column + static_cast<uint32_t>(m.length(2));
      e.message = m[4];
      e.written_on = number;
      if (target == 0) f.errors.push_back("line " + std::to_string(number) + ": nothing above");
      f.expectations.push_back(e);
      continue;
    }
    if (std::regex_match(line, m, kExplicit)) {
      Expectation e;
      const uint32_t back = m[1].matched ? static_cast<uint32_t>(std::stoul(m[1])) : 0;
      e.rule = m[2];
      e.line = target > back ? target - back : 0;
      e.column = static_cast<uint32_t>(std::stoul(m[3]));
      e.end_line = e.line + (m[4].matched ? static_cast<uint32_t>(std::stoul(m[4])) : 0);
      e.end_column = static_cast<uint32_t>(std::stoul(m[5]));
      e.message = m[6];
      e.written_on = number;
      if (e.line == 0) f.errors.push_back("line " + std::to_string(number) + ": nothing above");
      f.expectations.push_back(e);
      continue;
    }
    if (line.find("# expect") != std::string::npos) {
      f.errors.push_back("line " + std::to_string(number) + ": malformed expectation: " + line);
    }
    if (std::regex_search(line, kOk)) ++f.ok_markers;
    target = number;
  }
  return f;
}

}  // namespace whalesafe::testing
