#!/usr/bin/env python3
"""Robustness of `whalesafe lsp`, driving the real binary over pipes: malformed headers,
truncated bodies, invalid JSON, wrong types, requests before initialize, out-of-range edit
positions, a 5 MB document, 1,000 open documents, binary garbage, rapid-fire edits, lifecycle
and exit codes. Usage: robustness_test.py WHALESAFE [TEST_NAME...]"""

import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lsp_client import Server, edit  # noqa: E402

BINARY = None
WORKDIR = tempfile.mkdtemp(prefix="whalesafe-lsp-test-")
URI = "file://" + WORKDIR + "/Dockerfile"
# The documents here end without a USER on purpose: keep the expected findings focused.
with open(os.path.join(WORKDIR, ".whalesafe.yaml"), "w") as config:
    config.write("rules:\n  user-missing: off\n")

PARSE_ERROR = -32700
INVALID_REQUEST = -32600
METHOD_NOT_FOUND = -32601
INVALID_PARAMS = -32602
SERVER_NOT_INITIALIZED = -32002
REQUEST_CANCELLED = -32800


def start(*args):
    env = dict(os.environ, XDG_CACHE_HOME=tempfile.mkdtemp(prefix="whalesafe-cache-"))
    return Server(BINARY, args, env=env, cwd=WORKDIR)


def error_code(response):
    assert "error" in response, f"expected an error response, got {response}"
    return response["error"]["code"]


def codes(params):
    return sorted(d["code"] for d in params["diagnostics"])


def assert_alive(server):
    """The server still answers requests, with the right id."""
    r = server.call("whalesafe/no-such-request")
    assert error_code(r) == METHOD_NOT_FOUND, r


# --- lifecycle --------------------------------------------------------------------------------


def test_requests_before_initialize():
    s = start()
    r = s.call("textDocument/diagnostic", {"textDocument": {"uri": URI}})
    assert error_code(r) == SERVER_NOT_INITIALIZED, r
    r = s.call("shutdown")
    assert error_code(r) == SERVER_NOT_INITIALIZED, r
    # Notifications before initialize are dropped: no diagnostics for this document, ever.
    s.open(URI, "FROM ubuntu\n")
    assert s.no_message(0.5)
    s.initialize()
    assert_alive(s)
    r = s.call("textDocument/diagnostic", {"textDocument": {"uri": URI}})
    assert error_code(r) == INVALID_PARAMS, r  # the didOpen before initialize did not count
    r = s.call("initialize", {"capabilities": {}})
    assert error_code(r) == INVALID_REQUEST, r  # only once
    assert s.shutdown_and_exit() == 0


def test_exit_codes():
    s = start()
    s.initialize()
    s.notify("exit")
    assert s.proc.wait(10) == 1, "exit without shutdown"
    s = start()
    s.initialize()
    s.call("shutdown")
    r = s.call("textDocument/diagnostic", {"textDocument": {"uri": URI}})
    assert error_code(r) == INVALID_REQUEST, r  # requests after shutdown
    s.notify("exit")
    assert s.proc.wait(10) == 0, "exit after shutdown"
    s = start()
    s.initialize()
    s.proc.stdin.close()  # end of input without exit
    assert s.proc.wait(10) == 1
    s = start()
    s.notify("exit")  # exit before initialize
    assert s.proc.wait(10) == 1


def test_unknown_methods():
    s = start()
    s.initialize()
    r = s.call("workspace/frobnicate", {})
    assert error_code(r) == METHOD_NOT_FOUND, r
    r = s.call("$/whalesafe/private", {})
    assert error_code(r) == METHOD_NOT_FOUND, r
    s.notify("workspace/frobnicate", {"x": 1})
    s.notify("$/setTrace", {"value": "off"})
    s.notify("$/progress", {"token": 1, "value": {}})
    assert s.no_message(0.3)  # silence for unknown notifications
    assert s.shutdown_and_exit() == 0


def test_position_encoding_negotiation():
    s = start()
    assert s.initialize(["utf-16", "utf-8"])["capabilities"]["positionEncoding"] == "utf-8"
    assert s.shutdown_and_exit() == 0
    s = start()
    assert s.initialize(["utf-32", "utf-16"])["capabilities"]["positionEncoding"] == "utf-16"
    assert s.shutdown_and_exit() == 0
    s = start()
    caps = s.initialize()["capabilities"]
    assert caps["positionEncoding"] == "utf-16"
    assert caps["textDocumentSync"]["change"] == 2
    assert caps["diagnosticProvider"]["interFileDependencies"] is False
    assert s.shutdown_and_exit() == 0


# --- framing and JSON-RPC ---------------------------------------------------------------------


def test_malformed_headers():
    s = start()
    s.initialize()
    bad_headers = [
        b"Content-Length: abc\r\n\r\n{}",
        b"Content-Length: -5\r\n\r\n",
        b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n",
        b"no colon here\r\n\r\n",
        b"Content-Length: 99999999999999999999999\r\n\r\n",
        b"Content-Length: 5\r\nContent-Length: 6\r\n\r\n",
    ]
    for header in bad_headers:
        s.write(header)
        r, _ = s.wait_for(lambda m: "error" in m)
        assert error_code(r) == PARSE_ERROR and r["id"] is None, (header, r)
        assert_alive(s)
    # Header names are case-insensitive and other headers are allowed.
    body = b'{"jsonrpc":"2.0","id":7,"method":"nope"}'
    s.write(b"content-type: application/vscode-jsonrpc; charset=utf-8\r\ncontent-LENGTH:  %d \r\n\r\n" % len(body) + body)
    assert error_code(s.response(7)) == METHOD_NOT_FOUND
    assert s.shutdown_and_exit() == 0


def test_invalid_json_and_requests():
    s = start()
    s.initialize()
    cases = [
        (b"{not json", PARSE_ERROR, None),
        (b'{"jsonrpc":"2.0","id":1,"method":"x"', PARSE_ERROR, None),
        (b"[1,2,3]", INVALID_REQUEST, None),
        (b"42", INVALID_REQUEST, None),
        (b'"hello"', INVALID_REQUEST, None),
        (b'{"id":5,"method":"shutdown"}', INVALID_REQUEST, 5),  # no "jsonrpc"
        (b'{"jsonrpc":"1.0","id":6,"method":"shutdown"}', INVALID_REQUEST, 6),
        (b'{"jsonrpc":"2.0","id":{"a":1},"method":"shutdown"}', INVALID_REQUEST, None),
        (b'{"jsonrpc":"2.0","id":8,"method":42}', INVALID_REQUEST, 8),
        (b'{"jsonrpc":"2.0","id":9,"method":"shutdown","params":"str"}', INVALID_REQUEST, 9),
        (b'{"jsonrpc":"2.0","id":10}', INVALID_REQUEST, 10),
        (b'{"jsonrpc":"2.0","id":"\xff\xfe","method":"x"}', PARSE_ERROR, None),  # invalid UTF-8
    ]
    for body, code, id in cases:
        s.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        r, _ = s.wait_for(lambda m: "error" in m)
        assert error_code(r) == code and r["id"] == id, (body, r)
    # Shutdown was never accepted through a bad message: the server still serves.
    assert_alive(s)
    # A response from the client to a request the server never sent is ignored.
    s.send({"jsonrpc": "2.0", "id": 99, "result": None})
    assert s.no_message(0.3)
    assert s.shutdown_and_exit() == 0


def test_truncated_body():
    s = start()
    s.initialize()
    # The first message claims 200 bytes but has 30: the next message starts inside its body.
    good = b'{"jsonrpc":"2.0","id":42,"method":"whalesafe/x"}'
    s.write(b"Content-Length: 200\r\n\r\n" + b'{"jsonrpc":"2.0","id":41,"met')
    s.write(b"Content-Length: %d\r\n\r\n" % len(good) + good)
    s.write(b" " * 200)  # fills the bogus length if the server waits for it
    r, _ = s.wait_for(lambda m: "error" in m and m["error"]["code"] == PARSE_ERROR)
    assert r["id"] is None
    assert error_code(s.response(42)) == METHOD_NOT_FOUND  # the cut-into message still served
    assert_alive(s)
    assert s.shutdown_and_exit() == 0
    # Truncated by the end of input: the server ends (status 1, no exit notification).
    s = start()
    s.initialize()
    s.write(b"Content-Length: 100\r\n\r\n{\"jsonrpc\"")
    s.proc.stdin.close()
    assert s.proc.wait(10) == 1


def test_binary_garbage():
    s = start()
    s.initialize()
    rng = random.Random(1234)
    garbage = bytes(rng.getrandbits(8) for _ in range(1 << 20))
    garbage = garbage.replace(b"\r\n\r\n", b"").replace(b"Content", b"")
    s.write(garbage)
    s.write(b"\r\n\r\n")
    s.write(bytes(range(256)) * 64)
    s.write(b"\r\n\r\n")
    r, _ = s.wait_for(lambda m: "error" in m)
    assert error_code(r) == PARSE_ERROR and r["id"] is None
    assert_alive(s)
    s.open(URI, "FROM ubuntu\n")
    assert "base-image-untagged" in codes(s.publish_for(URI, 1))
    assert s.shutdown_and_exit() == 0


def test_wrong_param_types():
    s = start()
    r = s.call("initialize", {"capabilities": 5})
    assert error_code(r) == INVALID_PARAMS, r
    r = s.call("initialize", [1, 2])
    assert error_code(r) == INVALID_PARAMS, r
    s.initialize()  # the failed attempts did not initialize the session
    bad_notifications = [
        ("textDocument/didOpen", {"textDocument": {"uri": URI, "languageId": "dockerfile", "version": "1", "text": "FROM a\n"}}),
        ("textDocument/didOpen", {"textDocument": {"uri": 5}}),
        ("textDocument/didOpen", [1]),
        ("textDocument/didChange", {"textDocument": {"uri": URI, "version": 2}, "contentChanges": {"text": "x"}}),
        ("textDocument/didChange", {"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"range": {"start": {"line": -1, "character": 0}, "end": {"line": 0, "character": 0}}, "text": ""}]}),
        ("textDocument/didChange", {"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"range": {"start": {"line": 0}}, "text": ""}]}),
        ("textDocument/didClose", {"textDocument": None}),
        ("$/cancelRequest", {"id": [1]}),
    ]
    for method, params in bad_notifications:
        s.notify(method, params)
    assert s.no_message(0.3)
    bad_requests = [
        {"textDocument": {"uri": 5}},
        {"textDocument": "file:///x"},
        {},
        {"textDocument": {"uri": URI}, "previousResultId": 3},
    ]
    for params in bad_requests:
        r = s.call("textDocument/diagnostic", params)
        assert error_code(r) == INVALID_PARAMS, (params, r)
    assert error_code(s.call("textDocument/diagnostic", None)) == INVALID_PARAMS
    # A change to a document that is not open, or a close of one, is logged and ignored.
    s.change("file:///not/open", 2, [edit(0, 0, 0, 0, "x")])
    s.notify("textDocument/didClose", {"textDocument": {"uri": "file:///not/open"}})
    assert_alive(s)
    assert s.shutdown_and_exit() == 0


# --- documents --------------------------------------------------------------------------------


def test_incremental_edits_and_out_of_range_positions():
    s = start()
    s.initialize()
    s.open(URI, "FROM ubuntu\n")
    assert codes(s.publish_for(URI, 1)) == ["base-image-untagged"]
    # A character past the end of line 0 means its end: the tag lands after "ubuntu".
    s.change(URI, 2, [edit(0, 500, 0, 900, ":22.04")])
    assert codes(s.publish_for(URI, 2)) == []
    # A line past the last one means the end of the text.
    s.change(URI, 3, [edit(4000000000 // 2, 7, 9999, 0, "RUN apt-get install curl\n")])
    got = s.publish_for(URI, 3)
    assert "apt-missing-yes" in codes(got), got
    d = next(d for d in got["diagnostics"] if d["code"] == "apt-missing-yes")
    assert d["range"]["start"] == {"line": 1, "character": 4}, d
    # An inverted range is read as its normalized form; several changes apply in order.
    s.change(URI, 4, [edit(1, 24, 1, 19, " -y curl"), edit(1, 0, 1, 0, "# comment\n")])
    got = s.publish_for(URI, 4)
    assert "apt-missing-yes" not in codes(got), got
    d = next(d for d in got["diagnostics"] if d["code"] == "apt-no-install-recommends")
    assert d["range"]["start"]["line"] == 2, d
    # Full replacement (no range) is accepted too.
    s.change(URI, 5, [{"text": "FROM debian\n"}])
    assert codes(s.publish_for(URI, 5)) == ["base-image-untagged"]
    # Pull diagnostics agree with the pushed ones and know "unchanged".
    r = s.call("textDocument/diagnostic", {"textDocument": {"uri": URI}})["result"]
    assert r["kind"] == "full" and [d["code"] for d in r["items"]] == ["base-image-untagged"], r
    r2 = s.call("textDocument/diagnostic", {"textDocument": {"uri": URI}, "previousResultId": r["resultId"]})["result"]
    assert r2 == {"kind": "unchanged", "resultId": r["resultId"]}, r2
    s.notify("textDocument/didClose", {"textDocument": {"uri": URI}})
    assert s.publish_for(URI)["diagnostics"] == []
    assert error_code(s.call("textDocument/diagnostic", {"textDocument": {"uri": URI}})) == INVALID_PARAMS
    assert s.shutdown_and_exit() == 0


def diagnostic_start(params, code):
    return next(d for d in params["diagnostics"] if d["code"] == code)["range"]["start"]


def test_utf16_and_utf8_positions():
    # "😀" is one code point: 4 UTF-8 bytes, 2 UTF-16 code units (a surrogate pair).
    text = 'FROM ubuntu:22.04\nRUN echo "😀é" && apt-get install curl\n'
    for encodings, column in ((None, 18), (["utf-8"], 21)):
        s = start()
        s.initialize(encodings)
        s.open(URI, text)
        assert diagnostic_start(s.publish_for(URI, 1), "apt-missing-yes") == {"line": 1, "character": column}
        # Insert " -y" right after "install" (counted in this session's encoding).
        s.change(URI, 2, [edit(1, column + 15, 1, column + 15, " -y")])
        assert "apt-missing-yes" not in codes(s.publish_for(URI, 2))
        # A position between the halves of the surrogate pair (utf-16) or inside the UTF-8
        # sequence snaps to the character's start: inserting there keeps the text valid.
        s.change(URI, 3, [edit(1, 11, 1, 11, "x")])
        got = s.publish_for(URI, 3)
        start_col = diagnostic_start(got, "apt-no-install-recommends")["character"]
        assert start_col == column + 1, got
        assert s.shutdown_and_exit() == 0


def test_rapid_fire_edits():
    s = start()
    s.initialize()
    s.open(URI, "FROM ubuntu:22.04\n")
    s.publish_for(URI, 1)
    # 200 changes without waiting, each appending a RUN line; the last adds the one problem.
    for v in range(2, 201):
        s.change(URI, v, [edit(v - 1, 0, v - 1, 0, f"RUN echo {v}\n")])
    s.change(URI, 201, [edit(200, 0, 200, 0, "RUN apt-get install -y curl\n")])
    versions = []
    deadline = time.monotonic() + 60
    while not versions or versions[-1] != 201:
        assert time.monotonic() < deadline, versions
        p = s.publish_for(URI)
        versions.append(p["version"])
    assert versions == sorted(versions), versions  # never an older version after a newer one
    assert codes(p) == ["apt-no-install-recommends", "package-unpinned"], p
    d = p["diagnostics"][0]
    assert d["range"]["start"]["line"] == 200, d
    assert s.no_message(0.5)  # nothing after the newest version: no stale publish
    # The coalesced result equals a fresh analysis of the same text.
    r = s.call("textDocument/diagnostic", {"textDocument": {"uri": URI}})["result"]
    assert r["items"] == p["diagnostics"]
    print(f"  rapid-fire: {len(versions)} publishes for 200 changes")
    assert s.shutdown_and_exit() == 0


def big_dockerfile(target_bytes):
    """Instructions whose analysis is linear in their number (RUN bodies would each go through
    the shellcheck program, which measures that program rather than the server)."""
    parts = ["FROM ubuntu:22.04 AS base\n"]
    size = len(parts[0])
    i = 0
    while size < target_bytes:
        line = f"# step {i}\nLABEL org.example.step{i}=\"value {i}\"\nCOPY src/{i}.txt /app/{i}.txt\n"
        parts.append(line)
        size += len(line)
        i += 1
    return "".join(parts)


def test_five_megabyte_document_and_memory():
    s = start()
    s.initialize()
    baseline = s.rss_kb()
    # Just under the default size limit (max-file-size, 5 MiB): the largest document analysed.
    text = big_dockerfile(5 * 1024 * 1024 - 4096)
    lines = text.count("\n")
    started = time.monotonic()
    s.open(URI, text)
    # While the big document is analysed, another document's request waits, and is cancelled.
    small = "file://" + WORKDIR + "/small.Dockerfile"
    s.open(small, "FROM alpine\n")
    id = s.request("textDocument/diagnostic", {"textDocument": {"uri": small}})
    s.notify("$/cancelRequest", {"id": id})
    r = s.response(id)
    assert error_code(r) == REQUEST_CANCELLED, r
    s.notify("$/cancelRequest", {"id": id})  # cancelling an answered request: nothing happens
    # Reading does not wait for analysis: requests are answered while it runs.
    assert_alive(s)
    p = s.publish_for(URI, 1, timeout=300)
    opened = time.monotonic() - started
    s.change(URI, 2, [edit(lines, 0, lines, 0, "RUN apt-get install curl\n")])
    p = s.publish_for(URI, 2, timeout=300)
    assert "apt-missing-yes" in codes(p)
    changed = time.monotonic() - started - opened
    peak = s.rss_kb()
    s.notify("textDocument/didClose", {"textDocument": {"uri": URI}})
    s.publish_for(URI)
    assert_alive(s)
    # Freeing a 5 MB document's trees and returning the pages takes a moment: poll.
    deadline = time.monotonic() + 30
    while (after := s.rss_kb()) - baseline >= (peak - baseline) / 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    print(f"  5 MB: open+analyse {opened:.2f}s, edit {changed:.2f}s; RSS {baseline} -> {peak} -> {after} kB after didClose")
    if address_sanitizer(BINARY):
        # ASan's allocator keeps freed memory in quarantine and never hands it back to the
        # system: RSS says nothing about what the server released (LeakSanitizer checks that).
        print("  (AddressSanitizer build: RSS after didClose not compared)")
    else:
        assert after - baseline < (peak - baseline) / 2, (baseline, peak, after)
    assert s.shutdown_and_exit() == 0


def test_thousand_documents():
    s = start()
    s.initialize()
    uris = [f"file://{WORKDIR}/many/{i}/Dockerfile" for i in range(1000)]
    for i in range(1000):
        os.makedirs(f"{WORKDIR}/many/{i}", exist_ok=True)  # configuration is found from there
    for i, uri in enumerate(uris):
        s.open(uri, f"FROM ubuntu\nLABEL n={i}\nRUN echo hello\n")
    seen = {}
    while len(seen) < len(uris):
        p = s.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics", 120)[0]["params"]
        seen[p["uri"]] = p
    assert all(codes(p) == ["base-image-untagged"] for p in seen.values())
    assert_alive(s)
    one = s.call("textDocument/diagnostic", {"textDocument": {"uri": uris[500]}})["result"]
    assert [d["code"] for d in one["items"]] == ["base-image-untagged"]
    for uri in uris:
        s.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    cleared = set()
    while len(cleared) < len(uris):
        p = s.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics", 60)[0]["params"]
        assert p["diagnostics"] == []
        cleared.add(p["uri"])
    r = s.call("textDocument/diagnostic", {"textDocument": {"uri": uris[0]}})
    assert error_code(r) == INVALID_PARAMS  # closed documents are gone
    assert s.shutdown_and_exit() == 0


def test_configuration_next_to_the_document():
    project = os.path.join(WORKDIR, "configured")
    os.makedirs(project, exist_ok=True)
    with open(os.path.join(project, ".whalesafe.yaml"), "w") as f:
        f.write("rules:\n  base-image-untagged: off\n  apt-missing-yes: error\n")
    s = start()
    s.initialize()
    uri = "file://" + project + "/Dockerfile"
    s.open(uri, "FROM ubuntu\nRUN apt-get install curl\n")
    p = s.publish_for(uri, 1)
    assert "base-image-untagged" not in codes(p), p
    d = next(d for d in p["diagnostics"] if d["code"] == "apt-missing-yes")
    assert d["severity"] == 1 and d["source"] == "whalesafe", d
    assert d["codeDescription"]["href"].endswith("/docs/rules.md#apt-missing-yes"), d
    # An unused suppression is tagged Unnecessary.
    s.open(URI, "# whalesafe ignore=apt-missing-yes\nFROM ubuntu:22.04\n")
    p = s.publish_for(URI, 1)
    d = next(d for d in p["diagnostics"] if d["code"] == "suppression-unused")
    assert d["tags"] == [1], d
    assert s.shutdown_and_exit() == 0


def test_log_file_and_log_messages():
    log = os.path.join(WORKDIR, "server.log")
    s = start("--log-file", log)
    s.initialize()
    m, _ = s.wait_for(lambda m: m.get("method") == "window/logMessage")
    assert "initialized" in m["params"]["message"]
    s.write(b"Content-Length: x\r\n\r\n")
    m, _ = s.wait_for(lambda m: m.get("method") == "window/logMessage" and "bad message" in m["params"]["message"])
    assert m["params"]["type"] == 2
    assert s.shutdown_and_exit() == 0
    with open(log) as f:
        content = f.read()
    for expected in ("request initialize", "notification exit", "exits with status 0"):
        assert expected in content, (expected, content)


def test_tcp_listen():
    env = dict(os.environ, XDG_CACHE_HOME=tempfile.mkdtemp(prefix="whalesafe-cache-"))

    proc = subprocess.Popen([BINARY, "lsp", "--listen", "127.0.0.1:0"], stderr=subprocess.PIPE, env=env)
    line = proc.stderr.readline().decode()
    assert line.startswith("whalesafe lsp: listening on 127.0.0.1:"), line
    port = int(line.rsplit(":", 1)[1])
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    f = sock.makefile("rwb")

    def send(msg):
        body = json.dumps(msg).encode()
        f.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        f.flush()

    def recv():
        header = b""
        while not header.endswith(b"\r\n\r\n"):
            header += f.read(1)
        return json.loads(f.read(int(header.split(b":")[1])))

    send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
    assert recv()["id"] == 1
    send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    while (m := recv()).get("id") != 2:
        pass
    send({"jsonrpc": "2.0", "method": "exit"})
    assert proc.wait(10) == 0
    r = subprocess.run([BINARY, "lsp", "--listen", "nonsense"], capture_output=True)
    assert r.returncode == 2 and b"--listen expects" in r.stderr


def address_sanitizer(binary):
    """Whether the server was built with AddressSanitizer (its runtime is linked in)."""
    with open(binary, "rb") as f:
        return b"__asan_init" in f.read()


def main():
    global BINARY
    BINARY = os.path.abspath(sys.argv[1])
    wanted = sys.argv[2:]
    tests = [(n, f) for n, f in globals().items() if n.startswith("test_") and (not wanted or n in wanted)]
    failed = 0
    for name, fn in tests:
        started = time.monotonic()
        try:
            fn()
            print(f"ok   {name} ({time.monotonic() - started:.1f}s)")
        except Exception:
            failed += 1
            print(f"FAIL {name}")
            traceback.print_exc()
    print(f"lsp robustness: {len(tests) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
