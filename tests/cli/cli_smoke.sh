#!/usr/bin/env bash
# Smoke test of the whalesafe CLI dispatch: version, help, unknown and unimplemented commands.
# Usage: cli_smoke.sh /path/to/whalesafe
set -uo pipefail

WHALESAFE=${1:?usage: cli_smoke.sh /path/to/whalesafe}
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../lib/cli_test_lib.sh"
out_file=$(mktemp)
err_file=$(mktemp)
trap 'rm -f "$out_file" "$err_file"' EXIT

# run ARGS... : runs whalesafe in the current directory, sets $status, $out, $err.
run() {
  "$WHALESAFE" "$@" </dev/null >"$out_file" 2>"$err_file"
  status=$?
  out=$(<"$out_file")
  err=$(<"$err_file")
}

# --version
run --version
expect_status "--version" 0
expect_contains "--version" "$out" "whalesafe 0."
expect_contains "--version" "$out" "tree-sitter ABI 14"
expect_contains "--version" "$out" "tree-sitter-bash 0.23.3"
expect_empty "--version stderr" "$err"
if [[ $(head -n1 <<<"$out") =~ ^whalesafe\ [0-9]+\.[0-9]+\.[0-9]+$ ]]; then pass; else
  fail "--version: first line must be 'whalesafe <version>'"
fi

# --help, -h, help: usage on stdout listing every command
for flag in --help -h help; do
  run "$flag"
  expect_status "$flag" 0
  expect_contains "$flag" "$out" "usage: whalesafe"
  for cmd in parse check --fix lsp rule catalog; do
    expect_contains "$flag lists $cmd" "$out" "  $cmd"
  done
  expect_empty "$flag stderr" "$err"
done

# help <command>
run help check
expect_status "help check" 0
expect_contains "help check" "$out" "usage: whalesafe check"

# no arguments: usage on stderr, exit 2
run
expect_status "no arguments" 2
expect_contains "no arguments" "$err" "usage: whalesafe"

# unknown commands
for cmd in frobnicate --frobnicate -x "" "--" "pars" "PARSE"; do
  run "$cmd"
  expect_status "unknown '$cmd'" 2
  expect_contains "unknown '$cmd'" "$err" "whalesafe: unknown command '$cmd'"
  expect_contains "unknown '$cmd'" "$err" "--help"
done

# lsp: bad options are usage errors (the protocol itself is tested in tests/lsp/)
run lsp some-arg
expect_status "lsp some-arg" 2
expect_contains "lsp some-arg" "$err" "unknown option 'some-arg'"
run lsp --help
expect_status "lsp --help" 0
expect_contains "lsp --help" "$out" "usage: whalesafe lsp"

# catalog: a summary of the snapshot in use; an unknown image fails, an unknown option is a
# usage error (docs/catalog.md's examples of image look-ups run in catalog.docs_cli)
XDG_CACHE_HOME="$(mktemp -d)" run catalog
expect_status "catalog" 0
expect_contains "catalog" "$out" "(compiled in)"
expect_contains "catalog" "$out" "official images"
run catalog some-arg
expect_status "catalog some-arg" 1
expect_contains "catalog some-arg" "$err" "'some-arg' is not a Docker Official Image the catalog knows"
run catalog --frobnicate python
expect_status "catalog --frobnicate" 2
expect_contains "catalog --frobnicate" "$err" "whalesafe catalog: unknown option '--frobnicate'"

# README's first command: the bundled, insecure-on-purpose example is checked, its findings
# printed, and --exit-zero keeps the status 0.
example="$(dirname "$0")/../../examples/Dockerfile"
XDG_CACHE_HOME="$(mktemp -d)" run check --exit-zero "$example"
expect_status "README example" 0
expect_contains "README example" "$out" "warning[base-image-latest]"
XDG_CACHE_HOME="$(mktemp -d)" run check "$example"
expect_status "README example without --exit-zero" 1

# odd argv must not crash (exit status < 128 means no signal)
run $'\xff\xfe' "$(printf 'a%.0s' {1..5000})" -- --version
if [[ $status -lt 128 ]]; then pass; else fail "odd argv crashed"; fi
run parse
if [[ $status -lt 128 ]]; then pass; else fail "'parse' without arguments crashed"; fi
run parse /nonexistent/Dockerfile
if [[ $status -lt 128 && $status -ne 0 ]]; then pass; else
  fail "'parse /nonexistent/Dockerfile' must fail cleanly"
fi

cli_test_finish cli_smoke
