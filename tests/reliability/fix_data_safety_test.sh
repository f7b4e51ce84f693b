#!/usr/bin/env bash
# Data safety of `whalesafe --fix` (docs/reliability.md): whatever goes wrong while a file is
# written, the file on disk is either exactly the original or exactly the fixed text, never
# truncated or mixed, and no temporary file is left behind. Cases: bytes no fix touches (BOM,
# CRLF, no final newline, non-UTF-8 bytes in comments), a read-only file and directory, a full
# disk (a small tmpfs when it can be mounted) and a file size limit (`ulimit -f`), the file
# replaced or rewritten while whalesafe runs, symlinks (chains, dangling, other directories),
# hard links, and the size limit (--max-file-size, max-file-size in .whalesafe.yaml).
# Usage: fix_data_safety_test.sh /path/to/whalesafe
set -uo pipefail

WHALESAFE=${1:?usage: fix_data_safety_test.sh /path/to/whalesafe}
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../lib/cli_test_lib.sh"
cli_test_setup "$WHALESAFE"
mounted=""
trap '[[ -n $mounted ]] && umount "$mounted" 2>/dev/null; cli_test_cleanup' EXIT

# expect_same NAME FILE EXPECTED-FILE: byte for byte.
expect_same() {
  if cmp -s "$2" "$3"; then pass; else fail "$1: $(cmp "$2" "$3" 2>&1 | head -1)"; fi
}
# expect_no_temp NAME DIR: no whalesafe temporary file left in DIR.
expect_no_temp() {
  local left
  left=$(find "$2" -maxdepth 1 -name '.*whalesafe-*' | head -3)
  if [[ -z $left ]]; then pass; else fail "$1: temporary files left: $left"; fi
}

# A Dockerfile whose fixes make it longer: `ENV K v w` becomes `ENV K="v w"` (3 bytes more per
# line) and `from` becomes `FROM`. make_growing N FILE writes it with N ENV lines, and the
# expected fixed text to FILE.fixed.
make_growing() {
  {
    printf 'from alpine:3.24\n'
    for ((i = 0; i < $1; i++)); do printf 'ENV KEY%d value %d\n' "$i" "$i"; done
    printf 'USER app\n'
  } >"$2"
  {
    printf 'FROM alpine:3.24\n'
    for ((i = 0; i < $1; i++)); do printf 'ENV KEY%d="value %d"\n' "$i" "$i"; done
    printf 'USER app\n'
  } >"$2.fixed"
}

# --- bytes no fix touches ------------------------------------------------------------------------
# BOM, CRLF, no final newline, Latin-1 and invalid UTF-8 bytes in comments (also inside a RUN
# continuation), a tab: only the instruction keyword and the ENV form change.
printf '\xef\xbb\xbf# caf\xe9 \xff\xfe\r\nfrom alpine:3.24\r\nRUN echo a \\\r\n# d\xe9j\xe0 vu \xc3\r\n  && echo b\r\nENV GREETING hello\tworld\r\nUSER app' >bytes.Dockerfile
printf '\xef\xbb\xbf# caf\xe9 \xff\xfe\r\nFROM alpine:3.24\r\nRUN echo a \\\r\n# d\xe9j\xe0 vu \xc3\r\n  && echo b\r\nENV GREETING="hello\tworld"\r\nUSER app' >bytes.expected
run --fix bytes.Dockerfile
expect_same "BOM, CRLF, no final newline, non-UTF-8 comments kept" bytes.Dockerfile bytes.expected
# LF file without a final newline whose last line is fixed.
printf 'from alpine:3.24\nUSER app\nENV A b c' >nofinal.Dockerfile
printf 'FROM alpine:3.24\nUSER app\nENV A="b c"' >nofinal.expected
run --fix nofinal.Dockerfile
expect_same "no final newline after a fixed last line" nofinal.Dockerfile nofinal.expected
expect_no_temp "bytes" .

# --- read-only file and directory ----------------------------------------------------------------
make_growing 3 ro.Dockerfile
cp ro.Dockerfile ro.orig
chmod 444 ro.Dockerfile
run --fix ro.Dockerfile
expect_status "read-only file" 2
expect_contains "read-only file" "$err" "ro.Dockerfile: is read-only; not fixed"
expect_same "read-only file untouched" ro.Dockerfile ro.orig
if [[ $(stat -c %a ro.Dockerfile) == 444 ]]; then pass; else fail "read-only mode kept"; fi

mkdir rodir
make_growing 3 rodir/Dockerfile
cp rodir/Dockerfile rodir.orig
chmod 555 rodir
run --fix rodir/Dockerfile
if [[ $(id -u) -ne 0 ]]; then
  # No temporary file can be created beside it: reported, untouched.
  expect_status "read-only directory" 2
  expect_contains "read-only directory" "$err" "rodir/Dockerfile: cannot create a temporary file"
  expect_same "read-only directory: file untouched" rodir/Dockerfile rodir.orig
else
  # root may write anyway: then the file is fixed exactly.
  expect_same "read-only directory as root: fixed" rodir/Dockerfile rodir/Dockerfile.fixed
fi
chmod 755 rodir
expect_no_temp "read-only directory" rodir

# --- a full disk ---------------------------------------------------------------------------------
# A 64 KiB tmpfs holding a 20 KB Dockerfile and a filler that leaves less free space than the
# fixed file needs: writing the temporary file fails with ENOSPC.
mkdir full
if mount -t tmpfs -o size=64k,mode=0755 tmpfs full 2>/dev/null; then
  mounted="$tmp/work/full"
  make_growing 1000 full/Dockerfile  # ~20 KB, ~23 KB fixed
  mv full/Dockerfile.fixed full.fixed
  cp full/Dockerfile full.orig
  free_kb=$(df -k --output=avail full | tail -1)
  head -c $(((free_kb - 12) * 1024)) /dev/zero >full/filler 2>/dev/null
  run --fix full/Dockerfile
  expect_status "full disk" 2
  expect_contains "full disk" "$err" "full/Dockerfile: cannot write the fixed file: No space left on device"
  expect_same "full disk: file untouched" full/Dockerfile full.orig
  expect_no_temp "full disk" full
  rm full/filler
  run --fix full/Dockerfile
  expect_same "space again: fixed" full/Dockerfile full.fixed
  umount full && mounted=""
else
  echo "note: tmpfs cannot be mounted here; the full disk is simulated with ulimit -f only"
fi

# --- a file size limit (ulimit -f): write() fails with EFBIG, not SIGXFSZ ------------------------
make_growing 380 big.Dockerfile  # ~7.9 KB, ~9 KB fixed: over an 8 KiB limit
cp big.Dockerfile big.orig
(ulimit -f 8 && cd "$tmp/work" && "$WHALESAFE" --fix big.Dockerfile >"$tmp/out" 2>"$tmp/err" </dev/null)
status=$?
err=$(<"$tmp/err")
expect_status "ulimit -f: an error, not a signal" 2
expect_contains "ulimit -f" "$err" "big.Dockerfile: cannot write the fixed file: File too large"
expect_same "ulimit -f: file untouched" big.Dockerfile big.orig
expect_no_temp "ulimit -f" .

# --- symlinks ------------------------------------------------------------------------------------
mkdir -p elsewhere
make_growing 2 elsewhere/real.Dockerfile
ln -s elsewhere/real.Dockerfile hop2.Dockerfile
ln -s hop2.Dockerfile hop1.Dockerfile
run --fix hop1.Dockerfile
expect_same "symlink chain: the target is fixed" elsewhere/real.Dockerfile elsewhere/real.Dockerfile.fixed
if [[ -L hop1.Dockerfile && -L hop2.Dockerfile && $(readlink hop1.Dockerfile) == hop2.Dockerfile ]]; then
  pass
else
  fail "symlink chain kept"
fi
expect_no_temp "symlink: nothing beside the link" .
expect_no_temp "symlink: nothing beside the target" elsewhere
ln -s missing.Dockerfile dangling.Dockerfile
run --fix dangling.Dockerfile
expect_status "dangling symlink" 2
if [[ -L dangling.Dockerfile && ! -e missing.Dockerfile ]]; then pass; else
  fail "dangling symlink: nothing created"
fi

# --- hard links ----------------------------------------------------------------------------------
make_growing 2 hard.Dockerfile
ln hard.Dockerfile hard2.Dockerfile
cp hard.Dockerfile hard.orig
run --fix hard.Dockerfile
expect_status "hard link" 2
expect_contains "hard link" "$err" "hard.Dockerfile: has 2 hard links; not fixed"
expect_same "hard link: untouched" hard.Dockerfile hard.orig
if [[ $(stat -c %h hard.Dockerfile) == 2 && $(stat -c %i hard.Dockerfile) == $(stat -c %i hard2.Dockerfile) ]]; then
  pass
else
  fail "hard link: still one file"
fi
run check --diff hard.Dockerfile
expect_contains "hard link: --diff still shows the fixes" "$out" '+ENV KEY0="value 0"'

# --- the file changes while whalesafe runs -------------------------------------------------------
# A file large enough that fixing it takes a while is replaced (as editors save: a new file
# renamed over it) or rewritten in place at several moments of the run. Whenever the change
# lands, the result is the user's text: read before the change, whalesafe notices it and does
# not write; after whalesafe's rename, the user's save replaces the fixed file.
make_growing 1500 race.Dockerfile  # ~32 KB: fixing it takes about a second
cp race.Dockerfile race.orig
printf 'FROM alpine:3.24\nUSER edited\n' >edited.txt
start=$(date +%s%N)
run --fix race.Dockerfile
took_ms=$((($(date +%s%N) - start) / 1000000))
expect_same "race baseline: fixed" race.Dockerfile race.Dockerfile.fixed
for mode in rename inplace; do
  for percent in 5 30 60 90 120; do
    cp race.orig race.Dockerfile
    (cd "$tmp/work" && exec "$WHALESAFE" --fix race.Dockerfile >/dev/null 2>"$tmp/race.err" </dev/null) &
    pid=$!
    sleep "$(awk -v ms="$took_ms" -v p="$percent" 'BEGIN { printf "%.3f", ms * p / 100000 }')"
    if [[ $mode == rename ]]; then
      cp edited.txt race.new && mv race.new race.Dockerfile
    else
      cat edited.txt >race.Dockerfile
    fi
    wait "$pid"
    race_status=$?
    if cmp -s race.Dockerfile edited.txt; then pass; else
      status=$race_status err=$(<"$tmp/race.err") out=""
      fail "changed during the run ($mode at $percent% of ${took_ms} ms): the user's text was lost ($(wc -c <race.Dockerfile) bytes)"
    fi
    expect_no_temp "changed during the run ($mode, $percent%)" .
  done
done

# --- the size limit ------------------------------------------------------------------------------
make_growing 100 limit.Dockerfile  # ~2 KB
cp limit.Dockerfile limit.orig
run --fix --max-file-size 1KiB limit.Dockerfile
expect_status "--max-file-size: refused" 2
expect_contains "--max-file-size" "$err" "limit.Dockerfile: file too large ("
expect_contains "--max-file-size" "$err" "limit 1 KiB); raise the limit with --max-file-size"
expect_same "--max-file-size: untouched" limit.Dockerfile limit.orig
"$WHALESAFE" check --max-file-size=1KiB - <limit.Dockerfile >/dev/null 2>"$tmp/err"
status=$? err=$(<"$tmp/err")
expect_status "--max-file-size: standard input" 2
expect_contains "--max-file-size: standard input" "$err" "<stdin>: file too large (over 1024 bytes, limit 1 KiB)"
mkdir -p cfg && cp limit.orig cfg/Dockerfile && printf 'max-file-size: 1000\n' >cfg/.whalesafe.yaml
run check cfg/Dockerfile
expect_status "max-file-size in .whalesafe.yaml" 2
expect_contains "max-file-size in .whalesafe.yaml" "$err" "cfg/Dockerfile: file too large ("
expect_contains "max-file-size in .whalesafe.yaml" "$err" "limit 1000 bytes)"
run check --max-file-size 1MiB cfg/Dockerfile
expect_status "--max-file-size wins over the configuration" 1
printf 'max-file-size: huge\n' >cfg/.whalesafe.yaml
run check cfg/Dockerfile
expect_contains "a bad max-file-size is reported" "$err" "'max-file-size' must be a size"
run check --max-file-size 2GiB cfg/Dockerfile
expect_status "--max-file-size over 1 GiB" 2
expect_contains "--max-file-size over 1 GiB" "$err" "--max-file-size takes a size"

cli_test_finish fix_data_safety
