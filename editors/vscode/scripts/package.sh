#!/usr/bin/env bash
# Builds the extension (TypeScript) and packages it, with a whalesafe server binary bundled as
# server/whalesafe, into a Linux x64 .vsix with @vscode/vsce, offline (everything comes from
# node_modules, installed by scripts/setup.sh with `npm ci`).
# Usage: package.sh WHALESAFE_BINARY OUT.vsix
# Exit status 77 when the npm packages are not installed (the caller decides whether to skip).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
binary=$(realpath "${1:?usage: package.sh WHALESAFE_BINARY OUT.vsix}")
out=$(realpath -m "${2:?usage: package.sh WHALESAFE_BINARY OUT.vsix}")

for pkg in typescript @vscode/vsce vscode-languageclient; do
  if [[ ! -f $here/node_modules/$pkg/package.json ]]; then
    echo "package.sh: $here/node_modules/$pkg is missing: run scripts/setup.sh" >&2
    exit 77
  fi
done

# A scratch copy, so that the source tree gets no out/ or server/ and two packagings can run at
# once; node_modules is linked, not copied.
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp -r "$here/package.json" "$here/package-lock.json" "$here/tsconfig.json" "$here/.vscodeignore" \
  "$here/README.md" "$here/src" "$stage/"
ln -s "$here/node_modules" "$stage/node_modules"
cd "$stage"
node_modules/.bin/tsc -p .
mkdir -p server
cp "$binary" server/whalesafe
chmod 755 server/whalesafe
mkdir -p "$(dirname "$out")"
node_modules/.bin/vsce package --target linux-x64 --skip-license --out "$out" </dev/null >/dev/null
echo "package.sh: wrote $out"
