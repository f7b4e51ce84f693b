// The extension's server lookup (editors/vscode/src/server_binary.ts, compiled, taken from the
// packaged .vsix) under plain Node: the setting wins, then the bundled binary, then PATH; a
// missing or too old binary gives a message that names the setting to change.
// Usage: node server_binary_test.js OUT/server_binary.js EXTENSION_DIR WHALESAFE
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { findServer, versionAtLeast, MINIMUM_VERSION } = require(path.resolve(process.argv[2]));
const extensionDir = process.argv[3];
const whalesafe = process.argv[4];

let passed = 0;
let failed = 0;
function check(name, ok, detail) {
  if (ok) passed++;
  else failed++;
  if (!ok) console.error(`FAIL ${name}: ${JSON.stringify(detail)}`);
}
async function rejection(promise) {
  try {
    await promise;
    return null;
  } catch (e) {
    return e.message;
  }
}

(async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-binary-'));
  const fake = (name, versionLine) => {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, `#!/bin/sh\necho '${versionLine}'\n`, { mode: 0o755 });
    return file;
  };
  check('version order', versionAtLeast('0.10.0', '0.9.1') && !versionAtLeast('0.0.9', '0.1.0') &&
    versionAtLeast(MINIMUM_VERSION, MINIMUM_VERSION), MINIMUM_VERSION);

  const viaSetting = await findServer(whalesafe, '/nonexistent');
  check('the setting wins', viaSetting.source === 'setting' && viaSetting.command === whalesafe, viaSetting);

  const bundled = await findServer('', extensionDir);
  check('the bundled binary', bundled.source === 'bundled' &&
    bundled.command === path.join(extensionDir, 'server', 'whalesafe') && /^\d+\.\d+\.\d+$/.test(bundled.version), bundled);

  const pathDir = path.join(tmp, 'bin');
  fs.mkdirSync(pathDir);
  fs.copyFileSync(whalesafe, path.join(pathDir, 'whalesafe'));
  fs.chmodSync(path.join(pathDir, 'whalesafe'), 0o755);
  const savedPath = process.env.PATH;
  process.env.PATH = `${pathDir}:${savedPath}`;
  const onPath = await findServer('', '/nonexistent');
  check('then PATH', onPath.source === 'PATH' && onPath.command === path.join(pathDir, 'whalesafe'), onPath);
  process.env.PATH = '/nonexistent-dir';
  const missing = await rejection(findServer('', '/nonexistent'));
  check('missing: names the setting', missing && missing.includes('not found') &&
    missing.includes('"whalesafe.server.path"'), missing);
  process.env.PATH = savedPath;

  const badSetting = await rejection(findServer(path.join(tmp, 'nope'), extensionDir));
  check('a wrong setting: names it', badSetting && badSetting.includes('does not exist') &&
    badSetting.includes('"whalesafe.server.path"'), badSetting);
  const old = await rejection(findServer(fake('old', 'whalesafe 0.0.9'), extensionDir));
  check('too old: says which version is needed', old && old.includes('version 0.0.9') &&
    old.includes(`needs ${MINIMUM_VERSION} or newer`) && old.includes('"whalesafe.server.path"'), old);
  const other = await rejection(findServer(fake('other', 'hadolint 2.12.0'), extensionDir));
  check('not whalesafe', other && other.includes('did not print a whalesafe version'), other);

  fs.rmSync(tmp, { recursive: true, force: true });
  console.log(`server_binary: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
})();
