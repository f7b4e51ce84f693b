#!/usr/bin/env bash
# Runs the libFuzzer targets of fuzz/ (docs/reliability.md): builds them in build-asan/ (clang,
# ASan + UBSan, -DWHALESAFE_FUZZ=ON) unless --no-build, seeds a working corpus per target from
# ../shared/corpus and tests/rules/fixtures (copied at run time), runs each target in turn, and
# fails on the first crash, hang or leak, printing the reproducer (saved under the output
# directory) and the command that replays it.
#
#   fuzz/run.sh                       a short run: 45 s per target (CI's sanitizer step runs 40 s)
#   fuzz/run.sh --time 600            10 minutes per target
#   fuzz/run.sh --runs 10000000 --time 86400 grammar   a campaign: 10 million executions
#
# Options: --time SECONDS (per target), --runs N (per target; whichever limit comes first),
# --timeout SECONDS (an input taking more CPU time is a hang; default 10, campaigns use 1;
# libFuzzer's own wall-clock -timeout, for an input that never returns, is ten times that and at
# least 60 s, so that a campaign at --nice beside other work is not stopped by inputs that only
# waited for the CPU), --build DIR (default build-asan), --out DIR (corpora, reproducers and
# logs; default DIR/fuzz-out), --no-build, --nice (run at nice 19, and lower the scheduler
# autogroup when this script leads its own session, e.g. under setsid), --sanitizers LIST (what the
# build is configured with; default address,undefined; campaigns use leak,undefined in their own
# --build directory, see docs/reliability.md), --max-len BYTES (the longest input libFuzzer
# makes; default 4096, longer seeds are cut), --no-shellcheck (a PATH without the shellcheck
# program, which the lsp target's server would otherwise run on RUN texts, a process per text:
# campaigns only), --restart-every N (start a fresh fuzzer process, on the corpus so far, every N
# executions; default 150000: LeakSanitizer keeps 4 KB for every thread a process ever started,
# and the lsp target's server starts two per input).
# Targets: grammar analysis fixer lsp (default: all).
# Each target's summary line (executions, seconds, result) goes to OUT/summary.tsv.
set -uo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="$repo/build-asan"
out=""
time_per_target=45
runs=""
timeout=10
max_len=4096
do_build=1
sanitizers=address,undefined
nice_cmd=()
no_shellcheck=0
restart_every=150000
targets=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --time) time_per_target=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    --build) build=$(realpath -m "$2"); shift 2 ;;
    --out) out=$(realpath -m "$2"); shift 2 ;;
    --no-build) do_build=0; shift ;;
    --nice) nice_cmd=(nice -n 19); shift ;;
    --sanitizers) sanitizers=$2; shift 2 ;;
    --no-shellcheck) no_shellcheck=1; shift ;;
    --max-len) max_len=$2; shift 2 ;;
    --restart-every) restart_every=$2; shift 2 ;;
    grammar | analysis | fixer | lsp) targets+=("$1"); shift ;;
    -h | --help) sed -n '2,/^set /p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "fuzz/run.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
[[ ${#targets[@]} -eq 0 ]] && targets=(grammar analysis fixer lsp)
# With scheduler autogroups on, nice only ranks processes within their group, and a campaign
# started with setsid is a group of its own: it took a full share beside CI (docs/reliability.md,
# Sanitizer build). When this script leads its own session, --nice lowers that group too; in a
# terminal's session it would lower the terminal as well, so then it does not.
if [[ ${#nice_cmd[@]} -gt 0 && $(cat /proc/sys/kernel/sched_autogroup_enabled 2>/dev/null) == 1 &&
  $(ps -o sid= -p $$ | tr -d ' ') == "$$" ]]; then
  echo 19 >/proc/self/autogroup 2>/dev/null || echo "fuzz/run.sh: could not lower the autogroup" >&2
fi
out=${out:-$build/fuzz-out}

if [[ $do_build -eq 1 ]]; then
  cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWHALESAFE_SANITIZE=ON -DWHALESAFE_SANITIZERS="$sanitizers" \
    -DWHALESAFE_FUZZ=ON >/dev/null ||
    exit 1
  cmake --build "$build" --target "${targets[@]/#/fuzz_}" || exit 1
fi

# --- seeds -------------------------------------------------------------------------------------
# Copied fresh at every run (never committed from ../shared). The fixer's first byte selects
# --fix-errors, the LSP target's first byte the mode (odd: raw bytes, even: generated messages).
seed_dir="$out/seeds"
rm -rf "$seed_dir"
mkdir -p "$seed_dir/plain" "$seed_dir/flagged" "$seed_dir/lsp"
n=0
for f in "$repo"/tests/rules/fixtures/*.Dockerfile "$repo"/../shared/corpus/*; do
  [[ -f $f && $f != *.tsv && $f != *.md && $(stat -c %s "$f") -le 16384 ]] || continue
  n=$((n + 1))
  cp "$f" "$seed_dir/plain/$n"
  { printf '\x00'; cat "$f"; } >"$seed_dir/flagged/$n"
done
if [[ $n -eq 0 ]]; then echo "fuzz/run.sh: no seeds found" >&2; exit 1; fi
# LSP seeds: real sessions (raw mode) opening and editing a few fixtures, and generator inputs.
python3 - "$seed_dir/lsp" "$repo"/tests/rules/fixtures/*.Dockerfile <<'PY'
import json, sys, os
out, files = sys.argv[1], sys.argv[2:]
def frame(m):
    b = json.dumps(m).encode()
    return b"Content-Length: %d\r\n\r\n" % len(b) + b
for i, path in enumerate(files[:60]):
    text = open(path, "rb").read().decode("utf-8", "replace")
    uri = "file:///nonexistent-whalesafe-fuzz/d0/Dockerfile"
    s = frame({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
    s += frame({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    s += frame({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "dockerfile", "version": 1, "text": text}}})
    s += frame({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"range": {"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 3}}, "text": "RUN "}]}})
    s += frame({"jsonrpc": "2.0", "id": 2, "method": "textDocument/diagnostic", "params": {"textDocument": {"uri": uri}}})
    s += frame({"jsonrpc": "2.0", "id": 3, "method": "shutdown"})
    s += frame({"jsonrpc": "2.0", "method": "exit"})
    if len(s) <= 16384:
        open(os.path.join(out, f"raw{i}"), "wb").write(b"\x01" + s)
    open(os.path.join(out, f"gen{i}"), "wb").write(b"\x00" + text.encode()[:4096])
PY

# --- runs --------------------------------------------------------------------------------------
mkdir -p "$out/artifacts" "$out/logs"
summary="$out/summary.tsv"
[[ -f $summary ]] || printf 'date\ttarget\texecutions\tseconds\tresult\n' >"$summary"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export LSAN_OPTIONS=${LSAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export XDG_CACHE_HOME="$out/cache"  # the compiled-in catalog, whatever the machine has cached
export WHALESAFE_FUZZ_CPU_SECONDS=$timeout  # fuzz_check.h: CpuBudget
wall_timeout=$((timeout * 10 > 60 ? timeout * 10 : 60))
run_env=()
if [[ $no_shellcheck -eq 1 ]]; then
  mkdir -p "$out/empty-path"
  run_env=(env PATH="$out/empty-path")  # the targets run no other program
fi
failed=0
for target in "${targets[@]}"; do
  binary="$build/fuzz/fuzz_$target"
  [[ -x $binary ]] || { echo "fuzz/run.sh: $binary missing (build it, or drop --no-build)" >&2; exit 1; }
  case $target in
    fixer) seeds="$seed_dir/flagged" ;;
    lsp) seeds="$seed_dir/lsp" ;;
    *) seeds="$seed_dir/plain" ;;
  esac
  corpus="$out/corpus/$target"  # kept between runs: a campaign resumes where it stopped
  mkdir -p "$corpus"
  log="$out/logs/$target.log"
  echo "fuzz/run.sh: $target: ${runs:+$runs runs}${runs:+, }$time_per_target s at most (log: $log)"
  : >"$log"
  started=$(date +%s)
  execs=0
  status=0
  # One fuzzer process per chunk of --restart-every executions, each resuming from the corpus,
  # until --runs or --time is reached or a chunk fails.
  while true; do
    left_time=$((time_per_target - ($(date +%s) - started)))
    [[ $left_time -le 0 ]] && break  # (libFuzzer reads -max_total_time=0 as no limit)
    chunk=$restart_every
    log_bytes=$(stat -c %s "$log")
    [[ -n $runs && $((runs - execs)) -lt $chunk ]] && chunk=$((runs - execs))
    # -entropic=0: with ~90,000 coverage features libFuzzer's entropic schedule took most of the
    # analysis target's time (docs/reliability.md, Campaign). -reload=0: one process per corpus,
    # so nothing to pick up from others, and the default re-read the corpus directory every
    # second (a stat per file: thousands of files in a campaign).
    "${nice_cmd[@]}" "${run_env[@]}" "$binary" -max_total_time="$left_time" -runs="$chunk" \
      -timeout="$wall_timeout" -rss_limit_mb=2560 -max_len="$max_len" -entropic=0 -reload=0 \
      -dict="$repo/fuzz/dockerfile.dict" -print_final_stats=1 \
      -artifact_prefix="$out/artifacts/$target-" "$corpus" "$seeds" >>"$log" 2>&1
    status=$?
    # This chunk's count from the lines it appended (a chunk killed before its stats must not
    # count the previous one's again).
    chunk_execs=$(tail -c +$((log_bytes + 1)) "$log" |
      sed -n 's/^stat::number_of_executed_units: *//p' | tail -1)
    execs=$((execs + ${chunk_execs:-0}))
    [[ $status -ne 0 || -z $chunk_execs ]] && break
    [[ -n $runs && $execs -ge $runs ]] && break
    [[ $(($(date +%s) - started)) -ge $time_per_target || $chunk_execs -lt $chunk ]] && break
  done
  seconds=$(($(date +%s) - started))
  result=ok
  if [[ $status -ne 0 ]]; then
    result=failed
    failed=1
    artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)
    echo "fuzz/run.sh: $target FAILED (exit status $status); the end of its log:" >&2
    grep -v '^#[0-9]' "$log" | tail -40 >&2
    if [[ -n $artifact && -f $artifact ]]; then
      echo "reproducer: $artifact ($(stat -c %s "$artifact") bytes), base64:" >&2
      base64 -w 100 "$artifact" | head -100 >&2
      echo "replay: $binary $artifact" >&2
    fi
  fi
  printf '%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$target" "${execs:-?}" "$seconds" "$result" >>"$summary"
  echo "fuzz/run.sh: $target: ${execs:-?} executions in ${seconds}s: $result"
done
exit $failed
