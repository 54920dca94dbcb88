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


def probe_uploads_held(count, megabytes, path, declared, expected, extra=b""):
    """`count` uploads without credentials to `path`, started together and held open while each
    writes up to `megabytes` MiB: answered `expected` before the body is read; RSS must not grow."""
    import threading
    before = rss_mb()
    peak = [before]
    answers = []
    lock = threading.Lock()

    def upload():
        sock = connect()
        sock.sendall(f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: {declared}\r\n".encode() + extra + b"\r\n")
        chunk = b"[" * (1 << 20)
        try:
            for _ in range(megabytes):
                sock.sendall(chunk)
                with lock:
                    peak[0] = max(peak[0], rss_mb())
        except OSError:
            pass
        sock.settimeout(5)
        try:
            answer = sock.recv(64).split(b"\r\n")[0].decode()
        except OSError as error:
            answer = type(error).__name__
        with lock:
            answers.append(answer)
        sock.close()

    threads = [threading.Thread(target=upload) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    time.sleep(1)
    after = rss_mb()
    right = sum(1 for answer in answers if answer.startswith(f"HTTP/1.1 {expected}"))
    print(f"uploads without credentials to {path}: {count} at once × up to {megabytes} MiB, {right} answered {expected}; "
          f"server RSS {before:.0f} -> peak {peak[0]:.0f} -> {after:.0f} MB")
    return right == count and peak[0] - before < 100


def probe_stalled_reader(requests, seconds):
    """Pipelined requests for the contract through a 4 KiB receive window, never read: the server's
    writes stall, and the write timeout must cut the connection."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", PORT))
    sock.settimeout(5)
    try:
        sock.sendall(b"GET /openapi.yaml HTTP/1.1\r\nHost: x\r\n\r\n" * requests)
    except OSError:
        pass
    started = time.time()
    cut = None
    while time.time() - started < seconds and cut is None:
        time.sleep(1)
        # Peek at the socket's state without reading its data: the kernel reports the server's
        # close (FIN or reset) once it arrives behind the unread bytes.
        state = subprocess.run(["ss", "-tnH", "state", "all", f"sport = :{sock.getsockname()[1]}"],
                               capture_output=True, text=True).stdout
        if "ESTAB" not in state:
            cut = time.time() - started
    sock.close()
    print(f"a client that reads nothing: cut after {cut:.1f} s" if cut else f"a client that reads nothing: still open after {seconds} s")
    return cut is not None


if __name__ == "__main__":
    results = [
        probe_idle(int(os.environ.get("IDLE", "1100"))),
        probe_slow_headers(30),
        probe_half_body(90),
        probe_uploads_held(16, 63, "/api/v1/predictions/batch", 67108864, 401, b"Content-Type: application/json\r\n"),
        probe_uploads_held(16, 15, "/console/predict/batch", 16000000, 303, b"Content-Type: multipart/form-data; boundary=x\r\n"),
        probe_stalled_reader(2000, 60),
        probe_idle(200),
    ]
    final = (health(), predict())
    print(f"after the probes: health {final[0]}, predict {final[1]}")
    sys.exit(0 if all(results) and final == (200, 200) else 1)
