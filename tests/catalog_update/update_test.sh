#!/usr/bin/env bash
# `whalesafe catalog update` end to end, against fake_github.py serving the shared snapshot on
# 127.0.0.1 (plain HTTP, and HTTPS with a throwaway certificate):
#   - an update writes the cache, byte for byte catalog_data.inc, and later runs use it
#     (`whalesafe --version` names the cache and its snapshot date);
#   - offline (connection refused, unresolvable host), timeout, 404, non-JSON, non-HTTP,
#     truncated and garbage answers, and certificate failures exit 2 with a clear message and
#     keep the old cache;
#   - a corrupted cache is reported and ignored; an older one is not used.
#   usage: update_test.sh WHALESAFE PYTHON3 SOURCE_DIR SHARED_DIR
# Without the shared data: prints SKIPPED and exits 77 (ctest's skip code), or fails when
# CI=true.
set -uo pipefail
whalesafe="$1"
python="$2"
source_dir="$3"
shared="$4"
if [[ ! -d "$shared/official-images/library" || ! -d "$shared/eol/products" ]]; then
  if [[ "${CI:-}" == "true" ]]; then
    echo "shared reference data missing at $shared (CI=true: not skipping)" >&2
    exit 1
  fi
  echo "SKIPPED: shared reference data missing at $shared"
  exit 77
fi

work="$(mktemp -d)"
servers=()
cleanup() {
  for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT
export XDG_CACHE_HOME="$work/cache"
cache="$XDG_CACHE_HOME/whalesafe/catalog_data.inc"
committed="$source_dir/analysis/catalog/catalog_data.inc"

failures=0
pass() { :; }
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}
# run ARGS...: sets status, out, err.
run() {
  "$whalesafe" "$@" >"$work/out" 2>"$work/err"
  status=$?
  out="$(cat "$work/out")"
  err="$(cat "$work/err")"
}
expect_status() { [[ $status -eq $2 ]] || fail "$1: exit $status, expected $2 (stderr: $err)"; }
expect_contains() { [[ "$3" == *"$2"* ]] || fail "$1: expected '$2' in: $3"; }
checksum() { if [[ -f "$cache" ]]; then sha256sum "$cache" | cut -d' ' -f1; else echo none; fi; }

# start_server [--tls CERT KEY]: starts fake_github.py, sets port.
# Each server prints to a file of its own: the redirection happens in the background job, so
# with one shared file the loop could read the previous server's port before it is truncated.
start_server() {
  local port_file="$work/port.${#servers[@]}"
  "$python" "$source_dir/tests/catalog_update/fake_github.py" "$shared" "$@" >"$port_file" &
  servers+=($!)
  for _ in $(seq 100); do
    port="$(head -n1 "$port_file" 2>/dev/null)"
    [[ -n "$port" ]] && return
    sleep 0.05
  done
  echo "fake_github.py did not start" >&2
  exit 1
}

start_server
base="http://127.0.0.1:$port"

# --- before any update: the compiled-in table ----------------------------------------------
run --version
expect_status "--version without cache" 0
expect_contains "--version without cache" "catalog snapshot 2026-08-21 (compiled in)" "$out"

# --- a successful update --------------------------------------------------------------------
run catalog update --source-url "$base/ok" --timeout 60
expect_status "update ok" 0
expect_contains "update ok" "catalog updated: snapshot 2026-08-21, 144 images, 2121 entries" "$out"
expect_contains "update ok" "written to $cache" "$out"
cmp -s "$cache" "$committed" || fail "the updated cache differs from catalog_data.inc"
stats="$(curl -s "$base/stats" 2>/dev/null || "$python" -c \
  "import urllib.request,sys; print(urllib.request.urlopen(sys.argv[1]).read().decode())" "$base/stats")"
connections="$(sed -E 's/.*"connections": ([0-9]+).*/\1/' <<<"$stats")"
[[ "$connections" -le 3 ]] || fail "update used $connections connections for 235 requests (no keep-alive?)"
ls "$XDG_CACHE_HOME/whalesafe" | grep -q tmp && fail "a temporary file was left behind"

run --version
expect_contains "--version with the cache" \
  "catalog snapshot 2026-08-21 (cache $cache; compiled in 2026-08-21)" "$out"

# A newer snapshot: the CLI now answers from the cache, not from the compiled-in table.
run catalog update --source-url "$base/newer/"
expect_status "update newer" 0
expect_contains "update newer" "catalog updated: snapshot 2026-11-01" "$out"
run --version
expect_contains "--version with a newer cache" \
  "catalog snapshot 2026-11-01 (cache $cache; compiled in 2026-08-21)" "$out"
[[ -z "$err" ]] || fail "--version with a valid cache wrote to stderr: $err"

# Redirects are followed (raw files answer 302 to the same path under /ok).
run catalog update --source-url "$base/redirect"
expect_status "update through redirects" 0

# --- failures: exit 2, a clear message, the cache untouched ---------------------------------
run catalog update --source-url "$base/newer"
before="$(checksum)"
expect_failure() {  # NAME EXPECTED-MESSAGE ARGS...
  local name="$1" message="$2"
  shift 2
  run catalog update "$@"
  expect_status "$name" 2
  expect_contains "$name" "$message" "$err"
  expect_contains "$name" "The catalog cache was not changed." "$err"
  [[ "$(checksum)" == "$before" ]] || fail "$name: the cache changed"
}
# A free port: bound by the kernel, then released.
closed_port="$("$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
expect_failure "connection refused" "cannot reach the catalog sources (offline?): cannot connect to 127.0.0.1 port $closed_port" \
  --source-url "http://127.0.0.1:$closed_port"
# Either the lookup fails ("cannot resolve host") or, with no DNS server answering, it times
# out ("while resolving"): both messages say offline and name the host.
expect_failure "unresolvable host" "offline" --source-url "https://catalog.invalid" --timeout 10
expect_contains "unresolvable host names it" "catalog.invalid" "$err"
start_time=$SECONDS
expect_failure "timeout" "no complete answer within 1.5 s (--timeout; offline or slow network?)" \
  --source-url "$base/slow" --timeout 1.5
((SECONDS - start_time <= 10)) || fail "timeout: --timeout 1 took $((SECONDS - start_time)) s"
expect_failure "404" "HTTP 404 Not Found" --source-url "$base/missing"
expect_failure "404 message names the file" "/library/python" --source-url "$base/missing"
expect_failure "garbage" "the fetched data is not what the catalog expects: products/almalinux.md: no YAML front matter" \
  --source-url "$base/garbage"
expect_failure "rate limited" "HTTP 403 Forbidden (GitHub's API allows 60 requests an hour without a token; try again later)" \
  --source-url "$base/ratelimit"
expect_failure "not JSON" "the answer is not JSON" --source-url "$base/notjson"
expect_failure "not HTTP" "unexpected answer from the source: reading $base/nothttp/repos/" \
  --source-url "$base/nothttp"
expect_contains "not HTTP says so" "not a valid HTTP answer" "$err"
expect_failure "truncated body" "unexpected answer from the source: reading $base/truncated/docker-library/" \
  --source-url "$base/truncated"
expect_contains "truncated body says so" "the answer was cut short" "$err"
expect_failure "unknown API path" "HTTP 404" --source-url "$base/ok/nothing-here"

# Usage errors (exit 2 too): plain http:// to a non-loopback host, bad timeouts.
for args in "--source-url http://example.com" "--timeout 0" "--timeout abc" "--frobnicate"; do
  run catalog update $args
  expect_status "usage: $args" 2
  expect_contains "usage: $args" "usage: whalesafe catalog update" "$err"
done
run catalog update --source-url http://example.com
expect_contains "http to a remote host" "plain http:// is only allowed to loopback addresses" "$err"

# --- HTTPS: certificates are verified --------------------------------------------------------
if command -v openssl >/dev/null; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
    -addext "subjectAltName=IP:127.0.0.1" -keyout "$work/key.pem" -out "$work/cert.pem" \
    >/dev/null 2>&1 || fail "openssl could not make a test certificate"
  start_server --tls "$work/cert.pem" "$work/key.pem"
  tls_base="https://127.0.0.1:$port"
  # Not in the system trust store: refused.
  expect_failure "untrusted certificate" "secure connection failed: TLS handshake with 127.0.0.1 port $port failed: certificate verify failed" \
    --source-url "$tls_base/ok"
  # Trusted, but issued for 127.0.0.1, not localhost: refused.
  SSL_CERT_FILE="$work/cert.pem" run catalog update --source-url "https://localhost:$port/ok"
  expect_status "wrong host name" 2
  expect_contains "wrong host name" "certificate verify failed" "$err"
  # Trusted (SSL_CERT_FILE is read through OpenSSL's default paths) and matching: works.
  rm -f "$cache"
  SSL_CERT_FILE="$work/cert.pem" run catalog update --source-url "$tls_base/ok"
  expect_status "https with a trusted certificate" 0
  cmp -s "$cache" "$committed" || fail "the cache written over HTTPS differs from catalog_data.inc"
elif [[ "${CI:-}" == "true" ]]; then
  fail "openssl missing (scripts/setup.sh installs it)"
fi

# --- caches that must not be used ------------------------------------------------------------
printf 'constexpr SourceRow kSources[] = {\n    {"x", "not a commit", "2026"},\n};\n' >"$cache"
run --version
expect_status "--version with a corrupted cache" 0
expect_contains "corrupted cache warning" "whalesafe: warning: ignoring the catalog cache $cache: not a catalog table (line 2: commit is not 40 hex digits)" "$err"
expect_contains "corrupted cache: compiled in" "catalog snapshot 2026-08-21 (compiled in; the cache $cache is unreadable, not used)" "$out"
head -c 100000 "$committed" >"$cache"  # truncated mid-table
run --version
expect_contains "truncated cache" "not a catalog table" "$err"
expect_status "truncated cache" 0
head -c 4096 /dev/urandom >"$cache"
run parse "$source_dir/examples/Dockerfile"
expect_contains "random bytes as cache" "ignoring the catalog cache" "$err"
[[ $status -lt 3 ]] || fail "random bytes as cache: exit $status"

run catalog update --source-url "$base/older"
expect_status "update older" 0
run --version
expect_contains "older cache" "catalog snapshot 2026-08-21 (compiled in; the cache $cache of 2020-01-01 is older, not used)" "$out"

if ((failures > 0)); then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "catalog update: success, cache use, offline/timeout/404/garbage/TLS failures all checked"
