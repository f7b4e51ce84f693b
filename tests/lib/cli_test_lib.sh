# shellcheck shell=bash
# Shared harness of the shell tests that run the whalesafe binary from the outside
# (tests/fix/fix_cli_test.sh, tests/rules/cli_check_test.sh, tests/reliability/
# fix_data_safety_test.sh, tests/cli/cli_smoke.sh, tests/syntax/cli_parse_test.sh).
# Sourced, never run. A script sources it by a path relative to its own location, so ctest and
# manual runs work alike:
#   source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../lib/cli_test_lib.sh"
#
# It offers:
#   passed, failed        counters, 0 when sourced
#   cli_test_setup BIN    makes WHALESAFE the absolute path of BIN (the tests cd), creates $tmp
#                         (removed on exit by cli_test_cleanup, read-only files included),
#                         points XDG_CACHE_HOME at the empty $tmp/cache (the compiled-in catalog
#                         answers, whatever the machine has cached) and cds into $tmp/work
#   run ARGS...           runs "$WHALESAFE" ARGS in $tmp/work with no standard input; sets
#                         $status, $out and $err (a script may define its own run after sourcing)
#   pass / fail NAME      count a check; fail prints NAME, the exit status and the output of the
#                         last run to stderr
#   expect_status NAME CODE          $status is CODE
#   expect_contains NAME TEXT PART   TEXT contains PART
#   expect_missing NAME TEXT PART    TEXT does not contain PART
#   expect_match NAME TEXT REGEX     TEXT matches the extended regular expression REGEX
#   expect_empty NAME TEXT           TEXT is empty
#   cli_test_finish LABEL            prints "LABEL: N passed, M failed"; its status is 0 only
#                                    when nothing failed (make it the script's last command)

passed=0
failed=0

cli_test_setup() {
  WHALESAFE=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
  tmp=$(mktemp -d)
  trap cli_test_cleanup EXIT
  export XDG_CACHE_HOME="$tmp/cache"
  mkdir -p "$tmp/work"
  cd "$tmp/work" || exit 1
}
# A script that must undo more on exit sets its own EXIT trap and calls this last.
cli_test_cleanup() {
  chmod -R u+w "$tmp" 2>/dev/null
  rm -rf "$tmp"
}

run() {
  (cd "$tmp/work" && "$WHALESAFE" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null)
  status=$?
  out=$(<"$tmp/out")
  err=$(<"$tmp/err")
}

pass() { passed=$((passed + 1)); }
fail() {
  failed=$((failed + 1))
  printf 'FAIL: %s\n  exit status: %s\n  stdout: %s\n  stderr: %s\n' "$1" "${status:-}" \
    "$(head -c 2000 <<<"${out:-}")" "$(head -c 2000 <<<"${err:-}")" >&2
}
expect_status() { if [[ $status -eq $2 ]]; then pass; else fail "$1: expected exit status $2"; fi; }
expect_contains() { if [[ $2 == *"$3"* ]]; then pass; else fail "$1: expected '$3'"; fi; }
expect_missing() { if [[ $2 != *"$3"* ]]; then pass; else fail "$1: unexpected '$3'"; fi; }
expect_match() { if [[ $2 =~ $3 ]]; then pass; else fail "$1: expected output matching /$3/"; fi; }
expect_empty() { if [[ -z $2 ]]; then pass; else fail "$1: expected no output"; fi; }

cli_test_finish() {
  echo "$1: $passed passed, $failed failed"
  [[ $failed -eq 0 ]]
}
