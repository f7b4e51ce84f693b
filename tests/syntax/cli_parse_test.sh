#!/usr/bin/env bash
# `whalesafe parse` on good, bad, missing, directory, binary, huge and unreadable input:
# exit codes, output formats and the FILE:LINE:COL: error: MESSAGE format.
# Usage: cli_parse_test.sh /path/to/whalesafe
set -uo pipefail

WHALESAFE=${1:?usage: cli_parse_test.sh /path/to/whalesafe}
WHALESAFE=$(cd "$(dirname "$WHALESAFE")" && pwd)/$(basename "$WHALESAFE")
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../lib/cli_test_lib.sh"
skipped=0
work=$(mktemp -d)
trap 'chmod -R u+rwx "$work" 2>/dev/null; rm -rf "$work"' EXIT
cd "$work" || exit 1

# run [--stdin FILE] ARGS... : runs `whalesafe parse ARGS` (60 s limit) in $work, sets
# status/out/err (in place of the library's run).
run() {
  local input=/dev/null
  if [[ $# -gt 0 && $1 == --stdin ]]; then
    input=$2
    shift 2
  fi
  timeout 60 "$WHALESAFE" parse "$@" <"$input" >out.txt 2>err.txt
  status=$?
  out=$(<out.txt)
  err=$(<err.txt)
}

# --- good input, every format ----------------------------------------------------------------
printf 'FROM alpine:3.19 AS build\nRUN echo hi \\\n  there\nCMD ["sh"]\n' >good.Dockerfile

run good.Dockerfile
expect_status "tree" 0
expect_contains "tree" "$out" "source_file [1:1-5:1]"
expect_contains "tree" "$out" "from_instruction [1:1-1:26]"
expect_empty "tree stderr" "$err"

run --format=buildkit good.Dockerfile
expect_status "buildkit" 0
expected_dump=$'(from "alpine:3.19" "AS" "build")\n(run "echo hi   there")\n(cmd "sh")'
if [[ $out == "$expected_dump" ]]; then pass; else fail "buildkit: dump differs"; fi

run --format sexp good.Dockerfile
expect_status "sexp" 0
expect_match "sexp" "$out" '^\(source_file \(from_instruction'

run --stdin good.Dockerfile --format=buildkit -
expect_status "stdin" 0
if [[ $out == "$expected_dump" ]]; then pass; else fail "stdin: dump differs"; fi

run --help
expect_status "--help" 0
expect_contains "--help" "$out" "usage: whalesafe parse"

# --- syntax errors: FILE:LINE:COL: error: MESSAGE, exit 1 -------------------------------------
printf 'FROM alpine\nCMD ["echo", 1]\n' >bad.Dockerfile
run bad.Dockerfile
expect_status "json error" 1
expect_match "json error" "$err" '^bad\.Dockerfile:2:1: error: when using JSON array syntax'

printf 'FROM\n' >nofrom.Dockerfile
run --format=buildkit nofrom.Dockerfile
expect_status "FROM without image" 1
expect_match "FROM without image" "$err" '^nofrom\.Dockerfile:1:1: error: expected an image after FROM'
expect_empty "no dump on error" "$out"

printf 'FROM a\nRUN <<EOF\necho\n' >heredoc.Dockerfile
run heredoc.Dockerfile
expect_status "unterminated heredoc" 1
expect_match "unterminated heredoc" "$err" '^heredoc\.Dockerfile:2:5: error: unterminated heredoc'

: >empty.Dockerfile
run empty.Dockerfile
expect_status "empty file" 1
expect_match "empty file" "$err" '^empty\.Dockerfile:1:1: error: file with no instructions'

printf 'FROM a\n=x\n=y\n' >two.Dockerfile
run two.Dockerfile
expect_status "two errors" 1
if [[ $(grep -c ': error: ' err.txt) -eq 2 ]]; then pass; else fail "two errors: expected 2 lines"; fi
while IFS= read -r line; do
  expect_match "error line format" "$line" '^two\.Dockerfile:[0-9]+:[0-9]+: error: .+'
done <err.txt

# warnings go to stderr, exit 0
printf 'FROM a\nRUN a \\\n\n  b\n' >warn.Dockerfile
run --format=buildkit warn.Dockerfile
expect_status "warning" 0
expect_match "warning" "$err" '^warn\.Dockerfile:3:1: warning: Empty continuation line found in: RUN a   b'
expect_contains "warning dump" "$out" '(run "a   b")'

# --- input problems: exit 2 with a clear message ------------------------------------------------
run does-not-exist.Dockerfile
expect_status "missing file" 2
expect_contains "missing file" "$err" "does-not-exist.Dockerfile: No such file or directory"

mkdir adir
run adir
expect_status "directory" 2
expect_contains "directory" "$err" "adir: is a directory"

printf 'FROM a\n\0\1\2binary' >nul.bin
run nul.bin
expect_status "NUL bytes" 2
expect_contains "NUL bytes" "$err" "binary file"

head -c 4096 /dev/urandom | tr -d '\000' >random.bin
run random.bin
expect_status "random bytes" 2
expect_contains "random bytes" "$err" "binary file"

truncate -s 50M huge.Dockerfile
run huge.Dockerfile
expect_status "huge file" 2
expect_contains "huge file" "$err" "huge.Dockerfile: file too large (52428800 bytes, limit 5 MiB)"

run --stdin huge.Dockerfile -
expect_status "huge stdin" 2
expect_contains "huge stdin" "$err" "too large"

# 5 MiB of valid text parses (the default limit is inclusive) in bounded time.
yes 'RUN echo hello world' | head -c $((5 * 1024 * 1024 - 7)) >big.Dockerfile
printf 'FROM a\n' | cat - big.Dockerfile >big2.Dockerfile
truncate -s $((5 * 1024 * 1024)) big2.Dockerfile
run --format=sexp big2.Dockerfile
if [[ $status -eq 0 || $status -eq 1 ]]; then pass; else fail "5 MiB file: expected exit 0 or 1"; fi
# One byte more is refused; --max-file-size and max-file-size in .whalesafe.yaml move the limit.
printf '#' >>big2.Dockerfile
run big2.Dockerfile
expect_status "5 MiB + 1" 2
expect_contains "5 MiB + 1" "$err" "big2.Dockerfile: file too large (5242881 bytes, limit 5 MiB)"
run --max-file-size 6MiB --format=sexp big2.Dockerfile
if [[ $status -eq 0 || $status -eq 1 ]]; then pass; else fail "--max-file-size 6MiB: expected exit 0 or 1"; fi
printf 'FROM a\nRUN echo hello\n' >small.Dockerfile
run --max-file-size=10 small.Dockerfile
expect_status "--max-file-size=10" 2
expect_contains "--max-file-size=10" "$err" "small.Dockerfile: file too large (22 bytes, limit 10 bytes)"
run --stdin small.Dockerfile --max-file-size 10 -
expect_status "--max-file-size stdin" 2
expect_contains "--max-file-size stdin" "$err" "<stdin>: file too large (over 10 bytes, limit 10 bytes)"
run --max-file-size 0 small.Dockerfile
expect_status "--max-file-size 0" 2
expect_contains "--max-file-size 0" "$err" "--max-file-size takes a size"
mkdir -p limited && cp small.Dockerfile limited/Dockerfile && printf 'max-file-size: 1K\n' >limited/.whalesafe.yaml
printf '# %.0s' $(seq 600) >>limited/Dockerfile
run limited/Dockerfile
expect_status "max-file-size in .whalesafe.yaml" 2
expect_contains "max-file-size in .whalesafe.yaml" "$err" "limited/Dockerfile: file too large (1222 bytes, limit 1 KiB)"

printf 'FROM a\n' >unreadable.Dockerfile
chmod 000 unreadable.Dockerfile
if [[ $(id -u) -ne 0 ]]; then
  run unreadable.Dockerfile
  expect_status "unreadable" 2
  expect_contains "unreadable" "$err" "Permission denied"
elif command -v setpriv >/dev/null 2>&1 && setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
  chmod 755 "$work"
  setpriv --reuid=65534 --regid=65534 --clear-groups timeout 60 "$WHALESAFE" parse \
    "$work/unreadable.Dockerfile" >out.txt 2>err.txt </dev/null
  status=$?
  out=$(<out.txt)
  err=$(<err.txt)
  expect_status "unreadable (as nobody)" 2
  expect_contains "unreadable (as nobody)" "$err" "Permission denied"
else
  echo "SKIPPED: unreadable-file check (running as root without setpriv)" >&2
  skipped=$((skipped + 1))
fi

# --- usage errors -----------------------------------------------------------------------------
run
expect_status "no file" 2
expect_contains "no file" "$err" "usage: whalesafe parse"
run --format=xml good.Dockerfile
expect_status "bad format" 2
expect_contains "bad format" "$err" "unknown format 'xml'"
run a b
expect_status "two files" 2
run --bogus good.Dockerfile
expect_status "unknown option" 2

echo "cli_parse_test: $passed passed, $failed failed, $skipped skipped"
[[ $failed -eq 0 ]]
