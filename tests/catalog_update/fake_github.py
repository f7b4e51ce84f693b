#!/usr/bin/env python3
"""A local stand-in for GitHub's API and raw-file hosts, serving the shared snapshot.

`whalesafe catalog update --source-url http://127.0.0.1:PORT/MODE` fetches from it exactly the
paths it fetches from api.github.com and raw.githubusercontent.com (server/catalog_update/
upstream.h). The first path segment picks how the server behaves, so one server covers every
test case:

  ok        the shared files, commits and dates as the shared READMEs state them
  newer     the same files, both commits dated 2026-11-01 (a newer snapshot)
  older     the same files, both commits dated 2020-01-01 (older than the compiled-in table)
  missing   library/python answers 404
  garbage   product files answer an HTML page instead of YAML front matter
  notjson   the commit API answers HTML
  slow      the commit API answers after 30 s
  redirect  raw files answer 302 to the same path under /ok
  ratelimit the API answers 403, as GitHub does past its rate limit
  nothttp   the commit API answers bytes that are not HTTP, then closes
  truncated raw files promise more bytes than they send, then close

GET /stats answers {"connections": N, "requests": M} (to check connection reuse).
usage: fake_github.py SHARED_DIR [--tls CERT KEY]   (prints the port, then serves)
"""

import http.server
import json
import os
import re
import socket
import ssl
import sys
import threading
import time

SHARED = sys.argv[1]
STATS = {"connections": 0, "requests": 0}
LOCK = threading.Lock()


def readme_source(folder):
    with open(os.path.join(SHARED, folder, "README.md"), encoding="utf-8") as f:
        text = f.read()
    commit = re.search(r"^\| Commit \| `([0-9a-f]{40})` \|", text, re.M).group(1)
    date = re.search(r"^\| Commit date \| (\S+) ", text, re.M).group(1)
    return commit, date


REPOS = {
    "docker-library/official-images": ("official-images",) + readme_source("official-images"),
    "endoflife-date/endoflife.date": ("eol",) + readme_source("eol"),
}
DATES = {"newer": "2026-11-01T10:00:00Z", "older": "2020-01-01T00:00:00Z"}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as GitHub does

    def setup(self):
        super().setup()
        # Headers and body go out in separate writes: without this, Nagle's algorithm and the
        # client's delayed ACK add 40 ms to every answer.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with LOCK:
            STATS["connections"] += 1

    def log_message(self, *args):
        pass

    def send(self, status, body, content_type="text/plain; charset=utf-8", headers=()):
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        with LOCK:
            STATS["requests"] += 1
        path, _, query = self.path.partition("?")
        if path == "/stats":
            return self.send(200, json.dumps(STATS), "application/json")
        parts = path.split("/")[1:]
        if len(parts) < 2:
            return self.send(404, "not found")
        mode, rest = parts[0], parts[1:]
        if rest[0] == "repos":
            return self.api(mode, rest[1:], query)
        return self.raw(mode, rest)

    def api(self, mode, parts, query):
        if mode == "ratelimit":
            body = {"message": "API rate limit exceeded for 127.0.0.1."}
            return self.send(403, json.dumps(body), "application/json")
        repo = "/".join(parts[:2])
        if repo not in REPOS:
            return self.send(404, json.dumps({"message": "Not Found"}), "application/json")
        folder, commit, date = REPOS[repo]
        if parts[2:] == ["commits", "master"]:
            if mode == "slow":
                time.sleep(30)
            if mode == "nothttp":
                self.wfile.write(b"SSH-2.0-OpenSSH_9.2\r\n\r\n")
                self.close_connection = True
                return None
            if mode == "notjson":
                return self.send(200, "<html>rate limited</html>", "text/html")
            body = {"sha": commit, "commit": {"committer": {"date": DATES.get(mode, date)}}}
            return self.send(200, json.dumps(body), "application/json")
        if parts[2:] == ["contents", "library"] and query == f"ref={commit}":
            names = sorted(os.listdir(os.path.join(SHARED, folder, "library")))
            listing = [{"name": n, "path": f"library/{n}", "type": "file"} for n in names]
            return self.send(200, json.dumps(listing), "application/json")
        return self.send(404, json.dumps({"message": "Not Found"}), "application/json")

    def raw(self, mode, parts):
        repo = "/".join(parts[:2])
        if repo not in REPOS or len(parts) != 5 or parts[2] != REPOS[repo][1]:
            return self.send(404, "404: Not Found")
        folder = REPOS[repo][0]
        kind, name = parts[3], parts[4]
        if mode == "truncated":
            self.send_response(200)
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.write(b"Maintainers: cut short\n")
            self.close_connection = True
            return None
        if mode == "redirect":
            return self.send(302, "", headers=[("Location", "/ok/" + "/".join(parts))])
        if mode == "missing" and name == "python":
            return self.send(404, "404: Not Found")
        if mode == "garbage" and kind == "products":
            return self.send(200, "<html><body>garbage</body></html>\n", "text/html")
        file = os.path.join(SHARED, folder, kind, name)
        if kind not in ("library", "products") or "/" in name or not os.path.isfile(file):
            return self.send(404, "404: Not Found")
        with open(file, "rb") as f:
            return self.send(200, f.read())


def main():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    if len(sys.argv) == 5 and sys.argv[2] == "--tls":
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[3], sys.argv[4])
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
