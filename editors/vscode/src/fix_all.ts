// "Fix all" for one document, as text edits: the server's `source.fixAll.whalesafe` code action
// when the server announces that kind, otherwise `whalesafe --fix -` run as a filter on the
// document's text (the same fixes, from the command line, in the document's directory so that
// its .whalesafe.yaml / .hadolint.yaml apply).
import { spawn } from 'child_process';
import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';

export const FIX_ALL_KIND = 'source.fixAll.whalesafe';

// Whether the running server offers the fix-all code action.
export function serverHasFixAll(client: LanguageClient | undefined): boolean {
  const provider = client?.initializeResult?.capabilities.codeActionProvider;
  if (!provider || provider === true) return false;
  return (provider.codeActionKinds ?? []).some((k) => FIX_ALL_KIND === k || FIX_ALL_KIND.startsWith(`${k}.`));
}

function wholeDocument(document: vscode.TextDocument): vscode.Range {
  return new vscode.Range(new vscode.Position(0, 0), document.lineAt(document.lineCount - 1).range.end);
}

async function editsFromServer(document: vscode.TextDocument): Promise<vscode.TextEdit[]> {
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider', document.uri, wholeDocument(document), FIX_ALL_KIND, 1);
  const edits: vscode.TextEdit[] = [];
  for (const action of actions ?? []) {
    if (!action.kind || !vscode.CodeActionKind.Source.append('fixAll').append('whalesafe').contains(action.kind)) continue;
    edits.push(...(action.edit?.get(document.uri) ?? []));
  }
  return edits;
}

export interface FixOptions {
  command: string;
  unsafeFixes: boolean;
  rules: Record<string, string>;
}

// Runs `whalesafe --fix -`; resolves to the fixed text, rejects with whalesafe's message.
function fixWithCli(text: string, cwd: string, options: FixOptions): Promise<string> {
  const args = ['--fix', '--color', 'never'];
  if (options.unsafeFixes) args.push('--unsafe-fixes');
  for (const [rule, value] of Object.entries(options.rules)) {
    if (value === 'off') args.push('--ignore', rule);
  }
  args.push('-');
  return new Promise((resolve, reject) => {
    const child = spawn(options.command, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => {
      // 0: nothing left; 1: findings remain (the text is still the fixed one); 2: an error.
      if (status === 0 || status === 1) resolve(stdout);
      else reject(new Error(stderr.split('\n').find((l) => l.startsWith('whalesafe')) ?? stderr.trim()));
    });
    child.stdin.end(text);
  });
}

// Which way the last fix-all went (the server's code action or the command line), and for which
// document.
export interface FixAllPath {
  via: 'server' | 'command line';
  uri: string;
}
export let lastFixAllPath: FixAllPath | undefined;

// The edits that fix the document (empty when nothing changes).
export async function fixAllEdits(document: vscode.TextDocument, client: LanguageClient | undefined,
  options: FixOptions): Promise<vscode.TextEdit[]> {
  if (serverHasFixAll(client) && !options.unsafeFixes) {
    lastFixAllPath = { via: 'server', uri: document.uri.toString() };
    return editsFromServer(document);
  }
  lastFixAllPath = { via: 'command line', uri: document.uri.toString() };
  const cwd = document.uri.scheme === 'file' ? path.dirname(document.uri.fsPath) : process.cwd();
  const fixed = await fixWithCli(document.getText(), cwd, options);
  if (fixed === document.getText()) return [];
  return [vscode.TextEdit.replace(wholeDocument(document), fixed)];
}
