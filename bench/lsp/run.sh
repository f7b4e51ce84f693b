#!/usr/bin/env bash
# Language server benchmark (docs/performance.md, "Language server"): builds whalesafe
# (configures build/ first if needed; BUILD_DIR=...), installs the pinned peer and client
# (npm ci --ignore-scripts in bench/lsp), and runs lsp_bench.js on 30- and 3,000-line
# Dockerfiles, with bench/lsp_floor_server as the floor of the measurement. Extra arguments go
# to lsp_bench.js (--edits N, --lines A,B).
# Raw output: $BUILD_DIR/bench-results/lsp.json.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$here/../.." && pwd)
build_dir=${BUILD_DIR:-$repo_root/build}

[[ -f $build_dir/build.ninja || -f $build_dir/Makefile ]] ||
  cmake -S "$repo_root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build "$build_dir" -j2 --target whalesafe lsp_floor_server

if [[ ! -f $here/node_modules/dockerfile-language-server-nodejs/package.json ]]; then
  (cd "$here" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi

mkdir -p "$build_dir/bench-results"
XDG_CACHE_HOME=$(mktemp -d) node "$here/lsp_bench.js" --whalesafe "$build_dir/whalesafe" \
  --floor "$build_dir/bench/lsp_floor_server" \
  --json "$build_dir/bench-results/lsp.json" "$@"
