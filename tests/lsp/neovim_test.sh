#!/usr/bin/env bash
# Runs neovim_test.lua: Neovim's built-in LSP client against `whalesafe lsp`, headless.
# Usage: neovim_test.sh WHALESAFE. Skips (status 77) without nvim, unless CI is set.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
whalesafe=$(realpath "$1")

if ! command -v nvim >/dev/null 2>&1; then
  if [[ -n ${CI:-} ]]; then
    echo "neovim_test: nvim not found (scripts/setup.sh installs Debian's neovim)" >&2
    exit 1
  fi
  echo "neovim_test: skipped: nvim not found" >&2
  exit 77
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf 'rules:\n  user-missing: off\n' >"$work/.whalesafe.yaml"  # no USER in the file on purpose
printf 'FROM ubuntu\nRUN apt-get install --no-install-recommends curl=7.81.0-1ubuntu1.16\n' >"$work/Dockerfile"
export XDG_CACHE_HOME="$work/cache" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" \
  XDG_STATE_HOME="$work/state"
WHALESAFE="$whalesafe" DOCKERFILE="$work/Dockerfile" NVIM_HARNESS="$here/../lib/nvim_harness.lua" \
  timeout 120 nvim --headless --clean -n -i NONE -c "luafile $here/neovim_test.lua"
echo "neovim_test: passed"
