#include "lex_test_harness.h"

#include <dlfcn.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace lextest {

namespace {

const char* kDriver = R"C(
#include <setjmp.h>
#include <string.h>

typedef struct {
  TSLexer base;
  const unsigned char *buf;
  size_t len, pos, token_start, token_end, lookahead_size;
  long steps, max_steps;
  int marked;
} FakeLexer;

static FakeLexer fake;
static jmp_buf fake_hang;

/* Decodes like the runtime: a code point, -1 for an invalid byte (consuming 1), 0 at EOF. */
static void fake_decode(FakeLexer *f) {
  const unsigned char *p = f->buf + f->pos;
  size_t avail = f->len - f->pos;
  int32_t cp;
  size_t n, i;
  if (f->pos >= f->len) {
    f->base.lookahead = 0;
    f->lookahead_size = 0;
    return;
  }
  if (p[0] < 0x80) { f->base.lookahead = p[0]; f->lookahead_size = 1; return; }
  if ((p[0] & 0xE0) == 0xC0) { n = 2; cp = p[0] & 0x1F; }
  else if ((p[0] & 0xF0) == 0xE0) { n = 3; cp = p[0] & 0x0F; }
  else if ((p[0] & 0xF8) == 0xF0) { n = 4; cp = p[0] & 0x07; }
  else goto invalid;
  if (n > avail) goto invalid;
  for (i = 1; i < n; i++) {
    if ((p[i] & 0xC0) != 0x80) goto invalid;
    cp = (cp << 6) | (p[i] & 0x3F);
  }
  if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
      cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) goto invalid;
  f->base.lookahead = cp;
  f->lookahead_size = n;
  return;
invalid:
  f->base.lookahead = -1;
  f->lookahead_size = 1;
}

static void fake_advance(TSLexer *l, bool skip) {
  FakeLexer *f = (FakeLexer *)l;
  if (++f->steps > f->max_steps) longjmp(fake_hang, 1);
  if (f->pos >= f->len) return; /* advance does nothing at EOF */
  f->pos += f->lookahead_size;
  if (skip) f->token_start = f->pos;
  fake_decode(f);
}

static void fake_mark_end(TSLexer *l) {
  FakeLexer *f = (FakeLexer *)l;
  f->token_end = f->pos;
  f->marked = 1;
}

static uint32_t fake_get_column(TSLexer *l) {
  FakeLexer *f = (FakeLexer *)l;
  size_t i = f->pos;
  while (i > 0 && f->buf[i - 1] != '\n') i--;
  return (uint32_t)(f->pos - i);
}

static bool fake_at_range_start(const TSLexer *l) { (void)l; return false; }

static bool fake_eof(const TSLexer *l) {
  const FakeLexer *f = (const FakeLexer *)l;
  return f->pos >= f->len;
}

int fake_lex(const char *buf, size_t len, size_t start, unsigned state, long max_steps,
             int *symbol, size_t *token_start, size_t *token_end) {
  bool ok;
  memset(&fake, 0, sizeof fake);
  fake.base.advance = fake_advance;
  fake.base.mark_end = fake_mark_end;
  fake.base.get_column = fake_get_column;
  fake.base.is_at_included_range_start = fake_at_range_start;
  fake.base.eof = fake_eof;
  fake.base.result_symbol = 0xFFFF;
  fake.buf = (const unsigned char *)buf;
  fake.len = len;
  fake.pos = start;
  fake.token_start = start;
  fake.max_steps = max_steps;
  fake_decode(&fake);
  if (setjmp(fake_hang)) return -1;
  ok = test_lex(&fake.base, (TSStateId)state);
  if (!ok) return 0;
  *symbol = fake.base.result_symbol;
  *token_start = fake.token_start;
  *token_end = fake.marked ? fake.token_end : fake.pos;
  return 1;
}

long fake_lex_all(const char *buf, size_t len, unsigned state) {
  size_t pos = 0, s = 0, e = 0;
  long count = 0;
  int sym = 0;
  while (pos <= len) {
    int r = fake_lex(buf, len, pos, state, 1L << 40, &sym, &s, &e);
    if (r != 1) { pos++; continue; }
    if (sym == 0) break;
    count++;
    pos = e > pos ? e : pos + 1;
  }
  return count;
}
)C";

using LexFn = int (*)(const char*, size_t, size_t, unsigned, long, int*, size_t*, size_t*);
using LexAllFn = long (*)(const char*, size_t, unsigned);

}  // namespace

CompiledLexer::CompiledLexer(const tsgen::LexerBuilder& builder) {
  source_ = builder.emit_c("test_lex");
  char tmpl[] = "/tmp/lextest-XXXXXX";
  if (!mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
  dir_ = tmpl;
  const std::string c_path = dir_ + "/lexer.c";
  const std::string so_path = dir_ + "/lexer.so";
  {
    std::ofstream out(c_path);
    out << "#include <tree_sitter/parser.h>\n\n" << source_ << kDriver;
  }
  const std::string cmd = "cc -std=c11 -Wall -Wextra -Werror -O1 -fPIC -shared -o " + so_path + " " + c_path + " 2>&1";
  std::string output;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) throw std::runtime_error("popen failed");
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) output.append(buf, n);
  const int rc = pclose(p);
  if (rc != 0) throw std::runtime_error("cc failed:\n" + output + "\n--- source ---\n" + source_);
  handle_ = dlopen(so_path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle_) throw std::runtime_error(std::string("dlopen failed: ") + dlerror());
  lex_fn_ = dlsym(handle_, "fake_lex");
  lex_all_fn_ = dlsym(handle_, "fake_lex_all");
  if (!lex_fn_ || !lex_all_fn_) throw std::runtime_error("dlsym failed");
}

CompiledLexer::~CompiledLexer() {
  if (handle_) dlclose(handle_);
  std::remove((dir_ + "/lexer.c").c_str());
  std::remove((dir_ + "/lexer.so").c_str());
  rmdir(dir_.c_str());
}

LexResult CompiledLexer::lex(uint16_t lex_state, std::string_view input, size_t position) const {
  LexResult r;
  // Generous bound: a correct lexer calls advance at most once per byte plus a few times at EOF.
  const long max_steps = static_cast<long>(input.size()) * 2 + 16;
  r.status = reinterpret_cast<LexFn>(lex_fn_)(input.data(), input.size(), position, lex_state, max_steps, &r.symbol,
                                              &r.start, &r.end);
  return r;
}

std::vector<Token> CompiledLexer::tokenize(uint16_t lex_state, std::string_view input) const {
  std::vector<Token> tokens;
  size_t pos = 0;
  for (;;) {
    const LexResult r = lex(lex_state, input, pos);
    if (r.status != 1) {
      tokens.push_back(Token{r.status == -1 ? -2 : -1, std::string(input.substr(pos))});
      return tokens;
    }
    tokens.push_back(Token{r.symbol, std::string(input.substr(r.start, r.end - r.start))});
    if (r.symbol == 0) return tokens;
    if (r.end <= pos) {
      tokens.push_back(Token{-3, "<empty token>"});
      return tokens;
    }
    pos = r.end;
  }
}

long CompiledLexer::lex_all(uint16_t lex_state, std::string_view input) const {
  return reinterpret_cast<LexAllFn>(lex_all_fn_)(input.data(), input.size(), lex_state);
}

tsgen::TokenSpec string_token(int symbol, const std::string& text, int precedence, bool immediate) {
  tsgen::TokenSpec t;
  t.symbol = symbol;
  t.name = "\"" + text + "\"";
  t.rule = tsgen::LexRule::string(text);
  t.is_string = true;
  t.precedence = precedence;
  t.immediate = immediate;
  return t;
}

tsgen::TokenSpec pattern_token(int symbol, const std::string& name, const std::string& regex,
                               const std::string& flags, int precedence, bool immediate) {
  tsgen::TokenSpec t;
  t.symbol = symbol;
  t.name = name;
  t.rule = tsgen::LexRule::pattern(regex, flags);
  t.is_string = false;
  t.precedence = precedence;
  t.immediate = immediate;
  return t;
}

std::string show(const std::vector<Token>& tokens) {
  std::string out;
  for (const Token& t : tokens) out += std::to_string(t.symbol) + ":'" + t.text + "' ";
  return out;
}

}  // namespace lextest
