#!/usr/bin/env bash
# Regenerates grammar/src/grammar.json and grammar/src/parser.c from grammar/grammar.js.
#   usage: grammar/scripts/regenerate.sh [path/to/tsgen]
# Without an argument it uses build/tsgen (build it with `cmake --build build --target tsgen`).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
tsgen="${1:-$here/../build/tsgen}"
node "$here/scripts/grammar-to-json.js" "$here/grammar.js" > "$here/src/grammar.json.tmp"
mv "$here/src/grammar.json.tmp" "$here/src/grammar.json"
"$tsgen" "$here/src/grammar.json" "$here/src/parser.c" --stats
