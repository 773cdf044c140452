#!/usr/bin/env python3
"""A TCP proxy on 127.0.0.1 for the fetch and shard tests: it forwards to
a local server, logs what the client sends (one line per client line, with
the time in seconds), and can cut or stall a connection in the middle of
an answer.

  tcp-proxy.py PORT_FILE TARGET_PORT LOG [--cut-on TEXT --cut-count N
                                          --cut-after BYTES] [--silent]
               [--hold-after BYTES --held-file PATH]
               [--lifetime SECONDS]

It listens on a free port, which it writes to PORT_FILE. With --cut-on,
once the client has sent its Nth line containing TEXT, the connection is
closed after BYTES more bytes of the server's answer (once: later
connections are forwarded whole). With --silent it accepts connections
and never answers (a server that hangs).

With --hold-after, each connection forwards the first BYTES bytes of the
server's answer and then nothing more, leaving both sockets open: the
client waits in the middle of a transfer, for as long as it lives (the
shard test kills it there). The proxy goes on reading the server, so
that it knows the answer was longer than BYTES; once it has read at least
one byte past BYTES it writes the line "held after BYTES, N held back"
to --held-file (written whole, by a rename). When the server has sent
everything it logs "-- held back N bytes of T --", and it closes the
client's connection only after the client has closed it.

It exits by itself after --lifetime seconds (default 300), so a test
that dies cannot leave it behind.
"""
import argparse
import os
import socket
import threading
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("port_file")
    ap.add_argument("target_port", type=int)
    ap.add_argument("log")
    ap.add_argument("--cut-on")
    ap.add_argument("--cut-count", type=int, default=1)
    ap.add_argument("--cut-after", type=int, default=0)
    ap.add_argument("--silent", action="store_true")
    ap.add_argument("--hold-after", type=int)
    ap.add_argument("--held-file")
    ap.add_argument("--lifetime", type=float, default=300)
    args = ap.parse_args()
    if (args.hold_after is None) != (args.held_file is None):
        ap.error("--hold-after and --held-file go together")

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(listener.getsockname()[1]))
    os.rename(tmp, args.port_file)

    start = time.monotonic()
    log_lock = threading.Lock()
    state = {"seen": 0, "cut_done": False}

    def log(line):
        with log_lock, open(args.log, "a") as f:
            f.write("%.3f %s\n" % (time.monotonic() - start, line))

    def serve(client):
        if args.silent:
            time.sleep(args.lifetime)
            client.close()
            return
        server = socket.create_connection(("127.0.0.1", args.target_port))
        cut = {"armed": False, "left": 0}

        def upstream():
            buf = b""
            try:
                while True:
                    data = client.recv(65536)
                    if not data:
                        break
                    # Armed before the command goes on, so that no byte of
                    # its answer passes uncounted.
                    buf += data
                    while b"\n" in buf:
                        line, buf = buf.split(b"\n", 1)
                        text = line.decode("latin-1").rstrip("\r")
                        log(text)
                        if (args.cut_on and not state["cut_done"]
                                and args.cut_on in text):
                            state["seen"] += 1
                            if state["seen"] == args.cut_count:
                                cut["armed"] = True
                                cut["left"] = args.cut_after
                    server.sendall(data)
            except OSError:
                pass
            try:
                server.shutdown(socket.SHUT_WR)
            except OSError:
                pass

        t = threading.Thread(target=upstream, daemon=True)
        t.start()
        if args.hold_after is not None:
            hold(client, server)
            # The client decides when the connection ends: closing it
            # here would tell the client the transfer failed.
            t.join()
            for s in (client, server):
                s.close()
            return
        try:
            while True:
                data = server.recv(65536)
                if not data:
                    break
                if cut["armed"]:
                    send = data[:cut["left"]]
                    client.sendall(send)
                    cut["left"] -= len(send)
                    if cut["left"] <= 0:
                        state["cut_done"] = True
                        log("-- cut --")
                        break
                else:
                    client.sendall(data)
        except OSError:
            pass
        for s in (client, server):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()

    def hold(client, server):
        forwarded = held = total = 0
        marked = False
        try:
            while True:
                data = server.recv(65536)
                if not data:
                    break
                total += len(data)
                send = data[:max(0, args.hold_after - forwarded)]
                if send:
                    client.sendall(send)
                    forwarded += len(send)
                held += len(data) - len(send)
                if held > 0 and not marked:
                    marked = True
                    log("-- holding after %d bytes --" % forwarded)
                    tmp = args.held_file + ".tmp"
                    with open(tmp, "w") as f:
                        f.write("held after %d, %d held back\n"
                                % (forwarded, held))
                    os.rename(tmp, args.held_file)
        except OSError:
            pass
        log("-- held back %d bytes of %d --" % (held, total))

    listener.settimeout(0.5)
    while time.monotonic() - start < args.lifetime:
        try:
            client, _ = listener.accept()
        except socket.timeout:
            continue
        threading.Thread(target=serve, args=(client,), daemon=True).start()


if __name__ == "__main__":
    main()
