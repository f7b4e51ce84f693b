"""What the end-to-end registry tests (registry_test.py, pin_digests_test.py) share: counting
checks, an environment without the caller's proxies, the digest a pushed layout must resolve
to, and the run itself (skip or fail when a tool is missing, a scratch directory, the summary
and exit status). Starting docker-registry and pushing with skopeo is servers.Registry's job.
"""

import hashlib
import os
import shutil
import sys
import tempfile

failures = []
passes = 0


def check(name, condition, detail=""):
    """Counts one check and prints it; a failure prints DETAIL too."""
    global passes
    if condition:
        passes += 1
        print(f"ok - {name}")
    else:
        failures.append(name)
        print(f"FAIL - {name}: {detail}")


def env_without_proxies(**overrides):
    """The test's environment minus any proxy settings (the registries are on loopback and a
    test that wants a proxy sets its own), plus OVERRIDES."""
    env = {k: v for k, v in os.environ.items()
           if k.lower() not in ("http_proxy", "https_proxy", "no_proxy", "all_proxy")}
    env.update(overrides)
    return env


def pushed_digest(layout):
    """The digest a registry gives the layout's top-level index or manifest once pushed,
    computed from the bytes pushed."""
    return "sha256:" + hashlib.sha256(layout.top_bytes).hexdigest()


def run_test(main, tools, prefix):
    """Runs main(work) in a scratch directory named PREFIX..., then prints the summary and
    exits 1 if a check failed. Without one of TOOLS: prints SKIPPED and exits 77 (ctest's skip
    code), or fails when CI=true."""
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        if os.environ.get("CI") == "true":
            print(f"missing {', '.join(missing)} (CI=true: not skipping; run scripts/setup.sh)")
            sys.exit(1)
        print(f"SKIPPED: missing {', '.join(missing)} (run scripts/setup.sh)")
        sys.exit(77)
    with tempfile.TemporaryDirectory(prefix=prefix) as work:
        main(work)
    print(f"{passes} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)
