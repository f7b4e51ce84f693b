/**
 * whalesafe's Dockerfile grammar, in tree-sitter's standard grammar DSL.
 *
 * Design notes (why the grammar looks the way it does):
 *
 * - Everything whose meaning depends on the escape character in force (line
 *   continuations, the coarse text of shell-form commands, heredocs) or on
 *   looking far ahead (is `[ ... ]` a valid JSON array or shell text?) is
 *   lexed by the external scanner in src/scanner.c. Its serialized state holds
 *   the escape character and the queue of pending heredocs.
 * - Shell text is one token per physical line ("coarse"): its structure comes
 *   from tree-sitter-bash, parsed separately by the analysis layer. Coarse
 *   tokens keep the Dockerfile parse fast.
 * - Instruction keywords are extracted from the `word` token, so `RUNNER x`
 *   is an unknown instruction, not `RUN` followed by `NER x`.
 * - Comments are whole lines. A `#` later in a line is ordinary text, as in
 *   BuildKit.
 * - Words (image names, paths, keys, values, flag values) are DFA tokens, but
 *   the escape char is not: it is `\` or `` ` `` depending on the escape
 *   directive, which only the scanner knows. So no DFA word token contains a
 *   backslash or a backtick; the scanner lexes both (`_escape`: the escape
 *   char and the char it escapes, `_escaped_blank`, `_literal`: the other
 *   one, or the escape char where it escapes nothing). Since every token start
 *   consults the scanner first, an escape char followed by blanks and a line
 *   end is always seen as a line continuation, even right after a word.
 *   Flag values are the exception: BuildKit's flag splitter always escapes
 *   with a backslash, so the DFA lexes backslash pairs there.
 * - White space: BuildKit splits FROM/COPY/EXPOSE... arguments on ASCII blanks
 *   only, but ENV/LABEL/ARG words on any Unicode space (Go's
 *   unicode.IsSpace). Words therefore exclude ASCII white space only, except
 *   ENV/LABEL/ARG keys and values, which also end at the non-ASCII spaces
 *   (`_unicode_space` separates those words).
 * - `word \` + newline + `next`: BuildKit keeps the blank before the escape
 *   char, so `next` is a new word even at column 1, where the DFA would lex
 *   it as the continuation of `word`. The scanner emits a zero-width
 *   `_word_break` there, wherever a word may follow another one.
 */

// Case-insensitive keyword pattern: /[Ff][Rr][Oo][Mm]/.
const ci = (word) =>
  new RegExp(
    word
      .split('')
      .map((c) => (/[a-z]/i.test(c) ? `[${c.toUpperCase()}${c.toLowerCase()}]` : c))
      .join(''),
  );

const keyword = (word) => alias(ci(word), word);

// Character classes (inside [...]) of the word tokens.
// ASCII white space ends every word (BuildKit: [\t\v\f\r ] and the line end).
const WS = ' \\t\\r\\n\\v\\f';
// Go's unicode.IsSpace beyond ASCII: these also end ENV/LABEL/ARG words.
const USP = '\\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
// The two escape chars, lexed by the scanner (or, in flag values, as DFA pairs).
const ESC = '\\\\`';

// One or more chars not in the given classes.
const run = (...excluded) => new RegExp(`[^${excluded.join('')}]+`);

// One or more words (and separators), with `_word_break`s between them.
const words = ($, ...items) => seq(choice(...items), repeat(choice(...items, $._word_break)));

// The rest of a double-quoted string after its opening quote.
const dq_rest = ($) => [
  repeat(
    choice(
      token.immediate(run('"$\\r\\n', ESC)),
      $._spaced_immediate_expansion,
      $._immediate_dollar,
      $._immediate_escape,
      $._immediate_literal,
      $._escaped_blank,
    ),
  ),
  choice(token.immediate('"'), $._unclosed_quote),
];

// The rest of a single-quoted string after its opening quote.
const sq_rest = ($) => [
  repeat(choice(token.immediate(run("'\\r\\n", ESC)), $._immediate_literal)),
  choice(token.immediate("'"), $._unclosed_quote),
];

// A variable name after `$` or `${`: a name, or one of BuildKit's special parameters
// (`$1`, `$@`, `$$`, ...; they expand to nothing). It has lexical precedence over the word
// text around it, so `$abc/x` is a reference to `abc`; a `$` followed by anything else is a
// literal `$` (BuildKit keeps it: `ENV a=$` is `$`).
const VARIABLE = /[A-Za-z_][A-Za-z0-9_]*|[0-9]+|[@*#?$!-]/;

// `name` or `{name}`, `{name<op>}`, `{name<op>argument}` after a `$`.
const expansion_body = ($, argument) =>
  choice(
    field('name', alias(token.immediate(prec(1, VARIABLE)), $.variable)),
    seq(
      token.immediate(prec(1, '{')),
      field('name', alias(token.immediate(prec(1, VARIABLE)), $.variable)),
      optional(
        seq(
          field('operator', alias(token.immediate(/:?[-+?]|##?|%%?|\/\/?|:/), $.expansion_operator)),
          optional(field('argument', alias(argument, $.expansion_argument))),
        ),
      ),
      token.immediate('}'),
    ),
  );

module.exports = grammar({
  name: 'dockerfile',

  // BuildKit's splitters take \v and \f for blanks too (a lone CR: see _word_break).
  extras: ($) => [/[ \t\v\f]/, $.line_continuation, $._line_end],

  externals: ($) => [
    $.line_continuation,
    $.parser_directive,
    $._text_first,
    $._text,
    $.heredoc_marker,
    $._heredoc_newline,
    $.heredoc_content,
    $.heredoc_end,
    $._json_array_start,
    $._escape,
    $._immediate_escape,
    $._escaped_blank,
    $._literal,
    $._immediate_literal,
    $._unclosed_quote,
    $._line_end,
    $._word_break,
    $._pairs_form,
    $._legacy_form,
    $._error_sentinel,
  ],

  word: ($) => $.unknown_keyword,

  rules: {
    // The top level is grouped in segments that each end with a FROM line,
    // chained by left recursion instead of repetitions. Why: tree-sitter 0.20
    // marks every inner node of a repetition "fragile" (its reductions share
    // a parse-table entry with the repetition's SHIFT_REPEAT action), and an
    // incremental reparse never reuses a fragile node, nor any node whose
    // first or last child is one. A left-recursive chain has one action per
    // entry: after an edit, everything before it is reused as one node and
    // every later segment as one node, instead of re-shifting every line of
    // the file. A segment ends with its FROM line (rather than starting with
    // it) so that after any complete segment every kind of line is valid:
    // a broken FROM line then recovers as an ERROR of its own. All grouping
    // rules are hidden: the visible tree is the flat list of instructions and
    // comments. See docs/performance.md.
    source_file: ($) =>
      seq(
        repeat(seq($.parser_directive, $._newline)),
        optional($._segments),
        optional($._lines),
        optional($._last_line),
      ),

    _segments: ($) => choice($._segment, seq($._segments, $._segment)),

    // The lines after the previous FROM (or the start), and the next FROM line.
    _segment: ($) => seq(optional($._lines), $.from_instruction, $._newline),

    // Lines terminated by a line feed, FROM lines excepted.
    _lines: ($) => choice($._line, seq($._lines, $._line)),

    _line: ($) => choice(seq($._plain_instruction, $._newline), seq($.comment, $._newline), $._newline),

    // The last line of a file that does not end with a line feed.
    _last_line: ($) => choice($.from_instruction, $._plain_instruction, $.comment),

    // BuildKit drops every CR before a line feed (trimNewline).
    _newline: (_) => /\r*\n/,

    // A lone CR is part of the comment line (BuildKit splits lines at line feeds only); the CRs
    // before the line feed are not.
    comment: (_) => /#([^\r\n]|\r+[^\r\n])*/,

    // Any instruction, as ONBUILD wraps it.
    _instruction: ($) => choice($.from_instruction, $._plain_instruction),

    _plain_instruction: ($) =>
      choice(
        $.run_instruction,
        $.cmd_instruction,
        $.label_instruction,
        $.maintainer_instruction,
        $.expose_instruction,
        $.env_instruction,
        $.add_instruction,
        $.copy_instruction,
        $.entrypoint_instruction,
        $.volume_instruction,
        $.user_instruction,
        $.workdir_instruction,
        $.arg_instruction,
        $.onbuild_instruction,
        $.stopsignal_instruction,
        $.healthcheck_instruction,
        $.shell_instruction,
        $.unknown_instruction,
      ),

    // ---- FROM -------------------------------------------------------------

    from_instruction: ($) =>
      seq(
        field('keyword', keyword('FROM')),
        repeat(choice(field('flag', $.flag), $._word_break)),
        field('image', $.image_spec),
        optional(seq(optional($._word_break), keyword('AS'), field('name', $.image_alias))),
      ),

    image_spec: ($) =>
      seq(
        field('name', $.image_name),
        optional(seq(token.immediate(':'), field('tag', $.image_tag))),
        optional(seq(token.immediate('@'), field('digest', $.image_digest))),
      ),

    // A registry port (`host:5000/path`) stays in the name.
    image_name: ($) =>
      seq(
        choice(
          new RegExp(`[^${WS}:@$${ESC}-]([^${WS}:@$${ESC}]|:[0-9]+\\/)*`),
          $.expansion,
          '$',
          $._escape,
          $._literal,
        ),
        repeat(
          choice(
            token.immediate(new RegExp(`([^${WS}:@$${ESC}]|:[0-9]+\\/)+`)),
            $._immediate_expansion, $._immediate_dollar,
            $._immediate_escape,
            $._immediate_literal,
          ),
        ),
      ),

    image_tag: ($) =>
      repeat1(
        choice(
          token.immediate(run(WS, '@$', ESC)),
          $._immediate_expansion, $._immediate_dollar,
          $._immediate_escape,
          $._immediate_literal,
        ),
      ),

    image_digest: ($) =>
      repeat1(
        choice(token.immediate(run(WS, '$', ESC)), $._immediate_expansion, $._immediate_dollar, $._immediate_escape, $._immediate_literal),
      ),

    image_alias: ($) =>
      seq(
        choice(run(WS, '$', ESC), $.expansion,
          '$', $._escape, $._literal),
        repeat(
          choice(token.immediate(run(WS, '$', ESC)), $._immediate_expansion, $._immediate_dollar, $._immediate_escape, $._immediate_literal),
        ),
      ),

    // ---- Flags: --name or --name=value ------------------------------------

    // A bare `--` ends the flags, as in BuildKit.
    flag: ($) =>
      seq(
        '--',
        optional(
          seq(
            field('name', alias(token.immediate(/[A-Za-z][A-Za-z0-9_-]*/), $.flag_name)),
            optional(seq(token.immediate('='), optional(field('value', $.flag_value)))),
          ),
        ),
      ),

    // BuildKit's flag splitter (extractBuilderFlags) escapes with a backslash
    // whatever the escape directive says, in and out of quotes, and takes a
    // backtick literally. The scanner still sees line continuations first.
    flag_value: ($) =>
      repeat1(
        choice(
          token.immediate(run(WS, '$"\'', ESC)),
          token.immediate(/\\[^\r\n]?/),
          token.immediate('`'),
          $._immediate_expansion, $._immediate_dollar,
          alias($._flag_double_quoted_string, $.double_quoted_string),
          alias($._flag_single_quoted_string, $.single_quoted_string),
        ),
      ),

    _flag_double_quoted_string: ($) =>
      seq(
        alias(token.immediate('"'), '"'),
        repeat(
          choice(
            token.immediate(run('"$\\r\\n', ESC)),
            token.immediate(/\\[^\r\n]?/),
            token.immediate('`'),
            $._spaced_immediate_expansion,
            $._immediate_dollar,
          ),
        ),
        choice(token.immediate('"'), $._unclosed_quote),
      ),

    _flag_single_quoted_string: ($) =>
      seq(
        alias(token.immediate("'"), "'"),
        repeat(choice(token.immediate(run("'\\r\\n", ESC)), token.immediate(/\\[^\r\n]?/), token.immediate('`'))),
        choice(token.immediate("'"), $._unclosed_quote),
      ),

    // ---- Shell-form and exec-form commands --------------------------------

    run_instruction: ($) =>
      seq(
        field('keyword', keyword('RUN')),
        repeat(choice(field('flag', $.flag), $._word_break)),
        optional(choice(field('command', $.json_string_array), $._shell_with_heredocs)),
      ),

    cmd_instruction: ($) =>
      seq(field('keyword', keyword('CMD')), repeat(choice(field('flag', $.flag), $._word_break)), optional($._command)),

    entrypoint_instruction: ($) =>
      seq(field('keyword', keyword('ENTRYPOINT')), repeat(choice(field('flag', $.flag), $._word_break)), optional($._command)),

    shell_instruction: ($) =>
      seq(field('keyword', keyword('SHELL')), repeat(choice(field('flag', $.flag), $._word_break)), optional($._command)),

    _command: ($) =>
      choice(field('command', $.json_string_array), field('command', $.shell_command)),

    _shell_with_heredocs: ($) =>
      seq(
        field('command', alias($._shell_command_with_markers, $.shell_command)),
        repeat(seq($._heredoc_newline, field('heredoc', $.heredoc))),
      ),

    // Shell text, one coarse fragment per physical line.
    shell_command: ($) =>
      seq(alias($._text_first, $.shell_fragment), repeat(alias($._text, $.shell_fragment))),

    _shell_command_with_markers: ($) =>
      seq(
        choice(alias($._text_first, $.shell_fragment), $.heredoc_marker),
        repeat(choice(alias($._text, $.shell_fragment), $.heredoc_marker)),
      ),

    heredoc: ($) => seq(optional(field('body', $.heredoc_content)), field('end', $.heredoc_end)),

    json_string_array: ($) =>
      seq(
        alias($._json_array_start, '['),
        optional(seq($.json_string, repeat(seq(',', $.json_string)))),
        ']',
      ),

    json_string: (_) => /"([^"\\\r\n]|\\[^\r\n])*"/,

    // ---- COPY / ADD -------------------------------------------------------

    add_instruction: ($) =>
      seq(field('keyword', keyword('ADD')), repeat(choice(field('flag', $.flag), $._word_break)), optional($._sources_and_destination)),

    copy_instruction: ($) =>
      seq(field('keyword', keyword('COPY')), repeat(choice(field('flag', $.flag), $._word_break)), optional($._sources_and_destination)),

    _sources_and_destination: ($) =>
      choice(
        field('paths', $.json_string_array),
        seq(
          choice(field('path', $.path), field('path', $.heredoc_marker)),
          repeat(choice(field('path', $.path), field('path', $.heredoc_marker), $._word_break)),
          repeat(seq($._heredoc_newline, field('heredoc', $.heredoc))),
        ),
      ),

    // Quotes are text here: BuildKit splits these arguments on blanks only.
    path: ($) =>
      seq(
        choice(
          new RegExp(`([^${WS}$${ESC}-]|-[^${WS}$${ESC}-])[^${WS}$${ESC}]*`),
          '-',
          $.expansion,
          '$',
          $._escape,
          $._literal,
        ),
        repeat(
          choice(token.immediate(run(WS, '$', ESC)), $._immediate_expansion, $._immediate_dollar, $._immediate_escape, $._immediate_literal),
        ),
      ),

    // ---- Single-argument and word-list instructions ----------------------

    volume_instruction: ($) =>
      seq(
        field('keyword', keyword('VOLUME')),
        optional(choice(field('paths', $.json_string_array), words($, field('path', $.path)))),
      ),

    workdir_instruction: ($) =>
      seq(field('keyword', keyword('WORKDIR')), optional(words($, field('path', alias($._string_path, $.path))))),

    user_instruction: ($) =>
      seq(field('keyword', keyword('USER')), optional(words($, field('user', alias($._string_path, $.path))))),

    stopsignal_instruction: ($) =>
      seq(field('keyword', keyword('STOPSIGNAL')), optional(words($, field('signal', alias($._string_path, $.path))))),

    // WORKDIR, USER and STOPSIGNAL take the rest of the line as one argument
    // (BuildKit's parseString), so a blank inside ${...} splits nothing there.
    _string_path: ($) =>
      seq(
        choice(
          new RegExp(`([^${WS}$${ESC}-]|-[^${WS}$${ESC}-])[^${WS}$${ESC}]*`),
          '-',
          alias(seq('$', $._spaced_expansion_body), $.expansion),
          '$',
          $._escape,
          $._literal,
        ),
        repeat(
          choice(
            token.immediate(run(WS, '$', ESC)),
            $._spaced_immediate_expansion,
            $._immediate_dollar,
            $._immediate_escape,
            $._immediate_literal,
          ),
        ),
      ),

    expose_instruction: ($) =>
      seq(field('keyword', keyword('EXPOSE')), optional(words($, field('port', $.path)))),

    maintainer_instruction: ($) =>
      seq(field('keyword', keyword('MAINTAINER')), optional(field('name', $.text))),

    unknown_instruction: ($) =>
      seq(field('keyword', $.unknown_keyword), optional(field('arguments', $.text))),

    // BuildKit takes everything up to the first blank as the instruction word
    // (an escape char followed by a blank or the line end is left out: it may
    // continue the line).
    unknown_keyword: (_) => new RegExp(`[A-Za-z]([^${WS}${ESC}]|[${ESC}][^${WS}])*`),

    // The rest of a logical line, kept raw.
    text: ($) => seq($._text_first, repeat($._text)),

    // ---- ENV / LABEL / ARG ------------------------------------------------

    env_instruction: ($) =>
      seq(
        field('keyword', keyword('ENV')),
        optional(
          choice(
            seq($._pairs_form, words($, field('pair', $.env_pair), $._unicode_space)),
            seq($._legacy_form, field('pair', alias($._legacy_pair, $.env_pair))),
          ),
        ),
      ),

    label_instruction: ($) =>
      seq(
        field('keyword', keyword('LABEL')),
        optional(
          choice(
            seq($._pairs_form, words($, field('pair', $.label_pair), $._unicode_space)),
            seq($._legacy_form, field('pair', alias($._legacy_pair, $.label_pair))),
          ),
        ),
      ),

    // Non-ASCII white space between ENV/LABEL/ARG words (BuildKit's parseWords
    // splits on unicode.IsSpace).
    _unicode_space: (_) => new RegExp(`[${USP}]+`),

    env_pair: ($) =>
      seq(field('name', $._key), token.immediate('='), optional(field('value', $.value))),

    label_pair: ($) =>
      seq(field('name', $._key), token.immediate('='), optional(field('value', $.value))),

    // `ENV key value with spaces` (BuildKit's parseNameVal, when the first word has no `=`;
    // the scanner decides with _pairs_form / _legacy_form): the key is the text up to the
    // first blank, quotes and all (`ENV "a b" c` has the key `"a`, `ENV a\ b c` the key
    // `a\`), and the value is the rest of the line, raw.
    _legacy_pair: ($) =>
      seq(field('name', alias($._legacy_key, $.key)), field('value', alias($.text, $.value))),

    _legacy_key: ($) =>
      seq(
        choice(run(WS, ESC), $._escape, $._literal),
        repeat(choice(token.immediate(run(WS, ESC)), $._immediate_escape, $._immediate_literal)),
      ),

    _key: ($) => choice(alias($._key_word, $.key), $.double_quoted_string, $.single_quoted_string),

    // BuildKit's parseWords: the escape char escapes any char, a blank too.
    _key_word: ($) =>
      seq(
        choice(run(WS, USP, '="\'', ESC), $._escape, $._literal),
        repeat(
          choice(
            token.immediate(run(WS, USP, '="\'', ESC)),
            $._immediate_escape,
            $._immediate_literal,
            $._escaped_blank,
          ),
        ),
      ),

    value: ($) =>
      repeat1(
        choice(
          token.immediate(run(WS, USP, '$"\'', ESC)),
          $._immediate_expansion, $._immediate_dollar,
          alias($._immediate_double_quoted_string, $.double_quoted_string),
          alias($._immediate_single_quoted_string, $.single_quoted_string),
          $._immediate_escape,
          $._immediate_literal,
          $._escaped_blank,
        ),
      ),

    arg_instruction: ($) =>
      seq(
        field('keyword', keyword('ARG')),
        optional(words($, field('argument', $.arg_declaration), $._unicode_space)),
      ),

    // `ARG =x` has no name; BuildKit's parser accepts it.
    arg_declaration: ($) =>
      choice(
        seq(
          field('name', alias($._key_word, $.key)),
          optional(seq(token.immediate('='), optional(field('default', $.value)))),
        ),
        seq('=', optional(field('default', $.value))),
      ),

    // ---- ONBUILD / HEALTHCHECK --------------------------------------------

    onbuild_instruction: ($) =>
      seq(field('keyword', keyword('ONBUILD')), optional(field('instruction', $._instruction))),

    healthcheck_instruction: ($) =>
      seq(
        field('keyword', keyword('HEALTHCHECK')),
        repeat(choice(field('flag', $.flag), $._word_break)),
        optional(
          choice(
            keyword('NONE'),
            seq(keyword('CMD'), optional($._command)),
            // Types BuildKit parses but does not run (e.g. CONNECT).
            seq(field('type', alias($.unknown_keyword, $.healthcheck_type)), optional(field('arguments', $.text))),
          ),
        ),
      ),

    // ---- Strings and variable references ----------------------------------

    // A quote left open runs to the end of the logical line, where the scanner
    // ends it with a zero-width _unclosed_quote (BuildKit's parser accepts it;
    // expanding the value fails later). Quoted strings may span line
    // continuations (the scanner lexes those).
    double_quoted_string: ($) => seq('"', ...dq_rest($)),

    _immediate_double_quoted_string: ($) => seq(alias(token.immediate('"'), '"'), ...dq_rest($)),

    // The escape char is literal between single quotes.
    single_quoted_string: ($) => seq("'", ...sq_rest($)),

    _immediate_single_quoted_string: ($) => seq(alias(token.immediate("'"), "'"), ...sq_rest($)),

    expansion: ($) => seq('$', $._expansion_body),

    // A `$` that starts no reference (see VARIABLE): literal text.
    _immediate_dollar: (_) => alias(token.immediate('$'), '$'),

    _immediate_expansion: ($) => alias(seq(alias(token.immediate('$'), '$'), $._expansion_body), $.expansion),

    // Inside double quotes (and in WORKDIR/USER/STOPSIGNAL), the argument of
    // ${a:-...} may hold blanks.
    _spaced_immediate_expansion: ($) =>
      alias(seq(alias(token.immediate('$'), '$'), $._spaced_expansion_body), $.expansion),

    _expansion_body: ($) => expansion_body($, $._expansion_argument),

    _spaced_expansion_body: ($) => expansion_body($, $._spaced_expansion_argument),

    // Outside quotes the argument ends at a blank, like the word around it.
    _expansion_argument: ($) =>
      repeat1(
        choice(
          token.immediate(run('}', WS, '"\'', ESC)),
          alias($._immediate_double_quoted_string, $.double_quoted_string),
          alias($._immediate_single_quoted_string, $.single_quoted_string),
          $._immediate_escape,
          $._immediate_literal,
          $._escaped_blank,
        ),
      ),

    _spaced_expansion_argument: ($) =>
      repeat1(
        choice(
          token.immediate(run('}\\r\\n', ESC)),
          $._immediate_escape,
          $._immediate_literal,
          $._escaped_blank,
        ),
      ),
  },
});
