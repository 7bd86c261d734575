#!/usr/bin/env python3
"""The peer of sbom_match_bench: matching SBOM components against OSV advisories the way a
user would write it in Python, with Debian's python3-packaging for PEP 440 versions and a
small SemVer 2.0 comparator for Go (and SEMVER ranges).

Reads the advisory files listed in --advisories (JSON or YAML, the OSV schema) and the
component list --components ("sbom<TAB>purl" per line), and prints one line:
  peer load SECONDS match SECONDS cpu SECONDS pairs N digest HEX
where the pairs are the distinct (sbom, purl, advisory id) with the advisory affecting the
component (listed in an affected entry's `versions`, or inside one of its SEMVER/ECOSYSTEM
ranges, per the OSV schema's evaluation; GIT ranges and unparseable versions never match),
and the digest is SHA-256 over the sorted lines "sbom\\tpurl\\tadvisory\\n".
"""
import argparse
import functools
import hashlib
import json
import time
from urllib.parse import unquote

import yaml
from packaging.version import InvalidVersion, Version

try:
    YamlLoader = yaml.CSafeLoader
except AttributeError:  # PyYAML without libyaml
    YamlLoader = yaml.SafeLoader


def load_advisory(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if text.lstrip().startswith(("{", "[")):
        return json.loads(text)
    return yaml.load(text, Loader=YamlLoader)


# --- SemVer 2.0 precedence ---------------------------------------------------------------

def parse_semver(text):
    if text.startswith("v"):
        text = text[1:]
    text = text.split("+", 1)[0]
    core, _, pre = text.partition("-")
    parts = core.split(".")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise ValueError(text)
    for p in parts:
        if len(p) > 1 and p[0] == "0":
            raise ValueError(text)
    pre_ids = pre.split(".") if pre else []
    for p in pre_ids:
        if not p or (p.isdigit() and len(p) > 1 and p[0] == "0"):
            raise ValueError(text)
    return (tuple(int(p) for p in parts), pre_ids)


def compare_semver(a, b):
    if a[0] != b[0]:
        return -1 if a[0] < b[0] else 1
    pa, pb = a[1], b[1]
    if not pa or not pb:
        return (len(pb) > 0) - (len(pa) > 0)  # a release sorts after its pre-releases
    for x, y in zip(pa, pb):
        if x == y:
            continue
        if x.isdigit() and y.isdigit():
            return -1 if int(x) < int(y) else 1
        if x.isdigit() != y.isdigit():
            return -1 if x.isdigit() else 1
        return -1 if x < y else 1
    return (len(pa) > len(pb)) - (len(pa) < len(pb))


SemVer = functools.cmp_to_key(compare_semver)


def semver(text):
    return SemVer(parse_semver(text))


# --- Package identities -------------------------------------------------------------------

def purl_key_and_version(purl):
    """'pkg:type/namespace/name@version' -> ('pkg:type/namespace/name', 'version')."""
    purl = purl.split("#", 1)[0].split("?", 1)[0]
    version = None
    at = purl.rfind("@")
    if at > purl.rfind("/"):
        purl, version = purl[:at], unquote(purl[at + 1:])
    scheme, _, rest = purl.partition(":")
    rest = rest.strip("/")
    ptype, _, path = rest.partition("/")
    segments = [unquote(s) for s in path.split("/") if s]
    ptype = ptype.lower()
    if ptype == "pypi":
        segments[-1] = segments[-1].lower().replace("_", "-")
    return "pkg:" + ptype + "/" + "/".join(segments), version


def entry_key(package):
    if package.get("purl"):
        return purl_key_and_version(package["purl"])[0]
    ecosystem, name = package.get("ecosystem", ""), package.get("name", "")
    if ecosystem == "PyPI":
        return "pkg:pypi/" + name.lower().replace("_", "-")
    if ecosystem == "Go" and "/" in name:
        return "pkg:golang/" + name
    return None


# --- OSV evaluation --------------------------------------------------------------------------

def in_range(version, range_, parse):
    try:
        v = parse(version)
        events = []
        limits = []
        for event in range_.get("events", []):
            (kind, value), = event.items()
            if kind == "limit":
                limits.append(None if "*" in value else parse(value))
                continue
            order = {"introduced": 0, "fixed": 1, "last_affected": 1}[kind]
            events.append((kind, None if (kind == "introduced" and value == "0") else parse(value),
                           order))
    except (ValueError, InvalidVersion):
        return False
    # Sort by version ("0" first), introduced before fixed/last_affected at the same version.
    events.sort(key=functools.cmp_to_key(
        lambda a, b: -1 if a[1] is None and b[1] is not None else
        1 if b[1] is None and a[1] is not None else
        (a[2] - b[2]) if a[1] is None or a[1] == b[1] else (-1 if a[1] < b[1] else 1)))
    affected = False
    for kind, value, _ in events:
        if kind == "introduced":
            if value is None or v >= value:
                affected = True
        elif kind == "fixed":
            if v >= value:
                affected = False
        elif v > value:  # last_affected
            affected = False
    if affected and limits:
        affected = any(limit is None or v < limit for limit in limits)
    return affected


def is_affected(version, ecosystem, entry):
    if ecosystem == "Go" and version.startswith("v"):
        version = version[1:]
    if version in entry.get("versions", []):
        return True
    for range_ in entry.get("ranges", []):
        kind = range_.get("type")
        if kind == "SEMVER" or (kind == "ECOSYSTEM" and ecosystem == "Go"):
            parse = semver
        elif kind == "ECOSYSTEM" and ecosystem == "PyPI":
            parse = Version
        else:
            continue
        if in_range(version, range_, parse):
            return True
    return False


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--advisories", required=True)
    parser.add_argument("--components", required=True)
    args = parser.parse_args()

    start = time.perf_counter()
    by_key = {}  # package key -> [(advisory id, ecosystem, entry)]
    with open(args.advisories, encoding="utf-8") as f:
        files = [line.rstrip("\n") for line in f if line.strip()]
    for path in files:
        advisory = load_advisory(path)
        if advisory.get("withdrawn"):
            continue
        for entry in advisory.get("affected", []):
            key = entry_key(entry.get("package", {}))
            if key:
                by_key.setdefault(key, []).append(
                    (advisory["id"], entry["package"].get("ecosystem", ""), entry))
    load_seconds = time.perf_counter() - start

    start = time.perf_counter()
    cpu_start = time.process_time()
    pairs = set()
    with open(args.components, encoding="utf-8") as f:
        for line in f:
            sbom, purl = line.rstrip("\n").split("\t")
            key, version = purl_key_and_version(purl)
            if version is None:
                continue
            for advisory_id, ecosystem, entry in by_key.get(key, ()):
                if is_affected(version, ecosystem, entry):
                    pairs.add((sbom, purl, advisory_id))
    match_seconds = time.perf_counter() - start
    match_cpu = time.process_time() - cpu_start

    digest = hashlib.sha256()
    for line in sorted(f"{sbom}\t{purl}\t{advisory_id}\n" for sbom, purl, advisory_id in pairs):
        digest.update(line.encode("utf-8"))
    print(f"peer load {load_seconds:.3f} match {match_seconds:.3f} cpu {match_cpu:.3f} "
          f"pairs {len(pairs)} "
          f"digest {digest.hexdigest()}")


if __name__ == "__main__":
    main()
