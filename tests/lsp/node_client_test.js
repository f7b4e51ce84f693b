// `whalesafe lsp` driven by Microsoft's LSP client libraries (vscode-jsonrpc through
// vscode-languageserver-protocol, the ones VS Code's language client is built on): a scripted
// session with incremental edits that checks the diagnostics of every version, their ranges
// (UTF-16, an astral character before them), pull diagnostics, errors and the exit status; then
// the editing features on a second document: hover, completion (with snippets), prepareRename
// and rename (applied with the client library), references, document symbols, semantic tokens
// and formatting; code actions and configuration are in node_code_actions.js.
// Usage: node node_client_test.js WHALESAFE
'use strict';
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');

const modules = path.join(__dirname, 'node', 'node_modules');
if (!fs.existsSync(path.join(modules, 'vscode-languageserver-protocol'))) {
  // scripts/setup.sh installs them (npm ci in tests/lsp/node).
  console.error(`node client test: ${modules} is missing; run scripts/setup.sh`);
  process.exit(process.env.CI ? 1 : 77);
}
const proto = require(path.join(modules, 'vscode-languageserver-protocol', 'node'));
const { TextDocument } = require(path.join(modules, 'vscode-languageserver-textdocument'));
const codeActions = require('./node_code_actions');

const binary = path.resolve(process.argv[2]);
const workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'whalesafe-lsp-node-'));
const uri = 'file://' + workdir + '/Dockerfile';
// The document never sets a USER: keep the expected findings focused on the edits.
fs.writeFileSync(path.join(workdir, '.whalesafe.yaml'), 'rules:\n  user-missing: off\n');

async function main() {
  const child = spawn(binary, ['lsp', '--stdio'], {
    cwd: workdir,
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, XDG_CACHE_HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'whalesafe-cache-')) },
  });
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  const connection = proto.createProtocolConnection(
    new proto.StreamMessageReader(child.stdout), new proto.StreamMessageWriter(child.stdin));

  const published = [];  // every publishDiagnostics, in arrival order
  const waiters = [];
  connection.onNotification(proto.PublishDiagnosticsNotification.type, (params) => {
    published.push(params);
    for (const w of waiters.splice(0)) w();
  });
  const logs = [];
  connection.onNotification(proto.LogMessageNotification.type, (params) => logs.push(params));
  codeActions.setup(connection, proto);
  connection.listen();

  const init = await connection.sendRequest(proto.InitializeRequest.type, {
    processId: process.pid,
    rootUri: 'file://' + workdir,
    capabilities: {
      general: { positionEncodings: ['utf-16'] },
      textDocument: {
        synchronization: { didSave: true },
        publishDiagnostics: { versionSupport: true, tagSupport: { valueSet: [1, 2] }, codeDescriptionSupport: true, relatedInformation: true },
        diagnostic: { dynamicRegistration: false },
        codeAction: codeActions.clientCapabilities.textDocument.codeAction,
        hover: { contentFormat: ['markdown', 'plaintext'] },
        completion: { completionItem: { snippetSupport: true } },
        rename: { prepareSupport: true },
        documentSymbol: { hierarchicalDocumentSymbolSupport: true },
      },
      workspace: codeActions.clientCapabilities.workspace,
    },
    workspaceFolders: null,
  });
  assert.strictEqual(init.capabilities.positionEncoding, 'utf-16');
  assert.strictEqual(init.capabilities.textDocumentSync.change, proto.TextDocumentSyncKind.Incremental);
  assert.strictEqual(init.serverInfo.name, 'whalesafe');
  await connection.sendNotification(proto.InitializedNotification.type, {});
  await codeActions.configured;

  async function publishFor(version) {
    const deadline = Date.now() + 60000;
    for (;;) {
      const found = published.find((p) => p.uri === uri && p.version === version);
      if (found) return found;
      assert(Date.now() < deadline, `no diagnostics for version ${version}; got ${JSON.stringify(published.map((p) => p.version))}`);
      await new Promise((resolve) => { waiters.push(resolve); setTimeout(resolve, 200); });
    }
  }

  let doc = TextDocument.create(uri, 'dockerfile', 1, 'FROM ubuntu\n');
  await connection.sendNotification(proto.DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: 'dockerfile', version: 1, text: doc.getText() },
  });

  // Each step: edits (as the editor makes them, positions in UTF-16) and the diagnostics
  // expected for the resulting version, as [code, the text its range covers].
  const steps = [
    { edits: [], expect: [['base-image-untagged', 'ubuntu']] },
    { edits: [{ at: [0, 11], text: ':22.04' }], expect: [] },
    {
      edits: [{ at: [1, 0], text: 'RUN echo "😀" && apt-get install curl\n' }],
      expect: [['apt-missing-yes', 'apt-get install'], ['apt-no-install-recommends', 'apt-get install'], ['package-unpinned', 'curl']],
    },
    // Typing " -y" one key at a time after "install" (column 32 in UTF-16: the emoji is 2).
    { edits: [{ at: [1, 32], text: ' ' }], expect: null },
    { edits: [{ at: [1, 33], text: '-' }], expect: null },
    {
      edits: [{ at: [1, 34], text: 'y' }],
      expect: [['apt-no-install-recommends', 'apt-get install'], ['package-unpinned', 'curl']],
    },
    // Deleting the emoji (a surrogate pair: 2 UTF-16 code units) moves the ranges left.
    {
      edits: [{ range: [1, 10, 1, 12], text: '' }],
      expect: [['apt-no-install-recommends', 'apt-get install'], ['package-unpinned', 'curl']],
      checkStart: ['package-unpinned', 1, 34],
    },
    // Two changes in one notification, applied in order.
    {
      edits: [{ range: [1, 34, 1, 38], text: 'curl=7.81.0-1ubuntu1.16' }, { at: [1, 30], text: ' --no-install-recommends' }],
      expect: [],
    },
    { edits: [{ at: [0, 0], text: '# whalesafe ignore=apt-missing-yes\n' }], expect: [['suppression-unused', null]] },
  ];

  for (let i = 0; i < steps.length; ++i) {
    const step = steps[i];
    const version = i + 1;
    if (version > 1) {
      const changes = step.edits.map((e) => {
        const r = e.range || [e.at[0], e.at[1], e.at[0], e.at[1]];
        return { range: { start: { line: r[0], character: r[1] }, end: { line: r[2], character: r[3] } }, text: e.text };
      });
      doc = TextDocument.update(doc, changes, version);
      await connection.sendNotification(proto.DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version }, contentChanges: changes,
      });
    }
    if (step.expect === null) continue;  // a keystroke in a burst: only the last must be seen
    const params = await publishFor(version);
    const got = params.diagnostics.map((d) => [d.code, step.expect.some((e) => e[1] === null && e[0] === d.code) ? null : doc.getText(d.range)]);
    assert.deepStrictEqual(got, step.expect, `version ${version}: ${doc.getText()}`);
    for (const d of params.diagnostics) {
      assert.strictEqual(d.source, 'whalesafe');
      assert(d.codeDescription.href.endsWith('#' + d.code), d.codeDescription.href);
      if (d.code === 'suppression-unused') assert.deepStrictEqual(d.tags, [proto.DiagnosticTag.Unnecessary]);
    }
    if (step.checkStart) {
      const d = params.diagnostics.find((x) => x.code === step.checkStart[0]);
      assert.deepStrictEqual(d.range.start, { line: step.checkStart[1], character: step.checkStart[2] });
    }
    // Pull diagnostics give the same items for the same version.
    const report = await connection.sendRequest(proto.DocumentDiagnosticRequest.type, { textDocument: { uri } });
    assert.strictEqual(report.kind, 'full');
    assert.deepStrictEqual(report.items, params.diagnostics);
    const again = await connection.sendRequest(proto.DocumentDiagnosticRequest.type, { textDocument: { uri }, previousResultId: report.resultId });
    assert.deepStrictEqual(again, { kind: 'unchanged', resultId: report.resultId });
  }
  // Versions were published in order, none after a newer one.
  const versions = published.filter((p) => p.uri === uri).map((p) => p.version);
  assert.deepStrictEqual(versions, [...versions].sort((a, b) => a - b));

  // Errors come back as ResponseErrors with the specification's codes.
  await assert.rejects(connection.sendRequest('textDocument/hoverNotYet', {}), (e) => e.code === proto.ErrorCodes.MethodNotFound);
  await assert.rejects(connection.sendRequest(proto.DocumentDiagnosticRequest.type, { textDocument: { uri: 7 } }),
    (e) => e.code === proto.ErrorCodes.InvalidParams);

  await connection.sendNotification(proto.DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  await codeActions.run({ connection, proto, TextDocument, workdir, published, waiters });
  await editingFeatures(connection, init.capabilities);
  await connection.sendRequest(proto.ShutdownRequest.type);
  await connection.sendNotification(proto.ExitNotification.type);
  const code = await exited;
  assert.strictEqual(code, 0, 'exit status after shutdown and exit');
  assert(logs.some((l) => /initialized/.test(l.message)), 'window/logMessage at initialize');
  connection.dispose();
  console.log(`node client: ${steps.length} versions checked, ${published.length} publishes`);
}

// The editing features on a second document (see docs/lsp.md, "Editing features").
async function editingFeatures(connection, capabilities) {
  assert.strictEqual(capabilities.hoverProvider, true);
  assert.deepStrictEqual(capabilities.renameProvider, { prepareProvider: true });
  assert.strictEqual(capabilities.semanticTokensProvider.full, true);
  const uri2 = 'file://' + workdir + '/build.Dockerfile';
  let doc = TextDocument.create(uri2, 'dockerfile', 1, [
    'ARG VERSION=3.12',
    'FROM python:${VERSION} AS build',
    'ARG VERSION',
    'RUN echo $VERSION',
    'FROM python:3.12-slim',
    'COPY --from=build /app /app',
    'run echo done',
    '',
  ].join('\n'));
  await connection.sendNotification(proto.DidOpenTextDocumentNotification.type, {
    textDocument: { uri: uri2, languageId: 'dockerfile', version: 1, text: doc.getText() },
  });
  const textDocument = { uri: uri2 };
  const at = (line, character) => ({ textDocument, position: { line, character } });

  // Hover: an instruction keyword, a variable, a catalog image.
  const keyword = await connection.sendRequest(proto.HoverRequest.type, at(5, 1));
  assert.strictEqual(keyword.contents.kind, 'markdown');
  assert(keyword.contents.value.includes('COPY [--from=<stage>]'), keyword.contents.value);
  assert.strictEqual(doc.getText(keyword.range), 'COPY');
  const variable = await connection.sendRequest(proto.HoverRequest.type, at(3, 12));
  assert(variable.contents.value.includes('Value: `3.12`'), variable.contents.value);
  assert(variable.contents.value.includes('Defined at line 3: `ARG VERSION`'), variable.contents.value);
  const image = await connection.sendRequest(proto.HoverRequest.type, at(4, 7));
  assert(image.contents.value.includes('**python**: Docker Official Image'), image.contents.value);
  assert.strictEqual(await connection.sendRequest(proto.HoverRequest.type, at(7, 0)), null);

  // References and rename of a variable (documentChanges, versioned), applied by the library.
  const refs = await connection.sendRequest(proto.ReferencesRequest.type, { ...at(3, 12), context: { includeDeclaration: true } });
  assert.deepStrictEqual(refs.map((r) => doc.getText(r.range)), ['VERSION', 'VERSION', 'VERSION', 'VERSION']);
  const prepared = await connection.sendRequest(proto.PrepareRenameRequest.type, at(5, 14));
  assert.deepStrictEqual(prepared, { range: { start: { line: 5, character: 12 }, end: { line: 5, character: 17 } }, placeholder: 'build' });
  const stageEdit = await connection.sendRequest(proto.RenameRequest.type, { ...at(5, 14), newName: 'compile' });
  assert.strictEqual(stageEdit.documentChanges[0].textDocument.version, 1);
  const renamed = TextDocument.applyEdits(doc, stageEdit.documentChanges[0].edits);
  assert(renamed.includes('AS compile\n') && renamed.includes('--from=compile '), renamed);
  const varEdit = await connection.sendRequest(proto.RenameRequest.type, { ...at(0, 5), newName: 'PY_VERSION' });
  assert.strictEqual(TextDocument.applyEdits(doc, varEdit.documentChanges[0].edits).split('PY_VERSION').length - 1, 4);
  await assert.rejects(connection.sendRequest(proto.RenameRequest.type, { ...at(5, 14), newName: 'no good' }),
    (e) => e.code === -32803 && /not a stage name/.test(e.message));
  assert.strictEqual(await connection.sendRequest(proto.PrepareRenameRequest.type, at(6, 5)), null);

  // Document symbols: global ARG, then the stages holding their instructions.
  const symbols = await connection.sendRequest(proto.DocumentSymbolRequest.type, { textDocument });
  assert.deepStrictEqual(symbols.map((s) => s.name), ['ARG', 'build', 'python:3.12-slim']);
  assert.deepStrictEqual(symbols[1].children.map((s) => s.name), ['ARG', 'RUN']);

  // Semantic tokens: the first token is the ARG keyword.
  const tokens = await connection.sendRequest(proto.SemanticTokensRequest.type, { textDocument });
  const legend = capabilities.semanticTokensProvider.legend.tokenTypes;
  assert.strictEqual(tokens.data.length % 5, 0);
  assert.deepStrictEqual(tokens.data.slice(0, 3), [0, 0, 3]);
  assert.strictEqual(legend[tokens.data[3]], 'keyword');

  // Formatting fixes the casing of `run`.
  const edits = await connection.sendRequest(proto.DocumentFormattingRequest.type, { textDocument, options: { tabSize: 4, insertSpaces: true } });
  assert.strictEqual(TextDocument.applyEdits(doc, edits).split('\n')[6], 'RUN echo done');

  // Completion while typing: stage names after --from=, then an instruction snippet.
  let version = 1;
  async function type(line, character, text) {
    const change = { range: { start: { line, character }, end: { line, character } }, text };
    doc = TextDocument.update(doc, [change], ++version);
    await connection.sendNotification(proto.DidChangeTextDocumentNotification.type, { textDocument: { uri: uri2, version }, contentChanges: [change] });
  }
  await type(7, 0, 'COPY --from=b');
  const stages = await connection.sendRequest(proto.CompletionRequest.type, at(7, 13));
  const build = stages.items.find((i) => i.label === 'build');
  assert(build, JSON.stringify(stages.items.map((i) => i.label)));
  assert.deepStrictEqual(build.textEdit, { range: { start: { line: 7, character: 12 }, end: { line: 7, character: 13 } }, newText: 'build' });
  await type(7, 13, '\nCO');
  const keywords = await connection.sendRequest(proto.CompletionRequest.type, at(8, 2));
  const copy = keywords.items.find((i) => i.label === 'COPY');
  assert.strictEqual(copy.insertTextFormat, proto.InsertTextFormat.Snippet);
  assert.strictEqual(copy.textEdit.newText, 'COPY ${1:src} ${2:dest}');
  await connection.sendNotification(proto.DidCloseTextDocumentNotification.type, { textDocument });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
