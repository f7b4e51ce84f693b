"""ShellCheck as a deferred second pass of the language server, with the real binary and the
real `shellcheck` program over pipes: after an edit of a RUN command, the diagnostics for that
version arrive first without ShellCheck's findings (the server does not wait for the program),
then a second time, for the same version, with them; a `# hadolint ignore=SC2086` is never
reported unused along the way; pull clients get a new resultId and a
workspace/diagnostic/refresh. That part asserts no timing, only the order of messages. Then a
RUN is typed into at a person's pace (a key every 100 ms): the program runs once the typing
stops, not for every keystroke (the server waits until the document has been quiet for
250 ms); a `shellcheck` wrapper that logs each start and runs the real program counts the runs,
and up to 4 are allowed for a loaded machine that stalls this script between keys.

Usage: python3 shellcheck_deferred_test.py WHALESAFE
Exits 77 (skipped) when `shellcheck` is not on PATH, except under CI=true, where that fails.
"""

import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lsp_client import Server, edit  # noqa: E402

WORKDIR = tempfile.mkdtemp(prefix="whalesafe-shellcheck-deferred-")
URI = "file://" + WORKDIR + "/Dockerfile"

# Line 2's suppression hides line 3's SC2086; line 4 (RUN echo finished) is the one the test edits.
DOCUMENT = """FROM debian:bookworm-slim
# hadolint ignore=SC2086
RUN echo $HIDDEN
RUN echo finished
"""


def unused(diagnostics):
    return [d for d in diagnostics if d["code"] == "suppression-unused"]


def count_runs(log):
    try:
        with open(log) as f:
            return len(f.readlines())
    except FileNotFoundError:
        return 0


def publishes_until_complete(s, version, column=None):
    """The publishes for `version` until one carries ShellCheck's finding on line 4 (at
    `column` when given), and the number of workspace/diagnostic/refresh requests received
    meanwhile (each one answered)."""
    seen, refreshes = [], 0
    while True:
        m, skipped = s.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                                or m.get("method") == "workspace/diagnostic/refresh", timeout=120)
        if m["method"] == "workspace/diagnostic/refresh":
            s.send({"jsonrpc": "2.0", "id": m["id"], "result": None})
            refreshes += 1
            continue
        p = m["params"]
        assert p["uri"] == URI and p["version"] == version, p  # never another version
        seen.append(p["diagnostics"])
        assert not unused(p["diagnostics"]), p  # never flashes as unused
        if any(d["code"] == "shellcheck" and d["range"]["start"]["line"] == 3
               and (column is None or d["range"]["start"]["character"] == column)
               for d in p["diagnostics"]):
            return seen, refreshes


def main():
    binary = sys.argv[1]
    if shutil.which("shellcheck") is None:
        if os.environ.get("CI") == "true":
            print("FAIL: shellcheck is not on PATH under CI=true (scripts/setup.sh installs it)")
            return 1
        print("SKIPPED: shellcheck is not on PATH")
        return 77
    # The real program, behind a wrapper that counts its starts.
    wrapper_dir = tempfile.mkdtemp(prefix="whalesafe-shellcheck-wrapper-")
    runs_log = os.path.join(wrapper_dir, "runs.log")
    wrapper = os.path.join(wrapper_dir, "shellcheck")
    with open(wrapper, "w") as f:
        f.write(f'#!/bin/sh\necho run >> "{runs_log}"\nexec "{shutil.which("shellcheck")}" "$@"\n')
    os.chmod(wrapper, 0o755)
    env = dict(os.environ, XDG_CACHE_HOME=tempfile.mkdtemp(prefix="whalesafe-cache-"),
               PATH=wrapper_dir + os.pathsep + os.environ.get("PATH", ""))
    s = Server(binary, env=env, cwd=WORKDIR)
    try:
        caps = {"workspace": {"diagnostics": {"refreshSupport": True}},
                "textDocument": {"diagnostic": {}}}
        r = s.call("initialize", {"processId": os.getpid(), "rootUri": None, "capabilities": caps})
        assert "result" in r, r
        s.notify("initialized", {})

        # didOpen: first without ShellCheck's findings, then the same version with them. The
        # suppressed SC2086 on line 3 is hidden both times; nothing calls its pragma unused.
        s.open(URI, DOCUMENT, version=1)
        first = s.publish_for(URI, 1, timeout=120)
        assert [d for d in first["diagnostics"] if d["code"] == "shellcheck"] == [], first
        assert not unused(first["diagnostics"]), first
        pull1 = s.call("textDocument/diagnostic", {"textDocument": {"uri": URI}})["result"]
        # An edit that adds an unquoted variable to line 4's RUN: a script ShellCheck has not seen.
        s.change(URI, 2, [edit(3, 17, 3, 17, " $TARGET")])
        p = s.publish_for(URI, 2, timeout=120)
        assert not [d for d in p["diagnostics"] if d["code"] == "shellcheck"], p
        assert not unused(p["diagnostics"]), p
        seen, refreshes = publishes_until_complete(s, 2)
        assert refreshes >= 1, "pull clients were not told to pull again"
        final = seen[-1]
        shellcheck = [d for d in final if d["code"] == "shellcheck"]
        assert len(shellcheck) == 1, final
        d = shellcheck[0]
        assert d["message"].startswith("SC2086:"), d
        assert d["range"]["start"] == {"line": 3, "character": 18}, d
        # The hidden SC2086 of line 3 stays hidden: the pragma works, and is not unused.
        assert not any(x["range"]["start"]["line"] == 2 for x in shellcheck), final
        # Nothing older arrives after the complete result.
        assert s.no_message(0.5)

        # Pull: the complete result under a resultId other than the first pull's.
        pull2 = s.call("textDocument/diagnostic", {"textDocument": {"uri": URI}})["result"]
        assert pull2["kind"] == "full", pull2
        assert pull2["resultId"] != pull1["resultId"], (pull1, pull2)
        assert [x["code"] for x in pull2["items"]] == [x["code"] for x in final], pull2

        # The same text again (undo, redo): served from the cache in one publish per version.
        s.change(URI, 3, [edit(3, 17, 3, 25, "")])
        p3 = s.publish_for(URI, 3, timeout=120)
        assert not unused(p3["diagnostics"]), p3
        s.change(URI, 4, [edit(3, 17, 3, 17, " $TARGET")])
        p4 = s.publish_for(URI, 4, timeout=120)
        assert [x["code"] for x in p4["diagnostics"]] == [x["code"] for x in final], p4
        assert s.no_message(0.5)
        print(f"  version 2: {len(seen) + 1} publishes, the last with ShellCheck's finding")

        # Typing ` $X123456789ABCDEF` at the end of line 4, a key every 100 ms, each version's
        # first publish awaited: every keystroke makes a script ShellCheck has not seen.
        runs_before = count_runs(runs_log)
        typed = " $X123456789ABCDEF"
        column = len("RUN echo finished $TARGET")
        version = 4
        for k, ch in enumerate(typed):
            version += 1
            s.change(URI, version, [edit(3, column + k, 3, column + k, ch)])
            s.publish_for(URI, version, timeout=120)
            time.sleep(0.1)
        seen, _ = publishes_until_complete(s, version, column=column + 1)
        typing_runs = count_runs(runs_log) - runs_before
        print(f"  typing {len(typed)} keys: shellcheck started {typing_runs} time(s)")
        assert 1 <= typing_runs <= 4, typing_runs  # (one per keystroke without the quiet wait)
        assert s.shutdown_and_exit() == 0
    finally:
        s.kill()
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
