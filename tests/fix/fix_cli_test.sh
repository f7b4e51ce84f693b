#!/usr/bin/env bash
# Headless fixing from the outside: `whalesafe --fix`, `whalesafe fix`, `check --fix` with
# --diff (applied by the real `patch` program), --show-fixes, --fix-errors, standard input,
# bytes kept (CRLF, BOM, no final newline, mode, symlinks), read-only files, exit codes; and
# over the whole shared corpus: the diff equals the fix, every fixed file parses without error,
# and fixing again changes nothing.
# Usage: fix_cli_test.sh /path/to/whalesafe /path/to/shared
set -uo pipefail

WHALESAFE=${1:?usage: fix_cli_test.sh /path/to/whalesafe /path/to/shared}
SHARED=${2:-}
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../lib/cli_test_lib.sh"
cli_test_setup "$WHALESAFE"

# expect_file NAME FILE PRINTF-FORMAT: the file's bytes are exactly the format's output.
expect_file() {
  if cmp -s "$2" <(printf "$3"); then pass; else
    fail "$1: $(od -c "$2" | head -5)"
  fi
}

# --- bytes kept: BOM, CRLF, no final newline; mode; symlinks --------------------------------
printf '\xef\xbb\xbffrom alpine:3.24\r\nENV GREETING hello world\r\nUSER app\r\nCMD ["/app"]' >real.Dockerfile
chmod 640 real.Dockerfile
ln -s real.Dockerfile link.Dockerfile
run fix --show-fixes link.Dockerfile
expect_status "fix: nothing left" 0
expect_file "fix keeps BOM, CRLF, no final newline" real.Dockerfile \
  '\xef\xbb\xbfFROM alpine:3.24\r\nENV GREETING="hello world"\r\nUSER app\r\nCMD ["/app"]'
if [[ -L link.Dockerfile && $(stat -c %a real.Dockerfile) == 640 ]]; then pass; else
  fail "symlink followed, mode kept"
fi
expect_contains "--show-fixes lists per rule" "$err" "    1 x instruction-casing (Write 'FROM')"
expect_contains "--show-fixes lists per rule (2)" "$err" "    1 x legacy-env-format"
expect_contains "summary" "$err" "Fixed 2 problems."
if [[ $(ls -A | wc -l) -eq 2 ]]; then pass; else fail "no temporary file left: $(ls -A)"; fi

# --- exit codes: findings that remain --------------------------------------------------------
printf 'from alpine:3.24\nUSER app\nCMD python app.py\n' >unsafe.Dockerfile
run --fix unsafe.Dockerfile
expect_status "--fix: an unsafe finding remains" 1
expect_contains "--fix reports what is left" "$out" "json-args-recommended"
run --fix --unsafe-fixes unsafe.Dockerfile
expect_status "--fix --unsafe-fixes: nothing left" 0
expect_file "--unsafe-fixes result" unsafe.Dockerfile 'FROM alpine:3.24\nUSER app\nCMD ["python", "app.py"]\n'

# --- --diff: prints, writes nothing, and `patch -p1` applies it ------------------------------
mkdir -p d/sub
printf 'from alpine:3.24\nRUN apk add curl\nUSER app\nCMD python app.py\n' >d/sub/Dockerfile
cp -r d d-orig
run check --diff d
expect_status "--diff exits 1 when something would change" 1
if diff -r d d-orig >/dev/null; then pass; else fail "--diff wrote nothing"; fi
expect_contains "--diff header" "$out" $'--- a/d/sub/Dockerfile\n+++ b/d/sub/Dockerfile'
expect_contains "--diff summary" "$err" "Would fix 2 problems."
printf '%s\n' "$out" >d.diff
if patch -s -p1 <d.diff; then pass; else fail "patch -p1 applies the diff"; fi
cp -r d-orig d-fixed
run --fix d-fixed
if cmp -s d/sub/Dockerfile d-fixed/sub/Dockerfile; then pass; else fail "diff == fix"; fi
run check --diff d
expect_status "--diff after fixing: the unsafe finding remains" 1
if [[ -z $out ]]; then pass; else fail "--diff after fixing is empty"; fi
run check --diff --unsafe-fixes --format json d-fixed
expect_contains "--diff with --unsafe-fixes" "$out" '+CMD ["python", "app.py"]'

# --- standard input ---------------------------------------------------------------------------
status=0
out=$(printf 'from alpine:3.24\nUSER app\nCMD python app.py\n' | "$WHALESAFE" --fix - 2>"$tmp/err") || status=$?
err=$(<"$tmp/err")
expect_status "--fix -: a finding remains" 1
if [[ $out == $'FROM alpine:3.24\nUSER app\nCMD python app.py' ]]; then pass; else
  fail "--fix -: the fixed Dockerfile on stdout"
fi
expect_contains "--fix -: the report on stderr" "$err" "<stdin>:3:5: warning[json-args-recommended]"

# --- files that must not be written ------------------------------------------------------------
printf 'from alpine:3.24\nUSER app\nRUN <<EOF\necho hi\n' >broken.Dockerfile
cp broken.Dockerfile broken.orig
printf 'from alpine:3.24\nUSER app\n' >ro.Dockerfile
chmod 444 ro.Dockerfile
printf 'from alpine:3.24\nUSER app\n' >ok.Dockerfile
run --fix broken.Dockerfile ro.Dockerfile ok.Dockerfile
expect_status "read-only file: an error" 2
expect_contains "syntax errors: not fixed" "$err" \
  "broken.Dockerfile: not fixed: it has syntax errors (3:5: unterminated heredoc"
expect_contains "read-only: reported" "$err" "ro.Dockerfile: is read-only; not fixed"
if cmp -s broken.Dockerfile broken.orig; then pass; else fail "file with syntax errors untouched"; fi
expect_file "read-only file untouched" ro.Dockerfile 'from alpine:3.24\nUSER app\n'
expect_file "the run continues with the others" ok.Dockerfile 'FROM alpine:3.24\nUSER app\n'
run --fix --fix-errors broken.Dockerfile
expect_file "--fix-errors" broken.Dockerfile 'FROM alpine:3.24\nUSER app\nRUN <<EOF\necho hi\n'

# --- fuzz findings (session 10) --------------------------------------------------------------
# An unused suppression on a last line without a line feed: the file still ends without one.
printf 'from alpine:3.24\nUSER app\n# whalesafe ignore=user-root' >pragma-last.Dockerfile
run --fix pragma-last.Dockerfile
expect_status "unused pragma on the last line: removed" 0
expect_file "no final newline added" pragma-last.Dockerfile 'FROM alpine:3.24\nUSER app'
# A legacy ENV whose value BuildKit cannot process: no fix that the parse would reject (the
# rejection path made --fix crash while it reported what was left).
printf 'FROM alpine:3.24\nUSER app\nENV N ${' >open-brace.Dockerfile
run --fix --unsafe-fixes --fix-errors open-brace.Dockerfile
expect_status "legacy ENV with an open \${: a finding, no crash" 1
expect_contains "says why there is no fix" "$out" \
  "(no automatic fix: the value is malformed: missing '}')"
expect_missing "no fix left out" "$err" "left out"
expect_file "left as it is" open-brace.Dockerfile 'FROM alpine:3.24\nUSER app\nENV N ${'

# --- usage -----------------------------------------------------------------------------------
run check --show-fixes ok.Dockerfile
expect_status "--show-fixes without --fix" 2
run check --fix-errors ok.Dockerfile
expect_status "--fix-errors without --fix" 2

# --- the shared corpus ------------------------------------------------------------------------
if [[ -n $SHARED && -f $SHARED/corpus/MANIFEST.tsv ]]; then
  # One folder per file, so that discovery finds every one of them as a Dockerfile.
  mkdir -p corpus
  n=0
  while IFS=$'\t' read -r file _; do
    [[ $file == file ]] && continue
    mkdir -p "corpus/$file" && cp "$SHARED/corpus/$file" "corpus/$file/Dockerfile"
    n=$((n + 1))
  done <"$SHARED/corpus/MANIFEST.tsv"
  chmod -R u+w corpus  # the shared files are read-only
  cp -r corpus corpus-diffed
  cp -r corpus corpus-before
  run --fix --unsafe-fixes --fix-errors --exit-zero corpus
  if [[ $status -eq 0 ]]; then pass; else fail "corpus: --fix --unsafe-fixes"; fi
  first_summary=$(tail -n 1 <<<"$err")
  # The diff of the same unfixed files, applied by patch, must give what --fix wrote.
  (cd "$tmp/work" && "$WHALESAFE" check --diff --unsafe-fixes --fix-errors corpus-diffed \
    >"$tmp/corpus.diff" 2>/dev/null)
  if patch -s -p1 <"$tmp/corpus.diff" >/dev/null; then pass; else fail "corpus: patch applies the diff"; fi
  if diff -r corpus corpus-diffed >/dev/null; then pass; else
    fail "corpus: --diff equals --fix ($(diff -rq corpus corpus-diffed | head -5))"
  fi
  run --fix --unsafe-fixes --fix-errors --exit-zero corpus
  expect_contains "corpus: fixing again changes nothing (first: $first_summary)" "$err" "Fixed 0 problems."
  # Every file that parsed before parses after; a file that did not is no worse.
  run check --select syntax-error --format json --exit-zero corpus-before
  before_errors=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(0,"utf8")).length)' <"$tmp/out")
  run check --select syntax-error --format json --exit-zero corpus
  after_errors=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(0,"utf8")).length)' <"$tmp/out")
  if [[ $after_errors -le $before_errors ]]; then pass; else
    fail "corpus: syntax errors after fixing: $before_errors before, $after_errors after"
  fi
  # No rule reports a file after fixing that did not report it before.
  # shellcheck is left out: its findings on a rewritten RUN are about the shell, not the fix.
  run check --format json --exit-zero --ignore shellcheck --date 2026-11-23 corpus-before
  mv "$tmp/out" "$tmp/before.json"
  run check --format json --exit-zero --ignore shellcheck --date 2026-11-23 corpus
  new_rules=$(node -e '
    const fs=require("fs");
    const rules=(f,strip)=>{const m=new Map();for(const d of JSON.parse(fs.readFileSync(f,"utf8"))){
      const k=d.file.replace(strip,"");if(!m.has(k))m.set(k,new Set());m.get(k).add(d.rule);}return m;};
    const before=rules(process.argv[1],/^corpus-before\//), after=rules(process.argv[2],/^corpus\//);
    const out=[];for(const [f,s] of after)for(const r of s)if(!(before.get(f)||new Set()).has(r))out.push(f+": "+r);
    console.log(out.join("\n"));' "$tmp/before.json" "$tmp/out")
  if [[ -z $new_rules ]]; then pass; else
    fail "corpus: rules that fire only after fixing: $(head -20 <<<"$new_rules")"
  fi
  echo "corpus: $n files; first fix: $first_summary; syntax errors $before_errors -> $after_errors"
elif [[ ${CI:-} == true ]]; then
  status=-1 out="" err=""
  fail "shared corpus missing at '$SHARED/corpus' (required when CI=true)"
else
  echo "SKIPPED: corpus tests (no ../shared/corpus)"
fi

cli_test_finish fix_cli
