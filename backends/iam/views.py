"""Entities as IAM's responses show them."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from hookmock.backends.iam.models import Group, InstanceProfile, ManagedPolicy, Role, User


def encoded(document: str) -> str:
    """A policy document as IAM returns it: URL-encoded (botocore decodes it)."""
    return quote(document, safe="")


def _boundary(policy: ManagedPolicy | None) -> dict[str, Any]:
    if policy is None:
        return {}
    return {
        "PermissionsBoundary": {
            "PermissionsBoundaryType": "PermissionsBoundaryPolicy",
            "PermissionsBoundaryArn": policy.arn,
        }
    }


def _tags(listed: list[dict[str, str]]) -> dict[str, Any]:
    return {"Tags": listed} if listed else {}


def user(entity: User, *, full: bool = True) -> dict[str, Any]:
    """A user; listings leave out tags and the permissions boundary, as IAM's do."""
    shown: dict[str, Any] = {
        "Path": entity.path,
        "UserName": entity.name,
        "UserId": entity.unique_id,
        "Arn": entity.arn,
        "CreateDate": entity.created,
    }
    if full:
        shown.update(_boundary(entity.boundary))
        shown.update(_tags(entity.tags.listed()))
    return shown


def group(entity: Group) -> dict[str, Any]:
    return {
        "Path": entity.path,
        "GroupName": entity.name,
        "GroupId": entity.unique_id,
        "Arn": entity.arn,
        "CreateDate": entity.created,
    }


def role(entity: Role, *, full: bool = True, last_used: bool = True) -> dict[str, Any]:
    """A role; listings leave out tags, the boundary and RoleLastUsed, as IAM's do,
    and CreateRole's answer leaves out RoleLastUsed."""
    shown: dict[str, Any] = {
        "Path": entity.path,
        "RoleName": entity.name,
        "RoleId": entity.unique_id,
        "Arn": entity.arn,
        "CreateDate": entity.created,
        "AssumeRolePolicyDocument": encoded(entity.trust_policy),
        "MaxSessionDuration": entity.max_session_duration,
    }
    if entity.description is not None:
        shown["Description"] = entity.description
    if full:
        shown.update(_boundary(entity.boundary))
        shown.update(_tags(entity.tags.listed()))
    if full and last_used:
        used: dict[str, Any] = {}
        if entity.last_used is not None:
            used = {"LastUsedDate": entity.last_used, "Region": entity.last_used_region}
        shown["RoleLastUsed"] = used
    return shown


def policy(entity: ManagedPolicy, *, full: bool = True) -> dict[str, Any]:
    shown: dict[str, Any] = {
        "PolicyName": entity.name,
        "PolicyId": entity.policy_id,
        "Arn": entity.arn,
        "Path": entity.path,
        "DefaultVersionId": entity.default_version_id,
        "AttachmentCount": entity.attachment_count,
        "PermissionsBoundaryUsageCount": entity.boundary_count,
        "IsAttachable": True,
        "CreateDate": entity.created,
        "UpdateDate": entity.updated,
    }
    if full:
        if entity.description:
            shown["Description"] = entity.description
        shown.update(_tags(entity.tags.listed()))
    return shown


def instance_profile(entity: InstanceProfile) -> dict[str, Any]:
    shown: dict[str, Any] = {
        "Path": entity.path,
        "InstanceProfileName": entity.name,
        "InstanceProfileId": entity.profile_id,
        "Arn": entity.arn,
        "CreateDate": entity.created,
        "Roles": [] if entity.role is None else [role(entity.role, full=False)],
    }
    shown.update(_tags(entity.tags.listed()))
    return shown
