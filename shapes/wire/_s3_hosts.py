"""S3's virtual-host addressing: the bucket named by the Host header.

``bucket.s3.us-east-1.amazonaws.com``, ``bucket.s3.amazonaws.com``,
``bucket.s3.localhost:5000`` and ``bucket.localhost:5000`` name ``bucket``;
``s3.localhost``, ``localhost``, IP addresses and S3 Object Lambda's
``route.s3-object-lambda.…`` name none. A server may name more hosts
(``s3_hosts``): ``bucket.myhost:5000`` then names ``bucket``, ``myhost`` none.
"""

from __future__ import annotations

import ipaddress
import re

from hookmock.shapes.wire.request import WireRequest

_AWS = re.compile(r"(?P<bucket>.+)\.s3(?:[.-][a-z0-9-]+)*\.amazonaws\.com(?:\.cn)?")
_LOCAL = re.compile(r"(?P<bucket>.+?)(?:\.s3)?\.localhost")


def hostname(host: str) -> str:
    """``host`` without its port, lower-cased."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    name, _, port = host.rpartition(":")
    return name if name and port.isdigit() else host


def virtual_host_bucket(host: str, s3_hosts: tuple[str, ...] = ()) -> str | None:
    name = hostname(host)
    if not name:
        return None
    for known in s3_hosts:
        if name.endswith("." + known) and len(name) > len(known) + 1:
            return name[: -len(known) - 1]
        if name == known:
            return None
    try:
        ipaddress.ip_address(name)
    except ValueError:
        pass
    else:
        return None
    if "s3-object-lambda" in name:
        return None  # WriteGetObjectResponse: the first label is a request route
    found = _AWS.fullmatch(name) or _LOCAL.fullmatch(name)
    if found is None or found.group("bucket") == "s3":
        return None
    return found.group("bucket")


def s3_path(request: WireRequest) -> str:
    """The path-style path of an S3 request: the host's bucket, then the path."""
    bucket = virtual_host_bucket(request.host, request.s3_hosts)
    if bucket is None:
        return request.path
    return "/" + bucket + (request.path if request.path != "/" else "")
