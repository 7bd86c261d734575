#!/usr/bin/python3
"""An independent verifier and signer of Hoshitori's signed VEX, built on python3-jwcrypto.

It shares no code with Hoshitori: it reads the JWK Set, checks the EdDSA signature with
jwcrypto and the header members itself (docs/sbom.md, "Signed VEX"). Used by vex_jwcrypto.sh.

  vex_jwcrypto_peer.py verify --jwks FILE [--payload-equals FILE] FILE
      prints "valid: ..." (exit 0) or "refused: REASON" (exit 1)
  vex_jwcrypto_peer.py sign --dir DIR --payload FILE [--forge-kid KID]
      writes DIR/key.jwk, DIR/jwks.json and DIR/signed.jws
"""
import argparse
import base64
import json
import sys
import time

from jwcrypto import jwk, jws

VEX_TYPE = "hoshitori-vex+jws"
HEADER = {"alg", "kid", "typ", "iss", "sub", "iat"}


class Refused(Exception):
    pass


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def verify(token, keyset):
    """The header and payload bytes of a signed VEX once jwcrypto has checked its signature."""
    parts = token.split(".")
    if len(parts) != 3:
        raise Refused("malformed")
    try:
        header = json.loads(b64url_decode(parts[0]))
    except ValueError:
        raise Refused("malformed")
    if header.get("alg") != "EdDSA" or header.get("typ") != VEX_TYPE or set(header) != HEADER:
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
    sub = header["sub"]
    if not (isinstance(sub, str) and len(sub) == 13 and sub.isdigit()):
        raise Refused("malformed")
    if not isinstance(header["iat"], int) or header["iat"] <= 0:
        raise Refused("malformed")
    payload = signed.payload
    document = json.loads(payload)
    if not document.get("@context", "").startswith("https://openvex.dev/ns"):
        raise Refused("malformed")
    return header, payload, document


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("verify")
    v.add_argument("--jwks", required=True)
    v.add_argument("--payload-equals")
    v.add_argument("file")
    s = sub.add_parser("sign")
    s.add_argument("--dir", required=True)
    s.add_argument("--payload", required=True)
    s.add_argument("--forge-kid")
    args = parser.parse_args()

    if args.command == "verify":
        keyset = jwk.JWKSet.from_json(open(args.jwks).read())
        try:
            header, payload, document = verify(open(args.file).read().strip(), keyset)
        except Refused as refused:
            print("refused: %s" % refused)
            return 1
        if args.payload_equals and payload != open(args.payload_equals, "rb").read():
            print("refused: the payload differs from %s" % args.payload_equals)
            return 1
        print("valid: %s states %d statements (signed by %s at %d)" % (
            header["sub"], len(document["statements"]), header["iss"], header["iat"]))
        return 0

    key = jwk.JWK.generate(kty="OKP", crv="Ed25519")
    with open(args.dir + "/key.jwk", "w") as out:
        out.write(key.export_private())
    public = json.loads(key.export_public())
    public["kid"] = key.thumbprint()
    with open(args.dir + "/jwks.json", "w") as out:
        json.dump({"keys": [public]}, out)
    header = {"alg": "EdDSA", "kid": args.forge_kid or key.thumbprint(), "typ": VEX_TYPE,
              "iss": "https://peer.example", "sub": "8700110005901", "iat": int(time.time())}
    token = jws.JWS(open(args.payload, "rb").read())
    token.add_signature(key, alg="EdDSA", protected=json.dumps(header))
    with open(args.dir + "/signed.jws", "w") as out:
        out.write(token.serialize(compact=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
