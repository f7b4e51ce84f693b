#!/usr/bin/env bash
# Runs the ```console examples of a document (docs/check.md unless a third argument names
# another, relative to the source root) and compares their output with the document.
# Each block runs in one shell, from a scratch copy of the repository's docs/examples/ (so the
# paths read as from the repository root, and --fix examples change only the copy); `$ ` lines
# are commands (stdout and stderr both shown, unless the command redirects stderr itself), the
# other lines their expected output.
# Usage: docs_check_test.sh /path/to/whalesafe /path/to/source-root [docs/FILE.md]
set -uo pipefail

WHALESAFE=${1:?usage: docs_check_test.sh /path/to/whalesafe /path/to/source-root}
SOURCE=${2:?usage: docs_check_test.sh /path/to/whalesafe /path/to/source-root}
WHALESAFE=$(cd "$(dirname "$WHALESAFE")" && pwd)/$(basename "$WHALESAFE")
export WHALESAFE
doc_name=${3:-docs/check.md}
doc="$SOURCE/$doc_name"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# No user catalog cache: the compiled-in catalog answers, as the document shows.
export XDG_CACHE_HOME="$tmp/cache"

# Split the document's console blocks into block files, with their line numbers.
awk -v dir="$tmp" '
  /^```console$/ { n++; inside = 1; file = sprintf("%s/block%03d", dir, n);
                   print NR + 1 > (file ".line"); printf "" > file; next }
  /^```$/ && inside { inside = 0; next }
  inside { print >> file }
' "$doc"

blocks=0
failed=0
for block in "$tmp"/block[0-9][0-9][0-9]; do
  blocks=$((blocks + 1))
  work="$tmp/work"
  rm -rf "$work" && mkdir -p "$work/docs" && cp -r "$SOURCE/docs/examples" "$work/docs/"
  script="$tmp/script.sh"
  {
    echo 'whalesafe() { "$WHALESAFE" "$@"; }'
    echo '__s=0'
    while IFS= read -r line; do
      [[ $line == '$ '* ]] || continue
      printf 'printf "%%s\\n" %q\n' "$line"
      # Standard error is shown too, unless the command redirects it itself.
      if [[ ${line:2} == *'2>'* ]]; then
        printf '(exit $__s); %s; __s=$?\n' "${line:2}"
      else
        printf '(exit $__s); %s 2>&1; __s=$?\n' "${line:2}"
      fi
    done <"$block"
  } >"$script"
  actual=$(cd "$work" && bash "$script")
  expected=$(<"$block")
  if [[ $actual != "$expected" ]]; then
    failed=$((failed + 1))
    echo "FAIL: $doc_name console block at line $(<"$block.line"):" >&2
    diff <(printf '%s\n' "$expected") <(printf '%s\n' "$actual") >&2
  fi
done

echo "docs_check $doc_name: $blocks blocks, $failed failed"
[[ $blocks -gt 0 && $failed -eq 0 ]]
