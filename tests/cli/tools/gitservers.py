#!/usr/bin/env python3
"""gitservers.py: the loopback servers tests/cli/sources.sh fetches from.

  gitservers.py https PORTFILE ROOT CERT KEY [USER:PASSWORD | negotiate]
                                               git http-backend behind TLS
                                               (with Basic authentication, or
                                               asking for Kerberos: Negotiate)
  gitservers.py silent PORTFILE                accepts, never answers
  gitservers.py cut PORTFILE TARGET_PORT BYTES forwards to 127.0.0.1:TARGET_PORT,
                                               cuts the answer after BYTES

Each binds 127.0.0.1 on a free port chosen by the kernel, writes that port
to PORTFILE once it listens, and serves until killed (the test's trap)."""
import http.server, os, socket, ssl, subprocess, sys, threading


def listen():
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    s.listen(16)
    return s


def announce(portfile, port):
    with open(portfile + ".tmp", "w") as f:
        f.write(str(port))
    os.rename(portfile + ".tmp", portfile)


class Backend(http.server.BaseHTTPRequestHandler):
    root = ""
    auth = None
    negotiate = False

    def log_message(self, *a):
        pass

    def run_cgi(self):
        if self.negotiate:  # no ticket can pass: every request is refused
            self.send_response(401)
            self.send_header("WWW-Authenticate", "Negotiate")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.auth and self.headers.get("Authorization") != "Basic " + self.auth:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="rcb test"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        path, _, query = self.path.partition("?")
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n) if n else b""
        env = {"GIT_PROJECT_ROOT": self.root, "GIT_HTTP_EXPORT_ALL": "1", "PATH_INFO": path,
               "QUERY_STRING": query, "REQUEST_METHOD": self.command, "REMOTE_ADDR": "127.0.0.1",
               "CONTENT_TYPE": self.headers.get("Content-Type", ""), "CONTENT_LENGTH": str(len(body)),
               "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
        if self.headers.get("Git-Protocol"):
            env["GIT_PROTOCOL"] = self.headers["Git-Protocol"]
        p = subprocess.run(["git", "http-backend"], input=body, env=env, capture_output=True)
        head, _, rest = p.stdout.partition(b"\r\n\r\n")
        if not _:
            head, _, rest = p.stdout.partition(b"\n\n")
        status, headers = 200, []
        for line in head.decode("latin-1").splitlines():
            k, _, v = line.partition(":")
            if k.lower() == "status":
                status = int(v.split()[0])
            elif k:
                headers.append((k, v.strip()))
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(rest)))
        self.end_headers()
        self.wfile.write(rest)

    do_GET = do_POST = run_cgi


def https(portfile, root, cert, key, userpass=None):
    Backend.root = root
    if userpass == "negotiate":
        Backend.negotiate = True
    elif userpass:
        import base64
        Backend.auth = base64.b64encode(userpass.encode()).decode()
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Backend)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    announce(portfile, srv.server_address[1])
    srv.serve_forever()


def silent(portfile):
    s = listen()
    announce(portfile, s.getsockname()[1])
    held = []
    while True:
        c, _ = s.accept()
        held.append(c)  # never read, never answer, never close


def pipe(a, b, limit):
    sent = 0
    try:
        while True:
            d = a.recv(4096)
            if not d:
                break
            if limit is not None and sent + len(d) > limit:
                b.sendall(d[: limit - sent])
                break
            b.sendall(d)
            sent += len(d)
    except OSError:
        pass
    for x in (a, b):
        try:
            x.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        x.close()


def cut(portfile, target, limit):
    s = listen()
    announce(portfile, s.getsockname()[1])
    while True:
        c, _ = s.accept()
        u = socket.create_connection(("127.0.0.1", int(target)))
        threading.Thread(target=pipe, args=(c, u, None), daemon=True).start()
        threading.Thread(target=pipe, args=(u, c, int(limit)), daemon=True).start()


if __name__ == "__main__":
    {"https": https, "silent": silent, "cut": cut}[sys.argv[1]](*sys.argv[2:])
