"""A Standard Webhooks receiver for the delivery benchmark: loopback only, HTTP/1.1 keep-alive,
one thread per connection. Verifies each signature (HMAC-SHA256 of id.timestamp.body) and the
timestamp (5 minutes), counts requests and distinct webhook-ids, and prints them on SIGTERM/SIGINT
or when it has seen --expect distinct ids. Prints its port first.

With --fail-share F it answers 503 to a random share F of the requests (before applying them), as
a flaky subscriber would; re-sent ids (after a retry or a killed sender) are counted as duplicates
and applied once.

Usage: webhook_receiver.py SECRET [--expect N] [--fail-share F]
"""
import base64, hashlib, hmac, random, signal, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

secret = sys.argv[1]
key = base64.b64decode(secret[len("whsec_"):]) if secret.startswith("whsec_") else secret.encode()
expect = int(sys.argv[sys.argv.index("--expect") + 1]) if "--expect" in sys.argv else None
fail_share = float(sys.argv[sys.argv.index("--fail-share") + 1]) if "--fail-share" in sys.argv else 0.0
lock = threading.Lock()
seen, counts = set(), {"requests": 0, "bad": 0, "failed": 0, "duplicates": 0}
first = [None]
done = threading.Event()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", 0)))
        wid, ts = self.headers.get("webhook-id", ""), self.headers.get("webhook-timestamp", "0")
        mac = base64.b64encode(hmac.new(key, f"{wid}.{ts}.".encode() + body, hashlib.sha256).digest()).decode()
        ok = abs(time.time() - int(ts)) <= 300 and any(
            hmac.compare_digest(s, "v1," + mac) for s in self.headers.get("webhook-signature", "").split(" "))
        status = 204 if ok else 401
        with lock:
            counts["requests"] += 1
            first[0] = first[0] or time.time()
            if ok and random.random() < fail_share:
                counts["failed"] += 1
                status = 503
            elif ok:
                if wid in seen:
                    counts["duplicates"] += 1
                seen.add(wid)
            else:
                counts["bad"] += 1
            if expect and len(seen) >= expect:
                done.set()
        self.send_response(status)
        self.send_header("content-length", "0")
        self.end_headers()


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
signal.signal(signal.SIGTERM, lambda *_: done.set())
signal.signal(signal.SIGINT, lambda *_: done.set())
threading.Thread(target=server.serve_forever, daemon=True).start()
done.wait()
with lock:
    print(f"requests {counts['requests']} distinct {len(seen)} bad {counts['bad']} failed {counts['failed']} duplicates {counts['duplicates']}", flush=True)
