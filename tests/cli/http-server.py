#!/usr/bin/env python3
"""A small HTTP server on 127.0.0.1 for the fetch tests.

  http-server.py PORT_FILE ROOT LOG [--lifetime SECONDS]

Serves the files under ROOT with an ETag (a hash of the content) and a
Last-Modified (the file's mtime), and answers 304 to If-None-Match or
If-Modified-Since when the file is unchanged. A path under /cut/ serves
the file of the same name after it, but closes the connection halfway
through (its Content-Length promised more). The query of a URL is
ignored (the IETF export's URLs carry their search there). Each request
is logged as `METHOD PATH STATUS If-None-Match If-Modified-Since`. It
listens on a free port, written to PORT_FILE, and exits by itself after
--lifetime seconds (default 300).
"""
import argparse
import email.utils
import hashlib
import os
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("port_file")
    ap.add_argument("root")
    ap.add_argument("log")
    ap.add_argument("--lifetime", type=float, default=300)
    args = ap.parse_args()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def record(self, status):
            with open(args.log, "a") as f:
                f.write("%s %s %d %s %s\n" % (
                    self.command, self.path, status,
                    self.headers.get("If-None-Match", "-"),
                    (self.headers.get("If-Modified-Since") or "-")
                    .replace(" ", "_")))

        def do_GET(self):
            path = urllib.parse.urlsplit(self.path).path
            cut = path.startswith("/cut/")
            if cut:
                path = path[len("/cut"):]
            if path.endswith("/"):
                path += "index"
            local = os.path.realpath(os.path.join(args.root, path.lstrip("/")))
            if (not local.startswith(os.path.realpath(args.root) + os.sep)
                    or not os.path.isfile(local)):
                self.record(404)
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            with open(local, "rb") as f:
                body = f.read()
            mtime = int(os.stat(local).st_mtime)
            etag = '"%s"' % hashlib.sha1(body).hexdigest()[:16]
            modified = email.utils.formatdate(mtime, usegmt=True)
            inm = self.headers.get("If-None-Match")
            ims = self.headers.get("If-Modified-Since")
            unchanged = (inm == etag if inm is not None else
                         ims is not None and
                         email.utils.parsedate_to_datetime(ims).timestamp()
                         >= mtime)
            if unchanged and not cut:
                self.record(304)
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.record(200)
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", modified)
            self.end_headers()
            if cut:
                self.wfile.write(body[:len(body) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(tmp, args.port_file)
    threading.Timer(args.lifetime, server.shutdown).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
