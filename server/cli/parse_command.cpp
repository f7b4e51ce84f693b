// `whalesafe parse [--format=tree|buildkit|sexp] FILE|-`: parses one Dockerfile and prints its
// syntax tree (tree, the default), tree-sitter's S-expression (sexp) or BuildKit's normalized
// dump (buildkit). Syntax errors go to stderr as `FILE:LINE:COL: error: MESSAGE` (exit 1),
// warnings as `FILE:LINE:COL: warning: MESSAGE`. Input problems (missing, unreadable,
// directory, binary, larger than the size limit: --max-file-size, else the max-file-size of the
// nearest .whalesafe.yaml, else 5 MiB) give one `whalesafe: ...` line and exit 2.
#include "cli/parse_command.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

#include "cli/commands.h"
#include "config/config.h"
#include "config/size_limit.h"
#include "syntax/buildkit_dump.h"
#include "syntax/document.h"
#include "syntax/go_text.h"
#include "syntax/syntax_errors.h"
#include "syntax/tree_print.h"

namespace {

namespace syntax = whalesafe::syntax;
using whalesafe::cli::kExitFailure;
using whalesafe::cli::kExitOk;
using whalesafe::cli::kExitUsage;

// Parsing gives up after this long (a safety net; a file at the size limit parses in well under
// a second).
constexpr uint64_t kParseTimeoutMicros = 30u * 1000u * 1000u;

enum class Format { kTree, kBuildkit, kSexp };

constexpr std::string_view kUsage =
    "usage: whalesafe parse [--format=tree|buildkit|sexp] [--max-file-size SIZE] <Dockerfile>|-\n"
    "\n"
    "Parses a Dockerfile ('-' reads standard input) and prints:\n"
    "  tree      the syntax tree, one node per line (default)\n"
    "  buildkit  BuildKit's normalized instruction dump, e.g. (from \"alpine\")\n"
    "  sexp      tree-sitter's S-expression of the syntax tree\n"
    "\n"
    "Syntax errors are printed to stderr as FILE:LINE:COL: error: MESSAGE.\n"
    "--max-file-size refuses larger files (default: max-file-size of the nearest\n"
    ".whalesafe.yaml, else 5MiB; bytes, or with K, KiB, KB, M, MiB or MB).\n"
    "exit status: 0 parsed, 1 syntax errors, 2 usage or input error (missing, unreadable,\n"
    "directory, binary or larger than the size limit)\n";

struct Options {
  Format format = Format::kTree;
  std::string path;
  std::optional<std::size_t> max_file_bytes;
};

struct InputError {
  std::string message;
};

int usage_error(std::string_view message) {
  std::cerr << "whalesafe parse: " << message << "\n" << kUsage;
  return kExitUsage;
}

std::optional<Format> parse_format(std::string_view name) {
  if (name == "tree") return Format::kTree;
  if (name == "buildkit") return Format::kBuildkit;
  if (name == "sexp") return Format::kSexp;
  return std::nullopt;
}

// The limit when --max-file-size is not given: the nearest configuration's, else the default.
// A configuration that cannot be read is no reason to refuse parsing: `check` reports it.
std::size_t configured_limit(const std::string& path) {
  namespace fs = std::filesystem;
  const fs::path dir = path == "-" ? fs::current_path() : fs::path(path).parent_path();
  whalesafe::config::Config config;
  try {
    for (const fs::path& file : whalesafe::config::find_config_files(dir.empty() ? "." : dir)) {
      whalesafe::config::load_config_file(file, config);
    }
  } catch (const whalesafe::config::ConfigError&) {
  }
  return config.max_file_bytes.value_or(whalesafe::config::kDefaultMaxFileBytes);
}

// Reads at most `limit` + 1 bytes from `file`.
bool read_limited(std::FILE* file, std::string& out, std::size_t limit) {
  char buffer[64 * 1024];
  for (;;) {
    const std::size_t n = std::fread(buffer, 1, sizeof buffer, file);
    out.append(buffer, n);
    if (out.size() > limit) return true;
    if (n < sizeof buffer) return std::ferror(file) == 0;
  }
}

std::optional<InputError> read_input(const std::string& path, std::string& text,
                                     std::size_t limit) {
  using whalesafe::config::too_large_message;
  if (path == "-") {
    if (!read_limited(stdin, text, limit)) return InputError{"cannot read standard input"};
    if (text.size() > limit) return InputError{too_large_message("<stdin>", std::nullopt, limit)};
    return std::nullopt;
  }
  std::error_code ec;
  const std::filesystem::file_status status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) {
    const std::string reason = ec ? ec.message() : "No such file or directory";
    return InputError{fmt::format("{}: {}", path, reason)};
  }
  if (std::filesystem::is_directory(status)) {
    return InputError{fmt::format("{}: is a directory, not a Dockerfile", path)};
  }
  if (std::filesystem::is_regular_file(status)) {
    const std::uintmax_t size = std::filesystem::file_size(path, ec);
    if (!ec && size > limit) {
      return InputError{too_large_message(path, static_cast<std::size_t>(size), limit)};
    }
  }
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    return InputError{fmt::format("{}: cannot open: {}", path, std::strerror(errno))};
  }
  const bool ok = read_limited(file, text, limit);
  const int read_errno = errno;
  std::fclose(file);
  if (!ok) return InputError{fmt::format("{}: read error: {}", path, std::strerror(read_errno))};
  if (text.size() > limit) return InputError{too_large_message(path, std::nullopt, limit)};
  return std::nullopt;
}

// NUL bytes, or mostly control characters and invalid UTF-8, mean this is not a text file.
std::optional<std::string> binary_reason(std::string_view text) {
  if (text.find('\0') != std::string_view::npos) return "binary file (contains NUL bytes)";
  const std::string_view sample = text.substr(0, 64 * 1024);
  std::size_t suspicious = 0;
  for (std::size_t i = 0; i < sample.size();) {
    const auto b = static_cast<unsigned char>(sample[i]);
    if (b < 0x80) {
      if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != '\v') ||
          b == 0x7F) {
        ++suspicious;
      }
      ++i;
      continue;
    }
    const auto decoded = syntax::go::decode_rune(sample.substr(i));
    if (decoded.rune == syntax::go::kRuneError && decoded.width == 1) ++suspicious;
    i += decoded.width;
  }
  if (!sample.empty() && suspicious * 10 > sample.size()) {
    return "binary file (mostly control characters or invalid UTF-8)";
  }
  return std::nullopt;
}

void print_diagnostics(const syntax::Document& doc, std::string_view name,
                       const std::vector<syntax::Diagnostic>& diagnostics) {
  for (const syntax::Diagnostic& d : diagnostics) {
    const syntax::LineCol at = doc.line_col(d.start_byte);
    std::cerr << fmt::format("{}:{}:{}: {}: {}\n", name, at.line, at.column,
                             d.severity == syntax::Severity::kError ? "error" : "warning",
                             d.message);
  }
}

}  // namespace

int run_parse_command(const std::vector<std::string>& args) {
  Options options;
  bool have_path = false;
  bool options_done = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (!options_done && (arg == "-h" || arg == "--help")) {
      std::cout << kUsage;
      return kExitOk;
    }
    if (!options_done && arg == "--") {
      options_done = true;
      continue;
    }
    if (!options_done && (arg.rfind("--format=", 0) == 0 || arg == "--format")) {
      std::string value;
      if (arg == "--format") {
        if (i + 1 >= args.size()) return usage_error("--format needs a value");
        value = args[++i];
      } else {
        value = arg.substr(9);
      }
      const std::optional<Format> format = parse_format(value);
      if (!format) return usage_error(fmt::format("unknown format '{}'", value));
      options.format = *format;
      continue;
    }
    if (!options_done && (arg.rfind("--max-file-size=", 0) == 0 || arg == "--max-file-size")) {
      std::string value;
      if (arg == "--max-file-size") {
        if (i + 1 >= args.size()) return usage_error("--max-file-size needs a value");
        value = args[++i];
      } else {
        value = arg.substr(16);
      }
      options.max_file_bytes = whalesafe::config::parse_byte_size(value);
      if (!options.max_file_bytes) {
        return usage_error(fmt::format(
            "--max-file-size takes a size such as 5MiB, 800K or 1000000 (up to 1GiB), not '{}'",
            value));
      }
      continue;
    }
    if (!options_done && arg.size() > 1 && arg[0] == '-') {
      return usage_error(fmt::format("unknown option '{}'", arg));
    }
    if (have_path) return usage_error("expected exactly one file");
    options.path = arg;
    have_path = true;
  }
  if (!have_path) return usage_error("missing the Dockerfile to parse");

  const std::string name = options.path == "-" ? "<stdin>" : options.path;
  std::string text;
  const std::size_t limit = options.max_file_bytes.value_or(configured_limit(options.path));
  if (std::optional<InputError> error = read_input(options.path, text, limit)) {
    std::cerr << "whalesafe: " << error->message << '\n';
    return kExitUsage;
  }
  if (std::optional<std::string> reason = binary_reason(text)) {
    std::cerr << "whalesafe: " << name << ": " << *reason << ", not a Dockerfile\n";
    return kExitUsage;
  }

  std::optional<syntax::Document> doc;
  try {
    doc.emplace(std::move(text), syntax::ParseOptions{kParseTimeoutMicros});
  } catch (const syntax::ParseError& e) {
    std::cerr << "whalesafe: " << name << ": " << e.what() << '\n';
    return kExitUsage;
  }

  const syntax::BuildkitParse parse = syntax::buildkit_parse(*doc);
  const std::vector<syntax::Diagnostic> diagnostics = syntax::syntax_diagnostics(*doc, parse);
  const bool failed = syntax::has_errors(diagnostics);

  switch (options.format) {
    case Format::kTree:
      std::cout << syntax::print_tree(*doc);
      break;
    case Format::kSexp:
      std::cout << syntax::print_sexp(*doc);
      break;
    case Format::kBuildkit:
      if (!failed) std::cout << syntax::buildkit_dump(parse);
      break;
  }
  std::cout.flush();
  print_diagnostics(*doc, name, diagnostics);
  return failed ? kExitFailure : kExitOk;
}
