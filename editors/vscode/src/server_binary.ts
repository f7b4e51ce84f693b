// Finding the `whalesafe` executable and checking that it is new enough to serve the editor.
// Order: the `whalesafe.server.path` setting, the binary bundled in the extension (server/,
// Linux x64 builds only), then `whalesafe` on PATH.
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

// The oldest server whose `whalesafe lsp` this extension works with.
export const MINIMUM_VERSION = '0.1.0';

export interface ServerBinary {
  command: string;
  source: 'setting' | 'bundled' | 'PATH';
  version: string;
}

export class ServerBinaryError extends Error {}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

// "0.10.2" > "0.9.0": numeric comparison of dotted versions.
export function versionAtLeast(version: string, minimum: string): boolean {
  const a = version.split('.').map((n) => parseInt(n, 10) || 0);
  const b = minimum.split('.').map((n) => parseInt(n, 10) || 0);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}

// `whalesafe --version` prints "whalesafe X.Y.Z" on its first line.
function readVersion(command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, ['--version'], { timeout: 10000 }, (error, stdout) => {
      const match = /^whalesafe (\d+\.\d+\.\d+)/m.exec(stdout ?? '');
      if (match) resolve(match[1]);
      else reject(new ServerBinaryError(`'${command} --version' did not print a whalesafe version` +
        (error ? ` (${error.message})` : '')));
    });
  });
}

export async function findServer(setting: string, extensionPath: string): Promise<ServerBinary> {
  let command: string | undefined;
  let source: ServerBinary['source'];
  if (setting) {
    if (!isExecutable(setting)) {
      throw new ServerBinaryError(`the whalesafe server '${setting}' set in "whalesafe.server.path" ` +
        'does not exist or is not executable. Fix the setting, or clear it to use the bundled binary or PATH.');
    }
    command = setting;
    source = 'setting';
  } else {
    const bundled = path.join(extensionPath, 'server', 'whalesafe');
    if (process.platform === 'linux' && process.arch === 'x64' && isExecutable(bundled)) {
      command = bundled;
      source = 'bundled';
    } else {
      command = findOnPath('whalesafe');
      source = 'PATH';
    }
  }
  if (!command) {
    throw new ServerBinaryError('the whalesafe executable was not found: this extension bundles ' +
      'none for this platform and there is no "whalesafe" on PATH. Install whalesafe ' +
      '(see docs/install.md) or set "whalesafe.server.path".');
  }
  const version = await readVersion(command);
  if (!versionAtLeast(version, MINIMUM_VERSION)) {
    throw new ServerBinaryError(`the whalesafe server '${command}' is version ${version}; this ` +
      `extension needs ${MINIMUM_VERSION} or newer. Update it, or point "whalesafe.server.path" at a newer one.`);
  }
  return { command, source, version };
}
