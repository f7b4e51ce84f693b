#!/usr/bin/env python3
"""`whalesafe resolve` end to end against real registries on 127.0.0.1: Debian's
docker-registry started by this test (plain, behind htpasswd Basic auth, and behind token
auth with our own token service), images built here (oci_layout.py) and pushed with skopeo,
a forwarding proxy, a server that never answers, and the on-disk cache and offline mode.

    usage: registry_test.py WHALESAFE
Without docker-registry, skopeo, htpasswd or openssl: prints SKIPPED and exits 77 (ctest's
skip code), or fails when CI=true.
"""

import base64
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import oci_layout  # noqa: E402
import servers  # noqa: E402
from registry_fixture import check, env_without_proxies, pushed_digest, run_test  # noqa: E402

WHALESAFE = os.path.abspath(sys.argv[1])


class Run:
    def __init__(self, status, out, err, seconds):
        self.status, self.out, self.err, self.seconds = status, out, err, seconds

    def __str__(self):
        return f"exit {self.status}, stdout {self.out!r}, stderr {self.err!r}"


DOC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "docs",
                   "registry.md")


def run_doc_examples(work, base_env, registry_host):
    """Runs the ```console blocks of docs/registry.md in order, each `$ ` line in bash with
    stdout and stderr together, and compares with the lines under it. `localhost:5000` in the
    document stands for the test's registry; the user's home (where the cache is) reads `~`."""
    home = os.path.join(work, "doc-home")
    bin_dir = os.path.join(work, "doc-bin")
    os.makedirs(home)
    os.makedirs(bin_dir)
    os.symlink(WHALESAFE, os.path.join(bin_dir, "whalesafe"))
    env = {k: v for k, v in base_env.items() if k not in ("XDG_CACHE_HOME", "DOCKER_CONFIG")}
    env.update(HOME=home, PATH=bin_dir + os.pathsep + env.get("PATH", ""))
    with open(DOC) as f:
        lines = f.read().splitlines()
    blocks, block = [], None
    for number, line in enumerate(lines, 1):
        if line == "```console":
            block = []
            blocks.append((number, block))
        elif line == "```":
            block = None
        elif block is not None:
            block.append(line)
    check("docs/registry.md has console examples", len(blocks) >= 3, len(blocks))
    for number, block in blocks:
        commands = []  # (command, expected lines)
        for line in block:
            if line.startswith("$ "):
                commands.append((line[2:], []))
            elif commands:
                commands[-1][1].append(line)
        for command, expected in commands:
            command = command.replace("localhost:5000", registry_host)
            result = subprocess.run(["bash", "-c", command], env=env, cwd=home,
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                    text=True, timeout=120)
            got = result.stdout.replace(home, "~").replace(registry_host, "localhost:5000")
            check(f"docs/registry.md:{number}: {command[:60]}",
                  got.splitlines() == expected, f"\n--- expected\n" + "\n".join(expected) +
                  "\n--- got\n" + got)


def main(work):
    cache = os.path.join(work, "cache")
    docker_config = os.path.join(work, "docker")
    os.makedirs(docker_config)
    base_env = env_without_proxies(XDG_CACHE_HOME=cache, DOCKER_CONFIG=docker_config, HOME=work)

    def resolve(*args, env=None):
        started = time.time()
        result = subprocess.run([WHALESAFE, "resolve", *args], env=env or base_env,
                                capture_output=True, text=True, timeout=120)
        return Run(result.returncode, result.stdout, result.stderr, time.time() - started)

    def write_docker_config(auths):
        with open(os.path.join(docker_config, "config.json"), "w") as out:
            json.dump({"auths": {host: {"auth": base64.b64encode(f"{u}:{p}".encode()).decode()}
                                 for host, (u, p) in auths.items()}}, out)

    images = os.path.join(work, "images")
    multi = oci_layout.write_layout(os.path.join(images, "multi"), "v1",
                                    ["linux/amd64", "linux/arm64"], seed="multi")
    single = oci_layout.write_layout(os.path.join(images, "single"), "v1", ["linux/amd64"],
                                     seed="single")
    moved = oci_layout.write_layout(os.path.join(images, "moved"), "v1",
                                    ["linux/amd64", "linux/arm64"], seed="moved")
    # The digests the resolver must find, computed here from the bytes pushed.
    multi_digest = pushed_digest(multi)
    single_digest = pushed_digest(single)
    moved_digest = pushed_digest(moved)
    check("layouts: an index and a single manifest with distinct digests",
          multi.media_type == oci_layout.OCI_INDEX and
          single.media_type == oci_layout.OCI_MANIFEST and
          len({multi_digest, single_digest, moved_digest}) == 3)

    started = []
    try:
        # --- a plain registry (no auth, plain HTTP on loopback) -----------------------------
        plain = servers.Registry(work, "plain")
        started.append(plain)
        plain.push(multi, "test/app", "multi")
        plain.push(single, "test/app", "single")
        ref_multi = f"{plain.host}/test/app:multi"
        ref_single = f"{plain.host}/test/app:single"

        r = resolve(ref_multi, ref_single)
        check("index and single manifest resolve", r.status == 0 and r.out.splitlines() == [
            f"{ref_multi}@{multi_digest}", f"{ref_single}@{single_digest}"], r)
        entries = os.listdir(os.path.join(cache, "whalesafe", "registry", "tags"))
        check("the cache holds one entry per reference", len(entries) == 2, entries)

        r = resolve("--format", "json", ref_multi)
        doc = json.loads(r.out) if r.status == 0 else []
        check("json: the second resolution comes from the cache",
              doc and doc[0]["source"] == "cache" and doc[0]["digest"] == multi_digest and
              doc[0]["media_type"] == oci_layout.OCI_INDEX, r)

        r = resolve(f"{plain.host}/test/app:nope")
        check("a missing tag exits 1 naming the reference and the tag",
              r.status == 1 and f"{plain.host}/test/app:nope: not found" in r.err and
              "'nope'" in r.err and r.out == "", r)
        r = resolve(f"{plain.host}/test/missing:1", ref_single)
        check("a missing repository fails, the other reference still prints",
              r.status == 1 and "test/missing:1: not found" in r.err and
              r.out.strip() == f"{ref_single}@{single_digest}", r)

        # The tag moves: the cache keeps answering until --refresh asks again.
        plain.push(moved, "test/app", "multi")
        r = resolve(ref_multi)
        check("a fresh cache entry answers without asking (old digest)",
              r.status == 0 and r.out.strip() == f"{ref_multi}@{multi_digest}", r)
        r = resolve("--refresh", ref_multi)
        check("--refresh asks the registry (new digest)",
              r.status == 0 and r.out.strip() == f"{ref_multi}@{moved_digest}", r)
        r = resolve(ref_multi)
        check("--refresh updated the cache",
              r.status == 0 and r.out.strip() == f"{ref_multi}@{moved_digest}", r)

        pinned = f"{plain.host}/test/app@{single_digest}"
        r = resolve("--offline", pinned)
        check("a reference with a digest is printed unchanged, no lookup",
              r.status == 0 and r.out.strip() == pinned, r)

        # --- docs/registry.md's examples, against this registry -----------------------------
        plain.push(multi, "demo/hello", "1.0")
        plain.push(single, "demo/hello", "1.0-amd64")
        run_doc_examples(work, base_env, plain.host)

        # --- through a proxy ----------------------------------------------------------------
        proxy = servers.Proxy()
        started.append(proxy)
        proxy_env = dict(base_env, HTTPS_PROXY=proxy.url, HTTP_PROXY=proxy.url)
        r = resolve("--refresh", ref_single, env=proxy_env)
        check("resolves through the proxy",
              r.status == 0 and r.out.strip() == f"{ref_single}@{single_digest}", r)
        check("https:// went through a CONNECT tunnel (then plain http:// on TLS failure)",
              f"CONNECT {plain.host} HTTP/1.1" in proxy.lines, proxy.lines)
        check("plain http:// went to the proxy in absolute form",
              f"HEAD http://{plain.host}/v2/test/app/manifests/single HTTP/1.1" in proxy.lines,
              proxy.lines)
        seen = len(proxy.lines)
        r = resolve("--refresh", ref_single, env=dict(proxy_env, NO_PROXY="127.0.0.1"))
        check("NO_PROXY bypasses the proxy", r.status == 0 and len(proxy.lines) == seen,
              (r, proxy.lines[seen:]))

        guarded = servers.Proxy(required_auth="Basic " + base64.b64encode(b"pu:pp").decode())
        started.append(guarded)
        r = resolve("--refresh", ref_single,
                    env=dict(base_env, HTTPS_PROXY=guarded.url, HTTP_PROXY=guarded.url))
        check("a proxy that wants credentials: refused, clearly",
              r.status == 1 and "407" in r.err and ref_single in r.err, r)
        with_creds = guarded.url.replace("http://", "http://pu:pp@")
        r = resolve("--refresh", ref_single,
                    env=dict(base_env, HTTPS_PROXY=with_creds, HTTP_PROXY=with_creds))
        check("proxy credentials from the proxy URL",
              r.status == 0 and r.out.strip() == f"{ref_single}@{single_digest}", r)

        # --- Basic auth (htpasswd) ----------------------------------------------------------
        htpasswd = os.path.join(work, "htpasswd")
        with open(htpasswd, "w") as out:
            subprocess.run(["htpasswd", "-Bbn", "alice", "s3cret"], stdout=out, check=True)
        basic = servers.Registry(work, "basic", "auth:\n  htpasswd:\n    realm: whalesafe-test\n"
                                 f"    path: {htpasswd}\n")
        started.append(basic)
        basic.push(single, "team/app", "1.0", creds="alice:s3cret")
        ref_basic = f"{basic.host}/team/app:1.0"
        r = resolve(ref_basic)
        check("Basic auth without credentials: unauthorized, naming the config",
              r.status == 1 and "needs credentials" in r.err and docker_config in r.err and
              ref_basic in r.err, r)
        write_docker_config({basic.host: ("alice", "wrong")})
        r = resolve(ref_basic)
        check("Basic auth with a wrong password: refused",
              r.status == 1 and "refused access" in r.err, r)
        write_docker_config({f"http://{basic.host}/v2/": ("alice", "s3cret")})
        r = resolve(ref_basic)
        check("Basic auth with credentials from config.json",
              r.status == 0 and r.out.strip() == f"{ref_basic}@{single_digest}", r)

        # --- token auth (Bearer) ------------------------------------------------------------
        token = servers.TokenServer(work, "whalesafe-test", "whalesafe-test-issuer",
                                    "bob", "hunter2")
        started.append(token)
        bearer = servers.Registry(work, "bearer", token.registry_auth_yaml())
        started.append(bearer)
        bearer.push(multi, "public/app", "2", creds="bob:hunter2")
        bearer.push(single, "private/app", "3", creds="bob:hunter2")
        ref_public = f"{bearer.host}/public/app:2"
        ref_private = f"{bearer.host}/private/app:3"
        write_docker_config({})
        token.requests.clear()
        r = resolve(ref_public)
        check("Bearer: an anonymous token from the realm",
              r.status == 0 and r.out.strip() == f"{ref_public}@{multi_digest}", r)
        anonymous = [q for _, q, auth in token.requests if auth is None]
        check("Bearer: the token request names service and scope",
              anonymous and anonymous[0].get("service") == ["whalesafe-test"] and
              anonymous[0].get("scope") == ["repository:public/app:pull"], token.requests)
        r = resolve(ref_private)
        check("Bearer: a private repository without credentials is refused",
              r.status == 1 and "refused access to private/app" in r.err, r)
        write_docker_config({bearer.host: ("bob", "hunter2")})
        r = resolve(ref_private)
        check("Bearer: a token for the credentials in config.json",
              r.status == 0 and r.out.strip() == f"{ref_private}@{single_digest}", r)
        write_docker_config({bearer.host: ("bob", "nope")})
        r = resolve("--refresh", ref_private)
        check("Bearer: the token service refusing the credentials is reported",
              r.status == 1 and "token service" in r.err and "refused" in r.err, r)
        write_docker_config({})

        # --- HTTPS: a registry with a certificate for 127.0.0.1 -----------------------------
        cert, key = os.path.join(work, "tls-cert.pem"), os.path.join(work, "tls-key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                        "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1",
                        "-addext", "subjectAltName=IP:127.0.0.1"],
                       check=True, capture_output=True)
        secure = servers.Registry(work, "secure", tls=(cert, key))
        started.append(secure)
        secure.push(single, "tls/app", "1")
        ref_tls = f"{secure.host}/tls/app:1"
        r = resolve(ref_tls)
        check("an untrusted certificate fails clearly (no fallback to plain http)",
              r.status == 1 and "certificate verify failed" in r.err and "HTTP 400" not in r.err,
              r)
        tls_env = dict(base_env, SSL_CERT_FILE=cert)
        r = resolve(ref_tls, env=tls_env)
        check("https:// with a trusted certificate",
              r.status == 0 and r.out.strip() == f"{ref_tls}@{single_digest}", r)
        seen = len(proxy.lines)
        r = resolve("--refresh", ref_tls, env=dict(tls_env, HTTPS_PROXY=proxy.url))
        check("https:// through the proxy's CONNECT tunnel, TLS end to end",
              r.status == 0 and r.out.strip() == f"{ref_tls}@{single_digest}" and
              proxy.lines[seen:] == [f"CONNECT {secure.host} HTTP/1.1"], (r, proxy.lines[seen:]))

        # --- registries that behave unlike docker-registry ----------------------------------
        quirky = servers.QuirkyRegistry()
        started.append(quirky)
        quirk = f"{quirky.host}/quirks"
        expected = servers.QuirkyRegistry.DIGEST
        r = resolve(f"{quirk}/no-head-digest:1", f"{quirk}/no-digest:1", f"{quirk}/no-head:1")
        check("no digest on HEAD, none at all, no HEAD: the manifest is fetched and hashed",
              r.status == 0 and r.out.splitlines() == [
                  f"{quirk}/no-head-digest:1@{expected}", f"{quirk}/no-digest:1@{expected}",
                  f"{quirk}/no-head:1@{expected}"], r)
        check("HEAD first, GET only when needed",
              ("HEAD", "/v2/quirks/no-head-digest/manifests/1") in quirky.requests and
              ("GET", "/v2/quirks/no-head-digest/manifests/1") in quirky.requests, quirky.requests)
        r = resolve(f"{quirk}/wrong-digest:1")
        check("a Docker-Content-Digest that does not match the manifest is refused",
              r.status == 1 and "does not match its digest" in r.err, r)
        r = resolve(f"{quirk}/rate-limited:1")
        check("429: rate limited", r.status == 1 and "rate limit" in r.err, r)
        wanted = ["application/vnd.oci.image.index.v1+json",
                  "application/vnd.docker.distribution.manifest.list.v2+json",
                  "application/vnd.oci.image.manifest.v1+json",
                  "application/vnd.docker.distribution.manifest.v2+json"]
        check("every request accepts indexes, lists and manifests",
              quirky.accepts and all(all(t in a for t in wanted) for a in quirky.accepts),
              quirky.accepts)

        # --- timeouts and unreachable registries --------------------------------------------
        silent = servers.Silent()
        started.append(silent)
        r = resolve("--timeout", "1", f"127.0.0.1:{silent.port}/x/y:1")
        check("a registry that never answers times out",
              r.status == 1 and "within 1 s" in r.err and r.seconds < 10, (r, r.seconds))
        closed = servers.free_port()
        r = resolve(f"127.0.0.1:{closed}/x/y:1")
        check("a registry that refuses connections: cannot reach (offline)",
              r.status == 1 and "cannot reach" in r.err, r)

        # --- offline mode -------------------------------------------------------------------
        for server in started:
            server.stop()
        started.clear()
        r = resolve("--offline", ref_multi, ref_single)
        check("offline: answers from the cache with the registry stopped",
              r.status == 0 and r.out.splitlines() == [f"{ref_multi}@{moved_digest}",
                                                       f"{ref_single}@{single_digest}"], r)
        r = resolve("--offline", f"{plain.host}/test/app:never-resolved")
        check("offline: a reference not in the cache fails clearly",
              r.status == 1 and "not in the cache" in r.err and "never-resolved" in r.err, r)

        # --- usage ---------------------------------------------------------------------------
        r = resolve()
        check("no reference: usage error", r.status == 2 and "no image reference" in r.err, r)
        r = resolve("--offline", "Bad Ref")
        check("an invalid reference exits 1", r.status == 1 and "not a valid image reference"
              in r.err, r)
    finally:
        for server in started:
            server.stop()


if __name__ == "__main__":
    run_test(main, ("docker-registry", "skopeo", "htpasswd", "openssl"), "whalesafe-registry-")
