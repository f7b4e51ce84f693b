#!/usr/bin/env bash
# `whalesafe check` and `whalesafe rule` from the outside: output formats (SARIF validated
# against the 2.1.0 schema), exit codes, --select/--ignore/--severity-threshold, configuration
# files (found upward, or --config), discovery, standard input, errors, one run over many files
# with the same RUN text, and the whole shared corpus.
# Usage: cli_check_test.sh /path/to/whalesafe /path/to/shared
set -uo pipefail

WHALESAFE=${1:?usage: cli_check_test.sh /path/to/whalesafe /path/to/shared}
SHARED=${2:-}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../lib/cli_test_lib.sh"
cli_test_setup "$WHALESAFE"
# base-image-eol judges on the day of the run: `FROM alpine:3.24` is clean today and reported
# after 2028-06-01. Checks whose expected findings must hold on any day are judged on this one
# (--date); the end-of-life tests below say which day they mean, and one runs on the real date.
DAY=2026-11-23

# json_check NAME JS: runs JS with `a` bound to the JSON on stdout; it must print "ok".
json_check() {
  local verdict
  verdict=$(ALONE="$tmp/alone" node -e "const a=JSON.parse(require('fs').readFileSync(0,'utf8')); $2" <"$tmp/out" 2>&1)
  if [[ $verdict == ok ]]; then pass; else fail "$1: $verdict"; fi
}

cat >bad.Dockerfile <<'DOCKERFILE'
FROM python:latest
WORKDIR app
CMD python app.py
USER app
DOCKERFILE
printf 'FROM alpine:3.24\nCOPY app /app\nUSER app\nCMD ["/app"]\n' >clean.Dockerfile
printf 'FROM alpine:3.24\nMAINTAINER someone\nUSER app\nENTRYPOINT ["/app"]\n' >style.Dockerfile

# --- text output and exit codes --------------------------------------------------------------
run check --date "$DAY" clean.Dockerfile
expect_status "clean file" 0
if [[ -z $out ]]; then pass; else fail "clean file: expected no output"; fi

run check --date "$DAY" bad.Dockerfile
expect_status "findings" 1
expect_contains "text line" "$out" "bad.Dockerfile:1:13: warning[base-image-latest] base image 'python' uses the 'latest' tag"
expect_contains "text excerpt" "$out" " 1 | FROM python:latest"
expect_contains "text underline" "$out" "   |             ^^^^^^"
expect_contains "text summary" "$out" "Found 4 problems (3 fixable with --fix --unsafe-fixes)."
expect_missing "no colors on a pipe" "$out" $'\x1b['
run check --date "$DAY" --color always bad.Dockerfile
expect_contains "--color always" "$out" $'\x1b['

run check --date "$DAY" --severity-threshold error bad.Dockerfile
expect_status "below the threshold" 0
expect_contains "below the threshold still reported" "$out" "base-image-latest"
run check --date "$DAY" style.Dockerfile
expect_status "style findings do not fail by default" 0
run check --date "$DAY" --severity-threshold style style.Dockerfile
expect_status "--severity-threshold style" 1
run check --date "$DAY" --severity-threshold none bad.Dockerfile
expect_status "--severity-threshold none" 0
run check --date "$DAY" --exit-zero bad.Dockerfile
expect_status "--exit-zero" 0
expect_contains "--exit-zero still reports" "$out" "base-image-latest"

# --- selection -------------------------------------------------------------------------------
run check --date "$DAY" --format json --select DL3007,workdir-relative bad.Dockerfile
json_check "--select by alias and slug" \
  'const r=[...new Set(a.map(x=>x.rule))].sort().join(); console.log(r=="base-image-latest,workdir-relative"?"ok":r)'
run check --date "$DAY" --format json --ignore JSONArgsRecommended --ignore DL3000 bad.Dockerfile
json_check "--ignore by BuildKit and hadolint names" '
  const r=a.map(x=>x.rule).sort().join();
  console.log(r=="base-image-latest,base-image-not-slim"?"ok":r)'
# healthcheck-missing is off by default: `--select all` and the configuration turn it on.
run check --date "$DAY" --format json clean.Dockerfile
json_check "default-off rule stays off" 'console.log(a.length==0?"ok":JSON.stringify(a))'
run check --date "$DAY" --format json --select all clean.Dockerfile
json_check "--select all includes default-off rules" \
  'const h=a.filter(x=>x.rule=="healthcheck-missing");console.log(h.length==1&&h[0].severity=="info"?"ok":JSON.stringify(a))'
json_check "--select all includes base-image-digest-unpinned (off by default)" \
  'console.log(a.some(x=>x.rule=="base-image-digest-unpinned")?"ok":JSON.stringify(a))'
printf 'rules:\n  healthcheck-missing: warning\n' >on.yaml
run check --date "$DAY" --config on.yaml clean.Dockerfile
expect_status "config turns a default-off rule on, at its severity" 1
expect_contains "config-enabled rule" "$out" "warning[healthcheck-missing]"
run check --select no-such-rule bad.Dockerfile
expect_status "unknown rule in --select" 2
expect_contains "unknown rule message" "$err" "unknown rule 'no-such-rule'"
run check --date "$DAY" --ignore DS003 clean.Dockerfile
expect_status "another tool's ID in --ignore is accepted" 0
run check --format yaml bad.Dockerfile
expect_status "unknown format" 2
run check --frobnicate
expect_status "unknown option" 2

# --- JSON ------------------------------------------------------------------------------------
run check --date "$DAY" --format json bad.Dockerfile clean.Dockerfile
expect_status "json exit" 1
json_check "json fields" '
  const want=["file","rule","severity","message","line","column","end_line","end_column","aliases"];
  const bad=a.filter(x=>want.some(k=>!(k in x)));
  const latest=a.find(x=>x.rule=="base-image-latest");
  const ok=a.length==4 && bad.length==0 && latest.file=="bad.Dockerfile" && latest.line==1 &&
    latest.column==13 && latest.end_line==1 && latest.end_column==19 &&
    latest.aliases.includes("DL3007") && latest.fix.applicability=="unsafe" &&
    latest.fix.edits[0].new_text=="3.14.7-slim-trixie";
  console.log(ok?"ok":JSON.stringify(a))'
json_check "json fix" '
  const j=a.find(x=>x.rule=="json-args-recommended");
  const f=j.fix;
  console.log(f && f.applicability=="unsafe" && f.edits.length==1 && f.edits[0].line==3 &&
    f.edits[0].column==5 && f.edits[0].new_text=="[\"python\", \"app.py\"]" ? "ok" : JSON.stringify(j))'
run check --date "$DAY" --format json clean.Dockerfile
json_check "json empty" 'console.log(Array.isArray(a)&&a.length==0?"ok":"not empty")'

# --- SARIF -----------------------------------------------------------------------------------
run check --date "$DAY" --format sarif bad.Dockerfile style.Dockerfile
expect_status "sarif exit" 1
validator="$here/sarif/validate.js"
if [[ -f $here/sarif/node_modules/ajv/package.json ]]; then
  if node "$validator" "$tmp/out" 2>"$tmp/verr"; then pass; else
    fail "SARIF schema: $(<"$tmp/verr")"
  fi
elif [[ ${CI:-} == true ]]; then
  fail "SARIF validator not installed (run scripts/setup.sh)"
else
  echo "SKIPPED: SARIF schema validation (validator not installed; run scripts/setup.sh)"
fi
json_check "sarif content" '
  const run=a.runs[0], rules=run.tool.driver.rules;
  const idx=run.results.every(r=>rules[r.ruleIndex].id==r.ruleId);
  const r=run.results.find(x=>x.ruleId=="base-image-latest");
  const reg=r.locations[0].physicalLocation.region;
  const uri=r.locations[0].physicalLocation.artifactLocation.uri;
  const levels=run.results.map(x=>x.level);
  const ok=a.version=="2.1.0" && idx && reg.startLine==1 && reg.startColumn==13 &&
    reg.endColumn==19 && uri=="bad.Dockerfile" && run.columnKind=="unicodeCodePoints" &&
    levels.includes("note") && rules.every(x=>x.help && x.help.markdown && x.shortDescription);
  console.log(ok?"ok":JSON.stringify(run).slice(0,1500))'

# --- checkstyle ------------------------------------------------------------------------------
run check --date "$DAY" --format checkstyle bad.Dockerfile
expect_contains "checkstyle header" "$out" '<checkstyle version="4.3">'
expect_contains "checkstyle error" "$out" '<error line="1" column="13" severity="warning" message="base image &apos;python&apos; uses the &apos;latest&apos; tag'
expect_contains "checkstyle source" "$out" 'source="whalesafe.base-image-latest"/>'

# --- suppressions through the CLI ------------------------------------------------------------
printf '# hadolint ignore=DL3007\nFROM python:latest\nUSER app\n' >suppressed.Dockerfile
run check --date "$DAY" suppressed.Dockerfile
expect_status "hadolint pragma" 0

# --- configuration ---------------------------------------------------------------------------
mkdir -p proj/sub
cp bad.Dockerfile proj/sub/Dockerfile
printf 'rules:\n  base-image-latest: off\n  workdir-relative: error\n' >proj/.whalesafe.yaml
run check --date "$DAY" --format json proj/sub/Dockerfile
json_check ".whalesafe.yaml found upward" '
  const w=a.find(x=>x.rule=="workdir-relative");
  console.log(!a.some(x=>x.rule=="base-image-latest") && w && w.severity=="error" ? "ok" : JSON.stringify(a))'
run check --date "$DAY" --format json --select all proj/sub/Dockerfile
json_check "--select all overrides config off" \
  'console.log(a.some(x=>x.rule=="base-image-latest")?"ok":"base-image-latest missing")'
printf 'ignored: [DL3025]\nfailure-threshold: error\n' >proj/.hadolint.yaml
run check --date "$DAY" proj/sub/Dockerfile
expect_status ".hadolint.yaml failure-threshold: error (workdir-relative is error via ours)" 1
expect_missing ".hadolint.yaml ignored" "$out" "json-args-recommended"
printf 'rules:\n  typo-rule: off\n' >typo.yaml
run check --date "$DAY" --config typo.yaml clean.Dockerfile
expect_status "unknown rule in config is a warning" 0
expect_contains "unknown rule in config" "$err" "typo.yaml:2:3: warning: unknown rule 'typo-rule'"
printf 'rules: [unclosed\n' >broken.yaml
run check --config broken.yaml clean.Dockerfile
expect_status "invalid YAML" 2
expect_contains "invalid YAML message" "$err" "broken.yaml: invalid YAML"
printf 'ignored:\n  - DL3007\n' >hl.hadolint.yaml
run check --date "$DAY" --config hl.hadolint.yaml --format json bad.Dockerfile
json_check "--config with a hadolint file" \
  'console.log(a.length==3&&!a.some(x=>x.rule=="base-image-latest")?"ok":JSON.stringify(a))'

printf 'trustedRegistries:\n  - registry.acme.com:5000\n' >trust.hadolint.yaml
printf 'FROM registry.acme.com:5000/base:1\nFROM quay.io/x/y:1\n' >trust.Dockerfile
run check --date "$DAY" --config trust.hadolint.yaml --format json trust.Dockerfile
json_check "trustedRegistries feeds base-image-untrusted" '
  const u=a.filter(x=>x.rule=="base-image-untrusted");
  console.log(u.length==1&&u[0].line==2?"ok":JSON.stringify(a))'
run check --date "$DAY" --format json trust.Dockerfile
json_check "no trusted list, no policy" \
  'console.log(a.some(x=>x.rule=="base-image-untrusted")?JSON.stringify(a):"ok")'

# End of life is judged on the configured day (eol-date), with eol-grace-days; Node.js 20
# reached it on 2026-04-30.
printf 'FROM node:20-alpine\nUSER node\n' >eol.Dockerfile
printf 'eol-date: 2026-04-29\n' >before.yaml
run check --config before.yaml eol.Dockerfile
expect_status "eol-date before the end of life" 0
expect_missing "eol-date before the end of life" "$out" "base-image-eol"
printf 'eol-date: 2026-05-15\n' >after.yaml
run check --config after.yaml eol.Dockerfile
expect_status "eol-date after the end of life" 1
expect_contains "base-image-eol message" "$out" "eol.Dockerfile:1:11: warning[base-image-eol] base image 'node:20-alpine' is Node.js 20, past its end of life since 2026-04-30; only Commercial Support remains"
printf 'eol-date: 2026-05-15\neol-grace-days: 30\n' >grace.yaml
run check --config grace.yaml eol.Dockerfile
expect_status "eol-grace-days" 0
printf 'eol-date: next week\n' >baddate.yaml
run check --date "$DAY" --config baddate.yaml clean.Dockerfile
expect_contains "invalid eol-date" "$err" "baddate.yaml:1:11: warning: 'eol-date' must be a date: YYYY-MM-DD"
# --date fixes the day on the command line, and wins over the configuration's eol-date.
run check --date 2026-04-29 eol.Dockerfile
expect_status "--date before the end of life" 0
run check --date=2026-05-15 --select base-image-eol eol.Dockerfile
expect_status "--date after the end of life" 1
expect_contains "--date after the end of life" "$out" "past its end of life since 2026-04-30"
run check --date 2026-04-29 --config after.yaml eol.Dockerfile
expect_status "--date wins over eol-date" 0
run check --date 2026-05-15 --config grace.yaml eol.Dockerfile
expect_status "--date keeps eol-grace-days" 0
run --fix --date 2026-05-15 --select base-image-eol eol.Dockerfile
expect_status "--fix accepts --date" 1
expect_contains "--fix accepts --date" "$out" "warning[base-image-eol]"
for bad in 2026-02-30 2026-1-5 26-11-23 2026-11-23T10:00 tomorrow ""; do
  run check --date "$bad" eol.Dockerfile
  expect_status "--date '$bad'" 2
  expect_contains "--date '$bad'" "$err" "whalesafe check: --date takes a calendar date as YYYY-MM-DD, not '$bad'"
done
run check eol.Dockerfile --date
expect_status "--date without a value" 2
expect_contains "--date without a value" "$err" "--date needs a value"
# Without --date or eol-date, the real date: Node.js 20 ended before any day this test can
# run on, so the finding holds whatever the calendar says (the real-date default is exercised,
# no date-dependent outcome is asserted).
run check --select base-image-eol eol.Dockerfile
expect_status "real date by default" 1
expect_contains "real date by default" "$out" "past its end of life since 2026-04-30"

# --- discovery, stdin, errors ----------------------------------------------------------------
mkdir -p tree/a/b tree/.git tree/node
for f in tree/Dockerfile tree/a/app.Dockerfile tree/a/Dockerfile.dev tree/a/b/Containerfile \
  tree/.git/Dockerfile tree/a/notes.txt tree/a/Dockerfile-old; do
  printf 'FROM ubuntu\n' >"$f"
done
run check --date "$DAY" --format json tree
json_check "discovery" '
  const f=[...new Set(a.map(x=>x.file))].join(" ");
  console.log(f=="tree/Dockerfile tree/a/Dockerfile.dev tree/a/app.Dockerfile tree/a/b/Containerfile"?"ok":f)'
status=0
out=$(cd "$tmp/work" && printf 'FROM ubuntu\nUSER app\n' | "$WHALESAFE" check --date "$DAY" --format json - 2>"$tmp/err") || status=$?
printf '%s' "$out" >"$tmp/out"
json_check "standard input" 'console.log(a.length==1&&a[0].file=="<stdin>"?"ok":JSON.stringify(a))'
mkdir -p empty-dir
run check empty-dir
expect_status "no Dockerfiles found" 0
expect_contains "no Dockerfiles found message" "$err" "warning: no Dockerfiles found"
run check --date "$DAY" missing.Dockerfile bad.Dockerfile
expect_status "missing file" 2
expect_contains "missing file message" "$err" "missing.Dockerfile: No such file or directory"
expect_contains "other files still checked" "$out" "base-image-latest"
printf 'FROM a\0b\n' >binary.Dockerfile
run check binary.Dockerfile
expect_status "binary file" 2
run check - -
expect_status "stdin twice" 2

# --- fixes ----------------------------------------------------------------------------------
printf 'from alpine:3.24\nENV GREETING hello world\nUSER app\nCMD python app.py\n' >fixme.Dockerfile
chmod 640 fixme.Dockerfile
run check --date "$DAY" --fix fixme.Dockerfile
expect_status "--fix leaves the unsafe finding" 1
expect_contains "--fix summary" "$err" "Fixed 2 problems."
if [[ $(<fixme.Dockerfile) == $'FROM alpine:3.24\nENV GREETING="hello world"\nUSER app\nCMD python app.py' ]]; then
  pass
else
  fail "--fix result: $(<fixme.Dockerfile)"
fi
if [[ $(stat -c %a fixme.Dockerfile) == 640 ]]; then pass; else fail "--fix kept permissions"; fi
expect_contains "--fix reports what is left" "$out" "json-args-recommended"
expect_missing "--fix reports only what is left" "$out" "legacy-env-format"
run --fix --date "$DAY" --unsafe-fixes fixme.Dockerfile
expect_status "top-level --fix with unsafe fixes" 0
if [[ $(<fixme.Dockerfile) == *'CMD ["python", "app.py"]' ]]; then pass; else
  fail "--unsafe-fixes result: $(<fixme.Dockerfile)"
fi
run check --unsafe-fixes bad.Dockerfile
expect_status "--unsafe-fixes without --fix" 2

# --- whalesafe rule --------------------------------------------------------------------------
run rule DL3007
expect_status "rule by alias" 0
expect_contains "rule doc" "$out" "## base-image-latest"
expect_contains "rule doc sections" "$out" "### Use instead"
run rule MultipleInstructionsDisallowed
expect_contains "alias naming several rules" "$out" "## multiple-healthcheck"
run rule DS003
expect_status "rule not implemented" 2
expect_contains "rule not implemented message" "$err" "no whalesafe rule implements 'DS003' yet"
run rule no-such-rule
expect_status "unknown rule" 2
run rule --list
expect_status "rule --list" 0
expect_contains "rule --list line" "$out" "healthcheck-missing"
if [[ $(grep -c . <<<"$out") -ge 25 ]] && grep -Eq '^base-image-latest +warning +on +fix:unsafe +DL3007,DS001,CKV_DOCKER_7$' <<<"$out"; then
  pass
else
  fail "rule --list: one line per rule"
fi

# --- the shellcheck rule (the real program) ---------------------------------------------------
printf 'FROM debian:bookworm\nRUN cd /srv; ls $HOME\n' >sc.Dockerfile
if command -v shellcheck >/dev/null 2>&1; then
  run check --format json --select shellcheck sc.Dockerfile
  expect_status "shellcheck findings" 1
  json_check "shellcheck: SC codes as aliases" '
    const c=a.map(x=>x.rule+" "+x.line+":"+x.column+" "+x.aliases.join(","));
    console.log(JSON.stringify(c)==JSON.stringify(["shellcheck 2:5 SC2164","shellcheck 2:17 SC2086"])
      ?"ok":JSON.stringify(c))'
  run check --select shellcheck --ignore SC2086 sc.Dockerfile
  expect_contains "--ignore SC2086 keeps SC2164" "$out" "SC2164"
  expect_missing "--ignore SC2086" "$out" "SC2086"
  mkdir -p sc-hadolint && printf 'ignored:\n  - SC2164\n' >sc-hadolint/.hadolint.yaml
  cp sc.Dockerfile sc-hadolint/
  run check --select shellcheck sc-hadolint/sc.Dockerfile
  expect_contains "hadolint ignored: [SC2164] keeps SC2086" "$out" "SC2086"
  expect_missing "hadolint ignored: [SC2164]" "$out" "SC2164"
  mkdir -p sc-off && printf 'shellcheck: false\n' >sc-off/.whalesafe.yaml && cp sc.Dockerfile sc-off/
  run check --select shellcheck sc-off/sc.Dockerfile
  expect_status "shellcheck: false in .whalesafe.yaml" 0
elif [[ ${CI:-} == true ]]; then
  status=-1 out="" err=""
  fail "shellcheck is not installed (scripts/setup.sh installs it)"
else
  echo "SKIPPED: shellcheck not on PATH"
fi
# Without the program on PATH, the rule says nothing (and nothing fails).
(cd "$tmp/work" && PATH=/nonexistent "$WHALESAFE" check --select shellcheck sc.Dockerfile \
  >"$tmp/out" 2>"$tmp/err" </dev/null)
status=$? out=$(<"$tmp/out") err=$(<"$tmp/err")
if [[ $status -eq 0 && -z $out && -z $err ]]; then pass; else fail "shellcheck absent: silent"; fi

# --- one run, many files: the shell parses they share do not carry context ------------------
# A run shares the parses of RUN texts between its files and workers (docs/check.md). The same
# RUN text under bash, under a Windows image, in a stage that is not the final one and with a
# suppression above it: each file's findings in one run of them all are those of the file alone.
mkdir -p shared-run
run_text='apt-get update && apt-get install -y curl && curl -k http://example.com/x | sh'
for i in $(seq 1 12); do
  printf 'FROM debian:12\nRUN %s\nUSER app\n' "$run_text" >"shared-run/$i-plain.Dockerfile"
  printf 'FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN %s\nUSER app\n' \
    "$run_text" >"shared-run/$i-bash.Dockerfile"
  printf 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN %s\n' "$run_text" \
    >"shared-run/$i-windows.Dockerfile"
  printf 'FROM debian:12 AS build\nRUN %s\nFROM scratch\nCOPY --from=build /x /x\nUSER 1000\n' \
    "$run_text" >"shared-run/$i-stage.Dockerfile"
  printf 'FROM debian:12\n# whalesafe ignore=apt-no-install-recommends,curl-pipe-shell\nRUN %s\nUSER app\n' \
    "$run_text" >"shared-run/$i-ignored.Dockerfile"
done
run check --date "$DAY" --format json --ignore shellcheck shared-run
mkdir -p "$tmp/alone"
for f in shared-run/*.Dockerfile; do
  (cd "$tmp/work" && "$WHALESAFE" check --date "$DAY" --format json --ignore shellcheck "$f" \
    >"$tmp/alone/$(basename "$f").json" 2>/dev/null </dev/null)
done
json_check "one run over 60 files with one RUN text: each file's findings as when alone" '
  const fs=require("fs");
  const dir=process.env.ALONE;
  const alone=fs.readdirSync(dir).flatMap(f=>JSON.parse(fs.readFileSync(dir+"/"+f,"utf8")));
  const key=x=>JSON.stringify([x.file,x.line,x.column,x.rule,x.message]);
  const A=a.map(key).sort(), B=alone.map(key).sort();
  const kinds=new Set(a.map(x=>x.file.replace(/.*-/,"")+":"+x.rule));
  console.log(a.length==0?"no findings at all":A.length!=B.length?`${A.length} vs ${B.length} findings`:
    A.some((k,i)=>k!=B[i])?"differ: "+A.find((k,i)=>k!=B[i]):
    ["plain.Dockerfile:pipefail-missing","bash.Dockerfile:curl-pipe-shell"].some(k=>!kinds.has(k))||
    ["bash.Dockerfile:pipefail-missing","windows.Dockerfile:curl-pipe-shell",
     "ignored.Dockerfile:curl-pipe-shell"].some(k=>kinds.has(k))?"context lost: "+[...kinds].join(" "):"ok")'

# --- the shared corpus -----------------------------------------------------------------------
if [[ -n $SHARED && -d $SHARED/corpus ]]; then
  # Not the shellcheck program (25 s on this corpus): rules.unit runs it on every 8th file.
  find "$SHARED/corpus" -type f ! -name MANIFEST.tsv ! -name README.md -print0 |
    xargs -0 "$WHALESAFE" check --format json --select all --ignore shellcheck >"$tmp/out" 2>"$tmp/err"
  status=$?
  out="(corpus json)"
  err=$(<"$tmp/err")
  # xargs: 0 all clean, 123 some invocation exited 1-125 (1: findings); anything else failed.
  if [[ $status -eq 0 || $status -eq 123 ]] && [[ -z $err ]]; then pass; else
    fail "corpus run (xargs status $status)"
  fi
  json_check "corpus: no syntax-error" '
    const s=a.filter(x=>x.rule=="syntax-error");
    console.log(s.length==0?"ok":JSON.stringify(s.slice(0,3)))'
elif [[ ${CI:-} == true ]]; then
  status=-1 out="" err=""
  fail "shared corpus missing at '$SHARED/corpus'"
else
  echo "SKIPPED: shared corpus not found at '$SHARED/corpus'"
fi

cli_test_finish cli_check
