"""Local servers for the registry tests, all on 127.0.0.1 and stopped by the test:

- Registry: Debian's docker-registry (the CNCF distribution registry) with a config file in
  a temporary directory, optionally behind htpasswd (Basic) or token (Bearer) auth.
- TokenServer: a token service for `auth: token` registries, issuing RS256 JWTs signed with
  a key the test makes with openssl (the registry trusts its certificate).
- Proxy: a forwarding proxy (HTTP CONNECT tunnels and absolute-form requests) that records
  what it was asked, optionally requiring Proxy-Authorization.
- QuirkyRegistry: a hand-written registry for what the real one never does: no
  Docker-Content-Digest on HEAD, a header that does not match the body, no HEAD at all,
  rate limiting.
- Silent: accepts connections and never answers (timeouts).
"""

import base64
import hashlib
import http.server
import json
import os
import select
import socket
import subprocess
import threading
import time
import urllib.parse
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Registry:
    def __init__(self, workdir, name, auth_yaml="", tls=None):
        self.dir = os.path.join(workdir, name)
        os.makedirs(self.dir, exist_ok=True)
        self.port = free_port()
        self.host = f"127.0.0.1:{self.port}"
        self.config = os.path.join(self.dir, "config.yml")
        with open(self.config, "w") as out:
            out.write(
                "version: 0.1\n"
                "log:\n  level: error\n  accesslog:\n    disabled: true\n"
                f"storage:\n  filesystem:\n    rootdirectory: {self.dir}/data\n"
                "  delete:\n    enabled: true\n"
                f"http:\n  addr: 127.0.0.1:{self.port}\n" +
                (f"  tls:\n    certificate: {tls[0]}\n    key: {tls[1]}\n" if tls else "") +
                auth_yaml)
        self.log = open(os.path.join(self.dir, "registry.log"), "w")
        self.process = subprocess.Popen(["docker-registry", "serve", self.config],
                                        stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 20
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"docker-registry exited: {self.logs()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"docker-registry did not start: {self.logs()}")

    def logs(self):
        self.log.flush()
        with open(os.path.join(self.dir, "registry.log")) as f:
            return f.read()

    def push(self, layout, repository, tag, creds=None, home=None):
        """Pushes the OCI layout's tag with skopeo, digests preserved (an index stays the
        same bytes), and returns the pushed digest."""
        policy = os.path.join(self.dir, "policy.json")
        with open(policy, "w") as out:
            json.dump({"default": [{"type": "insecureAcceptAnything"}]}, out)
        command = ["skopeo", "--policy", policy, "copy", "--all", "--preserve-digests",
                   "--dest-tls-verify=false", f"oci:{layout.path}:{layout.tag}",
                   f"docker://{self.host}/{repository}:{tag}"]
        if creds:
            command[5:5] = ["--dest-creds", creds]
        env = dict(os.environ, HOME=home or self.dir)
        for proxy in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
            env.pop(proxy, None)
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise RuntimeError(f"skopeo push failed: {result.stderr}\n{self.logs()}")
        return layout.digest

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def _serve(server):
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return thread


def _b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class TokenServer:
    """Grants pull on every repository to anyone, push to `user` with `password`; refuses
    wrong credentials; grants nothing on repositories under `private/` without them."""

    def __init__(self, workdir, service, issuer, user, password):
        self.dir = os.path.join(workdir, "token")
        os.makedirs(self.dir, exist_ok=True)
        self.key = os.path.join(self.dir, "key.pem")
        self.cert = os.path.join(self.dir, "cert.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                        "-keyout", self.key, "-out", self.cert, "-days", "1",
                        "-subj", "/CN=whalesafe test token issuer"],
                       check=True, capture_output=True)
        der = subprocess.run(["openssl", "x509", "-in", self.cert, "-outform", "DER"],
                             check=True, capture_output=True).stdout
        self.x5c = base64.b64encode(der).decode()
        self.service, self.issuer = service, issuer
        self.user, self.password = user, password
        self.requests = []
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                url = urllib.parse.urlparse(self.path)
                query = urllib.parse.parse_qs(url.query)
                owner.requests.append((url.path, query, self.headers.get("Authorization")))
                status, body = owner.answer(url.path, query, self.headers.get("Authorization"))
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.realm = f"http://127.0.0.1:{self.port}/token"
        _serve(self.server)

    def sign(self, claims):
        header = {"typ": "JWT", "alg": "RS256", "x5c": [self.x5c]}
        signing_input = (_b64url(json.dumps(header).encode()) + "." +
                         _b64url(json.dumps(claims).encode()))
        signature = subprocess.run(["openssl", "dgst", "-sha256", "-sign", self.key],
                                   input=signing_input.encode(), check=True,
                                   capture_output=True).stdout
        return signing_input + "." + _b64url(signature)

    def answer(self, path, query, authorization):
        if path != "/token":
            return 404, {"error": "not found"}
        user = None
        if authorization:
            if not authorization.startswith("Basic "):
                return 401, {"error": "bad authorization"}
            given = base64.b64decode(authorization[6:]).decode()
            if given != f"{self.user}:{self.password}":
                return 401, {"error": "wrong credentials"}
            user = self.user
        access = []
        for scope in query.get("scope", []):
            kind, _, rest = scope.partition(":")
            name, _, actions = rest.rpartition(":")
            allowed = [a for a in actions.split(",")
                       if (a == "pull" and (user or not name.startswith("private/")))
                       or (a in ("push", "delete", "*") and user)]
            access.append({"type": kind, "name": name, "actions": allowed})
        now = int(time.time())
        claims = {"iss": self.issuer, "sub": user or "", "aud": self.service,
                  "exp": now + 300, "nbf": now - 10, "iat": now,
                  "jti": hashlib.sha256(os.urandom(16)).hexdigest(), "access": access}
        return 200, {"token": self.sign(claims), "expires_in": 300}

    def registry_auth_yaml(self):
        return ("auth:\n  token:\n"
                f"    realm: {self.realm}\n    service: {self.service}\n"
                f"    issuer: {self.issuer}\n    rootcertbundle: {self.cert}\n")

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


class Proxy:
    """Forwards to loopback addresses only; records each request line."""

    def __init__(self, required_auth=None):
        self.lines = []
        self.required_auth = required_auth
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.stopping = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self.stopping:
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(client,), daemon=True).start()

    @staticmethod
    def _read_head(conn):
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(4096)
            if not chunk:
                return None, b""
            data += chunk
        head, _, rest = data.partition(b"\r\n\r\n")
        return head.decode("latin-1"), rest

    @staticmethod
    def _pipe(a, b):
        sockets = [a, b]
        while True:
            readable, _, _ = select.select(sockets, [], [], 30)
            if not readable:
                return
            for s in readable:
                data = s.recv(65536)
                if not data:
                    return
                (b if s is a else a).sendall(data)

    def _handle(self, client):
        with client:
            head, rest = self._read_head(client)
            if head is None:
                return
            lines = head.split("\r\n")
            self.lines.append(lines[0])
            method, target, _ = lines[0].split(" ", 2)
            headers = [l for l in lines[1:] if l]
            auth = [h.split(":", 1)[1].strip() for h in headers
                    if h.lower().startswith("proxy-authorization:")]
            if self.required_auth and auth != [self.required_auth]:
                client.sendall(b"HTTP/1.1 407 Proxy Authentication Required\r\n"
                               b"Proxy-Authenticate: Basic realm=\"test\"\r\n"
                               b"Content-Length: 0\r\n\r\n")
                return
            if method == "CONNECT":
                host, _, port = target.rpartition(":")
            else:
                url = urllib.parse.urlsplit(target)
                host, port = url.hostname, url.port or 80
            if host not in ("127.0.0.1", "localhost", "[::1]"):
                client.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
                return
            try:
                upstream = socket.create_connection((host.strip("[]"), int(port)), timeout=10)
            except OSError:
                client.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
                return
            with upstream:
                if method == "CONNECT":
                    client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
                else:
                    path = url.path + ("?" + url.query if url.query else "")
                    kept = [h for h in headers if not h.lower().startswith(
                        ("proxy-", "connection:"))]
                    request = "\r\n".join([f"{method} {path} HTTP/1.1", *kept,
                                           "Connection: close", "", ""])
                    upstream.sendall(request.encode("latin-1") + rest)
                self._pipe(client, upstream)

    def stop(self):
        self.stopping = True
        self.sock.close()


class QuirkyRegistry:
    """/v2/quirks/<behaviour>/manifests/<tag>, where <behaviour> is one of:
    no-head-digest  HEAD without Docker-Content-Digest; GET with the right one
    no-digest       no Docker-Content-Digest at all
    wrong-digest    HEAD without a digest; GET's Docker-Content-Digest is not the body's hash
    no-head         HEAD is 405 Method Not Allowed; GET works
    rate-limited    429 Too Many Requests
    Records (method, path) of every request, and the Accept headers in `accepts`."""

    MANIFEST = json.dumps({"schemaVersion": 2, "mediaType":
                           "application/vnd.oci.image.manifest.v1+json", "quirk": True}).encode()
    DIGEST = "sha256:" + hashlib.sha256(MANIFEST).hexdigest()

    def __init__(self):
        self.requests = []
        self.accepts = []
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def answer(self, head):
                owner.requests.append((self.command, self.path))
                owner.accepts.append(self.headers.get("Accept", ""))
                parts = self.path.split("/")
                behaviour = parts[3] if len(parts) > 5 and parts[2] == "quirks" else ""
                if behaviour == "rate-limited" or (behaviour == "no-head" and head):
                    status = 429 if behaviour == "rate-limited" else 405
                    self.send_response(status)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if behaviour not in ("no-head-digest", "no-digest", "wrong-digest", "no-head"):
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                self.send_header("Content-Length", str(len(owner.MANIFEST)))
                if behaviour == "wrong-digest" and not head:
                    self.send_header("Docker-Content-Digest", "sha256:" + "0" * 64)
                elif behaviour in ("no-head-digest", "no-head") and not head:
                    self.send_header("Docker-Content-Digest", owner.DIGEST)
                self.end_headers()
                if not head:
                    self.wfile.write(owner.MANIFEST)

            def do_HEAD(self):
                self.answer(True)

            def do_GET(self):
                self.answer(False)

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.host = f"127.0.0.1:{self.server.server_address[1]}"
        _serve(self.server)

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


class Silent:
    """Accepts TCP connections and never sends a byte."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.held = []
        self.stopping = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self.stopping:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.held.append(conn)

    def stop(self):
        self.stopping = True
        self.sock.close()
        for conn in self.held:
            conn.close()
