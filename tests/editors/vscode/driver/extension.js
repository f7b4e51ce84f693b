// Test driver for the whalesafe extension, run inside a real VS Code extension host
// (code-server) by tests/editors/vscode/vscode_test.sh. It acts as the user would, through VS
// Code's own commands, and writes every check to WS_DRIVER_OUT as JSON:
//   open a Dockerfile, see whalesafe's diagnostics (and let the test take a screenshot), apply a
//   quick fix as the lightbulb does (the cursor on the diagnostic, editor.action.autoFix), run
//   "whalesafe: Fix all" (through the server's source.fixAll.whalesafe), type an edit key by key
//   and see the diagnostics follow, change whalesafe.rules (applied by the server), save and read
//   the file back; a Containerfile gets the dockerfile language, fix-on-save fixes it, and
//   "Show rule documentation" and "Restart server" work.
// Inactive unless WS_DRIVER_OUT and WS_DRIVER_DIR (the workspace folder) are set.
'use strict';
const vscode = require('vscode');
const fs = require('fs');
const path = require('path');

const OUT = process.env.WS_DRIVER_OUT;
const DIR = process.env.WS_DRIVER_DIR;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Resolves with the document's whalesafe diagnostics once `pred` holds, or null after timeoutMs.
function waitForDiagnostics(uri, pred, timeoutMs = 20000) {
  return new Promise((resolve) => {
    const ours = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'whalesafe');
    let sub;
    const finish = (v) => { if (sub) sub.dispose(); clearTimeout(timer); resolve(v); };
    const timer = setTimeout(() => finish(null), timeoutMs);
    sub = vscode.languages.onDidChangeDiagnostics(() => { const d = ours(); if (pred(d)) finish(d); });
    const d = ours();
    if (pred(d)) finish(d);
  });
}
const codeOf = (d) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));
const has = (rule) => (ds) => ds.some((d) => codeOf(d) === rule);

// Waits until the test script has taken its screenshot (it creates NAME.done), at most 20 s.
async function screenshotPoint(name) {
  fs.writeFileSync(path.join(path.dirname(OUT), `${name}.ready`), '');
  const done = path.join(path.dirname(OUT), `${name}.done`);
  for (let i = 0; i < 200 && !fs.existsSync(done); i++) await sleep(100);
}

async function run() {
  const result = { vscodeVersion: vscode.version, checks: [], skipped: [] };
  const check = (name, ok, detail) => result.checks.push({ name, ok: !!ok, detail });
  try {
    const ext = vscode.extensions.getExtension('whalesafe.whalesafe');
    check('whalesafe extension installed', ext, ext && ext.packageJSON.version);
    const file = path.join(DIR, 'Dockerfile');
    const uri = vscode.Uri.file(file);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    check('language id', doc.languageId === 'dockerfile', doc.languageId);

    // 1. Diagnostics from whalesafe.
    const first = await waitForDiagnostics(uri, (d) => has('legacy-env-format')(d) && has('apk-no-cache')(d));
    check('whalesafe diagnostics after open', first, first && first.map((d) => `${d.range.start.line + 1}:${codeOf(d)}`));
    // Each finding once (pushed and pulled diagnostics would otherwise both show).
    await sleep(1000);
    const all = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'whalesafe');
    const keys = all.map((d) => `${d.range.start.line}:${d.range.start.character}:${codeOf(d)}`);
    check('no duplicate diagnostics', all.length > 0 && new Set(keys).size === keys.length, keys);
    const api = ext.exports;
    check('status bar shows the server running', api.statusText().includes('$(check)'), api.statusText());
    check('bundled server used', api.binary() && api.binary().source === 'bundled', api.binary());
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await sleep(500);
    await screenshotPoint('diagnostics');

    // 2. A quick fix, as the lightbulb applies it. First what VS Code is offered at the
    // diagnostic: the fix itself, preferred as it is safe (vscode.executeCodeActionProvider returns
    // the actions without their `diagnostics`, so they are told apart by kind and title). Then the
    // user's way: the cursor on the diagnostic and "Auto Fix..." (editor.action.autoFix, the
    // lightbulb's preferred quick fix), which asks the server again and applies the edit.
    const caps = api.client().initializeResult.capabilities;
    check('server announces code actions', caps.codeActionProvider, caps.codeActionProvider);
    const diag = first.find((d) => codeOf(d) === 'legacy-env-format');
    const actions = (await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, diag.range,
      vscode.CodeActionKind.QuickFix.value, 1)) || [];
    const quickFixes = actions.filter((a) => a.kind && vscode.CodeActionKind.QuickFix.contains(a.kind));
    const preferred = quickFixes.filter((a) => a.isPreferred && a.edit);
    check('quick fix offered for legacy-env-format', preferred.length === 1 && /ENV NODE_ENV=/.test(preferred[0].title) &&
      quickFixes.some((a) => a.title === 'Ignore legacy-env-format for this instruction' && !a.isPreferred),
      actions.map((a) => `${a.title} [${a.kind && a.kind.value}${a.isPreferred ? ', preferred' : ''}]`));
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(diag.range.start, diag.range.start);
    await vscode.commands.executeCommand('editor.action.autoFix');
    let applied = false;
    for (let i = 0; i < 100 && !applied; i++) {
      applied = doc.lineAt(1).text === 'ENV NODE_ENV=production';
      if (!applied) await sleep(100);
    }
    check('quick fix applied (editor.action.autoFix)', applied, doc.getText());
    const after = await waitForDiagnostics(uri, (d) => !has('legacy-env-format')(d) && has('apk-no-cache')(d), 10000);
    check('diagnostic gone after the quick fix', after, after && after.map(codeOf));

    // 3. "Fix all".
    const fixed = await vscode.commands.executeCommand('whalesafe.fixAll');
    const text = doc.getText();
    check('Fix all changed the document', fixed === true, fixed);
    // Through the server's source.fixAll.whalesafe, which it announces (not `whalesafe --fix -`).
    const via = api.lastFixAllPath();
    check('Fix all through the server', via && via.via === 'server' && via.uri === uri.toString(), via);
    check('Fix all applied the safe fixes', text.includes('RUN apk add --no-cache curl') &&
      text.includes('ENV NODE_ENV=production') && text.startsWith('FROM alpine'), text);
    const clean = await waitForDiagnostics(uri, (d) => !has('apk-no-cache')(d) && !has('legacy-env-format')(d), 10000);
    check('diagnostics updated after Fix all', clean, clean && clean.map(codeOf));

    // 4. Typing, one key at a time, at the end of the file (into the focused editor: the
    // Problems panel took the focus).
    const typing = await vscode.window.showTextDocument(doc);
    const last = doc.lineCount - 1;
    const end = doc.lineAt(last).range.end;
    typing.selection = new vscode.Selection(end, end);
    const typedText = '\nworkdir app';
    for (const ch of typedText) {
      await vscode.commands.executeCommand('type', { text: ch });
      await sleep(20);
    }
    const typedLine = doc.lineCount - 1;
    const typed = await waitForDiagnostics(uri, (d) => d.some((x) => x.range.start.line === typedLine && codeOf(x) === 'workdir-relative'));
    check('diagnostics follow typing', typed, typed && typed.filter((x) => x.range.start.line === typedLine).map(codeOf));

    // 5. Save and read the file back.
    const saved = await doc.save();
    const onDisk = fs.readFileSync(file, 'utf8');
    check('saved', saved);
    check('file on disk is the edited document', onDisk === doc.getText() && onDisk.endsWith('workdir app') &&
      onDisk.includes('RUN apk add --no-cache curl'), onDisk);

    // 6. A Containerfile is a Dockerfile too; fix on save fixes it.
    const cfile = path.join(DIR, 'Containerfile');
    const cdoc = await vscode.workspace.openTextDocument(vscode.Uri.file(cfile));
    await vscode.window.showTextDocument(cdoc);
    check('Containerfile language id', cdoc.languageId === 'dockerfile', cdoc.languageId);
    const cdiags = await waitForDiagnostics(cdoc.uri, has('legacy-env-format'));
    check('Containerfile diagnostics', cdiags, cdiags && cdiags.map(codeOf));
    await vscode.workspace.getConfiguration('whalesafe').update('fixOnSave', true, vscode.ConfigurationTarget.Global);
    // (A settings change makes the server check the open documents again; let that settle, as a
    // user's next save would.)
    await sleep(1000);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(cdoc.uri, new vscode.Position(cdoc.lineCount - 1, 0), 'ENV GREETING hello\n');
    await vscode.workspace.applyEdit(edit);
    await cdoc.save();
    const cOnDisk = fs.readFileSync(cfile, 'utf8');
    check('fix on save', cOnDisk.includes('ENV GREETING=hello') && cOnDisk.includes('ENV MODE=prod'), cOnDisk);
    const saveVia = api.lastFixAllPath();
    check('fix on save through the server', saveVia && saveVia.via === 'server' && saveVia.uri === cdoc.uri.toString(), saveVia);
    await vscode.workspace.getConfiguration('whalesafe').update('fixOnSave', false, vscode.ConfigurationTarget.Global);

    // 7. Rule documentation and a restart.
    const ruleDoc = await vscode.commands.executeCommand('whalesafe.showRuleDocumentation', 'DL3014');
    check('Show rule documentation', ruleDoc && ruleDoc.getText().startsWith('## apt-missing-yes'), ruleDoc && ruleDoc.getText().slice(0, 80));
    await vscode.commands.executeCommand('whalesafe.restartServer');
    check('server running after restart', api.client() && api.client().isRunning() && api.statusText().includes('$(check)'), api.statusText());
    await vscode.window.showTextDocument(doc);
    const e2 = new vscode.WorkspaceEdit();
    e2.insert(uri, doc.lineAt(doc.lineCount - 1).range.end, '\nmaintainer me');
    await vscode.workspace.applyEdit(e2);
    const afterRestart = await waitForDiagnostics(uri, has('maintainer-deprecated'));
    check('diagnostics after restart', afterRestart, afterRestart && afterRestart.map(codeOf));

    // 8. whalesafe.rules, by slug and by alias: a rule off, another with a new severity, and one
    // the workspace's .whalesafe.yaml turns off turned on again. The server applies them (it asks
    // for the settings through workspace/configuration when they change); the last one no
    // filter on the client's side could do.
    await vscode.workspace.getConfiguration('whalesafe').update('rules',
      { ConsistentInstructionCasing: 'off', 'maintainer-deprecated': 'error', 'healthcheck-missing': 'info' },
      vscode.ConfigurationTarget.Global);
    const ruled = await waitForDiagnostics(uri, (d) => !has('instruction-casing')(d) &&
      d.some((x) => codeOf(x) === 'maintainer-deprecated' && x.severity === vscode.DiagnosticSeverity.Error) &&
      d.some((x) => codeOf(x) === 'healthcheck-missing' && x.severity === vscode.DiagnosticSeverity.Information));
    check('whalesafe.rules applied', ruled, vscode.languages.getDiagnostics(uri).map((x) => `${codeOf(x)}:${x.severity}`));
    await vscode.workspace.getConfiguration('whalesafe').update('rules', undefined, vscode.ConfigurationTarget.Global);
  } catch (e) {
    result.error = String((e && e.stack) || e);
  }
  result.ok = !result.error && result.checks.every((c) => c.ok);
  fs.writeFileSync(OUT, JSON.stringify(result, null, 1));
}

function activate() {
  if (OUT && DIR) setTimeout(run, 1000);
}
module.exports = { activate, deactivate() {} };
