#!/usr/bin/env python3
"""Drives a running `hoshitori serve` over HTTP until it issues an attestation (for
jwcrypto_cross.sh), the whole ★3 path of issue 14: the scheme operator accredits an expert on
the database; a supplier signs up, answers the hub and submits with its management declaration,
naming the expert's organisation; the expert accepts the engagement, reads the answers and
confirms. Then the attestation, the JWK Set, its status list, the certificate PDF and the
public verification page are fetched over HTTP, without signing in.

Usage:
  server_flow.py issue BASE_URL HOSHITORI DB OUT_DIR   writes OUT_DIR/{a.jws,jwks.json,status.jws,id,list,
                                                       certificate.pdf,verify.html,verify_url}
  server_flow.py get URL OUT_FILE                      writes the body of GET URL
  server_flow.py code URL                              prints the HTTP status of GET URL
Standard library only.
"""
import datetime
import http.cookiejar
import json
import subprocess
import sys
import urllib.error
import urllib.request

SUPPLIER = "7000012050002"
ASSESSOR = "2200300451234"
PASSWORD = "a long enough password for the test"


class Client:
    """One browser-less user: its own cookie jar and CSRF token."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.csrf = ""

    def call(self, method, path, body=None, want=(200, 201, 204), raw=False):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            request.add_header("content-type", "application/json")
        if self.csrf:
            request.add_header("x-csrf-token", self.csrf)
        try:
            with self.opener.open(request) as response:
                status, content = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, content = error.code, error.read()
        if status not in want:
            sys.exit(f"{method} {path}: HTTP {status}: {content.decode(errors='replace')}")
        if raw:
            return content
        text = content.decode()
        return json.loads(text) if text and text[0] in "{[" else text

    def signed_in(self, answer):
        self.csrf = answer["csrf_token"]
        return answer


def signup(base, number, email, industry):
    client = Client(base)
    client.signed_in(client.call("POST", "/api/v1/signup", {
        "corporate_number": number, "name": "組織 " + number, "industry": industry,
        "employees": 40, "email": email, "display_name": "Admin", "password": PASSWORD}))
    return client


def issue(base, hoshitori, db, out):
    supplier = signup(base, SUPPLIER, "admin@supplier.example", "E")
    body_admin = signup(base, ASSESSOR, "admin@assessor.example", "L")
    invited = body_admin.call("POST", "/api/v1/invitations",
                              {"email": "expert@assessor.example", "role": "member"})
    Client(base).call("POST", "/api/v1/invitations/accept", {
        "token": invited["token"], "display_name": "Expert", "password": PASSWORD})
    # Only the scheme operator, on the database, accredits an expert (which makes the user an
    # assessor); nobody accredits themselves.
    subprocess.run([hoshitori, "--db", db, "assessor", "accredit", "expert", "expert@assessor.example",
                    "--number", "RISS-000123", "--qualification", "情報処理安全確保支援士",
                    "--until", "2099-12-31"], check=True, stdout=subprocess.DEVNULL)
    expert = Client(base)
    expert.signed_in(expert.call("POST", "/api/v1/login", {
        "email": "expert@assessor.example", "password": PASSWORD}))

    assessment = supplier.call("POST", "/api/v1/assessments", {"framework": "hoshitori-common"})
    path = f"/api/v1/assessments/{assessment['id']}"
    hub = supplier.call("GET", "/api/v1/catalog/frameworks/hoshitori-common")
    answers = [{"ref": node["id"], "status": "implemented"}
               for node in hub["nodes"] if node["assessable"]]
    supplier.call("PATCH", path + "/answers", {"answers": answers})
    text = supplier.call("GET", "/api/v1/management-declaration")
    yesterday = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=1)).date()
    supplier.call("POST", path + "/submit", {
        "management_declaration": True, "assessor_corporate_number": ASSESSOR,
        "declaration": {"representative_name": "星取 太郎", "representative_title": "代表取締役",
                        "declared_on": yesterday.isoformat(), "text_version": text["version"]}})
    # The expert sees the answers only once it accepted the engagement.
    expert.call("GET", path + "/answers", want=(403, 404))
    engagement = supplier.call("GET", path + "/engagement")
    expert.call("POST", f"/api/v1/engagements/{engagement['id']}/accept", {})
    expert.call("GET", path + "/answers")
    confirmed = expert.call("POST", path + "/confirm", {})
    if confirmed["held"]["star"] != 3:
        sys.exit(f"confirmation did not hold ★3: {confirmed['held']}")

    own = supplier.call("GET", "/api/v1/attestations")["attestations"]
    if len(own) != 1:
        sys.exit(f"expected one attestation, got {len(own)}")
    attestation = own[0]
    public = Client(base)  # everything below needs no sign-in
    files = {
        "a.jws": public.call("GET", "/api/v1/attestations/" + attestation["id"]),
        "jwks.json": public.call("GET", "/.well-known/jwks.json"),
        "status.jws": public.call("GET", f"/status/{attestation['status_list']}"),
        "id": attestation["id"],
        "list": str(attestation["status_list"]),
        "verify_url": public.call("GET", f"/api/v1/attestations/{attestation['id']}/verification")["verify_url"],
        "verify.html": public.call("GET", "/verify/" + attestation["id"] + "?lang=ja"),
    }
    with open(f"{out}/certificate.pdf", "wb") as file:
        file.write(public.call("GET", f"/api/v1/attestations/{attestation['id']}/certificate", raw=True))
    for name, content in files.items():
        text = content if isinstance(content, str) else json.dumps(content)
        with open(f"{out}/{name}", "w", encoding="utf-8") as file:
            file.write(text + "\n")


def main(argv):
    if len(argv) == 6 and argv[1] == "issue":
        issue(argv[2], argv[3], argv[4], argv[5])
    elif len(argv) == 4 and argv[1] == "get":
        text = Client("").call("GET", argv[2])
        with open(argv[3], "w", encoding="utf-8") as file:
            file.write((text if isinstance(text, str) else json.dumps(text)) + "\n")
    elif len(argv) == 3 and argv[1] == "code":
        try:
            with urllib.request.urlopen(argv[2]) as response:
                print(response.status)
        except urllib.error.HTTPError as error:
            print(error.code)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
