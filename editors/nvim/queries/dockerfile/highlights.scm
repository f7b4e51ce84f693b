; Syntax highlighting for whalesafe's Dockerfile grammar (grammar/grammar.js).
;
; Capture names follow the common tree-sitter conventions (nvim-treesitter, Helix, Zed).
; Shell text (`shell_fragment`) and RUN heredoc bodies are left to the bash injection
; (injections.scm).

; ---- Instructions ------------------------------------------------------------

[
  "FROM"
  "AS"
  "RUN"
  "CMD"
  "LABEL"
  "MAINTAINER"
  "EXPOSE"
  "ENV"
  "ADD"
  "COPY"
  "ENTRYPOINT"
  "VOLUME"
  "USER"
  "WORKDIR"
  "ARG"
  "ONBUILD"
  "STOPSIGNAL"
  "HEALTHCHECK"
  "SHELL"
  "NONE"
] @keyword

; An instruction BuildKit does not know (it fails the build).
(unknown_instruction
  keyword: (unknown_keyword) @keyword)

; ---- Comments and directives ------------------------------------------------

(comment) @comment

; `# syntax=...`, `# escape=...`, `# check=...` at the top of the file.
(parser_directive) @keyword.directive

; The escape char ending a line (it also covers the blank and comment lines that
; BuildKit skips inside a continuation).
(line_continuation) @punctuation.special

; ---- Images -----------------------------------------------------------------

(image_name) @string.special
(image_tag) @label
(image_digest) @constant
(image_alias) @type

(image_spec
  [
    ":"
    "@"
  ] @punctuation.delimiter)

; ---- Flags ------------------------------------------------------------------

(flag
  "--" @punctuation.delimiter)

(flag
  name: (flag_name) @attribute)

(flag
  "=" @operator)

(flag_value) @string

; ---- Exec form (JSON) ---------------------------------------------------------

(json_string) @string

(json_string_array
  [
    "["
    "]"
  ] @punctuation.bracket)

(json_string_array
  "," @punctuation.delimiter)

; ---- Heredocs -----------------------------------------------------------------

(heredoc_marker) @label

(heredoc_end) @label

; COPY/ADD heredoc bodies are file contents; RUN bodies are injected as bash.
(copy_instruction
  heredoc: (heredoc
    body: (heredoc_content) @string))

(add_instruction
  heredoc: (heredoc
    body: (heredoc_content) @string))

; ---- Paths, keys, values ------------------------------------------------------

; `path` nodes also hold ports, signals and users: one capture per parent, so that no
; two patterns capture the same node (editors disagree on which of two would win).
(copy_instruction
  path: (path) @string.special.path)

(add_instruction
  path: (path) @string.special.path)

(volume_instruction
  path: (path) @string.special.path)

(workdir_instruction
  path: (path) @string.special.path)

(user_instruction
  user: (path) @string)

(expose_instruction
  port: (path) @number)

(stopsignal_instruction
  signal: (path) @constant)

(key) @property

(env_pair
  "=" @operator)

(label_pair
  "=" @operator)

(arg_declaration
  "=" @operator)

(value) @string

(maintainer_instruction
  name: (text) @string)

(unknown_instruction
  arguments: (text) @string)

; ---- Strings and variable references -----------------------------------------

(double_quoted_string) @string

(single_quoted_string) @string

(expansion
  [
    "$"
    "{"
    "}"
  ] @punctuation.special)

(expansion
  name: (variable) @variable)

(expansion_operator) @operator

(expansion_argument) @string
