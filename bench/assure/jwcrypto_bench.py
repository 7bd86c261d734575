#!/usr/bin/python3
"""The peer of assure_bench verify: python3-jwcrypto verifies the same attestations.

For each attestation of DIR/attestations.txt: jwcrypto deserialises the compact JWS, picks the
key by kid from the JWK Set and verifies the EdDSA signature; then the claims' dates and the
status bit are checked (the status list is verified and decompressed once, as Hoshitori does).
Prints CPU seconds, attestations per second per core and the verdict counts.
Usage: jwcrypto_bench.py DIR [LIMIT]
"""
import base64
import collections
import gzip
import json
import resource
import sys
import time

from jwcrypto import jwk, jws

VERIFY_AT = 1800000000


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def verified(token, keyset):
    header = json.loads(b64url_decode(token.split(".", 1)[0]))
    key = keyset.get_key(header.get("kid"))
    if key is None or header.get("alg") != "EdDSA":
        return None
    signed = jws.JWS()
    signed.deserialize(token)
    try:
        signed.verify(key, alg="EdDSA")
    except Exception:
        return None
    return json.loads(signed.payload)


def main():
    directory = sys.argv[1]
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else None
    tokens = open(directory + "/attestations.txt").read().split()[:limit]
    wall, cpu = time.perf_counter(), time.process_time()
    keyset = jwk.JWKSet.from_json(open(directory + "/jwks.json").read())
    status = verified(open(directory + "/status.jws").read().strip(), keyset)
    revoked = gzip.decompress(b64url_decode(status["revocation_list"][1:]))
    suspended = gzip.decompress(b64url_decode(status["suspension_list"][1:]))
    verdicts = collections.Counter()
    for token in tokens:
        claims = verified(token, keyset)
        if claims is None:
            verdicts["bad_signature"] += 1
        elif VERIFY_AT < claims["nbf"]:
            verdicts["not_yet_valid"] += 1
        elif VERIFY_AT >= claims["exp"]:
            verdicts["expired"] += 1
        elif claims["status"]["url"] != status["sub"]:
            verdicts["status_list_missing"] += 1
        else:
            index = claims["status"]["index"]
            if (revoked[index // 8] >> (7 - index % 8)) & 1:
                verdicts["revoked"] += 1
            elif (suspended[index // 8] >> (7 - index % 8)) & 1:
                verdicts["suspended"] += 1
            else:
                verdicts["valid"] += 1
    cpu_seconds = time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("jwcrypto verify: %d attestations, wall_s=%.2f cpu_s=%.2f per_s_per_core=%.0f "
          "peak_rss_mib=%.1f" % (len(tokens), time.perf_counter() - wall, cpu_seconds,
                                 len(tokens) / cpu_seconds, peak))
    print("jwcrypto verdicts: " + " ".join("%s=%d" % kv for kv in sorted(verdicts.items())))

    # The floor under any Python verifier on this machine: OpenSSL's Ed25519 verify alone
    # (through python3-cryptography, which jwcrypto calls), no JOSE parsing at all.
    public = keyset.get_key(json.loads(b64url_decode(tokens[0].split(".")[0]))["kid"])
    raw = public.get_op_key("verify")
    inputs = [(t.rsplit(".", 1)[0].encode(), b64url_decode(t.rsplit(".", 1)[1])) for t in tokens]
    cpu = time.process_time()
    for signing_input, signature in inputs:
        raw.verify(signature, signing_input)
    cpu_seconds = time.process_time() - cpu
    print("openssl signature only (python3-cryptography): cpu_s=%.2f per_s_per_core=%.0f"
          % (cpu_seconds, len(inputs) / cpu_seconds))


if __name__ == "__main__":
    main()
