#!/usr/bin/env python3
"""Two `hoshitori serve` nodes on one PostgreSQL database stay consistent.

Usage: two_nodes_test.py HOSHITORI_BINARY SOURCE_DIR

Needs HOSHITORI_TEST_PG_URL (scripts/test.sh or scripts/pg-test-server.sh provides it); exits
77 (skipped) without it. Creates a fresh database for the run and drops it after.

The flows alternate between node A and node B. Each step first makes the *other* node
cache what is about to change (a read that is allowed), then changes it on one node (or
with the command line), then reads again on the other node once, and
fails unless the very first read shows it: every node passes a read barrier before it answers
(docs/deploy.md), so no stale read is ever allowed. With
--nginx, the same flows also run through an nginx upstream of both nodes (the example in
docs/deploy.md).
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

PSQL = "/usr/lib/postgresql/15/bin/psql"

binary, source = sys.argv[1], sys.argv[2]
use_nginx = "--nginx" in sys.argv[3:]
if use_nginx and not shutil.which("nginx"):
    print("nodes: nginx is not installed (scripts/setup.sh installs nginx-light): flows through nginx skipped")
    use_nginx = False
base_url = os.environ.get("HOSHITORI_TEST_PG_URL", "")
if not base_url:
    print("HOSHITORI_TEST_PG_URL is not set: two-node test skipped (scripts/test.sh sets it)")
    sys.exit(77)

failures = []
latencies = []


def say(text):
    print("nodes: " + text, flush=True)


def check(what, ok, detail=""):
    say(("ok   " if ok else "FAIL ") + what + ((": " + detail) if detail and not ok else ""))
    if not ok:
        failures.append(what)


def corporate_number(base12):
    """A valid 13-digit corporate number for a 12-digit base (check digit first)."""
    digits = [int(c) for c in base12]
    total = sum(d * (1 if i % 2 == 0 else 2) for i, d in enumerate(reversed(digits)))
    return str(9 - total % 9) + base12


def database_url(name):
    plain = base_url.split("?", 1)[0]
    query = base_url[len(plain):]
    return plain.rsplit("/", 1)[0] + "/" + name + query


def psql(*args):
    subprocess.run([PSQL, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", base_url, *args], check=True)


class Node:
    """One `hoshitori serve` process."""

    def __init__(self, name, db, log_dir):
        self.name = name
        self.log = open(os.path.join(log_dir, name + ".log"), "w")
        self.process = subprocess.Popen(
            [binary, "--db", db, "serve", "--port", "0", "--threads", "2", "--quiet",
             "--insecure-fast-password-hashing"],
            stdout=subprocess.PIPE, stderr=self.log, text=True)
        line = self.process.stdout.readline()
        found = re.search(r"http://([0-9.]+):([0-9]+)/", line)
        if not found:
            self.process.kill()
            self.process.wait()
            self.log.close()
            raise RuntimeError(name + " did not start: " + line)
        self.port = int(found.group(2))
        self.url = "http://127.0.0.1:%d" % self.port

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


class Caller:
    """A signed-in user: a session cookie and its CSRF token, or an API token."""

    def __init__(self, cookie="", csrf="", token=""):
        self.cookie, self.csrf, self.token = cookie, csrf, token


def send(node, method, path, caller=None, body=None):
    """(status, parsed JSON body or None, headers)."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(node.url + path, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if caller is not None:
        if caller.token:
            request.add_header("Authorization", "Bearer " + caller.token)
        else:
            request.add_header("Cookie", "hoshitori_session=" + caller.cookie)
            if method not in ("GET", "HEAD"):
                request.add_header("X-CSRF-Token", caller.csrf)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            status, raw, headers = response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        status, raw, headers = error.code, error.read(), error.headers
    parsed = None
    if raw:
        try:
            parsed = json.loads(raw)
        except ValueError:
            parsed = None
    return status, parsed, headers


def cookie_of(headers):
    for value in headers.get_all("Set-Cookie") or []:
        if value.startswith("hoshitori_session="):
            return value.split("=", 1)[1].split(";", 1)[0]
    return ""


def sign_up(node, number, email):
    status, body, headers = send(node, "POST", "/api/v1/signup", body={
        "corporate_number": number, "name": "Org " + number, "industry": "E", "employees": 40,
        "email": email, "display_name": "Admin", "password": "a long enough password"})
    if status != 201:
        raise RuntimeError("sign-up of %s on %s: %d %s" % (email, node.name, status, body))
    return Caller(cookie_of(headers), body["csrf_token"]), body


def must(what, expected, result):
    status, body, _ = result
    check(what, status == expected, "expected %d, got %d %s" % (expected, status, str(body)[:300]))
    return body


def seen_at_once(what, read, refused):
    """Reads once: the very first read after the write was acknowledged must show it (each
    node passes a read barrier before it answers; docs/deploy.md). No stale read is allowed."""
    started = time.monotonic()
    result = read()
    elapsed = time.monotonic() - started
    latencies.append(elapsed)
    check("%s (first read, %.0f ms)" % (what, elapsed * 1000), refused(result),
          "a stale answer: %d %s" % (result[0], str(result[1])[:300]))


def run_flows(a, b, label):
    """The sharing, revocation, relationship and offboarding flows, alternating a and b."""
    n = label
    supplier, supplier_org = sign_up(a, corporate_number("5%02d000000101" % n), "supplier%d@example.jp" % n)
    buyer, buyer_org = sign_up(b, corporate_number("5%02d000000202" % n), "buyer%d@example.jp" % n)
    supplier_number = supplier_org["organisation"]["corporate_number"]
    buyer_number = buyer_org["organisation"]["corporate_number"]

    # --- a relationship imported by the command line reaches both running nodes
    for node in (a, b):
        rels = must("[%s] buyer has no relationship yet on %s" % (label, node.name), 200,
                    send(node, "GET", "/api/v1/relationships", buyer))
        check("[%s] empty on %s" % (label, node.name), rels is not None and rels["relationships"] == [], str(rels))
    work = tempfile.mkdtemp()
    try:
        csv = os.path.join(work, "relationships.csv")
        with open(csv, "w") as f:
            f.write("buyer,supplier,kind\n%s,%s,parts\n" % (buyer_number, supplier_number))
        imported = subprocess.run([binary, "chain", "import", csv], capture_output=True, text=True)
        check("[%s] chain import into the live database" % label, imported.returncode == 0, imported.stderr)
    finally:
        shutil.rmtree(work)
    relationship_ids = {}

    def listed(node):
        def read():
            return send(node, "GET", "/api/v1/relationships", buyer)

        def seen(result):
            rels = (result[1] or {}).get("relationships", [])
            if rels:
                relationship_ids[node.name] = rels[0]["id"]
            return bool(rels)
        return read, seen

    for node in (b, a):
        read, seen = listed(node)
        seen_at_once("[%s] imported relationship visible on %s" % (label, node.name), read, seen)

    # --- share on one node, read as buyer on the other, revoke, refused on the other
    assessment = must("[%s] assessment created on A" % label, 201, send(a, "POST", "/api/v1/assessments", supplier,
                                                                          {"framework": "hoshitori-common"}))
    assessment_id = assessment["id"]
    must("[%s] assessment submitted on B" % label, 200,
         send(b, "POST", "/api/v1/assessments/%d/submit" % assessment_id, supplier, {"management_declaration": True}))
    share = must("[%s] shared with the buyer on A" % label, 201,
                 send(a, "POST", "/api/v1/shares", supplier,
                      {"assessment_id": assessment_id, "buyer_corporate_number": buyer_number, "detail": "details"}))
    # Node B must see the new share (it may have cached a refusal before).
    seen_at_once("[%s] share visible to the buyer on B" % label,
                   lambda: send(b, "GET", "/api/v1/assessments/%d" % assessment_id, buyer),
                   lambda r: r[0] == 200)
    for _ in range(3):  # cached on B now
        must("[%s] buyer reads the shared assessment on B" % label, 200,
             send(b, "GET", "/api/v1/assessments/%d" % assessment_id, buyer))
    board = must("[%s] buyer's board on B" % label, 200, send(b, "GET", "/api/v1/suppliers", buyer))
    must("[%s] supplier revokes the share on A" % label, 204, send(a, "DELETE", "/api/v1/shares/%d" % share["id"], supplier))
    seen_at_once("[%s] revoked share refused on B" % label,
                   lambda: send(b, "GET", "/api/v1/assessments/%d" % assessment_id, buyer),
                   lambda r: r[0] == 404)
    seen_at_once("[%s] revoked share gone from the buyer's board on B" % label,
                   lambda: send(b, "GET", "/api/v1/suppliers", buyer),
                   lambda r: r[0] == 200 and r[1] != board)

    # --- a relationship ended through one node leaves the other node's graph
    read, seen = listed(a)
    must("[%s] relationship cached on A" % label, 200, read())
    rel_id = next(iter(relationship_ids.values()), 0)
    must("[%s] buyer ends the relationship on B" % label, 200, send(b, "DELETE", "/api/v1/relationships/%d" % rel_id, buyer))
    seen_at_once("[%s] ended relationship gone on A" % label, read, lambda r: r[0] == 200 and not r[1]["relationships"])

    # --- sign out everywhere on A: the buyer's session and token are refused on B
    token = must("[%s] buyer makes an API token on B" % label, 201,
                 send(b, "POST", "/api/v1/tokens", buyer, {"name": "nodes", "scope": "read"}))
    token_caller = Caller(token=token["token"])
    for node in (a, b):
        must("[%s] token works on %s" % (label, node.name), 200, send(node, "GET", "/api/v1/me", token_caller))
        must("[%s] session works on %s" % (label, node.name), 200, send(node, "GET", "/api/v1/me", buyer))
    status, body, headers = send(b, "POST", "/api/v1/login", body={"email": "buyer%d@example.jp" % n,
                                                                   "password": "a long enough password"})
    check("[%s] buyer signs in again on B" % label, status == 200, str(body))
    second = Caller(cookie_of(headers), body["csrf_token"])
    must("[%s] second session works on B" % label, 200, send(b, "GET", "/api/v1/me", second))
    must("[%s] buyer signs out everywhere on A" % label, 204,
         send(a, "POST", "/api/v1/logout", buyer, {"everywhere": True}))
    seen_at_once("[%s] token refused on B" % label,
                   lambda: send(b, "GET", "/api/v1/me", token_caller), lambda r: r[0] == 401)
    seen_at_once("[%s] other session refused on B" % label,
                   lambda: send(b, "GET", "/api/v1/me", second), lambda r: r[0] == 401)

    # --- the operator removes a user with the command line: refused on both nodes. The
    # organisation first gets a second administrator (its last one cannot be removed).
    status, body, _ = send(a, "POST", "/api/v1/invitations", supplier,
                           {"email": "deputy%d@example.jp" % n, "role": "org_admin"})
    check("[%s] supplier invites a deputy administrator" % label, status == 201, str(body))
    status, body, _ = send(b, "POST", "/api/v1/invitations/accept", None,
                           {"token": body.get("token", ""), "display_name": "Deputy",
                            "password": "another long enough password"})
    check("[%s] deputy accepts on B" % label, status == 201, str(body))
    for node in (a, b):
        must("[%s] supplier signed in on %s" % (label, node.name), 200, send(node, "GET", "/api/v1/me", supplier))
    removed = subprocess.run([binary, "user", "remove", "supplier%d@example.jp" % n], capture_output=True, text=True)
    check("[%s] hoshitori user remove" % label, removed.returncode == 0, removed.stderr)
    for node in (a, b):
        seen_at_once("[%s] removed user refused on %s" % (label, node.name),
                       lambda: send(node, "GET", "/api/v1/me", supplier), lambda r: r[0] == 401)


def nginx_config(directory, nodes, port):
    """The upstream example of docs/deploy.md, with test paths."""
    servers = "".join("        server 127.0.0.1:%d;\n" % node.port for node in nodes)
    return f"""daemon off;
worker_processes 1;
pid {directory}/nginx.pid;
error_log {directory}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {directory}/body;
    proxy_temp_path {directory}/proxy;
    fastcgi_temp_path {directory}/fastcgi;
    uwsgi_temp_path {directory}/uwsgi;
    scgi_temp_path {directory}/scgi;
    upstream hoshitori {{
{servers}        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://hoshitori;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_next_upstream error timeout;
        }}
    }}
}}
"""


def free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    database = "hoshitori_nodes_%d" % os.getpid()
    db = database_url(database)
    psql("-c", "CREATE DATABASE " + database)
    log_dir = tempfile.mkdtemp()
    os.chmod(log_dir, 0o755)
    os.environ["HOSHITORI_DB"] = db
    os.environ["HOSHITORI_CATALOGS"] = os.path.join(source, "catalogs")
    nodes, nginx = [], None
    try:
        # Migrate once, so that the two nodes do not race to create the schema.
        subprocess.run([binary, "org", "list"], check=False, capture_output=True)
        for name in ("a", "b"):
            nodes.append(Node(name, db, log_dir))  # appended one by one: stopped even if b fails
        a, b = nodes
        say("node a on %s, node b on %s, database %s" % (a.url, b.url, database))
        run_flows(a, b, 1)
        if use_nginx:
            port = free_port()
            with open(os.path.join(log_dir, "nginx.conf"), "w") as f:
                f.write(nginx_config(log_dir, nodes, port))
            nginx = subprocess.Popen(["nginx", "-p", log_dir, "-c", os.path.join(log_dir, "nginx.conf")],
                                     stderr=subprocess.STDOUT, stdout=open(os.path.join(log_dir, "nginx.out"), "w"))
            front = type("Front", (), {"name": "nginx", "url": "http://127.0.0.1:%d" % port})()
            for _ in range(100):
                try:
                    urllib.request.urlopen(front.url + "/healthz", timeout=1)
                    break
                except (urllib.error.URLError, ConnectionError):
                    time.sleep(0.05)
            say("nginx on %s in front of both nodes" % front.url)
            # Through the balancer: every request may land on either node.
            run_flows(front, front, 2)
    finally:
        if nginx is not None:
            nginx.send_signal(signal.SIGQUIT)
            try:
                nginx.wait(timeout=10)
            except subprocess.TimeoutExpired:
                nginx.kill()
        for node in nodes:
            node.stop()
        if failures:
            for node in nodes:
                with open(os.path.join(log_dir, node.name + ".log")) as f:
                    say("log of node %s:\n%s" % (node.name, f.read()[-3000:]))
        shutil.rmtree(log_dir, ignore_errors=True)
        psql("-c", "DROP DATABASE " + database + " WITH (FORCE)")
    if latencies:
        say("%d changes seen by the other node at the first read; slowest read %.0f ms" % (len(latencies), max(latencies) * 1000))
    if failures:
        say("%d checks failed" % len(failures))
        return 1
    say("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
