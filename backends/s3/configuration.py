"""Bucket configurations: tagging, policy, ACL, CORS, lifecycle, default encryption,
website, public access block, ownership controls, notifications, transfer
acceleration, server access logging and request payment.

Each is stored on the Bucket as the request gave it (after S3's checks), so
the Get operations render it back as it was put.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from hookmock.backends._core import Answer, Call, Params, Result, operation
from hookmock.backends.s3 import acl, errors
from hookmock.backends.s3.configuration_checks import (
    checked_cors,
    checked_encryption,
    checked_lifecycle,
    checked_notification,
    checked_policy,
    checked_tags,
    checked_website,
    invalid_tag,
    policy_is_public,
)
from hookmock.backends.s3.models import Bucket, canonical_user_id
from hookmock.shapes import AWSError, IfModeled
from hookmock.shapes.paginate import SortedIndex
from hookmock.shapes.validate import Violation

PUBLIC_ACCESS_BLOCK_SETTINGS = (
    "BlockPublicAcls",
    "IgnorePublicAcls",
    "BlockPublicPolicy",
    "RestrictPublicBuckets",
)
DEFAULT_ENCRYPTION: dict[str, Any] = {
    "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"},
    "BucketKeyEnabled": False,
    # New buckets block SSE-C writes since April 2026.
    "BlockedEncryptionTypes": {"EncryptionType": ["SSE-C"]},
}
"""The default encryption rule of every bucket since January 2023 (SSE-S3)."""
DEFAULT_TRANSITION_MINIMUM_SIZE = "all_storage_classes_128K"


def default_encryption(bucket: Bucket) -> dict[str, Any]:
    """The bucket's default encryption rule (a ServerSideEncryptionRule): what
    PutObject applies when a request names no encryption of its own."""
    return bucket.encryption or copy.deepcopy(DEFAULT_ENCRYPTION)


def default_sse(bucket: Bucket) -> tuple[str, str | None, bool]:
    """(SSEAlgorithm, KMSMasterKeyID or None, BucketKeyEnabled) of the bucket's default."""
    rule = default_encryption(bucket)
    by_default = rule["ApplyServerSideEncryptionByDefault"]
    return (
        by_default["SSEAlgorithm"],
        by_default.get("KMSMasterKeyID"),
        bool(rule.get("BucketKeyEnabled")),
    )


def bucket_acl(bucket: Bucket) -> list[acl.Grant]:
    """The bucket's ACL: the owner's FULL_CONTROL unless one was put."""
    if bucket.acl is not None:
        return bucket.acl
    return acl.owner_full_control(canonical_user_id(bucket.owner))


def object_ownership(bucket: Bucket) -> str:
    """The ownership in effect: without ownership controls, the object writer owns."""
    return bucket.object_ownership or "ObjectWriter"


def blocks(bucket: Bucket, setting: str) -> bool:
    """Whether a block public access setting of the bucket is on."""
    return bool((bucket.public_access_block or {}).get(setting))


# --- errors -----------------------------------------------------------------------
def _not_found(code: str, message: str, bucket: Bucket) -> AWSError:
    return AWSError(code, message, 404, fields={"BucketName": bucket.name})


def _acls_not_supported() -> AWSError:
    return AWSError("AccessControlListNotSupported", "The bucket does not allow ACLs")


def _blocked(call: Call, action: str, bucket: Bucket, what: str, setting: str) -> AWSError:
    return AWSError(
        "AccessDenied",
        f"User: {call.principal.arn} is not authorized to perform: {action} on resource: "
        f'"arn:{call.partition}:s3:::{bucket.name}" because {what} are blocked by the '
        f"{setting} block public access setting.",
        403,
    )


def _tagging_input_error(service_model: Any, violations: list[Violation]) -> AWSError:
    """An empty tag key is InvalidTag for S3, not a generic validation failure."""
    first = violations[0]
    if first.path.endswith(".key") and ".tagSet." in first.path:
        return invalid_tag("The TagKey you have provided is invalid", str(first.value or ""))
    from hookmock.backends.s3.backend import s3_input_error

    return s3_input_error(service_model, violations)


def _notification_input_error(service_model: Any, violations: list[Violation]) -> AWSError:
    """An event name S3 does not know is its own InvalidArgument."""
    first = violations[0]
    if first.path.endswith(".events"):
        known = set(service_model.shape_for("Event").enum)
        unknown = next((e for e in first.value if e not in known), first.value)
        return errors.invalid_argument(
            "The event is not supported for notifications", "Event", unknown
        )
    from hookmock.backends.s3.backend import s3_input_error

    return s3_input_error(service_model, violations)


# --- the operations ---------------------------------------------------------------


class BucketConfigurationOperations:
    """Mixed into S3Backend; relies on its buckets and ``_bucket``."""

    buckets: SortedIndex[str, Bucket]

    def _bucket(self, call: Call, params: Params) -> Bucket:
        raise NotImplementedError

    # tagging

    @operation("PutBucketTagging", input_error=_tagging_input_error)
    def put_bucket_tagging(self, call: Call, params: Params) -> Result:
        bucket = self._bucket(call, params)
        bucket.tag_set = checked_tags(params["Tagging"]["TagSet"]) or None
        return None

    @operation("GetBucketTagging")
    def get_bucket_tagging(self, call: Call, params: Params) -> Result:
        bucket = self._bucket(call, params)
        if bucket.tag_set is None:
            raise _not_found("NoSuchTagSet", "The TagSet does not exist", bucket)
        return {"TagSet": [{"Key": k, "Value": v} for k, v in bucket.tag_set.items()]}

    @operation("DeleteBucketTagging")
    def delete_bucket_tagging(self, call: Call, params: Params) -> Result:
        self._bucket(call, params).tag_set = None
        return Answer(None, status=204)

    # policy

    @operation("PutBucketPolicy")
    def put_bucket_policy(self, call: Call, params: Params) -> Result:
        bucket = self._bucket(call, params)
        text = params["Policy"]
        if isinstance(text, bytes):
            text = text.decode()
        document = checked_policy(text, bucket.name)
        if blocks(bucket, "BlockPublicPolicy") and policy_is_public(document):
            raise _blocked(
                call, "s3:PutBucketPolicy", bucket, "public policies", "BlockPublicPolicy"
            )
        bucket.policy = text
        return Answer(None, status=204)

    def _policy(self, call: Call, params: Params) -> tuple[Bucket, str]:
        bucket = self._bucket(call, params)
        if bucket.policy is None:
            raise _not_found("NoSuchBucketPolicy", "The bucket policy does not exist", bucket)
        return bucket, bucket.policy

    @operation("GetBucketPolicy")
    def get_bucket_policy(self, call: Call, params: Params) -> Result:
        _, policy = self._policy(call, params)
        return {"Policy": policy}

    @operation("GetBucketPolicyStatus")
    def get_bucket_policy_status(self, call: Call, params: Params) -> Result:
        _, policy = self._policy(call, params)
        return {"PolicyStatus": {"IsPublic": policy_is_public(json.loads(policy))}}

    @operation("DeleteBucketPolicy")
    def delete_bucket_policy(self, call: Call, params: Params) -> Result:
        self._bucket(call, params).policy = None
        return Answer(None, status=204)

    # ACL

    @operation("GetBucketAcl")
    def get_bucket_acl(self, call: Call, params: Params) -> Result:
        bucket = self._bucket(call, params)
        return acl.described(bucket_acl(bucket), canonical_user_id(bucket.owner))

    @operation("PutBucketAcl")
    def put_bucket_acl(self, call: Call, params: Params) -> Result:
        bucket = self._bucket(call, params)
        owner = canonical_user_id(bucket.owner)
        grants = acl.requested_grants(params, owner)
        if grants is None:
            raise AWSError(
                "MissingSecurityHeader",
                "Your request was missing a required header",
                fields={"MissingHeaderName": "x-amz-acl"},
            )
        if object_ownership(bucket) == "BucketOwnerEnforced" and not acl.grants_only_owner(
            grants, owner
        ):
            raise _acls_not_supported()
        if blocks(bucket, "BlockPublicAcls") and acl.is_public(grants):
            raise _blocked(call, "s3:PutBucketAcl", bucket, "public ACLs", "BlockPublicAcls")
        bucket.acl = grants
        return None

    # CORS

    @operation("PutBucketCors")
    def put_bucket_cors(self, call: Call, params: Params) -> Result:
        bucket = self._bucket(call, params)
        bucket.cors_rules = checked_cors(params["CORSConfiguration"]["CORSRules"])
        return None

    @operation("GetBucketCors")
    def get_bucket_cors(self, call: Call, params: Params) -> Result:
        bucket = self._bucket(call, params)
        if bucket.cors_rules is None:
            raise _not_found(
                "NoSuchCORSConfiguration", "The CORS configuration does not exist", bucket
            )
        return {"CORSRules": bucket.cors_rules}

    @operation("DeleteBucketCors")
    def delete_bucket_cors(self, call: Call, params: Params) -> Result:
        self._bucket(call, params).cors_rules = None
        return Answer(None, status=204)

    # lifecycle

    @operation("PutBucketLifecycleConfiguration")
    def put_bucket_lifecycle_configuration(self, call: Call, params: Params) -> Result:
        bucket = self._bucket(call, params)
        configuration = params.get("LifecycleConfiguration") or {}
        rules = checked_lifecycle(configuration.get("Rules") or [])
        minimum = params.get("TransitionDefaultMinimumObjectSize")
        bucket.lifecycle = {
            "Rules": rules,
            "TransitionDefaultMinimumObjectSize": minimum or DEFAULT_TRANSITION_MINIMUM_SIZE,
        }
        return {
            "TransitionDefaultMinimumObjectSize": IfModeled(
                bucket.lifecycle["TransitionDefaultMinimumObjectSize"]
            )
        }

    @operation("GetBucketLifecycleConfiguration")
    def get_bucket_lifecycle_configuration(self, call: Call, params: Params) -> Result:
        bucket = self._bucket(call, params)
        if bucket.lifecycle is None:
            raise _not_found(
                "NoSuchLifecycleConfiguration", "The lifecycle configuration does not exist", bucket
            )
        return {
            "Rules": bucket.lifecycle["Rules"],
            "TransitionDefaultMinimumObjectSize": IfModeled(
                bucket.lifecycle["TransitionDefaultMinimumObjectSize"]
            ),
        }

    @operation("DeleteBucketLifecycle")
    def delete_bucket_lifecycle(self, call: Call, params: Params) -> Result:
        self._bucket(call, params).lifecycle = None
        return Answer(None, status=204)

    # default encryption

    @operation("PutBucketEncryption")
    def put_bucket_encryption(self, call: Call, params: Params) -> Result:
        bucket = self._bucket(call, params)
        configuration = params["ServerSideEncryptionConfiguration"]
        bucket.encryption = checked_encryption(configuration["Rules"])
        return None

    @operation("GetBucketEncryption")
    def get_bucket_encryption(self, call: Call, params: Params) -> Result:
        rule = dict(default_encryption(self._bucket(call, params)))
        if "BlockedEncryptionTypes" in rule:  # a member older models lack
            rule["BlockedEncryptionTypes"] = IfModeled(rule["BlockedEncryptionTypes"])
        return {"ServerSideEncryptionConfiguration": {"Rules": [rule]}}

    @operation("DeleteBucketEncryption")
    def delete_bucket_encryption(self, call: Call, params: Params) -> Result:
        self._bucket(call, params).encryption = None
        return Answer(None, status=204)

    # website

    @operation("PutBucketWebsite")
    def put_bucket_website(self, call: Call, params: Params) -> Result:
        bucket = self._bucket(call, params)
        bucket.website = checked_website(params["WebsiteConfiguration"])
        return None

    @operation("GetBucketWebsite")
    def get_bucket_website(self, call: Call, params: Params) -> Result:
        bucket = self._bucket(call, params)
        if bucket.website is None:
            raise _not_found(
                "NoSuchWebsiteConfiguration",
                "The specified bucket does not have a website configuration",
                bucket,
            )
        return bucket.website

    @operation("DeleteBucketWebsite")
    def delete_bucket_website(self, call: Call, params: Params) -> Result:
        self._bucket(call, params).website = None
        return Answer(None, status=204)

    # public access block

    @operation("PutPublicAccessBlock")
    def put_public_access_block(self, call: Call, params: Params) -> Result:
        bucket = self._bucket(call, params)
        given = params["PublicAccessBlockConfiguration"]
        if all(given.get(name) is None for name in PUBLIC_ACCESS_BLOCK_SETTINGS):
            raise errors.invalid_request("Must specify at least one configuration.")
        bucket.public_access_block = {
            name: bool(given.get(name)) for name in PUBLIC_ACCESS_BLOCK_SETTINGS
        }
        return None

    @operation("GetPublicAccessBlock")
    def get_public_access_block(self, call: Call, params: Params) -> Result:
        bucket = self._bucket(call, params)
        if bucket.public_access_block is None:
            raise _not_found(
                "NoSuchPublicAccessBlockConfiguration",
                "The public access block configuration was not found",
                bucket,
            )
        return {"PublicAccessBlockConfiguration": dict(bucket.public_access_block)}

    @operation("DeletePublicAccessBlock")
    def delete_public_access_block(self, call: Call, params: Params) -> Result:
        self._bucket(call, params).public_access_block = None
        return Answer(None, status=204)

    # ownership controls

    @operation("PutBucketOwnershipControls")
    def put_bucket_ownership_controls(self, call: Call, params: Params) -> Result:
        bucket = self._bucket(call, params)
        rules = params["OwnershipControls"]["Rules"]
        if len(rules) != 1:
            raise errors.malformed_xml()
        ownership = rules[0]["ObjectOwnership"]
        owner = canonical_user_id(bucket.owner)
        if ownership == "BucketOwnerEnforced" and not acl.grants_only_owner(
            bucket_acl(bucket), owner
        ):
            raise invalid_acl_with_ownership()
        bucket.object_ownership = ownership
        return None

    @operation("GetBucketOwnershipControls")
    def get_bucket_ownership_controls(self, call: Call, params: Params) -> Result:
        bucket = self._bucket(call, params)
        if bucket.object_ownership is None:
            raise _not_found(
                "OwnershipControlsNotFoundError",
                "The bucket ownership controls were not found",
                bucket,
            )
        return {"OwnershipControls": {"Rules": [{"ObjectOwnership": bucket.object_ownership}]}}

    @operation("DeleteBucketOwnershipControls")
    def delete_bucket_ownership_controls(self, call: Call, params: Params) -> Result:
        self._bucket(call, params).object_ownership = None
        return Answer(None, status=204)

    # notifications

    @operation("PutBucketNotificationConfiguration", input_error=_notification_input_error)
    def put_bucket_notification_configuration(self, call: Call, params: Params) -> Result:
        bucket = self._bucket(call, params)
        bucket.notification = checked_notification(
            params["NotificationConfiguration"], bucket.region
        )
        return None

    @operation("GetBucketNotificationConfiguration")
    def get_bucket_notification_configuration(self, call: Call, params: Params) -> Result:
        return dict(self._bucket(call, params).notification)

    # transfer acceleration

    @operation("PutBucketAccelerateConfiguration")
    def put_bucket_accelerate_configuration(self, call: Call, params: Params) -> Result:
        bucket = self._bucket(call, params)
        if "." in bucket.name:
            raise errors.invalid_request(
                "S3 Transfer Acceleration is not supported for buckets with periods (.) in "
                "their names"
            )
        bucket.accelerate = params["AccelerateConfiguration"].get("Status")
        return None

    @operation("GetBucketAccelerateConfiguration")
    def get_bucket_accelerate_configuration(self, call: Call, params: Params) -> Result:
        return {"Status": self._bucket(call, params).accelerate}

    # server access logging

    @operation("PutBucketLogging")
    def put_bucket_logging(self, call: Call, params: Params) -> Result:
        bucket = self._bucket(call, params)
        enabled = params["BucketLoggingStatus"].get("LoggingEnabled")
        if enabled is not None:
            enabled = self._checked_logging(bucket, enabled)
        bucket.logging = enabled
        return None

    def _checked_logging(self, bucket: Bucket, enabled: Params) -> dict[str, Any]:
        name = enabled["TargetBucket"]
        target = self.buckets.get(name)
        if target is None:
            raise AWSError(
                "InvalidTargetBucketForLogging",
                "The target bucket for logging does not exist",
                fields={"TargetBucket": name},
            )
        if target.owner != bucket.owner:
            raise AWSError(
                "InvalidTargetBucketForLogging",
                "The owner for the bucket to be logged and the target bucket must be the same.",
                fields={"TargetBucket": name},
            )
        if target.region != bucket.region:
            raise AWSError(
                "CrossLocationLoggingProhibitted",
                "Cross S3 location logging not allowed. ",
                403,
                fields={
                    "TargetBucketLocation": target.region,
                    "SourceBucketLocation": bucket.location_constraint,
                },
            )
        kept = dict(enabled)
        grants = enabled.get("TargetGrants")
        if grants:
            if object_ownership(target) == "BucketOwnerEnforced":
                raise AWSError(
                    "AccessControlListNotSupported",
                    "Target grants not allowed for bucket owner enforced buckets",
                )
            kept["TargetGrants"] = [
                acl.grant(acl.checked_grantee(item["Grantee"]), item["Permission"])
                for item in grants
            ]
        return kept

    @operation("GetBucketLogging")
    def get_bucket_logging(self, call: Call, params: Params) -> Result:
        return {"LoggingEnabled": self._bucket(call, params).logging}

    # request payment

    @operation("PutBucketRequestPayment")
    def put_bucket_request_payment(self, call: Call, params: Params) -> Result:
        bucket = self._bucket(call, params)
        bucket.request_payer = params["RequestPaymentConfiguration"]["Payer"]
        return None

    @operation("GetBucketRequestPayment")
    def get_bucket_request_payment(self, call: Call, params: Params) -> Result:
        return {"Payer": self._bucket(call, params).request_payer}


def invalid_acl_with_ownership() -> AWSError:
    return AWSError(
        "InvalidBucketAclWithObjectOwnership",
        "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting",
    )


def apply_creation_settings(bucket: Bucket, params: Params) -> None:
    """CreateBucket's ObjectOwnership and ACL (``ACL``, ``Grant*``) on a new bucket,
    before it is stored. Without ObjectOwnership a bucket gets BucketOwnerEnforced,
    which allows no ACL but the owner's own."""
    ownership = params.get("ObjectOwnership") or "BucketOwnerEnforced"
    owner = canonical_user_id(bucket.owner)
    grants = acl.requested_grants(params, owner)
    if grants is not None:
        if ownership == "BucketOwnerEnforced" and not acl.grants_only_owner(grants, owner):
            raise invalid_acl_with_ownership()
        if blocks(bucket, "BlockPublicAcls") and acl.is_public(grants):
            raise AWSError(
                "InvalidBucketAclWithBlockPublicAccessError",
                "Bucket cannot have public ACLs set with BlockPublicAccess enabled",
            )
        bucket.acl = grants
    bucket.object_ownership = ownership
