; Language injections for whalesafe's Dockerfile grammar (grammar/grammar.js).
;
; Shell-form commands are bash. A `shell_command` holds one `shell_fragment` per physical
; line with the `line_continuation`s (and `heredoc_marker`s) between them, so the whole node
; is injected, children included: bash reads `\` + newline as a continuation as well.
; (Under `# escape=`` ` the continuation char is a backtick, which bash does not know.)

(run_instruction
  command: (shell_command) @injection.content
  (#set! injection.language "bash")
  (#set! injection.include-children))

(cmd_instruction
  command: (shell_command) @injection.content
  (#set! injection.language "bash")
  (#set! injection.include-children))

(entrypoint_instruction
  command: (shell_command) @injection.content
  (#set! injection.language "bash")
  (#set! injection.include-children))

(healthcheck_instruction
  command: (shell_command) @injection.content
  (#set! injection.language "bash")
  (#set! injection.include-children))

; A RUN heredoc body is a script for the shell. COPY/ADD heredoc bodies are file
; contents of any kind and get no injection.
(run_instruction
  heredoc: (heredoc
    body: (heredoc_content) @injection.content)
  (#set! injection.language "bash"))
