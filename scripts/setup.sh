#!/usr/bin/env bash
# whalesafe setup: installs everything needed to build and test whalesafe on Debian bookworm.
#
#   1. Debian packages (apt-get; skipped entirely when all are already installed).
#   2. The pinned tree-sitter-bash grammar (npm ci --ignore-scripts into
#      third_party/tree-sitter-bash/node_modules; skipped when already installed).
#   3. The SARIF schema validator used by the tests (npm ci --ignore-scripts into
#      tests/rules/sarif/node_modules; skipped when already installed).
#   4. Microsoft's LSP client libraries for the language server tests (npm ci --ignore-scripts
#      into tests/lsp/node/node_modules; skipped when already installed).
#   5. The VS Code extension's packages (npm ci --ignore-scripts into editors/vscode/node_modules:
#      vscode-languageclient, TypeScript, @vscode/vsce; skipped when already installed).
#   6. A real VS Code for the extension's test: code-server 4.100.3 from npm (npm ci into
#      tests/editors/vscode/host/node_modules, its native modules built from source; skipped
#      when already installed).
#
# Idempotent: rerunning it is fast. Uses sudo for apt-get when not run as root.
# Environment: WHALESAFE_SETUP_FORCE_NPM=1 reinstalls the npm package even if present.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"

log() { printf 'setup: %s\n' "$*"; }
die() {
  printf 'setup: error: %s\n' "$*" >&2
  exit 1
}

# --- 1. Debian packages ----------------------------------------------------------------------
packages=(
  ca-certificates
  cmake
  gcc
  g++
  pkg-config
  ninja-build
  libtree-sitter-dev
  libboost-dev
  nlohmann-json3-dev
  libfmt-dev
  catch2
  python3      # scripts/derive-catalog.py (the catalog.regenerate test)
  python3-yaml # reads endoflife.date's YAML front matter
  libyaml-cpp-dev # that front matter for `whalesafe catalog update`; .whalesafe.yaml
  libssl-dev      # HTTPS (OpenSSL) for `whalesafe catalog update`
  openssl         # the catalog_update tests make a throwaway certificate
  shellcheck      # the shellcheck rule runs it on RUN commands (its tests need it under CI)
  patch           # fix.cli applies the diffs of `check --diff` with the real program
  docker-registry # the registry tests run a real registry (CNCF distribution) on loopback
  skopeo          # ... and push the images they build to it
  apache2-utils   # htpasswd: the registry tests' Basic-auth users
  neovim          # tests/lsp: Neovim's built-in LSP client, headless
  # --- editors and CI integrations (tests/editors, tests/ci) ---
  pre-commit      # tests/ci runs .pre-commit-hooks.yaml with the real framework
  git             # ... which needs git
  chromium        # tests/editors/vscode: loads code-server's workbench, headless
  curl            # ... waits for code-server to listen
  make            # code-server's native modules (node-gyp) are built from source
  libkrb5-dev     # ... one of them (kerberos) needs it
  ripgrep         # code-server's search uses the system rg (npm's would download it)
  unzip           # the VS Code test unpacks the .vsix it built
  # tests/build: real image builds before and after `--fix` (buildah: chroot isolation, vfs
  # storage, no daemon), against base images made from a debootstrap'd Debian root filesystem
  # (cached in ~/.cache/whalesafe-build-tests after the first run)
  buildah
  debootstrap
  debian-archive-keyring # debootstrap checks the mirror's Release signatures with it
  # Reliability (docs/reliability.md, .ci/sanitizers): clang with AddressSanitizer, UBSan and
  # libFuzzer for build-asan/ and fuzz/, llvm-symbolizer for readable sanitizer reports.
  clang
  libclang-rt-14-dev
  llvm
)
# Node.js/npm only when missing: any recent node (bookworm's 18 or newer) will do.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  packages+=(nodejs npm)
fi

if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  missing=()
  for pkg in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null || true)
    [[ $status == ii* ]] || missing+=("$pkg")
  done

  if ((${#missing[@]} == 0)); then
    log "all Debian packages already installed"
  else
    log "installing Debian packages: ${missing[*]}"
    sudo=()
    if [[ $(id -u) -ne 0 ]]; then
      command -v sudo >/dev/null 2>&1 || die "not root and sudo is missing; install as root: ${missing[*]}"
      sudo=(sudo)
    fi
    apt_get=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get)
    "${apt_get[@]}" update
    "${apt_get[@]}" install -y --no-install-recommends "${missing[@]}"
  fi
else
  log "warning: no apt-get/dpkg (not Debian?): install these yourself: ${packages[*]}"
fi

command -v node >/dev/null 2>&1 || die "node not found after installing packages"
command -v npm >/dev/null 2>&1 || die "npm not found after installing packages"

# --- 2. tree-sitter-bash grammar (npm, pinned by package-lock.json) --------------------------
ts_bash_root="$repo_root/third_party/tree-sitter-bash"
ts_bash_pkg="$ts_bash_root/node_modules/tree-sitter-bash"

locked_version=$(node -p 'require(process.argv[1]).packages["node_modules/tree-sitter-bash"].version' \
  "$ts_bash_root/package-lock.json")
installed_version=""
if [[ -f $ts_bash_pkg/package.json ]]; then
  installed_version=$(node -p 'require(process.argv[1]).version' "$ts_bash_pkg/package.json")
fi

if [[ ${WHALESAFE_SETUP_FORCE_NPM:-0} != 1 && $installed_version == "$locked_version" &&
  -f $ts_bash_pkg/src/parser.c && -f $ts_bash_pkg/src/scanner.c ]]; then
  log "tree-sitter-bash $installed_version already installed"
else
  log "installing tree-sitter-bash $locked_version (npm ci --ignore-scripts)"
  # --ignore-scripts: only the C sources are used; the package's node binding is never built.
  (cd "$ts_bash_root" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi

abi=$(sed -n 's/^#define LANGUAGE_VERSION \([0-9][0-9]*\).*/\1/p;T;q' "$ts_bash_pkg/src/parser.c")
[[ $abi == 14 ]] || die "tree-sitter-bash parser.c has ABI '$abi', expected 14"

# --- 3. SARIF validator for the tests (npm, pinned by package-lock.json) -----------------------
sarif_root="$repo_root/tests/rules/sarif"
if [[ -f $sarif_root/node_modules/ajv/package.json &&
  -f $sarif_root/node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json ]]; then
  log "SARIF validator already installed"
else
  log "installing the SARIF validator (npm ci --ignore-scripts)"
  (cd "$sarif_root" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi

# --- 4. LSP client libraries for the tests (npm, pinned by package-lock.json) ------------------
lsp_client_root="$repo_root/tests/lsp/node"
if [[ -f $lsp_client_root/node_modules/vscode-languageserver-protocol/package.json &&
  -f $lsp_client_root/node_modules/vscode-languageserver-textdocument/package.json ]]; then
  log "LSP client libraries already installed"
else
  log "installing the LSP client libraries for the tests (npm ci --ignore-scripts)"
  (cd "$lsp_client_root" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi

# --- 5. The VS Code extension's packages (npm, pinned by package-lock.json) ------------------
vscode_ext_root="$repo_root/editors/vscode"
if [[ -f $vscode_ext_root/node_modules/vscode-languageclient/package.json &&
  -f $vscode_ext_root/node_modules/@vscode/vsce/package.json &&
  -f $vscode_ext_root/node_modules/typescript/package.json ]]; then
  log "VS Code extension packages already installed"
else
  log "installing the VS Code extension's packages (npm ci --ignore-scripts)"
  (cd "$vscode_ext_root" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi

# --- 6. code-server, a real VS Code for tests/editors/vscode (npm, pinned) --------------------
# code-server@4.100.3 (VS Code 1.100.3, built for Node 20) is pinned by host/package-lock.json,
# its bundled VS Code by its own npm-shrinkwrap.json. Its install scripts are not run (they
# refuse root and would download ripgrep); their steps are done here, building the native
# modules from source with the system's Node headers.
cs_host="$repo_root/tests/editors/vscode/host"
cs_vscode="$cs_host/node_modules/code-server/lib/vscode"
if [[ -f $cs_vscode/node_modules/node-pty/build/Release/pty.node &&
  -f $cs_host/node_modules/argon2/package.json ]]; then
  log "code-server already installed"
else
  log "installing code-server for the VS Code extension's test (npm ci, native builds)"
  gyp=()
  [[ -f /usr/include/node/node.h ]] && gyp=(--nodedir=/usr) # no header download
  (cd "$cs_host" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error &&
    npm rebuild argon2 --build-from-source "${gyp[@]}" --loglevel=error)
  # The bundled VS Code's shrinkwrap is not exactly in sync with its package.json (npm ci
  # refuses it); npm install follows it wherever it can.
  (cd "$cs_vscode" && npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error &&
    mkdir -p node_modules/@vscode/ripgrep/bin &&
    ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg &&
    npm rebuild @vscode/spdlog @vscode/deviceid native-watchdog kerberos "${gyp[@]}" --loglevel=error &&
    npm_config_yes=true npm rebuild node-pty "${gyp[@]}" --loglevel=error &&
    ln -sfn node_modules node_modules.asar &&
    (cd bin/remote-cli && ln -sf code-linux.sh code-server) &&
    (cd bin/helpers && ln -sf browser-linux.sh browser.sh) &&
    (cd extensions && npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error))
  [[ -f $cs_vscode/node_modules/node-pty/build/Release/pty.node ]] ||
    die "code-server: node-pty was not built"
fi

log "done. Build with: cmake -S . -B build -G Ninja && cmake --build build"
