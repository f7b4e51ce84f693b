#!/usr/bin/env node
// The reference point for bench/parse_bench: the npm package dockerfile-ast (the parser behind
// the most used Dockerfile language server) parsing the same corpus, in the same way: every file
// of MANIFEST.tsv loaded into memory first, DockerfileParser.parse(text) timed per file, warm-up
// passes, then the median of repeated passes in MB/s (bytes are UTF-8 file bytes).
//
//   node bench.js [--corpus DIR] [--reps N] [--warmup N] [--quick]
//
// Lines starting with "RESULT " are read by bench/run.sh.
'use strict';

const fs = require('fs');
const path = require('path');
const { DockerfileParser } = require('dockerfile-ast');

const options = {
  corpus: path.resolve(__dirname, '../../../shared/corpus'),
  reps: 11,
  warmup: 5,
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
    case '--quick': options.reps = 3; options.warmup = 3; break;
    case '--help': usage(0); break;
    default: usage(2);
  }
}
if (!(options.reps >= 1) || !(options.warmup >= 0)) usage(2);

function usage(status) {
  (status ? process.stderr : process.stdout).write(
    'usage: node bench.js [--corpus DIR] [--reps N] [--warmup N] [--quick]\n');
  process.exit(status);
}

function median(values) {
  const v = [...values].sort((a, b) => a - b);
  const n = v.length;
  return n % 2 ? v[(n - 1) / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// Every file listed in MANIFEST.tsv, in manifest order, decoded as UTF-8 (what an editor sends).
const manifest = fs.readFileSync(path.join(options.corpus, 'MANIFEST.tsv'), 'utf8');
const files = manifest.split('\n').slice(1).filter((l) => l.length > 0).map((line) => {
  const name = line.split('\t')[0];
  const bytes = fs.readFileSync(path.join(options.corpus, name));
  return { name, text: bytes.toString('utf8'), bytes: bytes.length };
});
const totalBytes = files.reduce((sum, f) => sum + f.bytes, 0);

let sink = 0;  // keeps the results observable

// One pass over the corpus; `full` also materializes every instruction's arguments, which
// dockerfile-ast computes lazily (informational only).
function pass(full) {
  let seconds = 0;
  for (const f of files) {
    const start = process.hrtime.bigint();
    const dockerfile = DockerfileParser.parse(f.text);
    if (full) {
      for (const instruction of dockerfile.getInstructions()) instruction.getArguments();
    }
    seconds += Number(process.hrtime.bigint() - start) / 1e9;
    sink += dockerfile.getInstructions().length;
  }
  return totalBytes / 1e6 / seconds;
}

function measure(full) {
  for (let i = 0; i < options.warmup; i++) pass(full);
  const mbps = [];
  for (let i = 0; i < options.reps; i++) mbps.push(pass(full));
  return mbps;
}

const version = require('dockerfile-ast/package.json').version;
const parseOnly = measure(false);
const withArguments = measure(true);

console.log(`== full parse: dockerfile-ast ${version} (node ${process.version}) ==`);
console.log(`corpus: ${files.length} files, ${totalBytes} bytes`);
console.log(`DockerfileParser.parse: median ${median(parseOnly).toFixed(2)} MB/s ` +
  `(min ${Math.min(...parseOnly).toFixed(2)}, max ${Math.max(...parseOnly).toFixed(2)}) ` +
  `over ${options.reps} reps after ${options.warmup} warm-up`);
console.log(`parse + getArguments() of every instruction: median ${median(withArguments).toFixed(2)} MB/s`);
console.log(`RESULT peer_version ${version}`);
console.log(`RESULT peer_files ${files.length}`);
console.log(`RESULT peer_bytes ${totalBytes}`);
console.log(`RESULT peer_mbps ${median(parseOnly).toFixed(4)}`);
console.log(`RESULT peer_args_mbps ${median(withArguments).toFixed(4)}`);
if (sink < 0) console.log(sink);
