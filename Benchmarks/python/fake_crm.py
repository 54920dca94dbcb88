"""Local stand-ins for Salesforce, HubSpot, Jira Cloud and a Slack incoming webhook, for the demo
and benchmarks (the product never runs Python). Loopback only; one port for all four. They check the
auth and the payload shapes ChurnGuard's delivery sends and keep what they were sent, like
Tests/ChurnTestSupport/FakeCRM.swift does for the tests. Prints its port first, and a summary of
what each received on SIGTERM or SIGINT.

Credentials (pass the same to ChurnGuard through the environment): Salesforce client id
FAKE_SF_CLIENT / secret FAKE_SF_SECRET, HubSpot token FAKE_HS_TOKEN, Jira user ops@example.com with
token FAKE_JIRA_TOKEN.

Usage: fake_crm.py
"""
import base64, json, re, signal, sys, threading, uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlparse

lock = threading.Lock()
state = {"session": None, "tokens": 0, "accounts": {}, "sf_tasks": {}, "companies": {}, "hs_tasks": [], "issues": [], "slack": 0, "rejected": 0}
done = threading.Event()
JIRA_AUTH = "Basic " + base64.b64encode(b"ops@example.com:FAKE_JIRA_TOKEN").decode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body=None):
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        return self.rfile.read(int(self.headers.get("content-length", 0)))

    def reject(self, why):
        with lock:
            state["rejected"] += 1
        self.reply(400, [{"errorCode": "INVALID_FIELD", "message": why}])

    def do_POST(self):
        path = urlparse(self.path).path
        raw = self.body()
        if path == "/services/oauth2/token":
            form = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
            if form.get("grant_type") != "client_credentials" or form.get("client_id") != "FAKE_SF_CLIENT" or form.get("client_secret") != "FAKE_SF_SECRET":
                return self.reply(400, {"error": "invalid_client"})
            with lock:
                state["session"] = "00D-" + uuid.uuid4().hex
                state["tokens"] += 1
                token = state["session"]
            return self.reply(200, {"access_token": token, "instance_url": f"http://{self.headers['host']}", "token_type": "Bearer"})
        if path == "/slack":
            payload = json.loads(raw or b"{}")
            if "text" not in payload:
                return self.reject("a Slack message needs text")
            with lock:
                state["slack"] += 1
            return self.reply(200, "ok")
        if path.startswith("/crm/v3/"):
            if self.headers.get("authorization") != "Bearer FAKE_HS_TOKEN":
                return self.reply(401, {"status": "error", "category": "INVALID_AUTHENTICATION"})
            payload = json.loads(raw or b"{}")
            if re.fullmatch(r"/crm/v3/objects/(companies|contacts)/batch/upsert", path):
                results = []
                for item in payload.get("inputs", []):
                    with lock:
                        record = state["companies"].setdefault(item["id"], {"id": str(9000 + len(state["companies"])), "properties": {}})
                        record["properties"].update(item.get("properties", {}))
                    results.append({"id": record["id"]})
                return self.reply(200, {"status": "COMPLETE", "results": results})
            if path == "/crm/v3/objects/tasks/search":
                token = payload["filterGroups"][0]["filters"][0]["value"]
                with lock:
                    total = sum(1 for t in state["hs_tasks"] if token in t["subject"])
                return self.reply(200, {"total": total, "results": []})
            if path == "/crm/v3/objects/tasks":
                props = payload.get("properties", {})
                if not props.get("hs_task_subject") or not props.get("hs_timestamp") or not payload.get("associations"):
                    return self.reject("a task needs a subject, a timestamp and an association")
                with lock:
                    state["hs_tasks"].append({"subject": props["hs_task_subject"]})
                return self.reply(201, {"id": uuid.uuid4().hex[:8]})
        if path == "/rest/api/3/issue":
            if self.headers.get("authorization") != JIRA_AUTH:
                return self.reply(401)
            fields = json.loads(raw or b"{}").get("fields", {})
            if fields.get("description", {}).get("type") != "doc" or not fields.get("summary"):
                return self.reply(400, {"errors": {"description": "Operation value must be an Atlassian Document"}})
            with lock:
                key = f"{fields['project']['key']}-{len(state['issues']) + 1}"
                state["issues"].append({"key": key, "labels": fields.get("labels", [])})
            return self.reply(201, {"key": key})
        self.reply(404, {"error": "unknown path " + path})

    def do_PATCH(self):
        path = unquote(urlparse(self.path).path)
        raw = self.body()
        match = re.fullmatch(r"/services/data/v[0-9.]+/sobjects/(Account|Task)/([^/]+)/(.+)", path)
        if not match:
            return self.reply(404, [{"errorCode": "NOT_FOUND"}])
        with lock:
            session = state["session"]
        if session is None or self.headers.get("authorization") != f"Bearer {session}":
            return self.reply(401, [{"errorCode": "INVALID_SESSION_ID", "message": "Session expired or invalid"}])
        payload = json.loads(raw or b"{}")
        table = "accounts" if match.group(1) == "Account" else "sf_tasks"
        if table == "sf_tasks" and (not payload.get("Subject") or "What" not in payload):
            return self.reject("a Task needs Subject and What")
        with lock:
            created = match.group(3) not in state[table]
            state[table].setdefault(match.group(3), {}).update(payload)
        return self.reply(201, {"id": "001" + uuid.uuid4().hex[:12], "success": True, "created": True}) if created else self.reply(204)

    def do_GET(self):
        parsed = urlparse(self.path)
        if parsed.path == "/rest/api/3/search/jql":
            if self.headers.get("authorization") != JIRA_AUTH:
                return self.reply(401)
            label = re.search(r'labels = "([^"]+)"', parse_qs(parsed.query).get("jql", [""])[0])
            with lock:
                issues = [i for i in state["issues"] if label and label.group(1) in i["labels"]]
            return self.reply(200, {"issues": [{"key": i["key"]} for i in issues], "isLast": True})
        self.reply(404, {"error": "unknown path"})


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
signal.signal(signal.SIGTERM, lambda *_: done.set())
signal.signal(signal.SIGINT, lambda *_: done.set())
threading.Thread(target=server.serve_forever, daemon=True).start()
done.wait()
with lock:
    print(f"salesforce: {len(state['accounts'])} accounts, {len(state['sf_tasks'])} tasks ({state['tokens']} token); "
          f"hubspot: {len(state['companies'])} companies, {len(state['hs_tasks'])} tasks; jira: {len(state['issues'])} issues; "
          f"slack: {state['slack']} digests; rejected payloads: {state['rejected']}", flush=True)
