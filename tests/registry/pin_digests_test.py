#!/usr/bin/env python3
"""`whalesafe --fix --unsafe-fixes --pin-digests` end to end: FROM lines naming a real
registry (Debian's docker-registry on loopback, an image built by oci_layout.py and pushed
with skopeo) get the digest of what was pushed; without --pin-digests only the resolver's
cache answers (no network); a registry that is down or never answers leaves the line pinned
by tag, with a warning, within --registry-timeout.

    usage: pin_digests_test.py WHALESAFE
Without docker-registry or skopeo: prints SKIPPED and exits 77, or fails when CI=true.
"""

import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import oci_layout  # noqa: E402
import servers  # noqa: E402
from registry_fixture import check, env_without_proxies, pushed_digest, run_test  # noqa: E402

WHALESAFE = os.path.abspath(sys.argv[1])


def main(work):
    env = env_without_proxies(HOME=work, DOCKER_CONFIG=os.path.join(work, "docker"))

    def fix(dockerfile_text, *args, cache):
        """Writes a Dockerfile, runs `whalesafe --fix --unsafe-fixes ARGS` on it with its own
        cache directory, returns (exit status, fixed text, stderr, seconds)."""
        path = os.path.join(work, "Dockerfile")
        with open(path, "w") as out:
            out.write(dockerfile_text)
        started = time.time()
        result = subprocess.run([WHALESAFE, "--fix", "--unsafe-fixes", *args, path],
                                env=dict(env, XDG_CACHE_HOME=os.path.join(work, cache)),
                                capture_output=True, text=True, timeout=120)
        with open(path) as f:
            return result.returncode, f.read(), result.stderr, time.time() - started

    layout = oci_layout.write_layout(os.path.join(work, "images", "hello"), "v1",
                                     ["linux/amd64", "linux/arm64"], seed="pin")
    digest = pushed_digest(layout)
    registry = servers.Registry(work, "plain")
    try:
        registry.push(layout, "demo/hello", "1.0")
        registry.push(layout, "demo/hello", "latest")
        host = registry.host

        # --pin-digests asks the registry (and turns base-image-digest-unpinned on).
        text = f"FROM {host}/demo/hello:1.0 AS app\nCMD [\"/hello\"]\n"
        status, fixed, err, _ = fix(text, "--pin-digests", cache="cache-a")
        check("--pin-digests pins a tagged FROM by the pushed digest",
              fixed == f"FROM {host}/demo/hello:1.0@{digest} AS app\nCMD [\"/hello\"]\n",
              f"{fixed!r} {err!r}")
        check("--pin-digests: base-image-digest-unpinned has nothing left to report",
              "base-image-digest-unpinned" not in subprocess.run(
                  [WHALESAFE, "check", "--select", "base-image-digest-unpinned",
                   os.path.join(work, "Dockerfile")], env=env, capture_output=True,
                  text=True, timeout=60).stdout, "")

        # Untagged (base-image-untagged, enabled by default) gets the digest of latest.
        status, fixed, err, _ = fix(f"FROM {host}/demo/hello\n", "--pin-digests", cache="cache-a")
        check("an untagged FROM is pinned by latest's digest",
              fixed == f"FROM {host}/demo/hello@{digest}\n", f"{fixed!r} {err!r}")

        # Without --pin-digests: the cache that run filled answers, the network is not asked.
        registry.stop()
        status, fixed, err, _ = fix(f"FROM {host}/demo/hello\n", cache="cache-a")
        check("without --pin-digests the cache answers (registry stopped)",
              fixed == f"FROM {host}/demo/hello@{digest}\n", f"{fixed!r} {err!r}")
        status, fixed, err, _ = fix(f"FROM {host}/demo/hello\n", cache="cache-empty")
        check("without --pin-digests and an empty cache nothing is pinned, silently",
              fixed == f"FROM {host}/demo/hello\n" and "digest" not in err, f"{fixed!r} {err!r}")

        # A registry that is down: the line stays as it was, with a warning that says why.
        status, fixed, err, _ = fix(f"FROM {host}/demo/hello:1.0\n", "--pin-digests",
                                    cache="cache-b")
        check("registry down: unchanged, warned",
              fixed == f"FROM {host}/demo/hello:1.0\n" and
              "not pinned by digest" in err and "cannot reach the registry" in err,
              f"{fixed!r} {err!r}")
        check("registry down: base-image-digest-unpinned still reports it",
              "base-image-digest-unpinned" in subprocess.run(
                  [WHALESAFE, "check", "--select", "base-image-digest-unpinned",
                   os.path.join(work, "Dockerfile")], env=env, capture_output=True,
                  text=True, timeout=60).stdout, "")

        # A registry that never answers: --registry-timeout bounds the wait.
        silent = servers.Silent()
        try:
            status, fixed, err, seconds = fix(f"FROM 127.0.0.1:{silent.port}/demo/hello:1.0\n",
                                              "--pin-digests", "--registry-timeout", "1",
                                              cache="cache-c")
        finally:
            silent.stop()
        check("a silent registry: warned within the timeout",
              "not pinned by digest" in err and "no answer" in err and seconds < 20,
              f"{seconds:.1f}s {err!r}")

        # Usage: --pin-digests belongs to --unsafe-fixes.
        result = subprocess.run([WHALESAFE, "--fix", "--pin-digests", "-"], input="FROM a\n",
                                capture_output=True, text=True, env=env, timeout=60)
        check("--pin-digests without --unsafe-fixes is a usage error",
              result.returncode == 2 and "--pin-digests needs --fix --unsafe-fixes" in
              result.stderr, result.stderr)
    finally:
        registry.stop()


if __name__ == "__main__":
    run_test(main, ("docker-registry", "skopeo"), "whalesafe-pin-digests-")
