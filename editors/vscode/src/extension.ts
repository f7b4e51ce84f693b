// The whalesafe extension: starts `whalesafe lsp` for Dockerfiles with vscode-languageclient,
// shows the server's state in the status bar, and adds the commands "Fix all", "Show rule
// documentation" and "Restart server", and fix-on-save.
import { execFile } from 'child_process';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, State, TransportKind, vsdiag } from 'vscode-languageclient/node';
import { fixAllEdits, FixAllPath, FixOptions, lastFixAllPath } from './fix_all';
import { findServer, ServerBinary, ServerBinaryError } from './server_binary';

const DOCUMENT_SELECTOR = [
  { language: 'dockerfile' },
  { pattern: '**/{Containerfile,Containerfile.*,*.Dockerfile,*.dockerfile}' },
];

let client: LanguageClient | undefined;
let binary: ServerBinary | undefined;
let status: vscode.StatusBarItem;
let output: vscode.OutputChannel;

function settings(scope?: vscode.Uri) {
  return vscode.workspace.getConfiguration('whalesafe', scope);
}

// The server's settings: its answer to workspace/configuration for the "whalesafe" section. The
// server applies `rules` over the configuration files (as .whalesafe.yaml's `rules:`) and offers
// unsafe quick fixes only with `unsafeFixes`; the extension's own settings (server.path,
// fixOnSave, trace) are not sent, as the server would read them as unknown configuration keys.
function serverSettings(scope?: vscode.Uri) {
  const s = settings(scope);
  return { rules: s.get<Record<string, string>>('rules', {}), unsafeFixes: s.get<boolean>('unsafeFixes', false) };
}

function showState(text: string, tooltip: string, error = false) {
  status.text = text;
  status.tooltip = tooltip;
  status.backgroundColor = error ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  status.show();
}

async function reportBinaryProblem(message: string) {
  showState('$(error) whalesafe', message, true);
  output.appendLine(`whalesafe: ${message}`);
  const choice = await vscode.window.showErrorMessage(`whalesafe: ${message}`, 'Open Settings');
  if (choice === 'Open Settings') {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'whalesafe.server.path');
  }
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  showState('$(sync~spin) whalesafe', 'whalesafe: starting the language server');
  try {
    binary = await findServer(settings().get<string>('server.path', ''), context.extensionPath);
  } catch (e) {
    binary = undefined;
    await reportBinaryProblem(e instanceof ServerBinaryError ? e.message : String(e));
    return;
  }
  output.appendLine(`whalesafe: using ${binary.command} (${binary.source}, version ${binary.version})`);
  const serverOptions: ServerOptions = { command: binary.command, args: ['lsp'], transport: TransportKind.stdio };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: output,
    // A change to the whalesafe.* settings is notified (workspace/didChangeConfiguration); the
    // server then asks for the section again and re-checks the open documents.
    synchronize: { configurationSection: 'whalesafe' },
    middleware: {
      // The server pushes diagnostics after every change and also answers pulls; VS Code keeps
      // one collection per mode and would show every diagnostic twice. Push is the server's
      // primary path (no debounce), so pulls are answered here, empty, without a request.
      provideDiagnostics: () => ({ kind: vsdiag.DocumentDiagnosticReportKind.full, items: [] }),
      workspace: {
        // The "whalesafe" section is answered with the server's settings only; any other
        // section as the client would.
        configuration: async (params, token, next) => {
          const answers = await next(params, token);
          if (!Array.isArray(answers)) return answers; // an error
          return params.items.map((item, i) => item.section === 'whalesafe'
            ? serverSettings(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined)
            : answers[i]);
        },
      },
    },
  };
  // The id "whalesafe" makes the client read the "whalesafe.trace.server" setting.
  client = new LanguageClient('whalesafe', 'whalesafe', serverOptions, clientOptions);
  client.onDidChangeState((e) => {
    if (e.newState === State.Running) showState('$(check) whalesafe', `whalesafe ${binary?.version}: running (${binary?.command})`);
    else if (e.newState === State.Starting) showState('$(sync~spin) whalesafe', 'whalesafe: starting');
    else showState('$(error) whalesafe', 'whalesafe: the server stopped; run "whalesafe: Restart server"', true);
  });
  try {
    await client.start();
  } catch (e) {
    await reportBinaryProblem(`the server '${binary.command} lsp' failed to start: ${String(e)}`);
  }
}

async function stopClient(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) await c.stop().catch(() => undefined);
}

function fixOptions(): FixOptions | undefined {
  if (!binary) return undefined;
  return { command: binary.command, unsafeFixes: settings().get<boolean>('unsafeFixes', false), rules: serverSettings().rules };
}

function isDockerfile(document: vscode.TextDocument): boolean {
  return vscode.languages.match(DOCUMENT_SELECTOR, document) > 0;
}

async function fixAllCommand(): Promise<boolean> {
  const editor = vscode.window.activeTextEditor;
  const options = fixOptions();
  if (!editor || !isDockerfile(editor.document)) {
    void vscode.window.showInformationMessage('whalesafe: open a Dockerfile to fix it.');
    return false;
  }
  if (!options) {
    await reportBinaryProblem('no whalesafe server to fix with.');
    return false;
  }
  try {
    const edits = await fixAllEdits(editor.document, client, options);
    if (edits.length === 0) return false;
    const edit = new vscode.WorkspaceEdit();
    edit.set(editor.document.uri, edits);
    return await vscode.workspace.applyEdit(edit);
  } catch (e) {
    void vscode.window.showErrorMessage(`whalesafe: Fix all failed: ${e instanceof Error ? e.message : String(e)}`);
    return false;
  }
}

// The rule to explain: the whalesafe diagnostic under the cursor, else one picked from the list.
async function pickRule(): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (editor) {
    const here = vscode.languages.getDiagnostics(editor.document.uri).find(
      (d) => d.source === 'whalesafe' && d.range.contains(editor.selection.active));
    const code = typeof here?.code === 'object' ? here.code.value : here?.code;
    if (code !== undefined) return String(code);
  }
  const list = await runWhalesafe(['rule', '--list']);
  const items = list.split('\n').filter((l) => l.trim()).map((l) => {
    const [slug, ...rest] = l.trim().split(/\s+/);
    return { label: slug, description: rest.join(' ') };
  });
  return (await vscode.window.showQuickPick(items, { placeHolder: 'whalesafe rule' }))?.label;
}

function runWhalesafe(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    if (!binary) {
      reject(new Error('no whalesafe server'));
      return;
    }
    execFile(binary.command, args, { timeout: 10000 }, (error, stdout, stderr) =>
      error ? reject(new Error(stderr.trim() || error.message)) : resolve(stdout));
  });
}

async function showRuleDocumentation(rule?: string): Promise<vscode.TextDocument | undefined> {
  try {
    const slug = rule ?? (await pickRule());
    if (!slug) return undefined;
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: await runWhalesafe(['rule', slug]) });
    await vscode.commands.executeCommand('markdown.showPreview', doc.uri).then(undefined,
      () => vscode.window.showTextDocument(doc));
    return doc;
  } catch (e) {
    void vscode.window.showErrorMessage(`whalesafe: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}

export interface WhalesafeApi {
  client(): LanguageClient | undefined;
  binary(): ServerBinary | undefined;
  statusText(): string;
  // How the last "Fix all" or fix on save was made (for tests and bug reports).
  lastFixAllPath(): FixAllPath | undefined;
}

export async function activate(context: vscode.ExtensionContext): Promise<WhalesafeApi> {
  output = vscode.window.createOutputChannel('whalesafe');
  status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 100);
  status.command = 'whalesafe.restartServer';
  context.subscriptions.push(output, status);
  context.subscriptions.push(
    vscode.commands.registerCommand('whalesafe.fixAll', fixAllCommand),
    vscode.commands.registerCommand('whalesafe.showRuleDocumentation', showRuleDocumentation),
    vscode.commands.registerCommand('whalesafe.restartServer', async () => {
      await stopClient();
      await startClient(context);
    }),
    // Fix on save: the same edits as "Fix all", applied before the file is written.
    vscode.workspace.onWillSaveTextDocument((e) => {
      const options = fixOptions();
      if (!settings().get<boolean>('fixOnSave', false) || !options || !isDockerfile(e.document)) return;
      e.waitUntil(fixAllEdits(e.document, client, options).catch((err) => {
        output.appendLine(`whalesafe: fix on save failed: ${String(err)}`);
        return [];
      }));
    }),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      // A new binary needs a new server; the other settings reach the running server
      // (synchronize.configurationSection above).
      if (e.affectsConfiguration('whalesafe.server.path')) {
        await stopClient();
        await startClient(context);
      }
    }),
  );
  await startClient(context);
  return { client: () => client, binary: () => binary, statusText: () => status.text, lastFixAllPath: () => lastFixAllPath };
}

export function deactivate(): Promise<void> {
  return stopClient();
}
