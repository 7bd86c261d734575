#!/usr/bin/python3
"""An independent verifier and signer of Hoshitori's signed VEX, built on python3-jwcrypto.

It shares no code with Hoshitori: it reads the JWK Set, checks the EdDSA signature with
jwcrypto (through jwcrypto_peer.py's reader) and the header members itself (docs/sbom.md, "Signed VEX"). Used by vex_jwcrypto.sh.

  vex_jwcrypto_peer.py verify --jwks FILE [--payload-equals FILE] FILE
      prints "valid: ..." (exit 0) or "refused: REASON" (exit 1)
  vex_jwcrypto_peer.py sign --dir DIR --payload FILE [--forge-kid KID]
      writes DIR/key.jwk, DIR/jwks.json and DIR/signed.jws
"""
import argparse
import json
import sys
import time

from jwcrypto import jwk, jws

# The attestation peer's reader (same directory): b64url, the Refused reasons and the checked
# signature; this file adds only what a signed VEX has beyond an attestation's JWS.
from jwcrypto_peer import Refused, b64url_decode, verified_payload

VEX_TYPE = "hoshitori-vex+jws"
HEADER = {"alg", "kid", "typ", "iss", "sub", "iat"}


def verify(token, keyset):
    """The header, payload bytes and document of a signed VEX once jwcrypto has checked its
    signature (jwcrypto_peer.verified_payload: alg, typ, no crit, kid, signature)."""
    document = verified_payload(token, keyset, VEX_TYPE)
    header_part, payload_part, _ = token.split(".")
    header = json.loads(b64url_decode(header_part))
    if set(header) != HEADER:
        raise Refused("malformed")
    sub = header["sub"]
    if not (isinstance(sub, str) and len(sub) == 13 and sub.isdigit()):
        raise Refused("malformed")
    if not isinstance(header["iat"], int) or header["iat"] <= 0:
        raise Refused("malformed")
    if not document.get("@context", "").startswith("https://openvex.dev/ns"):
        raise Refused("malformed")
    return header, b64url_decode(payload_part), document


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
