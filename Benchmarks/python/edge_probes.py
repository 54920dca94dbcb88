"""Serving-edge probes against a running `churnguard serve` (see Benchmarks/run-edge-probes.sh).

Each probe prints one line of figures; the script exits non-zero if the server was not healthy
for an authenticated client afterwards. Loopback only; every loop is bounded in count and time.
"""
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

PORT = int(sys.argv[1])
TOKEN = os.environ["TOKEN"]
SERVER_PID = int(sys.argv[2])
BODY = json.dumps({"customer_id": "probe-1", "behavioral_score": 30.5, "engagement_score": 0.25}).encode()


def rss_mb():
    with open(f"/proc/{SERVER_PID}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def predict(timeout=3.0):
    request = urllib.request.Request(
        f"http://127.0.0.1:{PORT}/api/v1/predict", data=BODY, method="POST",
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except Exception as error:  # timeouts, resets
        return type(error).__name__


def health(timeout=3.0):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/health", timeout=timeout) as response:
            return response.status
    except Exception as error:
        return type(error).__name__


def connect():
    sock = socket.create_connection(("127.0.0.1", PORT), timeout=5)
    return sock


def probe_idle(count):
    """`count` idle sockets held open; then an authenticated client and /health must still be served."""
    held = []
    refused = 0
    for _ in range(count):
        try:
            held.append(connect())
        except OSError:
            refused += 1
    time.sleep(1)
    started = time.time()
    statuses = [health(), predict()]
    elapsed = time.time() - started
    closed = 0
    for sock in held:
        sock.setblocking(False)
        try:
            if sock.recv(1) == b"":
                closed += 1
        except BlockingIOError:
            pass
        except OSError:
            closed += 1
    for sock in held:
        sock.close()
    print(f"idle: {count} sockets opened ({refused} refused by the OS), {closed} closed by the server to make room; "
          f"health {statuses[0]}, predict {statuses[1]} in {elapsed * 1000:.0f} ms; server RSS {rss_mb():.0f} MB")
    return statuses == [200, 200]


def probe_slow_headers(seconds):
    """A head sent one byte every 100 ms: the server must cut it at its header timeout."""
    sock = connect()
    head = b"GET /health HTTP/1.1\r\nHost: x\r\nX-Pad: " + b"a" * 2000
    started = time.time()
    cut = None
    for byte in head:
        try:
            sock.send(bytes([byte]))
            sock.setblocking(False)
            try:
                if sock.recv(1) == b"":
                    cut = time.time() - started
                    break
            except BlockingIOError:
                pass
            sock.setblocking(True)
        except OSError:
            cut = time.time() - started
            break
        if time.time() - started > seconds:
            break
        time.sleep(0.1)
    sock.close()
    print(f"slow headers: cut after {cut:.1f} s" if cut else f"slow headers: still open after {seconds} s")
    return cut is not None


def probe_half_body(seconds):
    """A body that stops half way: the server must cut it at its body timeout."""
    sock = connect()
    sock.sendall(b"POST /api/v1/predict HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN.encode()
                 + b"\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"customer_id\":")
    sock.settimeout(seconds)
    started = time.time()
    try:
        data = sock.recv(1)
        cut = time.time() - started if data == b"" else None
    except socket.timeout:
        cut = None
    except OSError:
        cut = time.time() - started
    sock.close()
    print(f"half-sent body: cut after {cut:.1f} s" if cut else f"half-sent body: still open after {seconds} s")
    return cut is not None


def probe_tokenless_uploads(count, megabytes):
    """Tokenless uploads declaring 64 MiB: answered 401 before the body is read; RSS must not grow."""
    before = rss_mb()
    answered = 0
    for _ in range(count):
        sock = connect()
        sock.sendall(b"POST /api/v1/predictions/batch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 67108864\r\n\r\n")
        chunk = b"[" * (1 << 20)
        try:
            for _ in range(megabytes):
                sock.sendall(chunk)
        except OSError:
            pass
        sock.settimeout(5)
        try:
            if sock.recv(64).startswith(b"HTTP/1.1 401"):
                answered += 1
        except OSError:
            pass
        sock.close()
    time.sleep(1)
    after = rss_mb()
    print(f"tokenless uploads: {count} × up to {megabytes} MiB, {answered} answered 401; server RSS {before:.0f} -> {after:.0f} MB")
    return after - before < 100


if __name__ == "__main__":
    results = [
        probe_idle(int(os.environ.get("IDLE", "1100"))),
        probe_slow_headers(30),
        probe_half_body(90),
        probe_tokenless_uploads(16, 63),
        probe_idle(200),
    ]
    final = (health(), predict())
    print(f"after the probes: health {final[0]}, predict {final[1]}")
    sys.exit(0 if all(results) and final == (200, 200) else 1)
