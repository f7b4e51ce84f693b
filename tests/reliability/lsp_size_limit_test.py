#!/usr/bin/env python3
"""The language server's size limit (max-file-size): a document over the limit of its
configuration is not analysed and gets one `file-too-large` diagnostic naming the limit; once an
edit brings it under the limit it is analysed again, and growing past the limit by an edit
refuses it again. Both the default (5 MiB) and a .whalesafe.yaml setting are exercised.
Usage: lsp_size_limit_test.py /path/to/whalesafe"""

import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lsp"))
from lsp_client import Server  # noqa: E402


def codes(params):
    return [d["code"] for d in params["diagnostics"]]


def main():
    binary = sys.argv[1]
    work = tempfile.mkdtemp(prefix="whalesafe-size-limit-")
    try:
        env = dict(os.environ, XDG_CACHE_HOME=os.path.join(work, "cache"))
        limited = os.path.join(work, "limited")
        os.makedirs(limited)
        with open(os.path.join(limited, ".whalesafe.yaml"), "w") as f:
            f.write("max-file-size: 1KiB\n")
        s = Server(binary, env=env, cwd=work)
        s.initialize()

        # The configured limit: 1 KiB.
        uri = "file://" + limited + "/Dockerfile"
        big = "FROM alpine:3.19\nADD a.txt /a.txt\n" + "# padding padding padding\n" * 60
        assert len(big) > 1024
        s.open(uri, big, 1)
        p = s.publish_for(uri, 1)
        assert codes(p) == ["file-too-large"], p
        d = p["diagnostics"][0]
        assert d["severity"] == 1, d
        assert f"({len(big)} bytes, limit 1 KiB)" in d["message"], d
        assert "max-file-size" in d["message"], d
        # Shrunk under the limit by an incremental edit: analysed again (ADD gets its finding).
        s.change(uri, 2, [{"range": {"start": {"line": 2, "character": 0},
                                     "end": {"line": 62, "character": 0}},
                           "text": ""}])
        p = s.publish_for(uri, 2)
        assert "file-too-large" not in codes(p) and "add-instead-of-copy" in codes(p), p
        # Grown past it again: refused again.
        s.change(uri, 3, [{"range": {"start": {"line": 1, "character": 0},
                                     "end": {"line": 1, "character": 0}},
                           "text": "# more\n" * 200}])
        p = s.publish_for(uri, 3)
        assert codes(p) == ["file-too-large"], p

        # The default limit, 5 MiB: one byte over it is refused, at it analysed.
        uri2 = "file://" + work + "/big.Dockerfile"
        limit = 5 * 1024 * 1024
        head = "FROM alpine:3.19\nADD a.txt /a.txt\n"
        at_limit = head + "#" * (limit - len(head) - 1) + "\n"
        assert len(at_limit) == limit
        s.open(uri2, at_limit + "\n", 1)
        p = s.publish_for(uri2, 1, timeout=120)
        assert codes(p) == ["file-too-large"], p
        assert f"({limit + 1} bytes, limit 5 MiB)" in p["diagnostics"][0]["message"], p
        s.change(uri2, 2, [{"text": at_limit}])
        p = s.publish_for(uri2, 2, timeout=120)
        assert "file-too-large" not in codes(p) and "add-instead-of-copy" in codes(p), p

        assert s.shutdown_and_exit() == 0
        print("lsp_size_limit: ok")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
