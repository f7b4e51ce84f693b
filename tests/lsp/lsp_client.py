"""A minimal LSP client for the tests: runs `whalesafe lsp` with pipes, frames messages, and
reads the server's messages on a thread into a queue."""

import json
import os
import queue
import subprocess
import threading
import time


class Server:
    def __init__(self, binary, args=(), env=None, cwd=None):
        self.proc = subprocess.Popen(
            [binary, "lsp", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=cwd,
        )
        self.messages = queue.Queue()
        self.stderr = b""
        self.next_id = 1000
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._read_stderr, daemon=True).start()

    # --- reading ---------------------------------------------------------------------------
    def _read(self):
        out = self.proc.stdout
        while True:
            header = b""
            while not header.endswith(b"\r\n\r\n"):
                c = out.read(1)
                if not c:
                    self.messages.put(None)
                    return
                header += c
            length = None
            for line in header.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            assert length is not None, f"server sent a header without Content-Length: {header!r}"
            body = out.read(length)
            self.messages.put(json.loads(body))

    def _read_stderr(self):
        for line in self.proc.stderr:
            self.stderr += line

    def recv(self, timeout=30):
        try:
            message = self.messages.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no message from the server within {timeout}s")
        if message is None:
            raise AssertionError("the server closed its output")
        return message

    def wait_for(self, predicate, timeout=30, skip_log=True):
        """Returns the first message matching `predicate`; others (collected) are returned too."""
        deadline = time.monotonic() + timeout
        skipped = []
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"expected message not received within {timeout}s; got {skipped[-5:]}")
            m = self.recv(left)
            if predicate(m):
                return m, skipped
            skipped.append(m)

    def response(self, id, timeout=30):
        m, skipped = self.wait_for(lambda m: m.get("id") == id and "method" not in m, timeout)
        return m

    def publish_for(self, uri, version=None, timeout=60):
        def match(m):
            if m.get("method") != "textDocument/publishDiagnostics":
                return False
            p = m["params"]
            return p["uri"] == uri and (version is None or p.get("version") == version)

        m, _ = self.wait_for(match, timeout)
        return m["params"]

    def no_message(self, seconds=0.3, ignore_log=True):
        """True when nothing but window/logMessage arrives for `seconds`."""
        deadline = time.monotonic() + seconds
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return True
            try:
                m = self.messages.get(timeout=left)
            except queue.Empty:
                return True
            if m is not None and ignore_log and m.get("method") == "window/logMessage":
                continue
            raise AssertionError(f"unexpected message: {m}")

    # --- writing ---------------------------------------------------------------------------
    def write(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, message):
        body = json.dumps(message).encode()
        self.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def request(self, method, params=None, id=None):
        if id is None:
            self.next_id += 1
            id = self.next_id
        m = {"jsonrpc": "2.0", "id": id, "method": method}
        if params is not None:
            m["params"] = params
        self.send(m)
        return id

    def call(self, method, params=None, timeout=30):
        return self.response(self.request(method, params), timeout)

    def notify(self, method, params=None):
        m = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            m["params"] = params
        self.send(m)

    # --- session helpers -------------------------------------------------------------------
    def initialize(self, encodings=None):
        caps = {}
        if encodings is not None:
            caps = {"general": {"positionEncodings": encodings}}
        r = self.call("initialize", {"processId": os.getpid(), "rootUri": None, "capabilities": caps})
        assert "result" in r, r
        self.notify("initialized", {})
        return r["result"]

    def open(self, uri, text, version=1):
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "dockerfile", "version": version, "text": text}})

    def change(self, uri, version, changes):
        self.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": changes})

    def shutdown_and_exit(self, timeout=30):
        r = self.call("shutdown")
        assert r.get("result", 0) is None, r
        self.notify("exit")
        return self.proc.wait(timeout)

    def rss_kb(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def edit(sl, sc, el, ec, text):
    return {"range": {"start": {"line": sl, "character": sc}, "end": {"line": el, "character": ec}}, "text": text}
