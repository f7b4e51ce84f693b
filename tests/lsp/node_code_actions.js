// Part of node_client_test.js: code actions (quick fixes, ignore, fix-all with codeAction/resolve,
// the rewrites, the `only` filter), configuration (workspace/configuration, its change, a
// watched .whalesafe.yaml) and related information, driven through Microsoft's client library.
//   setup(connection, proto)  before connection.listen(): answers the server's requests
//   clientCapabilities         what the session's initialize announces for these features
//   configured                 a promise: the server asked for its settings (after initialized)
//   run(ctx)                   after the main script, on a document of its own
'use strict';
const assert = require('assert');
const fs = require('fs');
const path = require('path');

// What the editor's "whalesafe" settings section holds; run() changes it.
let settings = { unsafeFixes: true };
const configurationRequests = [];
const registrations = [];
let refreshes = 0;  // workspace/diagnostic/refresh requests
// Called, when set, as the server asks for its settings, before the answer is sent.
let onConfigurationRequest = null;
// Resolved when the server first asked for its settings (the answer goes out before anything
// the caller sends after awaiting it, so the first analyses already use the settings).
let gotConfigurationRequest;
const configured = new Promise((resolve, reject) => {
  gotConfigurationRequest = resolve;
  setTimeout(() => reject(new Error('no workspace/configuration request within 30 s')), 30000).unref();
});

function setup(connection, proto) {
  connection.onRequest(proto.ConfigurationRequest.type, (params) => {
    configurationRequests.push(params);
    gotConfigurationRequest();
    if (onConfigurationRequest) onConfigurationRequest();
    return params.items.map((item) => (item.section === 'whalesafe' ? settings : null));
  });
  connection.onRequest(proto.RegistrationRequest.type, (params) => {
    registrations.push(...params.registrations);
  });
  connection.onRequest(proto.DiagnosticRefreshRequest.type, () => { ++refreshes; });
}

const clientCapabilities = {
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    workspaceEdit: { documentChanges: true },
    diagnostics: { refreshSupport: true },
  },
  textDocument: {
    codeAction: {
      codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'source'] } },
      isPreferredSupport: true,
      disabledSupport: true,
      dataSupport: true,
      resolveSupport: { properties: ['edit'] },
    },
  },
};

// ctx: { connection, proto, TextDocument, workdir, published, waiters }
async function run(ctx) {
  const { connection, proto, TextDocument, workdir, published, waiters } = ctx;
  const dir = path.join(workdir, 'actions');
  fs.mkdirSync(dir);
  const uri = 'file://' + dir + '/Dockerfile';

  // The server asked for its settings after `initialized` and registered a watcher for the
  // configuration files.
  assert(configurationRequests.some((p) => p.items.some((i) => i.section === 'whalesafe')),
    'workspace/configuration for the "whalesafe" section');
  const watcher = registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles');
  assert(watcher, `a didChangeWatchedFiles registration; got ${JSON.stringify(registrations)}`);
  const globs = watcher.registerOptions.watchers.map((w) => w.globPattern);
  assert(globs.includes('**/.whalesafe.yaml') && globs.includes('**/.hadolint.yaml'), JSON.stringify(globs));

  // Waits for a publish for `version` whose diagnostics satisfy `accept` (a configuration
  // change publishes the same version again).
  // The newest list published for `version` that `accept` takes, among those published after
  // the first `since` messages (a wait for the effect of a change must not take an older list).
  async function diagnosticsFor(version, accept = () => true, since = 0) {
    const deadline = Date.now() + 60000;
    for (;;) {
      const found = published.slice(since).filter((p) => p.uri === uri && p.version === version)
        .reverse().find((p) => accept(p.diagnostics));
      if (found) return found.diagnostics;
      assert(Date.now() < deadline, `no fitting diagnostics for version ${version}: ${JSON.stringify(published.filter((p) => p.uri === uri))}`);
      await new Promise((resolve) => { waiters.push(resolve); setTimeout(resolve, 200); });
    }
  }
  const codeActions = (range, diagnostics, only) => connection.sendRequest(proto.CodeActionRequest.type, {
    textDocument: { uri }, range, context: only ? { diagnostics, only } : { diagnostics },
  });

  let version = 1;
  let doc = TextDocument.create(uri, 'dockerfile', version,
    'FROM debian:bookworm-slim\nRUN apt-get install curl && apt-get purge wget\n');
  await connection.sendNotification(proto.DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: 'dockerfile', version, text: doc.getText() },
  });
  let diagnostics = await diagnosticsFor(version);
  const at = (code) => diagnostics.filter((d) => d.code === code);
  assert.strictEqual(at('apt-missing-yes').length, 2, JSON.stringify(diagnostics));
  assert.strictEqual(at('apt-no-install-recommends').length, 1, JSON.stringify(diagnostics));

  // 1. At "apt-get install": a quick fix per finding (the safe one preferred, the unsafe one
  // titled as such), an ignore per rule, fix-all (resolved lazily) and no disabled rewrite.
  const install = at('apt-missing-yes')[0];
  const cursor = { start: install.range.start, end: install.range.start };
  let actions = await codeActions(cursor, [install]);
  const quick = actions.filter((a) => a.kind === 'quickfix' && a.isPreferred !== undefined);
  const safe = quick.find((a) => a.diagnostics[0].code === 'apt-missing-yes');
  const unsafe = quick.find((a) => a.diagnostics[0].code === 'apt-no-install-recommends');
  assert(safe && safe.isPreferred === true && !/unsafe/.test(safe.title), JSON.stringify(actions));
  assert(unsafe && unsafe.isPreferred === false && /unsafe/.test(unsafe.title), JSON.stringify(actions));
  assert.deepStrictEqual(safe.edit.documentChanges[0].textDocument, { uri, version });
  assert.strictEqual(TextDocument.applyEdits(doc, safe.edit.documentChanges[0].edits),
    'FROM debian:bookworm-slim\nRUN apt-get install -y curl && apt-get purge wget\n');
  const ignore = actions.find((a) => a.kind === 'quickfix' && /ignore/i.test(a.title) && a.diagnostics[0].code === 'apt-missing-yes');
  assert(ignore, JSON.stringify(actions.map((a) => a.title)));
  assert.strictEqual(TextDocument.applyEdits(doc, ignore.edit.documentChanges[0].edits),
    'FROM debian:bookworm-slim\n# whalesafe ignore=apt-missing-yes\nRUN apt-get install curl && apt-get purge wget\n');
  const fixAll = actions.find((a) => a.kind === 'source.fixAll.whalesafe');
  assert(fixAll && !fixAll.edit && fixAll.data, JSON.stringify(fixAll));
  assert(!actions.some((a) => a.disabled), 'disabled actions only when refactorings are asked for');

  // 2. `only` filters: source.fixAll gives fix-all alone; refactor gives the four rewrites, each
  // either resolvable or disabled with the reason.
  actions = await codeActions(cursor, [], ['source.fixAll']);
  assert.deepStrictEqual(actions.map((a) => a.kind), ['source.fixAll.whalesafe']);
  actions = await codeActions(cursor, [], ['refactor']);
  assert.deepStrictEqual(actions.map((a) => a.kind).sort(), [
    'refactor.rewrite.whalesafe.add-non-root-user', 'refactor.rewrite.whalesafe.move-secrets',
    'refactor.rewrite.whalesafe.pin-slim-tag', 'refactor.rewrite.whalesafe.split-multi-stage']);
  for (const a of actions) {
    assert(/unsafe/.test(a.title), a.title);
    if (a.disabled) {
      assert(a.disabled.reason.length > 0);
      continue;
    }
    const resolved = await connection.sendRequest(proto.CodeActionResolveRequest.type, a);
    const changed = TextDocument.applyEdits(doc, resolved.edit.documentChanges[0].edits);
    assert.notStrictEqual(changed, doc.getText(), `${a.kind} changes the file`);
  }

  // 3. Resolving fix-all: every safe fix, as one versioned edit; the editor applies it.
  const resolved = await connection.sendRequest(proto.CodeActionResolveRequest.type, fixAll);
  assert.deepStrictEqual(resolved.edit.documentChanges[0].textDocument, { uri, version });
  const edits = resolved.edit.documentChanges[0].edits;
  assert.strictEqual(TextDocument.applyEdits(doc, edits),
    'FROM debian:bookworm-slim\nRUN apt-get install -y curl && apt-get purge -y wget\n');
  // As the editor applies it: the edits become one didChange.
  const changes = edits.map((e) => ({ range: e.range, text: e.newText }));
  doc = TextDocument.update(doc, changes, ++version);
  await connection.sendNotification(proto.DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version }, contentChanges: changes,
  });
  diagnostics = await diagnosticsFor(version);
  const codes = (list) => [...new Set(list.map((d) => d.code))].sort();
  assert.deepStrictEqual(codes(diagnostics), ['apt-no-install-recommends', 'package-unpinned']);
  // Wrong shapes are InvalidParams, naming the member.
  await assert.rejects(connection.sendRequest(proto.CodeActionRequest.type, { textDocument: { uri }, context: { diagnostics: [] } }),
    (e) => e.code === proto.ErrorCodes.InvalidParams && /range/.test(e.message));
  await assert.rejects(connection.sendRequest(proto.CodeActionResolveRequest.type, { title: 'x', data: { uri, version, kind: 'quickfix', offset: 0 } }),
    (e) => e.code === proto.ErrorCodes.InvalidParams && /kind/.test(e.message));
  // An action planned for an older version is not resolved against the new text.
  await assert.rejects(connection.sendRequest(proto.CodeActionResolveRequest.type, fixAll),
    (e) => e.code === proto.LSPErrorCodes.ContentModified);

  // 4. The editor's settings change: the server asks for them again and checks again. With
  // unsafeFixes off, the unsafe quick fix is no longer offered (its ignore action still is).
  settings = { unsafeFixes: false, rules: { 'package-unpinned': 'error' } };
  const asked = configurationRequests.length;
  const refreshed = refreshes;
  await connection.sendNotification(proto.DidChangeConfigurationNotification.type, { settings: null });
  const isError = (d) => d.severity === proto.DiagnosticSeverity.Error;
  diagnostics = await diagnosticsFor(version, (list) => list.some(isError));
  assert(configurationRequests.length > asked, 'settings asked for again');
  assert(refreshes > refreshed, 'pull clients are asked to pull again');
  for (const d of diagnostics) assert.strictEqual(isError(d), d.code === 'package-unpinned', JSON.stringify(d));
  assert.deepStrictEqual(codes(diagnostics), ['apt-no-install-recommends', 'package-unpinned']);
  const recommends = diagnostics.find((d) => d.code === 'apt-no-install-recommends');
  actions = await codeActions(recommends.range, [recommends]);
  // (Rewrites are asked for by name and stay offered, titled as unsafe.)
  assert(!actions.some((a) => a.kind === 'quickfix' && /unsafe/.test(a.title)), JSON.stringify(actions.map((a) => a.title)));
  assert(actions.some((a) => /ignore/i.test(a.title)), JSON.stringify(actions.map((a) => a.title)));

  // 4b. A request that reaches the analysis worker before the new settings do (here: the worker
  // is busy with a large document, and a documentSymbol request is sent just before the
  // settings) must not leave the document with diagnostics of the old settings.
  const bigUri = 'file://' + dir + '/big.Dockerfile';
  const bigText = 'FROM debian:bookworm-slim\n' + 'RUN apt-get install curl && echo $HOME\n'.repeat(4000);
  let query;
  onConfigurationRequest = () => {
    onConfigurationRequest = null;
    query = connection.sendRequest(proto.DocumentSymbolRequest.type, { textDocument: { uri } });
  };
  settings = { unsafeFixes: false, rules: { 'package-unpinned': 'style' } };
  await connection.sendNotification(proto.DidOpenTextDocumentNotification.type, {
    textDocument: { uri: bigUri, languageId: 'dockerfile', version: 1, text: bigText },
  });
  await connection.sendNotification(proto.DidChangeConfigurationNotification.type, { settings: null });
  const isHint = (d) => d.code === 'package-unpinned' && d.severity === proto.DiagnosticSeverity.Hint;
  diagnostics = await diagnosticsFor(version, (list) => list.some(isHint));
  assert(query, 'the documentSymbol request was sent');
  await query;
  await connection.sendNotification(proto.DidCloseTextDocumentNotification.type, { textDocument: { uri: bigUri } });
  settings = { unsafeFixes: false, rules: { 'package-unpinned': 'error' } };
  // Step 4's lists have errors too: only a list published after this change shows that the
  // server has the new settings (else the watcher's re-check below may still use 'style').
  let since = published.length;
  await connection.sendNotification(proto.DidChangeConfigurationNotification.type, { settings: null });
  diagnostics = await diagnosticsFor(version, (list) => list.some(isError), since);

  // 5. A .whalesafe.yaml appears next to the document (it replaces the one above it): the
  // watcher reports it and the server checks again with it.
  since = published.length;
  fs.writeFileSync(path.join(dir, '.whalesafe.yaml'), 'rules:\n  user-missing: off\n  apt-no-install-recommends: off\n  package-unpinned: off\n');
  await connection.sendNotification(proto.DidChangeWatchedFilesNotification.type, {
    changes: [{ uri: 'file://' + dir + '/.whalesafe.yaml', type: proto.FileChangeType.Created }],
  });
  // The editor's settings still win over the file: package-unpinned stays on, as an error.
  diagnostics = await diagnosticsFor(version, (list) => !list.some((d) => d.code === 'apt-no-install-recommends'), since);
  assert.deepStrictEqual(codes(diagnostics), ['package-unpinned']);
  assert(diagnostics.every(isError), JSON.stringify(diagnostics));

  await connection.sendNotification(proto.DidCloseTextDocumentNotification.type, { textDocument: { uri } });

  // 6. Related information (the ARG a FROM's variable comes from, the stage a COPY takes files
  // from) and tags.
  const relatedUri = 'file://' + dir + '/related.Dockerfile';
  const related = TextDocument.create(relatedUri, 'dockerfile', 1,
    'ARG VERSION\nFROM alpine:$VERSION AS Build\nFROM alpine:3.22\nCOPY --from=Build / /\nCMD ["a"]\nCMD ["b"]\nENV A b\nUSER nobody\n');
  await connection.sendNotification(proto.DidOpenTextDocumentNotification.type, {
    textDocument: { uri: relatedUri, languageId: 'dockerfile', version: 1, text: related.getText() },
  });
  const report = await connection.sendRequest(proto.DocumentDiagnosticRequest.type, { textDocument: { uri: relatedUri } });
  const explained = (code) => {
    const d = report.items.find((x) => x.code === code);
    assert(d, `${code} in ${JSON.stringify(report.items)}`);
    return (d.relatedInformation || []).map((r) => [r.location.uri, related.getText(r.location.range), r.message]);
  };
  assert.deepStrictEqual(explained('invalid-default-arg-in-from'), [[relatedUri, 'VERSION', 'VERSION is declared here']]);
  assert.deepStrictEqual(explained('copy-whole-stage-filesystem'), [[relatedUri, 'Build', "stage 'Build' starts here"]]);
  // Tags: a CMD that a later one replaces is unnecessary, `ENV A b` a deprecated form.
  const tags = (code) => report.items.find((x) => x.code === code).tags;
  assert.deepStrictEqual(tags('multiple-cmd'), [proto.DiagnosticTag.Unnecessary]);
  assert.deepStrictEqual(tags('legacy-env-format'), [proto.DiagnosticTag.Deprecated]);
  await connection.sendNotification(proto.DidCloseTextDocumentNotification.type, { textDocument: { uri: relatedUri } });
  return { checked: 'code actions and configuration' };
}

module.exports = { setup, clientCapabilities, configured, run };
