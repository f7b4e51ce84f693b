#!/usr/bin/env bash
# The CI integrations from the outside:
#   1. `check --format sarif`: valid SARIF 2.1.0 (the OASIS schema, tests/rules/sarif), with the
#      rule metadata GitHub code scanning reads (helpUri, help, security tag and
#      security-severity on security rules only); every scored rule exists.
#   2. `check --format gitlab`: GitLab's code quality report (fields, severities, unique
#      fingerprints that survive inserted lines).
#   3. The command lines of docs/ci/github-actions.md and docs/ci/gitlab-ci.md, read from the
#      documents and run in a scratch repository, and the reports they write.
#   4. .pre-commit-hooks.yaml with Debian's pre-commit and docs/ci/pre-commit.md's config.
# Usage: ci_integrations_test.sh WHALESAFE SOURCE_ROOT
set -uo pipefail
WHALESAFE=$(realpath "${1:?usage: ci_integrations_test.sh WHALESAFE SOURCE_ROOT}")
ROOT=$(realpath "${2:?usage: ci_integrations_test.sh WHALESAFE SOURCE_ROOT}")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_CACHE_HOME="$tmp/cache"
passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() {
  failed=$((failed + 1))
  printf 'FAIL: %s\n' "$*" >&2
}
skip_or_fail() {
  if [[ ${CI:-} == true ]]; then fail "$1 (CI is set; scripts/setup.sh installs it)"; else echo "SKIPPED: $1"; fi
}
# js_check NAME FILE JS: runs JS with `a` bound to FILE's JSON; it must print "ok".
js_check() {
  local verdict
  verdict=$(node -e "const a=JSON.parse(require('fs').readFileSync(process.argv[1],'utf8')); $3" "$2" 2>&1)
  if [[ $verdict == ok ]]; then pass; else fail "$1: ${verdict:0:1500}"; fi
}
sarif_validator="$ROOT/tests/rules/sarif/validate.js"
validate_sarif() {  # NAME FILE
  if [[ ! -f $ROOT/tests/rules/sarif/node_modules/ajv/package.json ]]; then
    skip_or_fail "SARIF schema validation of $1 (validator not installed)"
  elif node "$sarif_validator" "$2" 2>"$tmp/verr"; then
    pass
  else
    fail "$1: not valid SARIF 2.1.0: $(<"$tmp/verr")"
  fi
}
# The GitLab code quality checks; FILE must hold at least MIN issues.
check_gitlab() {  # NAME FILE MIN
  js_check "$1" "$2" "
    const sev=new Set(['info','minor','major','critical','blocker']);
    const bad=a.filter(i=>!(typeof i.description=='string'&&i.description&&typeof i.check_name=='string'&&
      sev.has(i.severity)&&/^[0-9a-f]{64}\$/.test(i.fingerprint)&&i.location&&typeof i.location.path=='string'&&
      !i.location.path.startsWith('./')&&Number.isInteger(i.location.lines.begin)&&i.location.lines.begin>=1));
    const fps=new Set(a.map(i=>i.fingerprint));
    console.log(Array.isArray(a)&&a.length>=$3&&bad.length==0&&fps.size==a.length?'ok':JSON.stringify({n:a.length,bad,unique:fps.size}))"
}

mkdir -p "$tmp/repo/app" "$tmp/repo/ops"
cd "$tmp/repo" || exit 1
# Warnings and infos, no errors (an error comes in a second repository, for the gates).
cat >app/Dockerfile <<'EOF'
FROM node:latest
RUN curl -fsSL https://example.com/install.sh | sh
ENV NODE_ENV production
RUN apk add curl
USER root
CMD node server.js
EOF
printf 'FROM alpine:3.22\nRUN wget -q http://example.com/tool.tgz\nUSER app\n' >ops/tools.Dockerfile

# --- 1. SARIF --------------------------------------------------------------------------------
"$WHALESAFE" check --date 2026-11-23 --format sarif . >"$tmp/out.sarif" 2>"$tmp/err"
status=$?
if [[ $status -eq 1 ]]; then pass; else fail "sarif: exit status $status, expected 1: $(<"$tmp/err")"; fi
validate_sarif "check --format sarif" "$tmp/out.sarif"
js_check "sarif rule metadata" "$tmp/out.sarif" '
  const rules=a.runs[0].tool.driver.rules, by=Object.fromEntries(rules.map(r=>[r.id,r]));
  const problems=[];
  for (const r of rules) {
    if (r.helpUri!=="https://github.com/whalesafe/whalesafe/blob/main/docs/rules.md#"+r.id) problems.push(r.id+" helpUri "+r.helpUri);
    if (!r.help||!r.help.text||!r.help.markdown.includes("## "+r.id)) problems.push(r.id+" help");
    const sec=r.properties.tags.includes("security"), s=r.properties["security-severity"];
    if (sec!==(s!==undefined)) problems.push(r.id+" security tag without score or the reverse");
    if (s!==undefined && !(typeof s=="string" && /^\d+\.\d$/.test(s) && +s>0 && +s<=10)) problems.push(r.id+" score "+s);
  }
  const expect={"curl-pipe-shell":"7.0","http-download":"6.5","base-image-latest":"4.0","user-root":"6.0"};
  for (const [id,s] of Object.entries(expect)) if (!by[id]||by[id].properties["security-severity"]!==s) problems.push("expected "+id+" at "+s+": "+JSON.stringify(by[id]&&by[id].properties));
  for (const id of ["legacy-env-format","apk-no-cache"]) if (!by[id]||by[id].properties.tags.includes("security")) problems.push(id+" should be there, not as security");
  const uris=new Set(a.runs[0].results.map(r=>r.locations[0].physicalLocation.artifactLocation.uri));
  if (!uris.has("app/Dockerfile")||!uris.has("ops/tools.Dockerfile")) problems.push("uris "+[...uris]);
  console.log(problems.length?problems.join("; "):"ok")'
# Every scored rule is a real rule (a renamed rule would silently lose its score).
scored=$(sed -n 's/.*SecurityScore{"\([a-z0-9-]*\)".*/\1/p' "$ROOT/server/cli/security_severity.cpp")
[[ $(wc -l <<<"$scored") -ge 10 ]] && pass || fail "security_severity.cpp: could not read the scored rules"
for slug in $scored; do
  if "$WHALESAFE" rule "$slug" >/dev/null 2>&1; then pass; else fail "security_severity.cpp names '$slug', which is no rule"; fi
done

# --- 2. GitLab code quality ------------------------------------------------------------------
"$WHALESAFE" check --date 2026-11-23 --format gitlab . >"$tmp/gl1.json" 2>"$tmp/err"
status=$?
if [[ $status -eq 1 ]]; then pass; else fail "gitlab: exit status $status, expected 1: $(<"$tmp/err")"; fi
check_gitlab "check --format gitlab" "$tmp/gl1.json" 8
js_check "gitlab content" "$tmp/gl1.json" '
  const i=a.find(x=>x.check_name=="base-image-latest"&&x.location.path=="app/Dockerfile");
  console.log(i&&i.severity=="major"&&i.location.lines.begin==1&&i.location.positions.begin.column==11&&
    i.description.includes("latest")&&a.some(x=>x.severity=="minor")?"ok":JSON.stringify(i))'
# Fingerprints do not depend on line numbers: insert a comment line at the top.
cp app/Dockerfile "$tmp/Dockerfile.orig"
{ echo '# moved down by one line'; cat "$tmp/Dockerfile.orig"; } >app/Dockerfile
"$WHALESAFE" check --date 2026-11-23 --format gitlab . >"$tmp/gl2.json" 2>/dev/null
cp "$tmp/Dockerfile.orig" app/Dockerfile
js_check "gitlab fingerprints survive an inserted line" "$tmp/gl2.json" '
  const b=JSON.parse(require("fs").readFileSync(process.argv[1].replace("gl2","gl1"),"utf8"));
  const key=(x)=>x.fingerprint, f1=b.map(key).sort().join(), f2=a.map(key).sort().join();
  const moved=a.find(x=>x.check_name=="base-image-latest"&&x.location.path=="app/Dockerfile");
  console.log(f1==f2&&moved.location.lines.begin==2?"ok":"fingerprints changed")'
printf 'FROM alpine:3.22\nUSER app\nHEALTHCHECK CMD ["true"]\nCMD ["/app"]\n' >"$tmp/clean.Dockerfile"
"$WHALESAFE" check --format gitlab "$tmp/clean.Dockerfile" >"$tmp/gl-empty.json" 2>/dev/null
js_check "gitlab empty report" "$tmp/gl-empty.json" 'console.log(Array.isArray(a)&&a.length==0?"ok":JSON.stringify(a))'

# --- 3. The documents' command lines ---------------------------------------------------------
# Extracts the whalesafe command lines of a document's yaml block, with what the CI system does
# with the result: "github" lists the `run:` lines and the `sarif_file:` of upload-sarif;
# "gitlab" the `script:` lines and `artifacts:reports:codequality`.
extract() {  # KIND DOC
  python3 - "$1" "$2" <<'PY'
import re, sys, yaml
kind, doc = sys.argv[1], open(sys.argv[2]).read()
blocks = re.findall(r"^```yaml\n(.*?)^```", doc, re.S | re.M)
config = yaml.safe_load(blocks[0])
commands, reports = [], []
if kind == "github":
    for job in config["jobs"].values():
        for step in job["steps"]:
            for line in step.get("run", "").splitlines():
                if line.startswith("whalesafe "):
                    commands.append(line)
            if step.get("uses", "").startswith("github/codeql-action/upload-sarif"):
                reports.append(step["with"]["sarif_file"])
else:
    for job in config.values():
        for line in job.get("script", []):
            if line.startswith("whalesafe "):
                commands.append(line)
        reports.append(job["artifacts"]["reports"]["codequality"])
for c in commands:
    print("command\t" + c)
for r in reports:
    print("report\t" + r)
PY
}
# A repository with an error finding, for the gating steps.
mkdir -p "$tmp/errors"
printf 'FROM alpine:3.22\nEXPOSE 70000\nUSER app\n' >"$tmp/errors/Dockerfile"
for kind in github gitlab; do
  doc=$([[ $kind == github ]] && echo docs/ci/github-actions.md || echo docs/ci/gitlab-ci.md)
  mapfile -t lines < <(extract "$kind" "$ROOT/$doc")
  commands=()
  reports=()
  for l in "${lines[@]}"; do
    case $l in
      command$'\t'*) commands+=("${l#command$'\t'}") ;;
      report$'\t'*) reports+=("${l#report$'\t'}") ;;
    esac
  done
  if [[ ${#commands[@]} -ge 2 && ${#reports[@]} -eq 1 ]]; then pass; else
    fail "$doc: expected whalesafe commands and one report, got: ${lines[*]}"
    continue
  fi
  # Every command passes on warnings (the report steps never fail; the gate is on errors).
  for c in "${commands[@]}"; do
    (cd "$tmp/repo" && PATH="$(dirname "$WHALESAFE"):$PATH" bash -c "$c" >"$tmp/cmd.out" 2>&1)
    status=$?
    if [[ $status -eq 0 ]]; then pass; else fail "$doc: '$c' exited $status: $(head -c 1500 "$tmp/cmd.out")"; fi
  done
  report="$tmp/repo/${reports[0]}"
  if [[ $kind == github ]]; then
    validate_sarif "$doc's $report" "$report"
    js_check "$doc's SARIF has the findings" "$report" \
      'console.log(a.runs[0].results.length>=8&&a.runs[0].tool.driver.rules.some(r=>r.properties["security-severity"])?"ok":"too few")'
  else
    check_gitlab "$doc's code quality report" "$report" 8
  fi
  # The last command is the gate: it fails on an error finding.
  last=${commands[${#commands[@]} - 1]}
  (cd "$tmp/errors" && PATH="$(dirname "$WHALESAFE"):$PATH" bash -c "$last" >"$tmp/cmd.out" 2>&1)
  status=$?
  if [[ $status -eq 1 ]] && grep -q 'error\[expose-invalid-port\]' "$tmp/cmd.out"; then pass; else
    fail "$doc: the gate '$last' exited $status on an error: $(head -c 1500 "$tmp/cmd.out")"
  fi
  rm -f "$report"
done

# --- 4. pre-commit ---------------------------------------------------------------------------
if ! command -v pre-commit >/dev/null 2>&1 || ! command -v git >/dev/null 2>&1; then
  skip_or_fail "pre-commit hooks (pre-commit or git not found)"
else
  export PRE_COMMIT_HOME="$tmp/pre-commit-home" GIT_CONFIG_NOSYSTEM=1 HOME="$tmp/home"
  mkdir -p "$HOME"
  git config --global user.email test@example.com
  git config --global user.name test
  git config --global init.defaultBranch main
  # The hooks repository: a copy of .pre-commit-hooks.yaml, tagged as docs/ci/pre-commit.md says.
  hooks="$tmp/hooks-repo"
  mkdir -p "$hooks" && cp "$ROOT/.pre-commit-hooks.yaml" "$hooks/"
  (cd "$hooks" && git init -q && git add . && git commit -qm hooks && git tag v0.1.0)
  proj="$tmp/precommit-proj"
  mkdir -p "$proj/svc"
  # The documented configuration, pointing at the local copy.
  python3 - "$ROOT/docs/ci/pre-commit.md" "$hooks" >"$proj/.pre-commit-config.yaml" <<'PY'
import re, sys
doc, hooks = open(sys.argv[1]).read(), sys.argv[2]
block = re.findall(r"^```yaml\n(.*?)^```", doc, re.S | re.M)[0]
print(block.replace("https://github.com/whalesafe/whalesafe", hooks), end="")
PY
  printf 'rules:\n  healthcheck-missing: off\n' >"$proj/.whalesafe.yaml"
  printf 'from alpine:3.22\nENV MODE prod\nUSER app\nCMD ["/app"]\n' >"$proj/svc/Dockerfile"
  printf 'not a dockerfile: FROM\n' >"$proj/README.txt"
  (cd "$proj" && git init -q && git add . && git commit -qm init)
  run_hook() {  # HOOK: sets status and out
    out=$(cd "$proj" && PATH="$(dirname "$WHALESAFE"):$PATH" pre-commit run "$1" --all-files --color never 2>&1)
    status=$?
  }
  run_hook whalesafe
  if [[ $status -eq 1 && $out == *'warning[legacy-env-format]'* && $out == *'svc/Dockerfile'* ]]; then pass; else
    fail "pre-commit whalesafe on a finding: exit $status: $out"
  fi
  run_hook whalesafe-fix
  if [[ $status -eq 1 && $out == *'files were modified by this hook'* ]]; then pass; else
    fail "pre-commit whalesafe-fix: exit $status: $out"
  fi
  if [[ $(<"$proj/svc/Dockerfile") == $'FROM alpine:3.22\nENV MODE=prod\nUSER app\nCMD ["/app"]' ]]; then pass; else
    fail "pre-commit whalesafe-fix result: $(<"$proj/svc/Dockerfile")"
  fi
  run_hook whalesafe-fix
  if [[ $status -eq 0 ]]; then pass; else fail "pre-commit whalesafe-fix on a fixed file: exit $status: $out"; fi
  run_hook whalesafe
  if [[ $status -eq 0 && $out == *Passed* ]]; then pass; else fail "pre-commit whalesafe on a clean file: exit $status: $out"; fi
fi

echo "ci_integrations: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
