"""S3 access control lists: canned ACLs, x-amz-grant-* headers, AccessControlPolicy bodies.

Grants are kept as the dicts the model's ``Grant`` shape describes
(``{"Grantee": {"Type": ..., "ID" | "URI" | "EmailAddress": ...}, "Permission": ...}``),
so a stored ACL renders as it is. Buckets and objects share all of this.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from hookmock.backends._core import Params
from hookmock.backends.s3 import errors
from hookmock.shapes import AWSError

Grant = dict[str, Any]

ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"
AUTHENTICATED_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
LOG_DELIVERY = "http://acs.amazonaws.com/groups/s3/LogDelivery"
GROUPS = frozenset({ALL_USERS, AUTHENTICATED_USERS, LOG_DELIVERY})
PUBLIC_GROUPS = frozenset({ALL_USERS, AUTHENTICATED_USERS})

EC2_BUNDLE_READER = "6aa5a366c34c1cbe25dc49211496e913e0351eb0e8c37aa3477e40942ec6b97c"
"""The canonical user of Amazon EC2, which ``aws-exec-read`` lets read AMI bundles."""

GRANT_PARAMS: dict[str, tuple[str, str]] = {
    "GrantFullControl": ("FULL_CONTROL", "x-amz-grant-full-control"),
    "GrantRead": ("READ", "x-amz-grant-read"),
    "GrantReadACP": ("READ_ACP", "x-amz-grant-read-acp"),
    "GrantWrite": ("WRITE", "x-amz-grant-write"),
    "GrantWriteACP": ("WRITE_ACP", "x-amz-grant-write-acp"),
}
"""Request members carrying explicit grants → (permission, the header S3 names in errors)."""

_CANONICAL_ID = re.compile(r"[0-9a-f]{64}")
_MALFORMED_ACL = (
    "The XML you provided was not well-formed or did not validate against our published schema"
)


def user(canonical_id: str) -> dict[str, str]:
    return {"Type": "CanonicalUser", "ID": canonical_id}


def group(uri: str) -> dict[str, str]:
    return {"Type": "Group", "URI": uri}


def grant(grantee: Mapping[str, str], permission: str) -> Grant:
    return {"Grantee": dict(grantee), "Permission": permission}


def owner_full_control(owner_id: str) -> list[Grant]:
    """The ACL every bucket and object starts with (canned ``private``)."""
    return [grant(user(owner_id), "FULL_CONTROL")]


def canned_grants(acl: str, owner_id: str, bucket_owner_id: str | None = None) -> list[Grant]:
    """The grants of canned ACL ``acl`` for a resource owned by ``owner_id``.

    ``bucket_owner_id`` is the owner of the bucket an object is in: the
    ``bucket-owner-*`` ACLs grant to it, and add nothing when it is the
    object's owner too (or for a bucket itself, where S3 ignores them).
    """
    grants = owner_full_control(owner_id)
    if acl == "public-read":
        grants.append(grant(group(ALL_USERS), "READ"))
    elif acl == "public-read-write":
        grants += [grant(group(ALL_USERS), "READ"), grant(group(ALL_USERS), "WRITE")]
    elif acl == "authenticated-read":
        grants.append(grant(group(AUTHENTICATED_USERS), "READ"))
    elif acl == "log-delivery-write":
        grants += [grant(group(LOG_DELIVERY), "WRITE"), grant(group(LOG_DELIVERY), "READ_ACP")]
    elif acl == "aws-exec-read":
        grants.append(grant(user(EC2_BUNDLE_READER), "READ"))
    elif acl in ("bucket-owner-read", "bucket-owner-full-control"):
        if bucket_owner_id is not None and bucket_owner_id != owner_id:
            permission = "READ" if acl == "bucket-owner-read" else "FULL_CONTROL"
            grants.append(grant(user(bucket_owner_id), permission))
    elif acl != "private":
        raise errors.invalid_argument("", "x-amz-acl", acl)
    return grants


def grants_from_headers(params: Params) -> list[Grant] | None:
    """The grants of the x-amz-grant-* headers given, None when there are none."""
    given = [(name, params[name]) for name in GRANT_PARAMS if params.get(name) is not None]
    if not given:
        return None
    grants: list[Grant] = []
    for name, value in given:
        permission, header = GRANT_PARAMS[name]
        grants += [grant(grantee, permission) for grantee in _grantees(header, value)]
    return grants


def _grantees(header: str, value: str) -> list[dict[str, str]]:
    """``id="…", uri="…", emailAddress="…"``: comma-separated, values optionally quoted."""
    grantees = []
    for item in value.split(","):
        kind, sep, raw = item.strip().partition("=")
        kind = kind.strip()
        target = raw.strip().strip('"')
        if not sep or kind not in ("id", "uri", "emailAddress"):
            raise errors.invalid_argument("Argument format not recognized", header, item.strip())
        if kind == "uri":
            if target not in GROUPS:
                raise errors.invalid_argument("Invalid group uri", "uri", target)
            grantees.append(group(target))
        elif kind == "id":
            if not is_canonical_id(target):
                raise errors.invalid_argument("Invalid id", "id", target)
            grantees.append(user(target))
        else:
            grantees.append({"Type": "AmazonCustomerByEmail", "EmailAddress": target})
    return grantees


def grants_from_policy(policy: Params) -> list[Grant]:
    """The grants of an AccessControlPolicy body, checked as S3 checks them."""
    owner = policy.get("Owner")
    if owner is None or policy.get("Grants") is None:
        raise malformed_acl()
    if not is_canonical_id(owner.get("ID") or ""):
        raise errors.invalid_argument("Invalid id", "CanonicalUser/ID", owner.get("ID"))
    grants = []
    for item in policy["Grants"]:
        if item.get("Grantee") is None or item.get("Permission") is None:
            raise malformed_acl()
        grants.append(grant(checked_grantee(item["Grantee"]), item["Permission"]))
    return grants


def checked_grantee(grantee: Params) -> dict[str, str]:
    """A Grantee of a request body (an ACL's or a logging target's), kept as S3 keeps it."""
    kind = grantee.get("Type")
    if kind == "CanonicalUser":
        canonical_id = grantee.get("ID")
        if canonical_id is None:
            raise malformed_acl()
        if not is_canonical_id(canonical_id):
            raise errors.invalid_argument("Invalid id", "CanonicalUser/ID", canonical_id)
        return user(canonical_id)
    if kind == "Group":
        uri = grantee.get("URI")
        if uri is None:
            raise malformed_acl()
        if uri not in GROUPS:
            raise errors.invalid_argument("Invalid group uri", "Group/URI", uri)
        return group(uri)
    email = grantee.get("EmailAddress")
    if email is None:
        raise malformed_acl()
    return {"Type": "AmazonCustomerByEmail", "EmailAddress": email}


def requested_grants(
    params: Params, owner_id: str, bucket_owner_id: str | None = None
) -> list[Grant] | None:
    """The ACL a request sets through ``ACL``, ``Grant*`` or ``AccessControlPolicy``;
    None when it sets none. Canned ACLs and grant headers exclude each other, and
    a body excludes both."""
    canned = params.get("ACL")
    from_headers = grants_from_headers(params)
    body = params.get("AccessControlPolicy")
    if canned is not None and from_headers is not None:
        raise errors.invalid_request("Specifying both Canned ACLs and Header Grants is not allowed")
    if body is not None and (canned is not None or from_headers is not None):
        raise AWSError("UnexpectedContent", "This request does not support content")
    if canned is not None:
        return canned_grants(canned, owner_id, bucket_owner_id)
    if from_headers is not None:
        return from_headers
    if body is not None:
        return grants_from_policy(body)
    return None


def is_canonical_id(text: str) -> bool:
    return _CANONICAL_ID.fullmatch(text) is not None


def is_public(grants: list[Grant]) -> bool:
    """Whether an ACL grants anything to everyone or to every AWS account."""
    return any(item["Grantee"].get("URI") in PUBLIC_GROUPS for item in grants)


def grants_only_owner(grants: list[Grant], owner_id: str) -> bool:
    """Whether an ACL gives access to no one but ``owner_id`` (what S3 accepts once
    ACLs are disabled by the BucketOwnerEnforced object ownership)."""
    return all(
        item["Grantee"].get("Type") == "CanonicalUser" and item["Grantee"].get("ID") == owner_id
        for item in grants
    )


def described(grants: list[Grant], owner_id: str) -> dict[str, Any]:
    """A Get*Acl answer."""
    return {"Owner": {"ID": owner_id}, "Grants": [dict(item) for item in grants]}


def malformed_acl() -> AWSError:
    return AWSError("MalformedACLError", _MALFORMED_ACL)
