#!/usr/bin/env node
// The reference point for bench/check_bench: the npm package dockerfile-utils (the linter behind
// the most used Dockerfile language server; `dockerfile-utils lint` on the command line) validating
// the same corpus in process: every file of MANIFEST.tsv loaded into memory first, then
// validate(text) per file, warm-up passes (JIT), then the median of repeated passes.
//   one thread: this process, files in manifest order;
//   all cores:  one worker_thread per core (or --threads N), each warmed, files taken from a
//               shared counter, wall time of the pass.
//
//   node lint_bench.js [--corpus DIR] [--reps N] [--warmup N] [--threads N] [--quick]
//
// Lines starting with "RESULT " are read by bench/run.sh.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { Worker, isMainThread, parentPort, workerData } = require('worker_threads');
const { validate } = require('dockerfile-utils');

function loadCorpus(dir) {
  const manifest = fs.readFileSync(path.join(dir, 'MANIFEST.tsv'), 'utf8');
  return manifest.split('\n').slice(1).filter((l) => l.length > 0).map((line) => {
    const name = line.split('\t')[0];
    const bytes = fs.readFileSync(path.join(dir, name));
    return { name, text: bytes.toString('utf8'), bytes: bytes.length };
  });
}

let sink = 0;

if (!isMainThread) {
  // A worker: validates the files whose index it takes from the shared counter.
  const files = loadCorpus(workerData.corpus);
  const counter = new Int32Array(workerData.counter);
  parentPort.on('message', (msg) => {
    if (msg === 'warm') {
      for (const f of files) sink += validate(f.text).length;
      parentPort.postMessage('ready');
      return;
    }
    for (let i = Atomics.add(counter, 0, 1); i < files.length; i = Atomics.add(counter, 0, 1)) {
      sink += validate(files[i].text).length;
    }
    parentPort.postMessage(sink < 0 ? 'never' : 'done');
  });
} else {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}

function usage(status) {
  (status ? process.stderr : process.stdout).write(
    'usage: node lint_bench.js [--corpus DIR] [--reps N] [--warmup N] [--threads N] [--quick]\n');
  process.exit(status);
}

function median(values) {
  const v = [...values].sort((a, b) => a - b);
  const n = v.length;
  return n % 2 ? v[(n - 1) / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

async function main() {
  const options = {
    corpus: path.resolve(__dirname, '../../../shared/corpus'),
    reps: 7,
    warmup: 3,
    threads: os.cpus().length,
  };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const next = () => {
      if (i + 1 >= argv.length) usage(2);
      return argv[++i];
    };
    switch (argv[i]) {
      case '--corpus': options.corpus = path.resolve(next()); break;
      case '--reps': options.reps = Number(next()); break;
      case '--warmup': options.warmup = Number(next()); break;
      case '--threads': options.threads = Number(next()); break;
      case '--quick': options.reps = 3; options.warmup = 2; break;
      case '--help': usage(0); break;
      default: usage(2);
    }
  }
  if (!(options.reps >= 1) || !(options.warmup >= 0) || !(options.threads >= 1)) usage(2);

  const files = loadCorpus(options.corpus);
  const totalBytes = files.reduce((sum, f) => sum + f.bytes, 0);

  // One thread.
  const pass = () => {
    const start = process.hrtime.bigint();
    for (const f of files) sink += validate(f.text).length;
    return Number(process.hrtime.bigint() - start) / 1e9;
  };
  for (let i = 0; i < options.warmup; i++) pass();
  const single = [];
  for (let i = 0; i < options.reps; i++) single.push(pass());

  // One worker per core.
  const counter = new SharedArrayBuffer(4);
  const workers = [];
  for (let t = 0; t < options.threads; t++) {
    workers.push(new Worker(__filename, { workerData: { corpus: options.corpus, counter } }));
  }
  const all = (msg) => Promise.all(workers.map((w) => new Promise((resolve) => {
    w.once('message', resolve);
    w.postMessage(msg);
  })));
  for (let i = 0; i < options.warmup; i++) await all('warm');
  const parallel = [];
  for (let i = 0; i < options.reps; i++) {
    new Int32Array(counter)[0] = 0;
    const start = process.hrtime.bigint();
    await all('run');
    parallel.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  await Promise.all(workers.map((w) => w.terminate()));

  const version = require('dockerfile-utils/package.json').version;
  const s1 = median(single);
  const sn = median(parallel);
  const mb = totalBytes / 1e6;
  console.log(`== lint: dockerfile-utils ${version} validate() (node ${process.version}) ==`);
  console.log(`corpus: ${files.length} files, ${totalBytes} bytes`);
  console.log(`one thread: median ${s1.toFixed(3)} s/pass: ${(files.length / s1).toFixed(1)} files/s, ` +
    `${(mb / s1).toFixed(2)} MB/s over ${options.reps} reps after ${options.warmup} warm-up`);
  console.log(`${options.threads} workers: median ${sn.toFixed(3)} s/pass: ` +
    `${(files.length / sn).toFixed(1)} files/s, ${(mb / sn).toFixed(2)} MB/s`);
  console.log(`RESULT lint_peer_version ${version}`);
  console.log(`RESULT lint_peer_threads ${options.threads}`);
  console.log(`RESULT lint_peer_1_files_per_s ${(files.length / s1).toFixed(2)}`);
  console.log(`RESULT lint_peer_1_mbps ${(mb / s1).toFixed(4)}`);
  console.log(`RESULT lint_peer_n_files_per_s ${(files.length / sn).toFixed(2)}`);
  console.log(`RESULT lint_peer_n_mbps ${(mb / sn).toFixed(4)}`);
  if (sink < 0) console.log(sink);
}
