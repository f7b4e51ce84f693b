"""The editing requests (hover, completion, symbols, folding, definition, references, highlight,
prepareRename, rename, semantic tokens, formatting) against the real binary over pipes, on a
document typed one chunk at a time without waiting, at in-range and out-of-range positions, with
params of the wrong shape, on documents that are not open and with cancellation: every request
gets a result or the documented error, never an internal error, and the server keeps serving.

Usage: python3 editing_requests_test.py WHALESAFE
"""

import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lsp_client import Server  # noqa: E402

INVALID_PARAMS = -32602
REQUEST_FAILED = -32803
METHOD_NOT_FOUND = -32601

DOCUMENT = """# syntax=docker/dockerfile:1
ARG VERSION=3.12
FROM --platform=$BUILDPLATFORM python:${VERSION}-slim AS build
ARG VERSION
ENV APP=/app \\
    MODE="x${VERSION}y"
RUN --mount=type=cache,target=/root/.cache,sharing=locked \\
    pip install "app==$VERSION" && echo ${MODE:-none}
COPY <<EOF /etc/motd
hello $APP
EOF
FROM build AS test
onbuild run echo hi
HEALTHCHECK --interval=5s CMD curl -f http://localhost/ || exit 1
FROM alpine:3.20
COPY --from=build --chown=app:app /app /app
CMD ["python", "-m", "app"]
"""

POSITION_REQUESTS = [
    "textDocument/hover",
    "textDocument/completion",
    "textDocument/definition",
    "textDocument/references",
    "textDocument/documentHighlight",
    "textDocument/prepareRename",
]
DOCUMENT_REQUESTS = [
    "textDocument/documentSymbol",
    "textDocument/foldingRange",
    "textDocument/semanticTokens/full",
]


def params_for(method, uri, line, character):
    p = {"textDocument": {"uri": uri}}
    position = {"line": line, "character": character}
    if method in POSITION_REQUESTS or method == "textDocument/rename":
        p["position"] = position
    if method == "textDocument/references":
        p["context"] = {"includeDeclaration": True}
    if method == "textDocument/rename":
        p["newName"] = "renamed"
    if method in ("textDocument/semanticTokens/range", "textDocument/rangeFormatting"):
        p["range"] = {"start": {"line": line, "character": 0}, "end": {"line": line + 2, "character": character}}
    if method in ("textDocument/formatting", "textDocument/rangeFormatting"):
        p["options"] = {"tabSize": 4, "insertSpaces": True}
    return p


CONTENT_MODIFIED = -32801


def check_answer(method, response, stale_allowed):
    # A request whose document changed before it was answered may get ContentModified: its
    # positions refer to text that is gone (the LSP specification's advice for such requests).
    allowed = (REQUEST_FAILED, CONTENT_MODIFIED) if stale_allowed else (REQUEST_FAILED,)
    assert "error" not in response or response["error"]["code"] in allowed, (method, response)
    assert "result" in response or "error" in response, (method, response)


def main():
    binary = os.path.abspath(sys.argv[1])
    env = dict(os.environ, XDG_CACHE_HOME=tempfile.mkdtemp(prefix="whalesafe-cache-"))
    s = Server(binary, env=env, cwd=tempfile.mkdtemp(prefix="whalesafe-editing-"))
    caps = s.initialize(["utf-16"])["capabilities"]
    for capability in ("hoverProvider", "completionProvider", "documentSymbolProvider", "foldingRangeProvider",
                       "definitionProvider", "referencesProvider", "documentHighlightProvider", "renameProvider",
                       "semanticTokensProvider", "documentFormattingProvider", "documentRangeFormattingProvider"):
        assert capability in caps, capability
    uri = "untitled:typed"
    s.open(uri, "")
    methods = POSITION_REQUESTS + DOCUMENT_REQUESTS + [
        "textDocument/rename", "textDocument/semanticTokens/range", "textDocument/formatting",
        "textDocument/rangeFormatting"]
    # Type the document in chunks of 7 bytes, each at the end, without waiting for answers; after
    # every chunk fire every request at the cursor, at the start and past the end.
    typed = ""
    version = 1
    pending = []
    for start in range(0, len(DOCUMENT), 7):
        chunk = DOCUMENT[start:start + 7]
        lines = typed.split("\n")
        end = {"line": len(lines) - 1, "character": len(lines[-1])}
        version += 1
        s.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": {"start": end, "end": end}, "text": chunk}]})
        typed += chunk
        lines = typed.split("\n")
        cursor = (len(lines) - 1, len(lines[-1]))
        for method in methods:
            for line, character in (cursor, (0, 0), (len(lines) + 5, 999)):
                pending.append((method, version, s.request(method, params_for(method, uri, line, character))))
    for method, sent_at, id in pending:
        # The requests sent after the last change must be answered for real.
        check_answer(method, s.response(id, timeout=120), stale_allowed=sent_at != version)
    assert typed == DOCUMENT

    # The fully typed document: a few answers that must be there.
    hover = s.call("textDocument/hover", params_for("textDocument/hover", uri, 2, 2))["result"]
    assert "FROM [--platform=<platform>]" in hover["contents"]["value"], hover
    tokens = s.call("textDocument/semanticTokens/full", params_for("textDocument/semanticTokens/full", uri, 0, 0))
    assert len(tokens["result"]["data"]) > 50, tokens

    # Wrong shapes: InvalidParams naming the member.
    bad = [
        ("textDocument/hover", {"textDocument": {"uri": uri}}),
        ("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": -1, "character": 0}}),
        ("textDocument/completion", {"textDocument": {"uri": uri}, "position": "here"}),
        ("textDocument/rename", {"textDocument": {"uri": uri}, "position": {"line": 1, "character": 5}}),
        ("textDocument/references", {"textDocument": {"uri": uri}, "position": {"line": 1, "character": 5},
                                     "context": {"includeDeclaration": "yes"}}),
        ("textDocument/formatting", {"textDocument": {"uri": uri}, "options": {"tabSize": 0, "insertSpaces": True}}),
        ("textDocument/semanticTokens/range", {"textDocument": {"uri": uri}}),
        ("textDocument/documentSymbol", {"textDocument": {"uri": 42}}),
        ("textDocument/foldingRange", {"textDocument": {"uri": "file:///not/open"}}),
    ]
    for method, params in bad:
        r = s.call(method, params)
        assert "error" in r and r["error"]["code"] == INVALID_PARAMS, (method, params, r)

    # A rename to an invalid name is RequestFailed with the reason.
    r = s.call("textDocument/rename", {"textDocument": {"uri": uri}, "position": {"line": 11, "character": 6},
                                       "newName": "9 lives"})
    assert r["error"]["code"] == REQUEST_FAILED and "stage name" in r["error"]["message"], r

    # Cancelled requests get RequestCancelled (or their answer, if it came first); then more work.
    ids = [s.request("textDocument/semanticTokens/full", params_for("textDocument/semanticTokens/full", uri, 0, 0))
           for _ in range(20)]
    for id in ids:
        s.notify("$/cancelRequest", {"id": id})
    for id in ids:
        r = s.response(id)
        assert "result" in r or r["error"]["code"] == -32800, r
    r = s.call("whalesafe/no-such-request")
    assert r["error"]["code"] == METHOD_NOT_FOUND, r

    s.call("shutdown")
    s.notify("exit")
    assert s.proc.wait(timeout=30) == 0
    print(f"lsp editing requests: {len(pending)} requests on {version} versions answered")
    return 0


if __name__ == "__main__":
    sys.exit(main())
