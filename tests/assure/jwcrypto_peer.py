#!/usr/bin/python3
"""An independent verifier and issuer of Hoshitori attestations, built on python3-jwcrypto.

It shares no code with Hoshitori: it reads the JWK Set, checks the EdDSA signature with
jwcrypto, checks the claims and dates itself, and decodes the GZIP bitstring status list with
Python's own gzip and base64. Used by jwcrypto_cross.sh and bench/assure/run.sh.

  jwcrypto_peer.py verify --jwks FILE [--status FILE] --now UNIX FILE
      prints "valid" (exit 0) or "refused: REASON" (exit 1)
  jwcrypto_peer.py issue --dir DIR --claims FILE [--revoke N] [--forge-kid KID]
      writes DIR/key.jwk, DIR/jwks.json, DIR/attestation.jws and DIR/status.jws
"""
import argparse
import base64
import gzip
import json
import sys
import time

from jwcrypto import jwk, jws

ATTESTATION_TYPE = "hoshitori-attestation+jwt"
STATUS_TYPE = "hoshitori-status-list+jwt"
REQUIRED = {"iss", "sub", "name", "level", "framework", "catalog_digest", "scope", "kind",
            "iat", "nbf", "exp", "evidence_digest", "status", "jti"}


class Refused(Exception):
    pass


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def verified_payload(token, keyset, typ):
    """The payload of a compact JWS once jwcrypto has checked its EdDSA signature."""
    parts = token.split(".")
    if len(parts) != 3:
        raise Refused("malformed")
    try:
        header = json.loads(b64url_decode(parts[0]))
    except ValueError:
        raise Refused("malformed")
    if header.get("alg") != "EdDSA" or header.get("typ") != typ or "crit" in header:
        raise Refused("malformed")
    key = keyset.get_key(header.get("kid"))
    if key is None:
        raise Refused("unknown_key")
    signed = jws.JWS()
    try:
        signed.deserialize(token)
        signed.verify(key, alg="EdDSA")
    except Exception:  # jwcrypto raises several types for a bad signature
        raise Refused("bad_signature")
    return json.loads(signed.payload)


def bit(encoded, index):
    if not encoded.startswith("u"):
        raise Refused("status_list_invalid")
    data = gzip.decompress(b64url_decode(encoded[1:]))
    if len(data) < 16384 or index >= len(data) * 8:
        raise Refused("status_list_invalid")
    return (data[index // 8] >> (7 - index % 8)) & 1


def verify(token, keyset, status_tokens, now):
    claims = verified_payload(token, keyset, ATTESTATION_TYPE)
    if set(claims) - REQUIRED - {"assessor"} or REQUIRED - set(claims):
        raise Refused("malformed")
    if not 1 <= claims["level"] <= 5 or len(claims["sub"]) != 13:
        raise Refused("malformed")
    if now < claims["nbf"]:
        raise Refused("not_yet_valid")
    if now >= claims["exp"]:
        raise Refused("expired")
    lists = []
    for status_token in status_tokens:
        try:
            lists.append(verified_payload(status_token, keyset, STATUS_TYPE))
        except Refused:
            raise Refused("status_list_invalid")
    status = claims["status"]
    matching = [s for s in lists if s["sub"] == status["url"] and s["iss"] == claims["iss"]]
    if not matching:
        raise Refused("status_list_missing")
    status_list = matching[0]
    if "exp" in status_list and now >= status_list["exp"]:
        raise Refused("status_list_invalid")
    if bit(status_list["revocation_list"], status["index"]):
        raise Refused("revoked")
    if bit(status_list["suspension_list"], status["index"]):
        raise Refused("suspended")
    return claims


def status_list_token(key, issuer, url, revoked, now):
    bits = bytearray(16384)
    for index in revoked:
        bits[index // 8] |= 0x80 >> (index % 8)
    empty = "u" + b64url(gzip.compress(bytes(16384)))
    payload = {"iss": issuer, "sub": url, "iat": now,
               "revocation_list": "u" + b64url(gzip.compress(bytes(bits))),
               "suspension_list": empty}
    return sign(key, key.thumbprint(), STATUS_TYPE, payload)


def sign(key, kid, typ, payload):
    token = jws.JWS(json.dumps(payload).encode())
    token.add_signature(key, alg="EdDSA",
                        protected=json.dumps({"alg": "EdDSA", "kid": kid, "typ": typ}))
    return token.serialize(compact=True)


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("verify")
    v.add_argument("--jwks", required=True)
    v.add_argument("--status", action="append", default=[])
    v.add_argument("--now", type=int, default=int(time.time()))
    v.add_argument("file")
    i = sub.add_parser("issue")
    i.add_argument("--dir", required=True)
    i.add_argument("--claims", required=True)
    i.add_argument("--revoke", type=int, action="append", default=[])
    i.add_argument("--forge-kid")
    args = parser.parse_args()

    if args.command == "verify":
        keyset = jwk.JWKSet.from_json(open(args.jwks).read())
        statuses = [open(path).read().strip() for path in args.status]
        try:
            claims = verify(open(args.file).read().strip(), keyset, statuses, args.now)
        except Refused as refused:
            print("refused: %s" % refused)
            return 1
        print("valid: %s level %d (%s) until %d" % (claims["sub"], claims["level"],
                                                   claims["kind"], claims["exp"]))
        return 0

    key = jwk.JWK.generate(kty="OKP", crv="Ed25519")
    claims = json.load(open(args.claims))
    with open(args.dir + "/key.jwk", "w") as out:
        out.write(key.export_private())
    public = json.loads(key.export_public())
    public["kid"] = key.thumbprint()
    with open(args.dir + "/jwks.json", "w") as out:
        json.dump({"keys": [public]}, out)
    with open(args.dir + "/attestation.jws", "w") as out:
        out.write(sign(key, args.forge_kid or key.thumbprint(), ATTESTATION_TYPE, claims))
    with open(args.dir + "/status.jws", "w") as out:
        out.write(status_list_token(key, claims["iss"], claims["status"]["url"], args.revoke,
                                    claims["iat"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
