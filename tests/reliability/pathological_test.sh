#!/usr/bin/env bash
# The pathological inputs of docs/reliability.md at full size: a 100,000-line continuation
# (it once overflowed the stack in the shell layer, at about 10,000 chained commands), 10,000
# heredocs, a 1 MB single line, a 100,000-command `||` chain. `check` and `check --diff
# --unsafe-fixes` must finish with a report (exit status 0 or 1), never crash. How long they take
# is measured by bench/pathological_bench, not asserted here.
# Usage: pathological_test.sh /path/to/whalesafe
set -uo pipefail

WHALESAFE=${1:?usage: pathological_test.sh /path/to/whalesafe}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_CACHE_HOME="$tmp/cache"
passed=0
failed=0

python3 - "$tmp" <<'PY'
import sys
d = sys.argv[1]
def write(name, text):
    open(f"{d}/{name}", "w").write(text)
write("continuation.Dockerfile", "FROM alpine:3.19\nRUN echo start \\\n"
      + "".join(f"    && echo line{i} \\\n" for i in range(100000)) + "    && true\n")
write("or-chain.Dockerfile", "FROM alpine:3.19\nRUN false" + " || false" * 100000 + "\n")
write("heredocs.Dockerfile", "FROM alpine:3.19\n"
      + "".join(f"RUN <<EOF\napt-get install curl\necho {i}\nEOF\n" for i in range(10000)))
write("long-line.Dockerfile", "FROM alpine:3.19\nRUN echo" + " w" * 512 * 1024 + "\n")
PY

for f in continuation or-chain heredocs long-line; do
  for mode in check diff; do
    args=(check --ignore shellcheck --exit-zero)
    [[ $mode == diff ]] && args=(check --diff --unsafe-fixes --ignore shellcheck)
    "$WHALESAFE" "${args[@]}" "$tmp/$f.Dockerfile" >"$tmp/out" 2>"$tmp/err"
    status=$?
    if [[ $status -eq 0 || $status -eq 1 ]]; then
      passed=$((passed + 1))
    else
      failed=$((failed + 1))
      echo "FAIL: $f ($mode): exit status $status; $(head -c 500 "$tmp/err")" >&2
    fi
  done
done
echo "pathological: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
