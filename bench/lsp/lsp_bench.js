// Language server latency and memory: whalesafe lsp against dockerfile-language-server-nodejs,
// same client, same documents, same edits, same run (docs/performance.md, "Language server").
//
// For each server and each document size: initialize, didOpen, wait for its diagnostics, then
// `--edits` one-character edits sent one at a time (type a character, delete it, alternately,
// on a LABEL line or inside a RUN command; and 'type': characters typed one after another into
// the RUN, each version a RUN text never seen before); a sample is the time from writing didChange to
// receiving the next textDocument/publishDiagnostics for the document (for whalesafe, the one
// carrying that version). Peak RSS is the server process's VmHWM at the end (child processes,
// such as the shellcheck program whalesafe runs on changed RUN commands, are not counted).
//
// Usage: node lsp_bench.js --whalesafe PATH [--floor PATH] [--lines 30,3000] [--edits 200]
//                          [--kinds label,run,type] [--json OUT]
'use strict';
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');
const proto = require('vscode-languageserver-protocol/node');

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}
const whalesafe = option('--whalesafe', null);
// --floor PATH: also run bench/lsp_floor_server (build/bench/lsp_floor_server), which answers
// at once with as many made-up diagnostics as whalesafe published: the floor of the measurement.
const floor = option('--floor', null);
if (!whalesafe) {
  console.error('usage: node lsp_bench.js --whalesafe PATH [--floor PATH] [--lines 30,3000] [--edits 200] [--kinds label,run,type] [--json OUT]');
  process.exit(2);
}
const sizes = option('--lines', '30,3000').split(',').map(Number);
const edits = Number(option('--edits', '200'));
const kinds = option('--kinds', 'label,run,type').split(',');
const jsonOut = option('--json', null);
const peerBin = path.join(__dirname, 'node_modules', 'dockerfile-language-server-nodejs', 'bin', 'docker-langserver');

const servers = [
  { name: 'whalesafe', cmd: path.resolve(whalesafe), args: ['lsp'] },
  { name: 'dockerfile-language-server-nodejs', cmd: process.execPath, args: [peerBin, '--stdio'] },
];

// A deterministic Dockerfile of `lines` lines: stages with RUN (some multi-line), ENV, LABEL,
// COPY, WORKDIR, and a few problems for the rules to find.
function dockerfile(lines) {
  const out = ['FROM ubuntu:22.04 AS build', 'LABEL org.example.edit="value"'];
  let i = 0;
  while (out.length < lines - 2) {
    switch (i % 8) {
      case 0: out.push(`RUN echo step ${i} && mkdir -p /opt/app${i}`); break;
      case 1: out.push(`ENV APP_${i}=value${i}`); break;
      case 2: out.push(`COPY src/file${i}.txt /opt/app/file${i}.txt`); break;
      case 3: out.push(`RUN apt-get update && apt-get install -y --no-install-recommends pkg${i} \\`, `    && rm -rf /var/lib/apt/lists/*`); break;
      case 4: out.push(`WORKDIR /opt/app${i}`); break;
      case 5: out.push(`LABEL org.example.step${i}="${i}"`); break;
      case 6: out.push(`RUN cd /opt && ls -la ${i}`); break;
      case 7: out.push(`# comment ${i}`); break;
    }
    ++i;
  }
  out.push('USER nobody', 'CMD ["/bin/sh"]');
  return out.join('\n') + '\n';
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function vmhwm(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch (e) {
    return null;
  }
}

async function run(server, lines, editKind) {
  const child = spawn(server.cmd, server.args, { stdio: ['pipe', 'pipe', 'ignore'] });
  const connection = proto.createProtocolConnection(
    new proto.StreamMessageReader(child.stdout), new proto.StreamMessageWriter(child.stdin));
  const uri = `file:///tmp/whalesafe-lsp-bench/${lines}/Dockerfile`;
  let waiter = null;
  let published = 0;  // diagnostics in the last publish
  connection.onNotification(proto.PublishDiagnosticsNotification.type, (params) => {
    if (params.uri !== uri || !waiter) return;
    published = params.diagnostics.length;
    if (params.version !== undefined && params.version !== null && params.version < waiter.version) return;
    const w = waiter;
    waiter = null;
    w.resolve(process.hrtime.bigint());
  });
  connection.listen();
  const next = (version) => new Promise((resolve, reject) => {
    waiter = { version, resolve };
    setTimeout(() => reject(new Error(`${server.name}: no diagnostics for version ${version}`)), 30000);
  });
  await connection.sendRequest(proto.InitializeRequest.type, {
    processId: process.pid, rootUri: null, workspaceFolders: null,
    capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } }, general: { positionEncodings: ['utf-16'] } },
  });
  await connection.sendNotification(proto.InitializedNotification.type, {});
  const text = dockerfile(lines);
  let wait = next(1);
  await connection.sendNotification(proto.DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: 'dockerfile', version: 1, text },
  });
  await wait;
  // The edited place: the LABEL value on line 1, or the middle RUN command's first word.
  const rows = text.split('\n');
  let row = 1;
  let col = rows[1].indexOf('value') + 2;
  if (editKind === 'run' || editKind === 'type') {
    row = rows.findIndex((l, k) => k >= rows.length / 2 && l.startsWith('RUN echo step'));
    col = 'RUN echo'.length;
  }
  const samples = [];
  for (let k = 0; k < edits; ++k) {
    const version = k + 2;
    // 'type': characters typed one after another into the RUN, so that every version's RUN text
    // is new (whalesafe's ShellCheck cache has seen none of them); else type and delete in turn.
    const change = editKind === 'type' || k % 2 === 0
      ? { range: { start: { line: row, character: col }, end: { line: row, character: col } }, text: 'x' }
      : { range: { start: { line: row, character: col }, end: { line: row, character: col + 1 } }, text: '' };
    wait = next(version);
    const sent = process.hrtime.bigint();
    await connection.sendNotification(proto.DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version }, contentChanges: [change],
    });
    const received = await wait;
    samples.push(Number(received - sent) / 1e6);
  }
  const peak = vmhwm(child.pid);
  await connection.sendRequest(proto.ShutdownRequest.type);
  await connection.sendNotification(proto.ExitNotification.type);
  await new Promise((resolve) => child.on('exit', resolve));
  connection.dispose();
  samples.sort((a, b) => a - b);
  return { server: server.name, lines, edit: editKind, edits, p50: percentile(samples, 50), p99: percentile(samples, 99), peakRssKb: peak, diagnostics: published };
}

async function main() {
  const results = [];
  for (const lines of sizes) {
    for (const editKind of kinds) {
      const runs = [...servers];
      if (floor) {
        const count = () => String(results.find((r) => r.server === 'whalesafe' && r.lines === lines && r.edit === editKind).diagnostics);
        runs.push({ name: 'floor', cmd: path.resolve(floor), get args() { return ['--diagnostics', count()]; } });
      }
      for (const server of runs) {
        const r = await run(server, lines, editKind);
        results.push(r);
        console.log(`${r.server.padEnd(34)} ${String(lines).padStart(5)} lines, ${editKind.padEnd(5)} edits: p50 ${r.p50.toFixed(3)} ms, p99 ${r.p99.toFixed(3)} ms, peak RSS ${(r.peakRssKb / 1024).toFixed(1)} MiB, ${r.diagnostics} diagnostics`);
      }
    }
  }
  console.log('\nratios (dockerfile-language-server-nodejs / whalesafe; > 1 means whalesafe is faster or smaller):');
  for (const lines of sizes) {
    for (const editKind of kinds) {
      const ours = results.find((r) => r.server === 'whalesafe' && r.lines === lines && r.edit === editKind);
      const peer = results.find((r) => r.server !== 'whalesafe' && r.lines === lines && r.edit === editKind);
      const fl = results.find((r) => r.server === 'floor' && r.lines === lines && r.edit === editKind);
      const best = fl ? `; the floor's p50 ${fl.p50.toFixed(3)} ms is ${(peer.p50 / fl.p50).toFixed(2)}x the peer's, p99 ${(peer.p99 / fl.p99).toFixed(2)}x` : '';
      console.log(`${String(lines).padStart(5)} lines, ${editKind.padEnd(5)}: p50 ${(peer.p50 / ours.p50).toFixed(2)}x, p99 ${(peer.p99 / ours.p99).toFixed(2)}x, peak RSS ${(peer.peakRssKb / ours.peakRssKb).toFixed(2)}x${best}`);
    }
  }
  if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify(results, null, 2) + '\n');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
