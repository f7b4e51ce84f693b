/*
 * External scanner for whalesafe's Dockerfile grammar (see ../grammar.js).
 *
 * The scanner lexes everything that depends on the escape character in force,
 * on state carried across lines (heredocs, quotes of shell text spanning a
 * line continuation) or on looking far ahead (is `[ ... ]` JSON?). The
 * generated DFA lexer handles the rest. BuildKit's parser is the reference
 * for line handling (frontend/dockerfile/parser/parser.go); the behaviour of
 * each token is described where it is scanned.
 *
 * Serialized state (at most TREE_SITTER_SERIALIZATION_BUFFER_SIZE bytes):
 *
 *   byte 0   escape character: '\\' (default) or '`' (after `# escape=``)
 *   byte 1   line state: bits 0-1 quote of the shell text scanned so far in
 *            this logical line (0 none, 1 single, 2 double), bit 2 "the
 *            logical line so far ends in unquoted whitespace" (word boundary),
 *            bit 3 "blanks preceded the last line continuation", bit 4 "a
 *            WORD_BREAK was the last token"
 *   byte 2   number of pending heredocs
 *   then one record per pending heredoc, oldest first:
 *            flags (bit 0 chomp `<<-`, bit 1 body started), name length
 *            (2 bytes, little endian), name bytes (after quote removal)
 *
 * The line state is canonical (all zero) at the end of every logical line:
 * the token that ends a line resets it, or, when the line ends with DFA
 * tokens after a continuation, a zero-width LINE_END extra does. So the state
 * before an instruction depends only on the escape char and the pending
 * heredocs, and tree-sitter can reuse an unchanged instruction after an edit
 * that changed the line state of an earlier line.
 *
 * The records are stored in the scanner exactly as serialized, so serialize
 * and deserialize are a memcpy. A heredoc marker whose record would not fit
 * is not recognized at all (it stays ordinary text), so the state can never
 * overflow.
 *
 * Decisions (documented here, relied on by the analysis layer):
 *
 * - Unterminated heredoc. BuildKit reads body lines until EOF and then fails
 *   with "unterminated heredoc". We mirror the consumption: the body runs to
 *   EOF (nothing after it is parsed as instructions), then a zero-width
 *   HEREDOC_END is emitted at EOF. If the file ends on the marker line itself
 *   (no body line at all), a zero-width HEREDOC_NEWLINE is emitted first.
 *   So "a heredoc_end of zero width at EOF" means exactly "unterminated
 *   heredoc" (an empty terminator name is never recognized, see below); the
 *   analysis layer reports that error. The tree itself stays clean.
 *
 * - Escape chars in words. The DFA lexes words (image names, paths, keys,
 *   values) but never a `\` or a `` ` ``: only the scanner knows which one
 *   is the escape char. At the escape char it emits a line continuation (when
 *   only blanks follow up to the line end), else ESCAPE (the escape char and
 *   the char it escapes), ESCAPED_BLANK (escape char and one blank, in
 *   ENV/LABEL/ARG words, as BuildKit's parseWords keeps them) or, where it
 *   escapes nothing (single quotes; before a blank in FROM/COPY words, which
 *   BuildKit splits on blanks only), LITERAL: the escape char alone. The
 *   other char is always LITERAL. The IMMEDIATE_ variants continue a word;
 *   the plain ones start one, after blanks or at the start of a line after a
 *   continuation preceded by blanks (`a \` + `b` is two words, `a\` + `b`
 *   one).
 *
 * - Word breaks. After `word \` + newline, a word at the very start of the
 *   next line is a new word (BuildKit keeps the blank before the escape
 *   char), but the DFA would lex it as the continuation of `word`: where a
 *   word may follow another one, the scanner emits a zero-width WORD_BREAK
 *   first.
 *
 * - ENV / LABEL forms. Whether the arguments are `key=value` pairs or the
 *   legacy `key value` depends on the whole first word (an `=` anywhere in
 *   it, quoted or escaped too): PAIRS_FORM / LEGACY_FORM, zero width, are
 *   emitted before it after reading it ahead.
 *
 * - CRs. A run of CRs before a line feed (or the end of the file) ends the
 *   line, as BuildKit's trimNewline drops them; a lone CR between words is a
 *   WORD_BREAK holding it (BuildKit's splitters take it for a blank), and is
 *   text in shell text.
 *
 * - Quotes left open. BuildKit's parseWords accepts a quote still open at
 *   the end of the logical line; UNCLOSED_QUOTE (zero width, at the line
 *   end) ends such a string.
 *
 * - Error recovery (valid_symbols[ERROR_SENTINEL]). We emit no TEXT, marker,
 *   JSON or directive tokens: those are context-dependent and would be wrong
 *   in an arbitrary state. But heredocs already queued (their markers were
 *   lexed before the error) are still consumed: HEREDOC_NEWLINE at the end of
 *   the marker line, then HEREDOC_CONTENT / HEREDOC_END. Otherwise a body
 *   would be parsed as a run of bogus instructions, one error per line, and
 *   the queue would stay out of sync with the text. LINE_CONTINUATION is
 *   emitted as usual.
 *
 * Known deviations from BuildKit (all rare, all deliberate):
 *
 * - A continuation is an escape char not preceded by another escape char on
 *   the same line (BuildKit's regexp). The scanner cannot look behind the
 *   start of its token; it lexes every escape char in words and text itself
 *   and so knows what precedes one, except in flag values, whose backslash
 *   pairs are DFA tokens: there `--x=a\\` then `\` + newline is taken as a
 *   continuation, where BuildKit takes none.
 * - A heredoc word is cut at a line continuation (BuildKit would join
 *   `<<EO\` + `F` into `<<EOF`). A line with unbalanced quotes after a
 *   heredoc marker still yields the heredoc (BuildKit's word splitter fails
 *   on the whole line and finds none). A quoted empty name (`<<''`) is not a
 *   heredoc.
 * - JSON: a line continuation is only accepted between JSON tokens, and a
 *   lone CR inside the array makes it invalid (both would break the DFA
 *   tokens anyway); the text then falls back to shell form. When invalid
 *   JSON is only detected after a line continuation, the first physical
 *   line is returned as two text fragments (`[` and the rest) because the
 *   end of the first fragment can no longer be marked.
 */

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <tree_sitter/parser.h>

enum TokenType {
  LINE_CONTINUATION,
  PARSER_DIRECTIVE,
  TEXT_FIRST,
  TEXT,
  HEREDOC_MARKER,
  HEREDOC_NEWLINE,
  HEREDOC_CONTENT,
  HEREDOC_END,
  JSON_ARRAY_START,
  ESCAPE,
  IMMEDIATE_ESCAPE,
  ESCAPED_BLANK,
  LITERAL,
  IMMEDIATE_LITERAL,
  UNCLOSED_QUOTE,
  LINE_END,
  WORD_BREAK,
  PAIRS_FORM,
  LEGACY_FORM,
  ERROR_SENTINEL,
};

enum { QUOTE_NONE = 0, QUOTE_SINGLE = 1, QUOTE_DOUBLE = 2 };

#define HEADER_SIZE 3
#define RECORD_HEADER 3
#define QUEUE_CAPACITY (TREE_SITTER_SERIALIZATION_BUFFER_SIZE - HEADER_SIZE)
#define MAX_NAME (QUEUE_CAPACITY - RECORD_HEADER)
#define JSON_MAX_DEPTH 4096

#define HD_CHOMP 1
#define HD_STARTED 2

typedef struct {
  uint8_t escape;
  uint8_t quote;
  bool prev_ws;
  /* Blanks preceded the last line continuation. After a continuation, the
   * argument text of an instruction (or a new word) may start at the
   * beginning of the next line only if they did: BuildKit joins `--mount=\`
   * + `x` into `--mount=x`. Keeping this in the serialized state (not only
   * the column) makes the decision reproducible for incremental reuse. It is
   * only read at column 0, so a stale value later in the line is harmless;
   * it is cleared at the end of the logical line. */
  bool cont_ws;
  /* The last token was a WORD_BREAK (so the next scan, at the same place,
   * does not emit another one). */
  bool after_break;
  uint8_t count;
  uint16_t used;
  uint8_t queue[QUEUE_CAPACITY];
} Scanner;

/* ---- lexer helpers ------------------------------------------------------ */

static inline void advance(TSLexer *lexer) { lexer->advance(lexer, false); }

static inline bool at_eof(TSLexer *lexer) {
  return lexer->lookahead == 0 && lexer->eof(lexer);
}

static inline bool is_blank(int32_t c) { return c == ' ' || c == '\t'; }

/* White space between words and before a token: blanks, and the vertical tab
 * and form feed, which BuildKit's splitters treat as blanks (its
 * `[\t\v\f\r ]+` and unicode.IsSpace). Only blanks may follow the escape char
 * of a line continuation. */
static inline bool is_sep(int32_t c) { return is_blank(c) || c == '\v' || c == '\f'; }

/* At a CR: consumes the run of CRs and tells whether the line ends there
 * (a line feed or the end of the file follows). BuildKit's trimNewline drops
 * every CR before the line end, so `x\r\r\n` ends the line at `x`. */
static bool crs_end_line(TSLexer *lexer) {
  while (lexer->lookahead == '\r') lexer->advance(lexer, false);
  return lexer->lookahead == '\n' || (lexer->lookahead == 0 && lexer->eof(lexer));
}

static inline bool is_digit(int32_t c) { return c >= '0' && c <= '9'; }

/* Appends the UTF-8 encoding of `c` to buf; invalid input (-1) becomes the
 * single byte 0xFF, on both the marker and the terminator side. Returns false
 * if it does not fit. */
static bool put_utf8(uint8_t *buf, uint16_t *len, uint16_t cap, int32_t c) {
  uint8_t tmp[4];
  uint16_t n;
  if (c < 0 || c > 0x10FFFF) {
    tmp[0] = 0xFF;
    n = 1;
  } else if (c < 0x80) {
    tmp[0] = (uint8_t)c;
    n = 1;
  } else if (c < 0x800) {
    tmp[0] = (uint8_t)(0xC0 | (c >> 6));
    tmp[1] = (uint8_t)(0x80 | (c & 0x3F));
    n = 2;
  } else if (c < 0x10000) {
    tmp[0] = (uint8_t)(0xE0 | (c >> 12));
    tmp[1] = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
    tmp[2] = (uint8_t)(0x80 | (c & 0x3F));
    n = 3;
  } else {
    tmp[0] = (uint8_t)(0xF0 | (c >> 18));
    tmp[1] = (uint8_t)(0x80 | ((c >> 12) & 0x3F));
    tmp[2] = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
    tmp[3] = (uint8_t)(0x80 | (c & 0x3F));
    n = 4;
  }
  if ((uint32_t)*len + n > cap) return false;
  memcpy(buf + *len, tmp, n);
  *len = (uint16_t)(*len + n);
  return true;
}

/* The logical line ends: its line state goes back to the canonical one. */
static void reset_line(Scanner *s) {
  s->quote = QUOTE_NONE;
  s->prev_ws = false;
  s->cont_ws = false;
  s->after_break = false;
}

static bool line_state_canonical(const Scanner *s) {
  return s->quote == QUOTE_NONE && !s->prev_ws && !s->cont_ws && !s->after_break;
}

/* ---- heredoc queue ------------------------------------------------------ */

static inline uint8_t *front(Scanner *s) { return s->queue; }

static inline uint16_t record_name_len(const uint8_t *rec) {
  return (uint16_t)(rec[1] | (rec[2] << 8));
}

static bool enqueue(Scanner *s, const uint8_t *name, uint16_t len, bool chomp) {
  if (s->count == UINT8_MAX) return false;
  if ((uint32_t)s->used + RECORD_HEADER + len > QUEUE_CAPACITY) return false;
  uint8_t *rec = s->queue + s->used;
  rec[0] = chomp ? HD_CHOMP : 0;
  rec[1] = (uint8_t)(len & 0xFF);
  rec[2] = (uint8_t)(len >> 8);
  memcpy(rec + RECORD_HEADER, name, len);
  s->used = (uint16_t)(s->used + RECORD_HEADER + len);
  s->count++;
  return true;
}

static void dequeue(Scanner *s) {
  if (s->count == 0) return;
  uint16_t size = (uint16_t)(RECORD_HEADER + record_name_len(s->queue));
  memmove(s->queue, s->queue + size, (size_t)(s->used - size));
  s->used = (uint16_t)(s->used - size);
  s->count--;
}

static bool queue_fits(const Scanner *s, uint16_t name_len) {
  return s->count < UINT8_MAX &&
         (uint32_t)s->used + RECORD_HEADER + name_len <= QUEUE_CAPACITY;
}

/* ---- line continuations ------------------------------------------------- */

/* Blanks consumed after an escape char while looking for a line end. */
#define BLANKS_KEPT 16
typedef struct {
  unsigned count;
  bool cr; /* a CR not followed by LF was consumed after the blanks */
  uint8_t chars[BLANKS_KEPT];
} Blanks;

/* After an escape char has been consumed: consumes [ \t]* and tells whether
 * the line ends here (\n, \r\n or EOF), leaving the LF unconsumed. */
static bool continuation_follows(TSLexer *lexer, Blanks *b) {
  b->count = 0;
  b->cr = false;
  while (is_blank(lexer->lookahead)) {
    if (b->count < BLANKS_KEPT) b->chars[b->count] = (uint8_t)lexer->lookahead;
    b->count++;
    advance(lexer);
  }
  if (lexer->lookahead == '\n' || at_eof(lexer)) return true;
  if (lexer->lookahead == '\r') {
    if (crs_end_line(lexer)) return true;
    b->cr = true;
  }
  return false;
}

/* Consumes the newline ending a continuation line, then every following line
 * that is blank or a comment (first non-blank char `#`), each with its
 * newline. With `mark`, the token end is kept at the end of the last line
 * consumed. */
static void finish_continuation(TSLexer *lexer, bool mark) {
  if (lexer->lookahead == '\n') advance(lexer);
  if (mark) lexer->mark_end(lexer);
  for (;;) {
    if (at_eof(lexer)) return;
    while (is_sep(lexer->lookahead)) advance(lexer);
    int32_t c = lexer->lookahead;
    if (c == '#') {
      while (lexer->lookahead != '\n' && !at_eof(lexer)) advance(lexer);
      if (lexer->lookahead == '\n') advance(lexer);
    } else if (c == '\n') {
      advance(lexer);
    } else if (c == '\r') {
      if (!crs_end_line(lexer)) return;
      if (lexer->lookahead == '\n') advance(lexer);
    } else if (at_eof(lexer)) {
      /* blank last line without newline */
    } else {
      return;
    }
    if (mark) lexer->mark_end(lexer);
  }
}

/* ---- heredoc markers ---------------------------------------------------- */

typedef struct {
  bool valid;     /* a heredoc marker whose record fits the state */
  bool at_cont;   /* stopped after consuming the escape char of a line
                     continuation (the text must end before it) */
  uint8_t quote;  /* quote state where the scan stopped */
  bool raw_esc;   /* last consumed char was the escape char */
  bool pending;   /* next char is escaped by a backslash */
  bool chomp;
  uint16_t len;
} MarkerScan;

/* Scans a heredoc marker word at the current position: `\d*<<-?` or
 * `\d*<<[ \t]*` followed by the rest of the shell word, which must be
 * non-empty, contain no `<` and give a non-empty name after quote removal
 * (BuildKit: the word must match ^(\d*)<<(-?)\s*([^<]*)$ and the rest must
 * be one word). Quotes and backslash escapes follow BuildKit's shell lexer,
 * whose escape char is always `\` for heredoc detection. The word ends at
 * unquoted whitespace, at the line end, or at a line continuation.
 *
 * With `may_mark`, the token end is marked at the end of the word (and before
 * an escape char that may turn out to be a line continuation). When the
 * result is not valid, every char consumed is ordinary text and the caller
 * resumes from the returned quote/escape state. */
static MarkerScan scan_marker(Scanner *s, TSLexer *lexer, bool may_mark, uint8_t *name) {
  const int32_t esc = s->escape;
  const uint16_t cap = MAX_NAME;
  MarkerScan m = {false, false, QUOTE_NONE, false, false, false, 0};
  uint16_t *len = &m.len;

  while (is_digit(lexer->lookahead)) advance(lexer);
  if (lexer->lookahead != '<') return m;
  advance(lexer);
  if (lexer->lookahead != '<') return m;
  advance(lexer);
  if (lexer->lookahead == '-') {
    advance(lexer);
    m.chomp = true;
  } else {
    /* BuildKit's shell lexer glues blanks right after `<<` to the word. */
    while (is_blank(lexer->lookahead)) advance(lexer);
  }

  bool ok = true;       /* no `<` in the rest, name fits */
  bool any_raw = false; /* the rest is non-empty */
  for (;;) {
    int32_t c = lexer->lookahead;
    if (c == '\n' || c == '\r' || at_eof(lexer)) break;

    if (c == esc && !m.raw_esc) {
      if (may_mark) lexer->mark_end(lexer);
      advance(lexer);
      Blanks b;
      if (continuation_follows(lexer, &b)) {
        m.at_cont = true;
        m.raw_esc = m.pending = false;
        break;
      }
      any_raw = true;
      bool escaped = m.pending;
      m.pending = false;
      m.raw_esc = false;
      unsigned skip = 0; /* blanks already accounted for */
      if (esc == '\\' && !escaped && m.quote != QUOTE_SINGLE) {
        if (b.count == 0 && !b.cr) {
          /* escapes the next char */
          m.pending = true;
          m.raw_esc = true;
          continue;
        }
        if (m.quote == QUOTE_DOUBLE) {
          ok = ok && put_utf8(name, len, cap, '\\'); /* stays in double quotes */
        } else if (b.count > 0) {
          ok = ok && put_utf8(name, len, cap, b.chars[0]); /* escaped blank */
          skip = 1;
        } else {
          ok = ok && put_utf8(name, len, cap, '\r'); /* escaped CR */
          b.cr = false;
        }
      } else {
        ok = ok && put_utf8(name, len, cap, esc);
        m.raw_esc = b.count == 0 && !b.cr;
      }
      if (b.count > skip && m.quote == QUOTE_NONE) {
        /* The word ended at these blanks, but the token end can no longer
         * be put before them: give up on this (absurd) marker. */
        ok = false;
        break;
      }
      for (unsigned i = skip; i < b.count; i++) {
        ok = ok && put_utf8(name, len, cap, i < BLANKS_KEPT ? b.chars[i] : ' ');
      }
      if (b.cr) ok = ok && put_utf8(name, len, cap, '\r');
      continue;
    }

    if (m.pending) {
      /* Escaped by a backslash. In double quotes only `"`, `$` and `\` are
       * escaped; before anything else the backslash stays. */
      m.pending = false;
      if (m.quote == QUOTE_DOUBLE && c != '"' && c != '$' && c != '\\') {
        ok = ok && put_utf8(name, len, cap, '\\');
        continue; /* c is processed normally */
      }
      if (c == '<') ok = false;
      ok = ok && put_utf8(name, len, cap, c);
      m.raw_esc = (c == esc);
      advance(lexer);
      continue;
    }
    m.raw_esc = false;

    if (m.quote == QUOTE_NONE && is_blank(c)) break;
    any_raw = true;
    if (c == '<') {
      /* `[^<]*`: not a heredoc; the `<` is left for the caller */
      return m;
    }
    if (c == '\\' && m.quote != QUOTE_SINGLE) {
      m.pending = true;
      advance(lexer);
      continue;
    }
    if (c == '\'' && m.quote != QUOTE_DOUBLE) {
      m.quote = m.quote == QUOTE_SINGLE ? QUOTE_NONE : QUOTE_SINGLE;
    } else if (c == '"' && m.quote != QUOTE_SINGLE) {
      m.quote = m.quote == QUOTE_DOUBLE ? QUOTE_NONE : QUOTE_DOUBLE;
    } else {
      ok = ok && put_utf8(name, len, cap, c);
    }
    advance(lexer);
  }
  /* A backslash at the very end of the word is dropped, as BuildKit does. */
  m.pending = false;
  m.valid = ok && any_raw && m.len > 0 && m.quote == QUOTE_NONE && queue_fits(s, m.len);
  if (m.valid && may_mark && !m.at_cont) lexer->mark_end(lexer);
  return m;
}

/* ---- JSON arrays -------------------------------------------------------- */

typedef struct {
  bool crossed;   /* a line continuation was crossed */
  bool in_string; /* failed inside a JSON string */
  bool after_bs;  /* failed right after a backslash inside a string */
} JsonFail;

/* Skips JSON whitespace on the current logical line: blanks and line
 * continuations (with the lines they absorb). Returns false on an escape char
 * that is not a continuation (it is consumed). */
static bool json_skip_ws(Scanner *s, TSLexer *lexer, JsonFail *f) {
  for (;;) {
    int32_t c = lexer->lookahead;
    if (is_blank(c)) {
      advance(lexer);
    } else if (c == s->escape) {
      advance(lexer);
      Blanks b;
      if (!continuation_follows(lexer, &b)) return false;
      finish_continuation(lexer, false);
      f->crossed = true;
    } else {
      return true;
    }
  }
}

static bool json_string(TSLexer *lexer, JsonFail *f) {
  /* at the opening quote */
  advance(lexer);
  for (;;) {
    int32_t c = lexer->lookahead;
    if (c == '"') {
      advance(lexer);
      return true;
    }
    if ((c >= 0 && c < 0x20) || at_eof(lexer)) {
      f->in_string = true;
      return false;
    }
    if (c == '\\') {
      advance(lexer);
      c = lexer->lookahead;
      if (c == '"' || c == '\\' || c == '/' || c == 'b' || c == 'f' || c == 'n' || c == 'r' ||
          c == 't') {
        advance(lexer);
      } else if (c == 'u') {
        advance(lexer);
        for (int i = 0; i < 4; i++) {
          c = lexer->lookahead;
          bool hex = is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
          if (!hex) {
            f->in_string = true;
            return false;
          }
          advance(lexer);
        }
      } else {
        f->in_string = true;
        f->after_bs = true;
        return false;
      }
      continue;
    }
    advance(lexer);
  }
}

static bool json_digits(TSLexer *lexer) {
  if (!is_digit(lexer->lookahead)) return false;
  while (is_digit(lexer->lookahead)) advance(lexer);
  return true;
}

static bool json_number(TSLexer *lexer) {
  if (lexer->lookahead == '-') advance(lexer);
  if (lexer->lookahead == '0') {
    advance(lexer);
  } else if (!json_digits(lexer)) {
    return false;
  }
  if (lexer->lookahead == '.') {
    advance(lexer);
    if (!json_digits(lexer)) return false;
  }
  if (lexer->lookahead == 'e' || lexer->lookahead == 'E') {
    advance(lexer);
    if (lexer->lookahead == '+' || lexer->lookahead == '-') advance(lexer);
    if (!json_digits(lexer)) return false;
  }
  return true;
}

static bool json_literal(TSLexer *lexer, const char *word) {
  for (const char *p = word; *p; p++) {
    if (lexer->lookahead != *p) return false;
    advance(lexer);
  }
  return true;
}

/* Validates the rest of the logical line as `[` JSON-array, then only
 * blanks to the end of the line. Called just after the `[` was consumed. */
static bool json_array_rest(Scanner *s, TSLexer *lexer, JsonFail *f) {
  /* stack of open containers: bit set = object */
  uint8_t stack[JSON_MAX_DEPTH / 8];
  unsigned depth = 1;
  stack[0] = 0;
  bool expect_value;   /* a value must come next (after `[`, `,` or `:`) */
  bool first = true;   /* just after an opening bracket: a close is allowed */
  expect_value = true;

  for (;;) {
    if (!json_skip_ws(s, lexer, f)) return false;
    int32_t c = lexer->lookahead;
    bool in_object = (stack[(depth - 1) / 8] >> ((depth - 1) % 8)) & 1;

    if (expect_value) {
      if (first && ((c == ']' && !in_object) || (c == '}' && in_object))) {
        advance(lexer);
        depth--;
        first = false;
        expect_value = false;
        if (depth == 0) break;
        continue;
      }
      if (first && in_object) {
        /* an object member starts with a key */
        if (c != '"' || !json_string(lexer, f)) return false;
        if (!json_skip_ws(s, lexer, f)) return false;
        if (lexer->lookahead != ':') return false;
        advance(lexer);
        first = false;
        continue;
      }
      first = false;
      if (c == '"') {
        if (!json_string(lexer, f)) return false;
      } else if (c == '-' || is_digit(c)) {
        if (!json_number(lexer)) return false;
      } else if (c == 't') {
        if (!json_literal(lexer, "true")) return false;
      } else if (c == 'f') {
        if (!json_literal(lexer, "false")) return false;
      } else if (c == 'n') {
        if (!json_literal(lexer, "null")) return false;
      } else if (c == '[' || c == '{') {
        if (depth >= JSON_MAX_DEPTH) return false;
        advance(lexer);
        uint8_t bit = (uint8_t)(1u << (depth % 8));
        if (c == '{') {
          stack[depth / 8] = (uint8_t)(stack[depth / 8] | bit);
        } else {
          stack[depth / 8] = (uint8_t)(stack[depth / 8] & ~bit);
        }
        depth++;
        first = true;
        continue;
      } else {
        return false;
      }
      expect_value = false;
      continue;
    }

    /* after a value: `,` or the closing bracket */
    if (c == ',') {
      advance(lexer);
      if (in_object) {
        if (!json_skip_ws(s, lexer, f)) return false;
        if (lexer->lookahead != '"' || !json_string(lexer, f)) return false;
        if (!json_skip_ws(s, lexer, f)) return false;
        if (lexer->lookahead != ':') return false;
        advance(lexer);
      }
      expect_value = true;
      continue;
    }
    if ((c == ']' && !in_object) || (c == '}' && in_object)) {
      advance(lexer);
      depth--;
      if (depth == 0) break;
      continue;
    }
    return false;
  }

  /* only blanks (and continuations) up to the end of the line */
  if (!json_skip_ws(s, lexer, f)) return false;
  if (lexer->lookahead == '\r') return crs_end_line(lexer);
  return lexer->lookahead == '\n' || at_eof(lexer);
}

/* ---- text --------------------------------------------------------------- */

typedef struct {
  bool content;  /* the token holds at least one char */
  bool raw_esc;  /* last consumed char was the escape char */
  bool pending;  /* next char is escaped by a shell backslash */
  bool ws;       /* at a word boundary: last char was unquoted whitespace */
  uint8_t quote;
} TextState;

/* Updates the text state after an escape char (and the blanks and CR in b)
 * turned out not to start a line continuation. */
static void after_plain_escape(TextState *st, int32_t esc, const Blanks *b) {
  bool escaped = st->pending; /* the escape char itself was escaped */
  st->content = true;
  st->pending = false;
  st->raw_esc = false;
  if (b->cr) {
    st->ws = false;
  } else if (b->count == 0) {
    st->raw_esc = true;
    st->ws = false;
    st->pending = esc == '\\' && !escaped && st->quote != QUOTE_SINGLE;
  } else {
    /* `\ ` escapes one blank outside quotes */
    bool escapes_blank = esc == '\\' && !escaped && st->quote == QUOTE_NONE;
    st->ws = st->quote == QUOTE_NONE && (escapes_blank ? b->count >= 2 : true);
  }
}

/* `line_end`: the text runs to the end of the logical line. */
static bool finish_text(Scanner *s, TSLexer *lexer, const TextState *st, bool first,
                        bool line_end) {
  lexer->result_symbol = first ? TEXT_FIRST : TEXT;
  s->quote = st->quote;
  s->prev_ws = st->ws;
  if (line_end) reset_line(s);
  return true;
}

static bool finish_marker(Scanner *s, TSLexer *lexer, const uint8_t *name, const MarkerScan *m) {
  enqueue(s, name, m->len, m->chomp);
  s->quote = QUOTE_NONE;
  s->prev_ws = false;
  lexer->result_symbol = HEREDOC_MARKER;
  return true;
}

/* Scans raw text up to the line end, a line continuation or (when `markers`)
 * a heredoc marker at a word boundary outside quotes. Returns a
 * HEREDOC_MARKER instead when one is found at the very start of the token.
 * `first` selects TEXT_FIRST over TEXT. */
static bool scan_text(Scanner *s, TSLexer *lexer, TextState st, bool first, bool markers) {
  const int32_t esc = s->escape;
  for (;;) {
    int32_t c = lexer->lookahead;
    if (c == '\n' || at_eof(lexer)) break;

    if (c == '\r') {
      lexer->mark_end(lexer);
      if (crs_end_line(lexer)) {
        return st.content && finish_text(s, lexer, &st, first, true);
      }
      st.content = true;
      st.raw_esc = st.pending = st.ws = false;
      continue;
    }

    if (c == esc && !st.raw_esc) {
      lexer->mark_end(lexer);
      advance(lexer);
      Blanks b;
      if (continuation_follows(lexer, &b)) {
        /* st.content holds: scan() handles a continuation at the start */
        return st.content && finish_text(s, lexer, &st, first, false);
      }
      after_plain_escape(&st, esc, &b);
      continue;
    }

    if (st.pending) {
      /* this char is escaped by the preceding backslash */
      advance(lexer);
      st.pending = false;
      st.raw_esc = (c == esc);
      st.ws = false;
      st.content = true;
      continue;
    }

    if (c == '\\' && st.quote != QUOTE_SINGLE) {
      /* a shell escape (the escape char is the backtick here) */
      advance(lexer);
      st.pending = true;
      st.raw_esc = st.ws = false;
      st.content = true;
      continue;
    }

    if (markers && st.quote == QUOTE_NONE && st.ws && (c == '<' || is_digit(c))) {
      bool had_content = st.content;
      if (had_content) lexer->mark_end(lexer); /* text would end before the word */
      uint8_t name[MAX_NAME];
      MarkerScan m = scan_marker(s, lexer, !had_content, name);
      if (m.valid) {
        if (had_content) return finish_text(s, lexer, &st, first, false);
        return finish_marker(s, lexer, name, &m);
      }
      st.content = true;
      st.quote = m.quote;
      st.raw_esc = m.raw_esc;
      st.pending = m.pending;
      st.ws = false;
      /* At a continuation, the text ends before the word (had_content) or
       * before the escape char (marked by scan_marker). */
      if (m.at_cont) return finish_text(s, lexer, &st, first, false);
      continue;
    }

    if (st.quote == QUOTE_NONE && c == '<') {
      /* `<<` glues the blanks after it into the same shell word */
      advance(lexer);
      st.content = true;
      st.raw_esc = st.ws = false;
      if (lexer->lookahead == '<') {
        advance(lexer);
        while (is_blank(lexer->lookahead)) advance(lexer);
      }
      continue;
    }

    if (c == '\'' && st.quote != QUOTE_DOUBLE) {
      st.quote = st.quote == QUOTE_SINGLE ? QUOTE_NONE : QUOTE_SINGLE;
      st.ws = false;
    } else if (c == '"' && st.quote != QUOTE_SINGLE) {
      st.quote = st.quote == QUOTE_DOUBLE ? QUOTE_NONE : QUOTE_DOUBLE;
      st.ws = false;
    } else {
      st.ws = st.quote == QUOTE_NONE && is_blank(c);
    }
    st.raw_esc = false;
    st.content = true;
    advance(lexer);
  }
  lexer->mark_end(lexer);
  return st.content && finish_text(s, lexer, &st, first, true);
}

/* ---- heredoc bodies ----------------------------------------------------- */

/* At the start of a line: consumes it as far as needed to tell whether it is
 * the terminator of the front heredoc (optional leading tabs for `<<-`, the
 * name, then only CRs up to the newline or EOF; BuildKit compares the line
 * with its trailing CR/LF trimmed). With `mark`, the token end is marked
 * right after the name. */
static bool match_terminator(Scanner *s, TSLexer *lexer, bool mark) {
  const uint8_t *rec = front(s);
  const uint8_t *name = rec + RECORD_HEADER;
  uint16_t len = record_name_len(rec);
  if (rec[0] & HD_CHOMP) {
    while (lexer->lookahead == '\t') advance(lexer);
  }
  uint16_t i = 0;
  while (i < len) {
    if (lexer->lookahead == '\n' || at_eof(lexer)) return false;
    uint8_t buf[4];
    uint16_t n = 0;
    put_utf8(buf, &n, sizeof buf, lexer->lookahead);
    if (n > len - i || memcmp(buf, name + i, n) != 0) return false;
    i = (uint16_t)(i + n);
    advance(lexer);
  }
  if (mark) lexer->mark_end(lexer);
  while (lexer->lookahead == '\r') advance(lexer);
  return lexer->lookahead == '\n' || at_eof(lexer);
}

static bool scan_heredoc_body(Scanner *s, TSLexer *lexer, const bool *valid) {
  bool any = false;
  for (;;) {
    if (at_eof(lexer)) {
      if (any) {
        if (!valid[HEREDOC_CONTENT]) return false;
        lexer->mark_end(lexer);
        lexer->result_symbol = HEREDOC_CONTENT;
        return true;
      }
      if (!valid[HEREDOC_END]) return false;
      /* unterminated: zero-width end at EOF */
      lexer->mark_end(lexer);
      dequeue(s);
      reset_line(s);
      lexer->result_symbol = HEREDOC_END;
      return true;
    }
    if (any) lexer->mark_end(lexer);
    bool terminator = match_terminator(s, lexer, !any);
    if (terminator) {
      if (any) {
        if (!valid[HEREDOC_CONTENT]) return false;
        lexer->result_symbol = HEREDOC_CONTENT;
        return true;
      }
      if (!valid[HEREDOC_END]) return false;
      dequeue(s);
      reset_line(s);
      lexer->result_symbol = HEREDOC_END;
      return true;
    }
    while (lexer->lookahead != '\n' && !at_eof(lexer)) advance(lexer);
    if (lexer->lookahead == '\n') advance(lexer);
    any = true;
  }
}

/* At a `\r` or `\n` (or EOF) when heredocs are pending: the newline after
 * which their bodies start. */
static bool scan_heredoc_newline(Scanner *s, TSLexer *lexer) {
  if (lexer->lookahead == '\r' && !crs_end_line(lexer)) return false;
  if (lexer->lookahead == '\n') advance(lexer);
  lexer->mark_end(lexer);
  front(s)[0] |= HD_STARTED;
  s->quote = QUOTE_NONE;
  s->prev_ws = true;
  lexer->result_symbol = HEREDOC_NEWLINE;
  return true;
}

/* ---- parser directives -------------------------------------------------- */

static inline int32_t lower(int32_t c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

static inline bool is_directive_space(int32_t c) {
  return c == ' ' || c == '\t' || c == '\f';
}

/* `#` ws* key ws* `=` ws* value ws*, key in {syntax, escape, check} (case
 * insensitive), value non-empty. Token: from `#` to the end of the line
 * without its newline. */
static bool scan_directive(Scanner *s, TSLexer *lexer) {
  advance(lexer); /* `#` */
  while (is_directive_space(lexer->lookahead)) advance(lexer);
  char key[8];
  unsigned n = 0;
  int32_t c = lexer->lookahead;
  if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
  while ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c)) {
    if (n == sizeof key) return false;
    key[n++] = (char)lower(c);
    advance(lexer);
    c = lexer->lookahead;
  }
  bool is_escape = n == 6 && memcmp(key, "escape", 6) == 0;
  bool known = is_escape || (n == 6 && memcmp(key, "syntax", 6) == 0) ||
               (n == 5 && memcmp(key, "check", 5) == 0);
  if (!known) return false;
  while (is_directive_space(lexer->lookahead)) advance(lexer);
  if (lexer->lookahead != '=') return false;
  advance(lexer);

  /* value: everything to the end of the line; remember its trimmed form
   * only as far as needed for the escape character */
  unsigned chars = 0;    /* chars of the value, blanks included */
  unsigned nonblank = 0; /* non-blank chars */
  int32_t first_nonblank = 0;
  for (;;) {
    c = lexer->lookahead;
    if (c == '\n' || at_eof(lexer)) {
      lexer->mark_end(lexer);
      break;
    }
    if (c == '\r') {
      lexer->mark_end(lexer);
      if (crs_end_line(lexer)) break;
      chars++;
      continue;
    }
    if (!is_directive_space(c)) {
      if (nonblank++ == 0) first_nonblank = c;
    }
    chars++;
    advance(lexer);
  }
  if (chars == 0) return false;
  if (is_escape && nonblank == 1 && (first_nonblank == '`' || first_nonblank == '\\')) {
    s->escape = (uint8_t)first_nonblank;
  }
  lexer->result_symbol = PARSER_DIRECTIVE;
  return true;
}

/* ---- entry points ------------------------------------------------------- */

static void reset(Scanner *s) {
  s->escape = '\\';
  s->quote = QUOTE_NONE;
  s->prev_ws = false;
  s->cont_ws = false;
  s->after_break = false;
  s->count = 0;
  s->used = 0;
}

void *tree_sitter_dockerfile_external_scanner_create(void) {
  Scanner *s = malloc(sizeof(Scanner));
  if (s) reset(s);
  return s;
}

void tree_sitter_dockerfile_external_scanner_destroy(void *payload) { free(payload); }

unsigned tree_sitter_dockerfile_external_scanner_serialize(void *payload, char *buffer) {
  Scanner *s = payload;
  buffer[0] = (char)s->escape;
  buffer[1] = (char)(s->quote | (s->prev_ws ? 4 : 0) | (s->cont_ws ? 8 : 0) |
                     (s->after_break ? 16 : 0));
  buffer[2] = (char)s->count;
  memcpy(buffer + HEADER_SIZE, s->queue, s->used);
  return (unsigned)(HEADER_SIZE + s->used);
}

void tree_sitter_dockerfile_external_scanner_deserialize(void *payload, const char *buffer,
                                                         unsigned length) {
  Scanner *s = payload;
  reset(s);
  if (buffer == NULL || length < HEADER_SIZE) return;
  uint8_t esc = (uint8_t)buffer[0];
  s->escape = esc == '`' ? '`' : '\\';
  s->quote = (uint8_t)(buffer[1] & 3);
  if (s->quote > QUOTE_DOUBLE) s->quote = QUOTE_NONE;
  s->prev_ws = (buffer[1] & 4) != 0;
  s->cont_ws = (buffer[1] & 8) != 0;
  s->after_break = (buffer[1] & 16) != 0;
  unsigned used = length - HEADER_SIZE;
  if (used > QUEUE_CAPACITY) used = QUEUE_CAPACITY;
  memcpy(s->queue, buffer + HEADER_SIZE, used);
  /* keep only complete records */
  unsigned count = (uint8_t)buffer[2], pos = 0, kept = 0;
  while (kept < count && pos + RECORD_HEADER <= used) {
    unsigned size = RECORD_HEADER + record_name_len(s->queue + pos);
    if (pos + size > used) break;
    pos += size;
    kept++;
  }
  s->count = (uint8_t)kept;
  s->used = (uint16_t)pos;
}

/* After a line continuation (its lines consumed): `skipped` blanks preceded
 * its escape char. */
static bool finish_continuation_token(Scanner *s, TSLexer *lexer, bool skipped,
                                      const bool *valid) {
  lexer->result_symbol = LINE_CONTINUATION;
  if (at_eof(lexer)) {
    reset_line(s); /* the file, so the logical line, ends here */
    return true;
  }
  /* prev_ws is only read for shell text; elsewhere cont_ws tells the same */
  if (!valid[TEXT]) {
    s->prev_ws = false;
  } else if (skipped) {
    s->prev_ws = true;
  }
  s->cont_ws = skipped;
  return true;
}

/* Called with the escape char as lookahead, after `skipped` blanks. */
static bool scan_continuation(Scanner *s, TSLexer *lexer, bool skipped, Blanks *b,
                              const bool *valid) {
  advance(lexer);
  if (!continuation_follows(lexer, b)) return false;
  finish_continuation(lexer, true);
  return finish_continuation_token(s, lexer, skipped, valid);
}

/* ---- escape chars in DFA-lexed words ------------------------------------ */

static bool any_word_token(const bool *valid) {
  return valid[ESCAPE] || valid[IMMEDIATE_ESCAPE] || valid[ESCAPED_BLANK] || valid[LITERAL] ||
         valid[IMMEDIATE_LITERAL];
}

/* Whether a word token here starts a new word (ESCAPE, LITERAL) rather than
 * continuing one (the IMMEDIATE_ variants, ESCAPED_BLANK): after blanks, or at
 * the start of a line after a continuation preceded by blanks. Sets *ok to
 * false when no token of the chosen kind is valid. The column is only asked
 * for after a continuation preceded by blanks. */
static bool word_start(Scanner *s, TSLexer *lexer, const bool *valid, bool skipped, bool *ok) {
  const bool start_valid = valid[ESCAPE] || valid[LITERAL];
  const bool more_valid =
      valid[IMMEDIATE_ESCAPE] || valid[IMMEDIATE_LITERAL] || valid[ESCAPED_BLANK];
  bool start = skipped;
  if (!skipped && start_valid && s->cont_ws) start = lexer->get_column(lexer) == 0;
  *ok = start ? start_valid : more_valid;
  return start;
}

/* Called after a word token ending in the escape char (its end marked): an
 * escape char right after it is no line continuation for BuildKit, whose
 * regexp wants a char other than the escape char before the continuation
 * (`C:\app\\\` is a path; so is ``` under `# escape=``). It joins the
 * token, with the char it escapes (`escapes`: not in single quotes) or, where
 * an escaped blank continues the word (`blank_ok`), the blank. */
static void take_escape_after_escape(Scanner *s, TSLexer *lexer, bool escapes, bool blank_ok) {
  while (lexer->lookahead == s->escape) {
    advance(lexer);
    lexer->mark_end(lexer);
    const int32_t c = lexer->lookahead;
    if (is_blank(c)) {
      /* an escaped blank, unless only blanks follow up to the line end */
      if (!blank_ok) return;
      advance(lexer);
      const int32_t after = lexer->lookahead;
      if (!is_blank(after) && after != '\n' && after != '\r' && !at_eof(lexer)) {
        lexer->mark_end(lexer);
      }
      return;
    }
    if (c == '\n' || c == '\r' || at_eof(lexer)) return;
    if (escapes) {
      advance(lexer); /* the escaped char */
      lexer->mark_end(lexer);
      if (c != s->escape) return;
    }
  }
}

/* At the escape char, where DFA-lexed words are valid and shell text is not:
 * a line continuation, ESCAPE, ESCAPED_BLANK or a LITERAL escape char. */
static bool scan_word_escape(Scanner *s, TSLexer *lexer, const bool *valid, bool skipped) {
  bool ok;
  const bool start = word_start(s, lexer, valid, skipped, &ok);
  const int esc_sym = start ? ESCAPE : IMMEDIATE_ESCAPE;
  const int lit_sym = start ? LITERAL : IMMEDIATE_LITERAL;
  const bool blank_ok = !start && valid[ESCAPED_BLANK];

  advance(lexer); /* the escape char */
  lexer->mark_end(lexer);
  const int32_t next = lexer->lookahead;
  if (is_blank(next)) {
    if (blank_ok) {
      advance(lexer);
      lexer->mark_end(lexer);
    }
    while (is_blank(lexer->lookahead)) advance(lexer);
  }
  bool cont = lexer->lookahead == '\n' || at_eof(lexer);
  if (lexer->lookahead == '\r') cont = crs_end_line(lexer);
  if (cont) {
    finish_continuation(lexer, true);
    return finish_continuation_token(s, lexer, skipped, valid);
  }
  if (!ok) return false;
  s->cont_ws = false; /* a word is under way on this line */
  if (is_blank(next) && blank_ok) {
    lexer->result_symbol = ESCAPED_BLANK;
    return true;
  }
  if (is_blank(next) || next == '\r' || !valid[esc_sym]) {
    /* The escape char alone: before a blank (a word end in FROM/COPY words)
     * or a lone CR, or where it escapes nothing (single quotes). */
    if (!valid[lit_sym]) return false;
    lexer->result_symbol = lit_sym;
    if (!is_blank(next) && next != '\r') take_escape_after_escape(s, lexer, false, false);
    return true;
  }
  advance(lexer); /* the escaped char */
  lexer->mark_end(lexer);
  lexer->result_symbol = esc_sym;
  if (next == s->escape) take_escape_after_escape(s, lexer, true, valid[ESCAPED_BLANK]);
  return true;
}

/* At the one of `\` and `` ` `` that is not the escape char, in a word. */
static bool scan_word_literal(Scanner *s, TSLexer *lexer, const bool *valid, bool skipped) {
  bool ok;
  const bool start = word_start(s, lexer, valid, skipped, &ok);
  const int sym = start ? LITERAL : IMMEDIATE_LITERAL;
  if (!ok || !valid[sym]) return false;
  advance(lexer);
  lexer->mark_end(lexer);
  s->cont_ws = false;
  lexer->result_symbol = sym;
  return true;
}

/* A zero-width WORD_BREAK (its end is marked). */
static bool finish_word_break(Scanner *s, TSLexer *lexer) {
  s->after_break = true;
  lexer->result_symbol = WORD_BREAK;
  return true;
}

static bool pending_unstarted(const Scanner *s) {
  return s->count > 0 && !(s->queue[0] & HD_STARTED);
}

static bool scan_error_mode(Scanner *s, TSLexer *lexer, const bool *valid) {
  if (s->count > 0 && (front(s)[0] & HD_STARTED)) return scan_heredoc_body(s, lexer, valid);
  bool skipped = false;
  while (is_sep(lexer->lookahead)) {
    lexer->advance(lexer, true);
    skipped = true;
  }
  int32_t c = lexer->lookahead;
  if (pending_unstarted(s) && (c == '\n' || c == '\r' || at_eof(lexer))) {
    return scan_heredoc_newline(s, lexer);
  }
  Blanks b;
  if (c == s->escape) return scan_continuation(s, lexer, skipped, &b, valid);
  return false;
}

/* ---- ENV / LABEL: pairs or the legacy form ------------------------------- */

/* Go's unicode.IsSpace. */
static bool is_go_space(int32_t c) {
  return c == ' ' || (c >= '\t' && c <= '\r') || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
         c == 0x205F || c == 0x3000;
}

/* At the first argument of ENV or LABEL: BuildKit's parseNameVal takes the
 * legacy form (`ENV key value`: key up to the first blank, value the rest of
 * the line) when the first word, split as parseWords splits (quotes and the
 * escape char keep blanks in it), holds no `=`; pairs otherwise. Reads that
 * word across line continuations and returns a zero-width PAIRS_FORM or
 * LEGACY_FORM; a continuation before the word is returned as such. */
static bool scan_env_form(Scanner *s, TSLexer *lexer, const bool *valid, bool skipped) {
  const int32_t esc = s->escape;
  lexer->mark_end(lexer);
  if (lexer->lookahead != esc && is_go_space(lexer->lookahead)) return false;
  int32_t quote = 0;
  bool started = false;
  bool legacy = true;
  for (;;) {
    const int32_t c = lexer->lookahead;
    if (c == '\n' || at_eof(lexer)) break;
    if (c == esc) {
      advance(lexer);
      Blanks b;
      if (continuation_follows(lexer, &b)) {
        if (!started) {
          finish_continuation(lexer, true);
          return finish_continuation_token(s, lexer, skipped, valid);
        }
        finish_continuation(lexer, false); /* the word goes on on the next line */
        continue;
      }
      started = true;
      if (quote == '\'') continue;           /* literal; what follows is read as usual */
      if (b.count >= 2 && quote == 0) break; /* an escaped blank, then the word end */
      if (b.count > 0 || b.cr) continue;     /* an escaped blank or CR */
      if (lexer->lookahead == '=') {         /* an escaped `=` counts too */
        legacy = false;
        break;
      }
      advance(lexer); /* the escaped char */
      continue;
    }
    started = true;
    if (c == '\r') {
      advance(lexer);
      if (lexer->lookahead == '\n' || (quote == 0)) break;
      continue;
    }
    if (c == '=') {
      legacy = false;
      break;
    }
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (is_go_space(c)) {
      break;
    } else if (c == '\'' || c == '"') {
      quote = c;
    }
    advance(lexer);
  }
  if (!started) return false;
  lexer->result_symbol = legacy ? LEGACY_FORM : PAIRS_FORM;
  return true;
}

bool tree_sitter_dockerfile_external_scanner_scan(void *payload, TSLexer *lexer,
                                                  const bool *valid) {
  Scanner *s = payload;
  if (valid[ERROR_SENTINEL]) return scan_error_mode(s, lexer, valid);

  /* Heredoc bodies: no blank skipping, no continuations. */
  if ((valid[HEREDOC_CONTENT] || valid[HEREDOC_END]) && s->count > 0 &&
      (front(s)[0] & HD_STARTED)) {
    return scan_heredoc_body(s, lexer, valid);
  }

  bool skipped = false;
  while (is_sep(lexer->lookahead)) {
    lexer->advance(lexer, true);
    skipped = true;
  }
  const int32_t c = lexer->lookahead;
  const bool line_end = c == '\n' || c == '\r' || at_eof(lexer);
  const bool after_break = s->after_break;
  s->after_break = false; /* kept only if a WORD_BREAK is returned */

  if (valid[PAIRS_FORM] && valid[LEGACY_FORM] && !line_end) {
    return scan_env_form(s, lexer, valid, skipped);
  }

  /* The argument text of an instruction starts after blanks, or at the start
   * of a line after a continuation; never right after a DFA token (`--mount=`
   * then its value, `ENV KEY` then `=value`). The column is only asked for in
   * this rare case (it marks the token as column-dependent). */
  bool first_ok = valid[TEXT_FIRST];
  if (first_ok && !skipped && !line_end) {
    first_ok = c != '=' && s->cont_ws && lexer->get_column(lexer) == 0;
  }
  const bool want_text = first_ok || valid[TEXT];
  /* An escape char in a DFA-lexed word (never where shell text is valid). */
  const bool word_esc = !want_text && (c == '\\' || c == '`') && any_word_token(valid);

  /* A word at the start of a line after `word \` (checked below). */
  const bool break_here = valid[WORD_BREAK] && !after_break && !skipped && !line_end &&
                          c != s->escape && s->cont_ws;

  /* Fast path: nothing but a line continuation is of interest here. */
  if (c != s->escape && !want_text && !word_esc && !line_end && !break_here &&
      !valid[HEREDOC_MARKER] && !valid[PARSER_DIRECTIVE] && !valid[JSON_ARRAY_START]) {
    return false;
  }
  if (word_esc) {
    if (c == s->escape) return scan_word_escape(s, lexer, valid, skipped);
    return scan_word_literal(s, lexer, valid, skipped);
  }
  /* The DFA would lex that word as the continuation of `word`: a zero-width
   * WORD_BREAK comes first. Shell text decides for itself (but a flag, `--`,
   * is no text: see below). */
  const bool break_at = break_here && lexer->get_column(lexer) == 0;
  if (break_at && !want_text) {
    lexer->mark_end(lexer);
    return finish_word_break(s, lexer);
  }

  const bool first = !valid[TEXT];
  const bool markers = valid[HEREDOC_MARKER];
  TextState st = {false, false, false, true, QUOTE_NONE};
  if (valid[TEXT_FIRST]) {
    st.ws = first_ok || skipped;
  } else if (valid[TEXT]) {
    /* a later fragment of the logical line */
    st.ws = skipped || s->prev_ws;
    st.quote = s->quote;
  } else {
    /* COPY/ADD arguments: a word starts after blanks, or at the start of a
     * line after a continuation preceded by blanks */
    st.ws = skipped || (markers && (c == '<' || is_digit(c)) && s->cont_ws &&
                        lexer->get_column(lexer) == 0);
  }

  if (c == s->escape) {
    Blanks b;
    if (scan_continuation(s, lexer, skipped, &b, valid)) return true;
    if (!want_text) return false;
    /* The escape char starts ordinary text. */
    after_plain_escape(&st, s->escape, &b);
    return scan_text(s, lexer, st, first, markers);
  }

  if (line_end) {
    if (valid[HEREDOC_NEWLINE] && pending_unstarted(s)) {
      if (c == '\r') {
        if (!crs_end_line(lexer)) {
          /* a lone CR is text */
          if (!want_text) return false;
          st.content = true;
          st.ws = false;
          return scan_text(s, lexer, st, first, markers);
        }
      }
      return scan_heredoc_newline(s, lexer);
    }
    /* Zero-width tokens at the end of the logical line (\n, \r\n or EOF). */
    lexer->mark_end(lexer);
    bool crs_at_eof = false;
    if (c == '\r') {
      if (!crs_end_line(lexer)) {
        if (!want_text) {
          /* A lone CR between words: white space for BuildKit's splitters,
           * so a WORD_BREAK (holding the CRs) where a word may follow. */
          if (!valid[WORD_BREAK]) return false;
          lexer->mark_end(lexer);
          return finish_word_break(s, lexer);
        }
        /* a lone CR is text */
        st.content = true;
        st.ws = false;
        return scan_text(s, lexer, st, first, markers);
      }
      crs_at_eof = at_eof(lexer);
    }
    if (valid[UNCLOSED_QUOTE]) {
      reset_line(s);
      lexer->result_symbol = UNCLOSED_QUOTE;
      return true;
    }
    if (valid[LINE_END] && (after_break || crs_at_eof || !line_state_canonical(s)) &&
        !pending_unstarted(s)) {
      /* CRs at the end of the file end the line too (BuildKit's trimNewline) */
      if (crs_at_eof) lexer->mark_end(lexer);
      reset_line(s);
      lexer->result_symbol = LINE_END;
      return true;
    }
    return false;
  }

  if (c == '#' && valid[PARSER_DIRECTIVE]) return scan_directive(s, lexer);

  if (c == '[' && valid[JSON_ARRAY_START]) {
    advance(lexer);
    lexer->mark_end(lexer);
    JsonFail f = {false, false, false};
    if (json_array_rest(s, lexer, &f)) {
      lexer->result_symbol = JSON_ARRAY_START;
      return true;
    }
    if (!want_text) return false;
    st.content = true;
    st.ws = false;
    if (f.crossed) {
      /* The end of the first fragment can no longer be marked: return the
       * `[` alone (marked above); the rest of the line follows as TEXT. */
      return finish_text(s, lexer, &st, first, false);
    }
    st.quote = f.in_string ? QUOTE_DOUBLE : QUOTE_NONE;
    st.pending = f.after_bs;
    return scan_text(s, lexer, st, first, markers);
  }

  if (markers && st.ws && (c == '<' || is_digit(c))) {
    if (want_text) return scan_text(s, lexer, st, first, true);
    uint8_t name[MAX_NAME];
    MarkerScan m = scan_marker(s, lexer, true, name);
    if (m.valid) return finish_marker(s, lexer, name, &m);
    return false;
  }

  if (!want_text) return false;

  if (first) {
    if (c == '-') {
      if (break_at) lexer->mark_end(lexer);
      advance(lexer);
      if (lexer->lookahead == '-') {
        /* a flag */
        if (break_at) return finish_word_break(s, lexer);
        return false;
      }
      st.content = true;
      st.ws = false;
    }
  }
  return scan_text(s, lexer, st, first, markers);
}
