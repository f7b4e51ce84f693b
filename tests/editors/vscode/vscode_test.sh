#!/usr/bin/env bash
# The VS Code extension in a real VS Code: code-server 4.100.3 (VS Code 1.100.3's workbench and
# extension host, from npm, installed by scripts/setup.sh into host/) with its workbench loaded by
# headless Debian Chromium. Packages editors/vscode into a .vsix with this whalesafe bundled,
# installs it and the test driver (driver/) into a private profile, opens a workspace, and lets
# the driver act as the user (see driver/extension.js). A screenshot of the editor with the
# diagnostics shown is kept in ARTIFACT_DIR/vscode-diagnostics.png, VS Code's logs (with the LSP
# messages) in ARTIFACT_DIR/logs.
# Usage: vscode_test.sh WHALESAFE ARTIFACT_DIR
# Skips (status 77) when code-server, chromium or the extension's npm packages are missing,
# unless CI is set.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../../.." && pwd)
whalesafe=$(realpath "${1:?usage: vscode_test.sh WHALESAFE ARTIFACT_DIR}")
artifacts=$(realpath -m "${2:?usage: vscode_test.sh WHALESAFE ARTIFACT_DIR}")
cs_entry="$here/host/node_modules/code-server/out/node/entry.js"
vsce="$root/editors/vscode/node_modules/.bin/vsce"

skip() {
  if [[ -n ${CI:-} ]]; then
    echo "vscode_test: $1 (scripts/setup.sh installs it)" >&2
    exit 1
  fi
  echo "vscode_test: skipped: $1" >&2
  exit 77
}
[[ -f $cs_entry && -f $here/host/node_modules/code-server/lib/vscode/node_modules/node-pty/build/Release/pty.node ]] ||
  skip "code-server is not installed in $here/host"
command -v chromium >/dev/null 2>&1 || skip "chromium not found"
[[ -x $vsce ]] || skip "the extension's npm packages are not installed"

work=$(mktemp -d)
cs_pid=""
chromium_pid=""
cleanup() {
  [[ -n $chromium_pid ]] && kill "$chromium_pid" 2>/dev/null
  [[ -n $cs_pid ]] && kill "$cs_pid" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
export XDG_CACHE_HOME="$work/cache" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" HOME="$work/home"
mkdir -p "$work/home" "$work/out" "$work/ws" "$work/profile/user/User" "$artifacts"

# 1. The .vsix under test (with this build's server) and the driver.
bash "$root/editors/vscode/scripts/package.sh" "$whalesafe" "$work/whalesafe.vsix" >/dev/null ||
  { echo "vscode_test: packaging the extension failed" >&2; exit 1; }
# The server lookup and its messages, on the packaged code (plain Node, no editor needed).
mkdir -p "$work/ext" && (cd "$work/ext" && unzip -q "$work/whalesafe.vsix")
node "$here/server_binary_test.js" "$work/ext/extension/out/server_binary.js" "$work/ext/extension" \
  "$whalesafe" || exit 1
cp -r "$here/driver" "$work/driver"
printf "*.vsix\n" >"$work/driver/.vscodeignore"
(cd "$work/driver" && "$vsce" package --skip-license --out "$work/driver.vsix" </dev/null >/dev/null) ||
  { echo "vscode_test: packaging the driver failed" >&2; exit 1; }

port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
devtools_port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
printf 'bind-addr: 127.0.0.1:%s\nauth: none\ncert: false\n' "$port" >"$work/profile/config.yaml"
cs=(node "$cs_entry" --config "$work/profile/config.yaml" --user-data-dir "$work/profile/user"
  --extensions-dir "$work/profile/extensions")
for vsix in whalesafe driver; do
  "${cs[@]}" --install-extension "$work/$vsix.vsix" >"$work/out/install-$vsix.log" 2>&1 ||
    { echo "vscode_test: installing $vsix.vsix failed:" >&2; cat "$work/out/install-$vsix.log" >&2; exit 1; }
done
cat >"$work/profile/user/User/settings.json" <<'JSON'
{
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "extensions.autoUpdate": false,
  "extensions.autoCheckUpdates": false,
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "update.mode": "none",
  "whalesafe.trace.server": "messages"
}
JSON

# 2. The workspace: a Dockerfile with safe fixes to make, and a Containerfile.
printf 'rules:\n  healthcheck-missing: off\n  package-unpinned: off\n' >"$work/ws/.whalesafe.yaml"
printf 'FROM alpine:3.22\nENV NODE_ENV production\nRUN apk add curl\nUSER app\nCMD ["/bin/app"]' >"$work/ws/Dockerfile"
printf 'FROM alpine:3.22\nENV MODE prod\nUSER app\n' >"$work/ws/Containerfile"

# 3. code-server, then headless Chromium on its workbench.
export WS_DRIVER_OUT="$work/out/result.json" WS_DRIVER_DIR="$work/ws"
"${cs[@]}" --disable-telemetry --disable-update-check --disable-workspace-trust "$work/ws" \
  >"$work/out/code-server.log" 2>&1 &
cs_pid=$!
for _ in $(seq 1 120); do
  curl -s -o /dev/null "http://127.0.0.1:$port/healthz" && break
  sleep 0.5
done
chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --window-size=1280,800 \
  --user-data-dir="$work/chromium" --remote-debugging-port="$devtools_port" \
  "http://127.0.0.1:$port/?folder=$work/ws" >"$work/out/chromium.log" 2>&1 &
chromium_pid=$!

# 4. Wait for the driver; take the screenshot when it says the diagnostics are on screen.
start=$(date +%s)
while [[ ! -s $WS_DRIVER_OUT ]] && (($(date +%s) - start < 240)); do
  if [[ -f $work/out/diagnostics.ready && ! -f $work/out/diagnostics.done ]]; then
    node "$here/screenshot.js" "$devtools_port" "http://127.0.0.1:$port/" \
      "$artifacts/vscode-diagnostics.png" || echo "vscode_test: screenshot failed" >&2
    touch "$work/out/diagnostics.done"
  fi
  sleep 0.2
done
echo "vscode_test: the scenario took $(($(date +%s) - start)) s"
if [[ ! -s $WS_DRIVER_OUT ]]; then
  echo "vscode_test: no result from the driver; code-server log:" >&2
  tail -30 "$work/out/code-server.log" >&2
  exit 1
fi
cp "$WS_DRIVER_OUT" "$artifacts/vscode-result.json"
# VS Code's logs, with the extension's LSP trace (whalesafe.trace.server), for a failure's analysis.
rm -rf "$artifacts/logs"
cp -r "$work/profile/user/logs" "$artifacts/logs" 2>/dev/null
node -e '
  const r = require(process.argv[1]);
  for (const c of r.checks) console.log(`${c.ok ? "PASS" : "FAIL"} ${c.name}${c.ok ? "" : ": " + JSON.stringify(c.detail)}`);
  for (const s of r.skipped) console.log(`SKIPPED ${s}`);
  if (r.error) console.log(`ERROR ${r.error}`);
  console.log(`VS Code ${r.vscodeVersion}: ${r.checks.filter((c) => c.ok).length} passed, ${r.checks.filter((c) => !c.ok).length} failed`);
  process.exit(r.ok ? 0 : 1);' "$WS_DRIVER_OUT" || exit 1
[[ -s $artifacts/vscode-diagnostics.png ]] || { echo "vscode_test: no screenshot" >&2; exit 1; }
echo "vscode_test: screenshot in $artifacts/vscode-diagnostics.png"
