#!/usr/bin/env bash
# `whalesafe --fix` over the shared corpus, end to end (processes, reads, fixes, atomic writes),
# in files per second, against two reference points:
#   - `whalesafe check` on the same files in the same run (the peer: same process start-up,
#     reading and analysis, no fixing or writing), and
#   - Parfum's reported ~8 files/s on the same corpus (issue #4; a figure from its authors'
#     run, not measured here: Parfum cannot run on this machine).
#
# Modes, each on a fresh copy of the corpus (fixing changes the files), interleaved run by run
# so load changes hit all alike; the median of --runs runs is reported:
#   fix-unsafe  whalesafe --fix --unsafe-fixes FILE...   (one process for the whole corpus)
#   fix         whalesafe --fix FILE...                  (safe fixes only)
#   check       whalesafe check FILE...
#   per-file    whalesafe --fix --unsafe-fixes FILE, one process per file (one run only)
# All with `--ignore shellcheck`: that rule runs the external shellcheck program on every RUN
# (no fix of ours, and most of the time of a default run: see --with-shellcheck), and
# XDG_CACHE_HOME an empty directory (the compiled-in catalog). Wall time and CPU time (user +
# system, children included) are both reported: on a busy machine wall time mostly measures
# the load, CPU time the work.
#
# Usage: bench/fix_bench.sh [--whalesafe BIN] [--corpus DIR] [--runs N] [--quick]
#                           [--with-shellcheck]
#   --with-shellcheck  also one run of `--fix --unsafe-fixes` and `check` with default options
# Prints RESULT lines and a table; bench/run.sh --only fix runs it after building.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
whalesafe=$repo_root/build/whalesafe
corpus=$repo_root/../shared/corpus
runs=5
per_file=1
with_shellcheck=0
while (($#)); do
  case $1 in
    --whalesafe) whalesafe=$2; shift ;;
    --corpus) corpus=$2; shift ;;
    --runs) runs=$2; shift ;;
    --quick) runs=1; per_file=0 ;;
    --with-shellcheck) with_shellcheck=1 ;;
    -h | --help) sed -n '2,26p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "fix_bench: unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done
[[ -x $whalesafe ]] || { echo "fix_bench: no whalesafe binary at $whalesafe" >&2; exit 1; }
[[ -f $corpus/MANIFEST.tsv ]] || { echo "fix_bench: no MANIFEST.tsv in $corpus" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_CACHE_HOME=$tmp/cache
mapfile -t names < <(tail -n +2 "$corpus/MANIFEST.tsv" | cut -f1)
files=${#names[@]}
bytes=$(cd "$corpus" && cat "${names[@]}" | wc -c)

# fresh_copy DIR: the corpus files, copied into DIR, writable (the shared corpus is read-only,
# and --fix rightly refuses to write read-only files).
fresh_copy() {
  mkdir -p "$1"
  (cd "$corpus" && cp -- "${names[@]}" "$1/")
  chmod -R u+w "$1"
}

# timed NAME CMD...: runs CMD in $tmp/work (a fresh copy); appends "wall cpu" seconds to
# $tmp/NAME (cpu: user + system of CMD and its children).
timed() {
  local name=$1
  shift
  rm -rf "$tmp/work"
  fresh_copy "$tmp/work"
  local TIMEFORMAT='%R %U %S'
  # Exit status 1 (findings remain) is expected; 2 (an error) makes the figures meaningless.
  { time (cd "$tmp/work" || exit 2; "$@" >/dev/null 2>"$tmp/stderr" || echo $? >"$tmp/status"); } 2>"$tmp/time"
  if [[ -f $tmp/status && $(<"$tmp/status") != 1 ]]; then
    echo "fix_bench: $name exited $(<"$tmp/status"):" >&2
    grep -v '^ ' "$tmp/stderr" | head -5 >&2
    exit 1
  fi
  rm -f "$tmp/status"
  awk '{ printf "%.4f %.4f\n", $1, $2 + $3 }' "$tmp/time" >>"$tmp/$name"
}

per_file_fix() {
  local f
  for f in "${names[@]}"; do "$whalesafe" --fix --unsafe-fixes --ignore shellcheck "$f" || true; done
}

echo "fix_bench: $files files, $bytes bytes, $runs run(s) per mode, $("$whalesafe" --version | head -1)" >&2
for ((i = 1; i <= runs; i++)); do
  timed fix-unsafe "$whalesafe" --fix --unsafe-fixes --ignore shellcheck "${names[@]}"
  timed fix "$whalesafe" --fix --ignore shellcheck "${names[@]}"
  timed check "$whalesafe" check --ignore shellcheck "${names[@]}"
done
((per_file)) && timed per-file per_file_fix
if ((with_shellcheck)); then
  timed fix-unsafe-shellcheck "$whalesafe" --fix --unsafe-fixes "${names[@]}"
  timed check-shellcheck "$whalesafe" check "${names[@]}"
fi

# median NAME [COLUMN]: the median of a column of $tmp/NAME (1: wall, 2: cpu).
median() {
  awk -v c="${2:-1}" '{ print $c }' "$tmp/$1" | sort -n |
    awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
rate() { awk -v n="$files" -v s="$1" 'BEGIN { printf "%.1f", n / s }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

parfum=8
modes=(fix-unsafe fix check per-file fix-unsafe-shellcheck check-shellcheck)
printf 'RESULT fix_files %s\nRESULT fix_bytes %s\n' "$files" "$bytes"
for mode in "${modes[@]}"; do
  [[ -f $tmp/$mode ]] || continue
  printf 'RESULT %s_files_per_s %s\nRESULT %s_files_per_cpu_s %s\n' \
    "$mode" "$(rate "$(median "$mode")")" "$mode" "$(rate "$(median "$mode" 2)")"
done

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)
ck=$(rate "$(median check)")
ck_cpu=$(rate "$(median check 2)")
echo
echo "whalesafe --fix benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores${cpu:+, $cpu}, load $(cut -d' ' -f1 /proc/loadavg)"
echo "$files files ($bytes bytes) of $corpus; median of $runs run(s); --ignore shellcheck unless said"
printf '%-46s %9s %13s  %s\n' "mode" "files/s" "files/cpu-s" "ratio (files/s; files/cpu-s)"
line() { # line LABEL MODE NOTE
  [[ -f $tmp/$2 ]] || return 0
  printf '%-46s %9s %13s  %s\n' "$1" "$(rate "$(median "$2")")" "$(rate "$(median "$2" 2)")" "$3"
}
fu=$(rate "$(median fix-unsafe)")
fu_cpu=$(rate "$(median fix-unsafe 2)")
line "--fix --unsafe-fixes, one process" fix-unsafe \
  "$(ratio "$fu" "$ck")x; $(ratio "$fu_cpu" "$ck_cpu")x check (same run); $(ratio "$fu" "$parfum")x Parfum (~$parfum files/s, reported)"
line "--fix (safe fixes only), one process" fix \
  "$(ratio "$(rate "$(median fix)")" "$ck")x; $(ratio "$(rate "$(median fix 2)")" "$ck_cpu")x check"
line "check, one process (the peer)" check ""
if [[ -f $tmp/per-file ]]; then
  line "--fix --unsafe-fixes, one process per file" per-file \
    "$(ratio "$(rate "$(median per-file)")" "$parfum")x Parfum"
fi
if [[ -f $tmp/fix-unsafe-shellcheck ]]; then
  line "--fix --unsafe-fixes, shellcheck rule on" fix-unsafe-shellcheck \
    "$(ratio "$(rate "$(median fix-unsafe-shellcheck)")" "$(rate "$(median check-shellcheck)")")x check with shellcheck; $(ratio "$(rate "$(median fix-unsafe-shellcheck)")" "$parfum")x Parfum"
  line "check, shellcheck rule on" check-shellcheck ""
fi
