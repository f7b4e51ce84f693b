#!/usr/bin/env bash
# The committed grammar.json and parser.c must be exactly what grammar.js and
# the generator produce now.   usage: regenerate_test.sh TSGEN NODE
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
tsgen="$1"
node="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$node" "$here/scripts/grammar-to-json.js" "$here/grammar.js" > "$work/grammar.json"
if ! cmp -s "$work/grammar.json" "$here/src/grammar.json"; then
  echo "grammar/src/grammar.json is out of date with grammar/grammar.js; run grammar/scripts/regenerate.sh" >&2
  diff -u "$here/src/grammar.json" "$work/grammar.json" | head -40 >&2
  exit 1
fi
"$tsgen" "$work/grammar.json" "$work/parser.c"
if ! cmp -s "$work/parser.c" "$here/src/parser.c"; then
  echo "grammar/src/parser.c is out of date; run grammar/scripts/regenerate.sh" >&2
  diff -u "$here/src/parser.c" "$work/parser.c" | head -40 >&2
  exit 1
fi
echo "grammar.json and parser.c are up to date"
