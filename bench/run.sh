#!/usr/bin/env bash
# Benchmarks in one command (docs/performance.md):
#   1. builds parse_bench and check_bench (configures build/ first if needed; BUILD_DIR=...),
#   2. installs the pinned npm peers dockerfile-ast and dockerfile-utils (npm ci in bench/peer),
#   3. parser: runs parse_bench (tree-sitter-bash as the incremental reference) and dockerfile-ast,
#      pinned to one core with taskset when available;
#      check: runs check_bench (one thread, then one per core; not pinned) and dockerfile-utils
#      (the same, in node),
#   4. prints a table of the figures and their ratios for each;
#   fix: bench/fix_bench.sh (`whalesafe --fix` over the corpus against `whalesafe check`).
#
# Usage: bench/run.sh [--quick] [--profile] [--only parse|check|fix] [--corpus DIR]
#   --quick    fewer repetitions and samples (a smoke run; figures are noisier)
#   --profile  also count tree-sitter parser events per reparse (parse_bench --profile)
#   --only     run only the parser, the check or the fix benchmarks
#   --corpus   the corpus directory (default: ../shared/corpus beside the repository)
# Raw outputs are kept in $BUILD_DIR/bench-results/.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${BUILD_DIR:-$repo_root/build}
corpus=$repo_root/../shared/corpus
quick=()
profile=()
only=all
while (($#)); do
  case $1 in
    --quick) quick=(--quick) ;;
    --profile) profile=(--profile) ;;
    --only)
      [[ $# -ge 2 && ($2 == parse || $2 == check || $2 == fix) ]] || { echo "run.sh: --only parse|check|fix" >&2; exit 2; }
      only=$2
      shift
      ;;
    --corpus)
      [[ $# -ge 2 ]] || { echo "run.sh: --corpus needs a directory" >&2; exit 2; }
      corpus=$2
      shift
      ;;
    -h | --help)
      sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *) echo "run.sh: unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
corpus=$(cd "$corpus" 2>/dev/null && pwd) || { echo "run.sh: no corpus directory" >&2; exit 1; }
[[ -f $corpus/MANIFEST.tsv ]] || { echo "run.sh: no MANIFEST.tsv in $corpus" >&2; exit 1; }

log() { printf 'bench: %s\n' "$*" >&2; }

# --- 1. build ----------------------------------------------------------------------------------
if [[ ! -f $build_dir/CMakeCache.txt ]]; then
  log "configuring $build_dir"
  cmake -S "$repo_root" -B "$build_dir" -G Ninja >/dev/null || exit 1
fi
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build_dir/CMakeCache.txt")
[[ $build_type == Release ]] || log "warning: $build_dir is a '$build_type' build, not Release"
if [[ $only == fix ]]; then
  log "building whalesafe"
  cmake --build "$build_dir" -j2 --target whalesafe >/dev/null || exit 1
  mkdir -p "$build_dir/bench-results"
  "$repo_root/bench/fix_bench.sh" --whalesafe "$build_dir/whalesafe" --corpus "$corpus" \
    ${quick[@]:+--quick} | tee "$build_dir/bench-results/fix_bench.txt"
  exit "${PIPESTATUS[0]}"
fi
log "building parse_bench and check_bench"
if ! build_log=$(cmake --build "$build_dir" -j2 --target parse_bench check_bench 2>&1); then
  printf '%s\n' "$build_log" >&2
  exit 1
fi
parse_bench=$build_dir/bench/parse_bench
check_bench=$build_dir/bench/check_bench

# --- 2. npm peer -------------------------------------------------------------------------------
log "installing the npm peers (npm ci --ignore-scripts)"
(cd "$repo_root/bench/peer" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)

# --- 3. run ------------------------------------------------------------------------------------
pin=()
if command -v taskset >/dev/null 2>&1 && taskset -c 0 true 2>/dev/null; then
  pin=(taskset -c 0)
fi
results=$build_dir/bench-results
mkdir -p "$results"
load_before=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')
result() { awk -v k="$1" '$1 == "RESULT" && $2 == k { print $3 }' "$results"/*.txt; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "?" }'; }
verdict() { awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN { ok = (op == ">=") ? v >= t : v < t; print ok ? "met" : "MISSED" }'; }
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)

if [[ $only != parse ]]; then
  rm -f "$results"/check_bench.txt "$results"/lint_peer.txt
  # Not pinned: each runs one thread, then one per core (the peer alike).
  log "running check_bench ${quick[*]}"
  "$check_bench" --corpus "$corpus" "${quick[@]}" | tee "$results/check_bench.txt" >&2
  log "running dockerfile-utils ${quick[*]}"
  node "$repo_root/bench/peer/lint_bench.js" --corpus "$corpus" "${quick[@]}" | tee "$results/lint_peer.txt" >&2
  load_after=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')
  c1=$(result check_1_mbps)
  p1=$(result lint_peer_1_mbps)
  cn=$(result check_n_mbps)
  pn=$(result lint_peer_n_mbps)
  r1=$(ratio "$c1" "$p1")
  {
    echo
    echo "whalesafe check benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores${cpu:+, $cpu}"
    echo "peer: dockerfile-utils $(result lint_peer_version) validate(), node $(node --version); load average before/after: $load_before / $load_after"
    echo "whalesafe: $(result check_rules) rules (all but shellcheck) + model + every shell text parsed"
    echo
    printf '%-44s %14s  %-30s %9s  %s\n' "metric" "whalesafe" "dockerfile-utils" "ratio" "target"
    printf '%-44s %14s  %-30s %8sx  >= 5x: %s\n' "check, 1 thread, MB/s (files/s)" \
      "$(printf '%.2f (%.0f)' "$c1" "$(result check_1_files_per_s)")" \
      "$(printf '%.2f (%.0f)' "$p1" "$(result lint_peer_1_files_per_s)")" "$r1" "$(verdict "$r1" ">=" 5)"
    printf '%-44s %14.2f  %-30s %8sx\n' "  parsers alone (Dockerfile + bash), MB/s" "$(result parsers_only_mbps)" \
      "" "$(ratio "$(result parsers_only_mbps)" "$p1")"
    printf '%-44s %14s  %-30s %8sx\n' "check, $(result check_threads) threads, MB/s (files/s)" \
      "$(printf '%.2f (%.0f)' "$cn" "$(result check_n_files_per_s)")" \
      "$(printf '%.2f (%.0f)' "$pn" "$(result lint_peer_n_files_per_s)")" "$(ratio "$cn" "$pn")"
    printf '%-44s %14.1f  %-30s %9s  < 1000 us: %s\n' \
      "re-analysis p99, us ($(result reanalysis_lines) lines)" "$(result reanalysis_p99_us)" "" "" \
      "$(verdict "$(result reanalysis_p99_us)" "<" 1000)"
    printf '%-44s %14.1f\n' "re-analysis p50, us" "$(result reanalysis_p50_us)"
    printf '%-44s %14.1f\n' "  of which incremental parse p50, us" "$(result reanalysis_parse_p50_us)"
    printf '%-44s %14.1f\n' "  edits changing a shell text, p50, us" "$(result reanalysis_shell_edit_p50_us)"
    printf '%-44s %14.1f\n' "  other edits, p50, us" "$(result reanalysis_other_edit_p50_us)"
    printf '%-44s %14.1f\n' "fresh analysis of that document, us" "$(result reanalysis_fresh_us)"
    printf '%-44s %14.1f\n' "breakdown (warm): syntax diagnostics, us" "$(result breakdown_syntax_diagnostics_us)"
    printf '%-44s %14.1f\n' "breakdown (warm): shells, us" "$(result breakdown_shells_us)"
    printf '%-44s %14.1f\n' "breakdown (warm): model, us" "$(result breakdown_model_us)"
    printf '%-44s %14.1f\n' "breakdown (warm): all rules' checks, us" "$(result breakdown_rules_us)"
    printf '%-44s %14.1f\n' "breakdown (warm): suppressions, us" "$(result breakdown_suppressions_us)"
    printf '%-44s %14.1f\n' "breakdown (warm): whole analysis, us" "$(result breakdown_whole_us)"
  } | tee "$results/check_summary.txt"
  [[ $only == check ]] && exit 0
fi

log "running parse_bench ${quick[*]} ${profile[*]} ${pin:+(pinned: ${pin[*]})}"
"${pin[@]}" "$parse_bench" --corpus "$corpus" "${quick[@]}" "${profile[@]}" | tee "$results/parse_bench.txt" >&2
log "running dockerfile-ast ${quick[*]}"
"${pin[@]}" node "$repo_root/bench/peer/bench.js" --corpus "$corpus" "${quick[@]}" | tee "$results/peer.txt" >&2
load_after=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')

# --- 4. table ----------------------------------------------------------------------------------

ours_mbps=$(result full_mbps)
peer_mbps=$(result peer_mbps)
peer_args=$(result peer_args_mbps)
full_ratio=$(ratio "$ours_mbps" "$peer_mbps")
df_p50=$(result incr_dockerfile_p50_us)
df_p99=$(result incr_dockerfile_p99_us)
bash_p50=$(result incr_bash_p50_us)
bash_p99=$(result incr_bash_p99_us)

{
  echo
  echo "whalesafe parser benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores${cpu:+, $cpu}"
  echo "runtime: tree-sitter (system library, ABI $(result tree_sitter_abi)); peer: dockerfile-ast $(result peer_version), node $(node --version)"
  echo "pinned: ${pin[*]:-no (taskset unavailable)}; load average before/after: $load_before / $load_after"
  echo
  printf '%-44s %12s  %-30s %9s  %s\n' "metric" "whalesafe" "reference" "ratio" "target"
  printf '%-44s %12.2f  %-30s %8sx  >= 4x: %s\n' \
    "full parse, $(result full_files) files, MB/s (median)" "$ours_mbps" \
    "dockerfile-ast $(printf '%.2f' "$peer_mbps")" "$full_ratio" "$(verdict "$full_ratio" ">=" 4)"
  printf '%-44s %12s  %-30s %8sx\n' "  (peer incl. lazy getArguments, MB/s)" "" \
    "dockerfile-ast $(printf '%.2f' "$peer_args")" "$(ratio "$ours_mbps" "$peer_args")"
  printf '%-44s %12.1f  %-30s %8sx  < 100 us: %s\n' \
    "incremental reparse p50, us ($(result incr_dockerfile_lines) lines)" "$df_p50" \
    "tree-sitter-bash $(printf '%.1f' "$bash_p50") ($(($(result incr_bash_bytes) / 1000)) KB)" \
    "$(ratio "$df_p50" "$bash_p50")" "$(verdict "$df_p50" "<" 100)"
  printf '%-44s %12.1f  %-30s %8sx\n' "incremental reparse p99, us" "$df_p99" \
    "tree-sitter-bash $(printf '%.1f' "$bash_p99")" "$(ratio "$df_p99" "$bash_p99")"
  printf '%-44s %12.1f  %-30s %8sx\n' "fresh parse of the same document, us" \
    "$(result incr_dockerfile_fresh_us)" "tree-sitter-bash $(printf '%.1f' "$(result incr_bash_fresh_us)")" \
    "$(ratio "$(result incr_dockerfile_fresh_us)" "$(result incr_bash_fresh_us)")"
  echo
  echo "ratios: throughput is ours / dockerfile-ast (higher is better); latencies are ours / tree-sitter-bash (lower is better)"
  if [[ $(result incr_dockerfile_mismatches) != 0 || $(result incr_bash_mismatches) != 0 ]]; then
    echo "WARNING: some incremental trees differ from a fresh parse (see $results/parse_bench.txt)"
  fi
} | tee "$results/summary.txt"
