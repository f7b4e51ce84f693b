#!/usr/bin/env bash
# Runs nvim_plugin_test.lua: the Neovim plugin (editors/nvim) in Debian's Neovim, headless.
# Usage: nvim_plugin_test.sh WHALESAFE PARSER_SO. Skips (status 77) without nvim, unless CI is
# set.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../../.." && pwd)
whalesafe=$(realpath "${1:?usage: nvim_plugin_test.sh WHALESAFE PARSER_SO}")
parser=$(realpath "${2:?usage: nvim_plugin_test.sh WHALESAFE PARSER_SO}")

if ! command -v nvim >/dev/null 2>&1; then
  if [[ -n ${CI:-} ]]; then
    echo "nvim_plugin_test: nvim not found (scripts/setup.sh installs Debian's neovim)" >&2
    exit 1
  fi
  echo "nvim_plugin_test: skipped: nvim not found" >&2
  exit 77
fi

# The plugin's queries are the grammar's: editors/nvim/queries/dockerfile is a symbolic link
# to grammar/queries (git mode 120000), so every query the grammar has, and no other, must
# resolve to the grammar's file (a checkout without symbolic links fails here).
queries=$(realpath "$root/grammar/queries")
for q in "$queries"/*.scm "$root"/editors/nvim/queries/dockerfile/*.scm; do
  plugin_q="$root/editors/nvim/queries/dockerfile/$(basename "$q")"
  if [[ $(realpath -e "$plugin_q" 2>/dev/null) != "$queries/$(basename "$q")" ]]; then
    echo "FAIL editors/nvim/queries/dockerfile/$(basename "$q") does not resolve to" \
      "grammar/queries/$(basename "$q") (editors/nvim/queries/dockerfile must be a symbolic" \
      "link to ../../../grammar/queries)" >&2
    exit 1
  fi
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/proj"
printf 'rules:\n  healthcheck-missing: off\n  package-unpinned: off\n' >"$work/proj/.whalesafe.yaml"
printf 'from alpine:3.22\nENV NODE_ENV production\nRUN apk add curl\nUSER app\nCMD ["/bin/app"]\n' \
  >"$work/proj/Dockerfile"
printf 'FROM alpine:3.22\nENV MODE prod\nUSER app\n' >"$work/proj/Containerfile"
printf 'FROM alpine:3.22\nUSER app\n' >"$work/proj/api.dockerfile"
# docs/editors.md's copy of the plugin (`cp -rL`, the link followed) holds the queries as files.
cp -rL "$root/editors/nvim" "$work/copied-plugin"
for q in "$queries"/*.scm; do
  if [[ -L $work/copied-plugin/queries/dockerfile || ! -f $work/copied-plugin/queries/dockerfile/$(basename "$q") ]] ||
    ! cmp -s "$q" "$work/copied-plugin/queries/dockerfile/$(basename "$q")"; then
    echo "FAIL cp -rL editors/nvim does not copy grammar/queries/$(basename "$q")" >&2
    exit 1
  fi
done
export XDG_CACHE_HOME="$work/cache" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" \
  XDG_STATE_HOME="$work/state"
export NVIM_HARNESS="$root/tests/lib/nvim_harness.lua"
WHALESAFE="$whalesafe" WORKDIR="$work/proj" PLUGIN_DIR="$root/editors/nvim" PARSER="$parser" \
  timeout 120 nvim --headless --clean -n -i NONE -c "luafile $here/nvim_plugin_test.lua"
PLUGIN_DIR="$root/editors/nvim" \
  timeout 60 nvim --headless --clean -n -i NONE -c "luafile $here/nvim_011_setup_test.lua"
echo "nvim_plugin_test: passed"
