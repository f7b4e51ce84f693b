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

// Characters that end an unquoted piece of a word.
const UNQUOTED = /([^\s$"'\\]|\\[^\r\n])+/;

module.exports = grammar({
  name: 'dockerfile',

  extras: ($) => [/[ \t]/, $.line_continuation, $._line_end],

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
    $._line_end,
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

    _newline: (_) => /\r?\n/,

    comment: (_) => /#[^\r\n]*/,

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
        repeat(field('flag', $.flag)),
        field('image', $.image_spec),
        optional(seq(keyword('AS'), field('name', $.image_alias))),
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
        choice(/([^\s:@$\\-]|\\[^\r\n])([^\s:@$\\]|:[0-9]+\/|\\[^\r\n])*/, $.expansion),
        repeat(choice(token.immediate(/([^\s:@$\\]|:[0-9]+\/|\\[^\r\n])+/), $._immediate_expansion)),
      ),

    image_tag: ($) =>
      repeat1(choice(token.immediate(/([^\s@$\\]|\\[^\r\n])+/), $._immediate_expansion)),

    image_digest: ($) =>
      repeat1(choice(token.immediate(/([^\s$\\]|\\[^\r\n])+/), $._immediate_expansion)),

    image_alias: ($) =>
      seq(
        choice(/([^\s$\\]|\\[^\r\n])+/, $.expansion),
        repeat(choice(token.immediate(/([^\s$\\]|\\[^\r\n])+/), $._immediate_expansion)),
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

    flag_value: ($) =>
      repeat1(
        choice(
          token.immediate(/([^\s$"'\\]|\\[^\r\n])+/),
          $._immediate_expansion,
          alias($._immediate_double_quoted_string, $.double_quoted_string),
          alias($._immediate_single_quoted_string, $.single_quoted_string),
        ),
      ),

    // ---- Shell-form and exec-form commands --------------------------------

    run_instruction: ($) =>
      seq(
        field('keyword', keyword('RUN')),
        repeat(field('flag', $.flag)),
        optional(choice(field('command', $.json_string_array), $._shell_with_heredocs)),
      ),

    cmd_instruction: ($) =>
      seq(field('keyword', keyword('CMD')), repeat(field('flag', $.flag)), optional($._command)),

    entrypoint_instruction: ($) =>
      seq(field('keyword', keyword('ENTRYPOINT')), repeat(field('flag', $.flag)), optional($._command)),

    shell_instruction: ($) =>
      seq(field('keyword', keyword('SHELL')), repeat(field('flag', $.flag)), optional($._command)),

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
      seq(field('keyword', keyword('ADD')), repeat(field('flag', $.flag)), optional($._sources_and_destination)),

    copy_instruction: ($) =>
      seq(field('keyword', keyword('COPY')), repeat(field('flag', $.flag)), optional($._sources_and_destination)),

    _sources_and_destination: ($) =>
      choice(
        field('paths', $.json_string_array),
        seq(
          repeat1(choice(field('path', $.path), field('path', $.heredoc_marker))),
          repeat(seq($._heredoc_newline, field('heredoc', $.heredoc))),
        ),
      ),

    path: ($) =>
      seq(
        choice(/([^\s$\\-]|-[^-\s$\\]|\\[^\r\n])([^\s$\\]|\\[^\r\n])*/, '-', $.expansion),
        repeat(choice(token.immediate(/([^\s$\\]|\\[^\r\n])+/), $._immediate_expansion)),
      ),

    // ---- Single-argument and word-list instructions ----------------------

    volume_instruction: ($) =>
      seq(
        field('keyword', keyword('VOLUME')),
        optional(choice(field('paths', $.json_string_array), repeat1(field('path', $.path)))),
      ),

    workdir_instruction: ($) =>
      seq(field('keyword', keyword('WORKDIR')), optional(repeat1(field('path', $.path)))),

    user_instruction: ($) =>
      seq(field('keyword', keyword('USER')), optional(repeat1(field('user', $.path)))),

    stopsignal_instruction: ($) =>
      seq(field('keyword', keyword('STOPSIGNAL')), optional(repeat1(field('signal', $.path)))),

    expose_instruction: ($) =>
      seq(field('keyword', keyword('EXPOSE')), repeat(field('port', $.path))),

    maintainer_instruction: ($) =>
      seq(field('keyword', keyword('MAINTAINER')), optional(field('name', $.text))),

    unknown_instruction: ($) =>
      seq(field('keyword', $.unknown_keyword), optional(field('arguments', $.text))),

    // BuildKit takes everything up to the first blank as the instruction word.
    unknown_keyword: (_) => /[A-Za-z][^\s\\]*/,

    // The rest of a logical line, kept raw.
    text: ($) => seq($._text_first, repeat($._text)),

    // ---- ENV / LABEL / ARG ------------------------------------------------

    env_instruction: ($) =>
      seq(
        field('keyword', keyword('ENV')),
        optional(choice(repeat1(field('pair', $.env_pair)), field('pair', alias($._legacy_pair, $.env_pair)))),
      ),

    label_instruction: ($) =>
      seq(
        field('keyword', keyword('LABEL')),
        optional(choice(repeat1(field('pair', $.label_pair)), field('pair', alias($._legacy_pair, $.label_pair)))),
      ),

    env_pair: ($) =>
      seq(field('name', $._key), token.immediate('='), optional(field('value', $.value))),

    label_pair: ($) =>
      seq(field('name', $._key), token.immediate('='), optional(field('value', $.value))),

    // `ENV key value with spaces`: the value is the rest of the line, raw.
    _legacy_pair: ($) => seq(field('name', $._key), field('value', alias($.text, $.value))),

    _key: ($) =>
      choice(alias(/([^\s="'\\]|\\[^\r\n])+/, $.key), $.double_quoted_string, $.single_quoted_string),

    value: ($) =>
      repeat1(
        choice(
          token.immediate(UNQUOTED),
          $._immediate_expansion,
          alias($._immediate_double_quoted_string, $.double_quoted_string),
          alias($._immediate_single_quoted_string, $.single_quoted_string),
        ),
      ),

    arg_instruction: ($) =>
      seq(field('keyword', keyword('ARG')), repeat(field('argument', $.arg_declaration))),

    arg_declaration: ($) =>
      seq(
        field('name', alias(/([^\s="'\\]|\\[^\r\n])+/, $.key)),
        optional(seq(token.immediate('='), optional(field('default', $.value)))),
      ),

    // ---- ONBUILD / HEALTHCHECK --------------------------------------------

    onbuild_instruction: ($) =>
      seq(field('keyword', keyword('ONBUILD')), optional(field('instruction', $._instruction))),

    healthcheck_instruction: ($) =>
      seq(
        field('keyword', keyword('HEALTHCHECK')),
        repeat(field('flag', $.flag)),
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

    double_quoted_string: ($) =>
      seq('"', repeat(choice(token.immediate(/([^"\\$\r\n]|\\[^\r\n])+/), $._immediate_expansion)), token.immediate('"')),

    _immediate_double_quoted_string: ($) =>
      seq(
        alias(token.immediate('"'), '"'),
        repeat(choice(token.immediate(/([^"\\$\r\n]|\\[^\r\n])+/), $._immediate_expansion)),
        token.immediate('"'),
      ),

    // Quoted strings may span line continuations (the scanner lexes those).
    single_quoted_string: (_) =>
      seq("'", repeat(token.immediate(/([^'\\\r\n]|\\[^\r\n])+/)), optional(token.immediate("'"))),

    _immediate_single_quoted_string: (_) =>
      seq(alias(token.immediate("'"), "'"), repeat(token.immediate(/([^'\\\r\n]|\\[^\r\n])+/)), token.immediate("'")),

    expansion: ($) => seq('$', $._expansion_body),

    _immediate_expansion: ($) => alias(seq(alias(token.immediate('$'), '$'), $._expansion_body), $.expansion),

    _expansion_body: ($) =>
      choice(
        field('name', alias(token.immediate(/[A-Za-z_][A-Za-z0-9_]*/), $.variable)),
        seq(
          token.immediate('{'),
          field('name', alias(token.immediate(/[A-Za-z_][A-Za-z0-9_]*/), $.variable)),
          optional(
            seq(
              field('operator', alias(token.immediate(/:?[-+?]|##?|%%?|\/\/?|:/), $.expansion_operator)),
              optional(field('argument', alias(token.immediate(/([^}\\\r\n]|\\[^\r\n])+/), $.expansion_argument))),
            ),
          ),
          token.immediate('}'),
        ),
      ),
  },
});
