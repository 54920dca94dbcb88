"""A Standard Webhooks receiver for the delivery benchmark: loopback only, HTTP/1.1 keep-alive,
one thread per connection. Verifies each signature (HMAC-SHA256 of id.timestamp.body) and the
timestamp (5 minutes), counts requests and distinct webhook-ids, and prints them on SIGTERM/SIGINT
or when it has seen --expect distinct ids. Prints its port first.

Usage: webhook_receiver.py SECRET [--expect N]
"""
import base64, hashlib, hmac, signal, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

secret = sys.argv[1]
key = base64.b64decode(secret[len("whsec_"):]) if secret.startswith("whsec_") else secret.encode()
expect = int(sys.argv[sys.argv.index("--expect") + 1]) if "--expect" in sys.argv else None
lock = threading.Lock()
seen, counts = set(), {"requests": 0, "bad": 0}
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
        with lock:
            counts["requests"] += 1
            first[0] = first[0] or time.time()
            if ok:
                seen.add(wid)
            else:
                counts["bad"] += 1
            if expect and len(seen) >= expect:
                done.set()
        self.send_response(204 if ok else 401)
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
    print(f"requests {counts['requests']} distinct {len(seen)} bad {counts['bad']}", flush=True)
