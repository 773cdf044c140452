#!/usr/bin/env python3
"""A Datatracker-shaped HTTP server on 127.0.0.1 for the tests.

  datatracker-server.py PORT_FILE ROOT LOG [--lifetime SECONDS]
                        [--busy PATH=SECONDS ...]

Serves ROOT/doc/NAME/doc.json at /doc/NAME/doc.json, and the role
resource /api/v1/group/role/?group__acronym=ACR&name=chair[&offset=N] from
ROOT/roles/ACR-N.json (N = 0 without an offset). Anything else is a 404.
--busy PATH=SECONDS answers the first request for PATH (the path and
query as sent) with HTTP 429 and `Retry-After: SECONDS`. Each request is
logged as `PATH STATUS`. It listens on a free port, written to PORT_FILE,
and exits by itself after --lifetime seconds (default 300).
"""
import argparse
import os
import re
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("port_file")
    ap.add_argument("root")
    ap.add_argument("log")
    ap.add_argument("--lifetime", type=float, default=300)
    ap.add_argument("--busy", action="append", default=[])
    args = ap.parse_args()
    busy = dict(b.rsplit("=", 1) for b in args.busy)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def answer(self, status, body=b"", headers=()):
            with open(args.log, "a") as f:
                f.write("%s %d\n" % (self.path, status))
            self.send_response(status)
            for k, v in headers:
                self.send_header(k, v)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            if self.path in busy:
                seconds = busy.pop(self.path)
                self.answer(429, b"", [("Retry-After", seconds)])
                return
            url = urllib.parse.urlsplit(self.path)
            query = urllib.parse.parse_qs(url.query)
            local = None
            m = re.fullmatch(r"/doc/([a-z0-9-]+)/doc\.json", url.path)
            if m:
                local = os.path.join(args.root, "doc", m.group(1), "doc.json")
            elif (url.path == "/api/v1/group/role/"
                  and query.get("name") == ["chair"]
                  and re.fullmatch(r"[a-z0-9-]+",
                                   query.get("group__acronym", [""])[0])):
                offset = query.get("offset", ["0"])[0]
                if re.fullmatch(r"[0-9]+", offset):
                    local = os.path.join(
                        args.root, "roles", "%s-%s.json"
                        % (query["group__acronym"][0], offset))
            if local is None or not os.path.isfile(local):
                self.answer(404)
                return
            with open(local, "rb") as f:
                self.answer(200, f.read())

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Timer(args.lifetime, lambda: os._exit(0)).start()
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(tmp, args.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
