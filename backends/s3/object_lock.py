"""Object Lock: a bucket's default retention, per-version retention and legal holds,
and the deletes they forbid."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hookmock._clock import Clock
from hookmock.backends._core import Call, Params, Result, operation
from hookmock.backends.s3 import errors
from hookmock.backends.s3.models import Bucket, S3Object, now
from hookmock.backends.s3.versions import DeleteMarker, Version
from hookmock.shapes import AWSError

_COMPLIANCE = "COMPLIANCE"


def _missing_configuration() -> AWSError:
    return errors.invalid_request("Bucket is missing Object Lock Configuration")


def _access_denied() -> AWSError:
    return AWSError("AccessDenied", "Access Denied", 403)


def _no_lock_on_object() -> AWSError:
    return AWSError(
        "NoSuchObjectLockConfiguration",
        "The specified object does not have a ObjectLock configuration",
        404,
    )


def _in_future(until: dt.datetime, clock: Clock) -> dt.datetime:
    if until <= now(clock):
        raise errors.invalid_argument(
            "The retain until date must be in the future!", "RetainUntilDate", until.isoformat()
        )
    return until


def _default_until(rule: Params, start: dt.datetime) -> dt.datetime:
    retention = rule["DefaultRetention"]
    if "Days" in retention:
        return start + dt.timedelta(days=retention["Days"])
    years = retention["Years"]
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February in a year that has none
        return start.replace(year=start.year + years, day=28)


def lock_fields(bucket: Bucket, params: Params, clock: Clock) -> dict[str, Any]:
    """The Object Lock fields a new object gets: its request's, else the bucket's default."""
    mode = params.get("ObjectLockMode")
    until = params.get("ObjectLockRetainUntilDate")
    hold = params.get("ObjectLockLegalHoldStatus")
    if not bucket.object_lock_enabled:
        if mode is not None or until is not None or hold is not None:
            raise _missing_configuration()
        return {}
    if (mode is None) != (until is None):
        raise errors.invalid_argument(
            "x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be supplied",
            "x-amz-object-lock-retain-until-date" if until is None else "x-amz-object-lock-mode",
            "",
        )
    fields: dict[str, Any] = {"legal_hold": hold}
    if mode is not None and until is not None:
        fields.update(lock_mode=mode, lock_until=_in_future(until, clock))
    elif bucket.object_lock_rule is not None:
        rule = bucket.object_lock_rule
        fields.update(
            lock_mode=rule["DefaultRetention"]["Mode"], lock_until=_default_until(rule, now(clock))
        )
    return fields


def check_deletable(version: Version | None, bypass_governance: bool, clock: Clock) -> None:
    """Deleting a version for good: refused while a legal hold or retention protects it."""
    if version is None or isinstance(version, DeleteMarker):
        return
    if version.legal_hold == "ON":
        raise _access_denied()
    retained = version.lock_until is not None and version.lock_until > now(clock)
    if retained and (version.lock_mode == _COMPLIANCE or not bypass_governance):
        raise _access_denied()


class ObjectLockOperations:
    """Mixed into S3Backend; relies on its bucket and object lookups."""

    def _bucket(self, call: Call, params: Params) -> Bucket:
        raise NotImplementedError

    def _object(self, call: Call, params: Params) -> tuple[Bucket, S3Object]:
        raise NotImplementedError

    def _locked_object(self, call: Call, params: Params) -> S3Object:
        bucket, obj = self._object(call, params)
        if not bucket.object_lock_enabled:
            raise _missing_configuration()
        return obj

    @operation("PutObjectLockConfiguration")
    def put_object_lock_configuration(self, call: Call, params: Params) -> Result:
        bucket = self._bucket(call, params)
        configuration = params.get("ObjectLockConfiguration") or {}
        if configuration.get("ObjectLockEnabled") != "Enabled":
            raise errors.malformed_xml()
        rule = configuration.get("Rule")
        if rule is not None:
            retention = rule.get("DefaultRetention") or {}
            periods = [name for name in ("Days", "Years") if name in retention]
            if "Mode" not in retention or len(periods) != 1:
                raise errors.malformed_xml()
            if retention[periods[0]] <= 0:
                raise errors.invalid_argument(
                    "Default retention period must be a positive integer value",
                    periods[0],
                    retention[periods[0]],
                )
        if not bucket.object_lock_enabled and bucket.versioning != "Enabled":
            raise AWSError(
                "InvalidBucketState",
                "Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration",
                409,
            )
        bucket.object_lock_enabled = True
        bucket.object_lock_rule = dict(rule) if rule is not None else None
        return None

    @operation("GetObjectLockConfiguration")
    def get_object_lock_configuration(self, call: Call, params: Params) -> Result:
        bucket = self._bucket(call, params)
        if not bucket.object_lock_enabled:
            raise AWSError(
                "ObjectLockConfigurationNotFoundError",
                "Object Lock configuration does not exist for this bucket",
                404,
                fields={"BucketName": bucket.name},
            )
        return {
            "ObjectLockConfiguration": {
                "ObjectLockEnabled": "Enabled",
                "Rule": bucket.object_lock_rule,
            }
        }

    @operation("PutObjectRetention")
    def put_object_retention(self, call: Call, params: Params) -> Result:
        obj = self._locked_object(call, params)
        retention = params.get("Retention") or {}
        mode, until = retention.get("Mode"), retention.get("RetainUntilDate")
        if (mode is None) != (until is None):
            raise errors.malformed_xml()
        if until is not None:
            _in_future(until, call.world.clock)
        protected = obj.lock_until is not None and obj.lock_until > now(call.world.clock)
        if protected and obj.lock_until is not None:
            weakened = until is None or until < obj.lock_until or mode != obj.lock_mode
            if weakened and (
                obj.lock_mode == _COMPLIANCE or not params.get("BypassGovernanceRetention")
            ):
                raise _access_denied()
        obj.lock_mode, obj.lock_until = mode, until
        return None

    @operation("GetObjectRetention")
    def get_object_retention(self, call: Call, params: Params) -> Result:
        obj = self._locked_object(call, params)
        if obj.lock_mode is None:
            raise _no_lock_on_object()
        return {"Retention": {"Mode": obj.lock_mode, "RetainUntilDate": obj.lock_until}}

    @operation("PutObjectLegalHold")
    def put_object_legal_hold(self, call: Call, params: Params) -> Result:
        obj = self._locked_object(call, params)
        status = (params.get("LegalHold") or {}).get("Status")
        if status is None:
            raise errors.malformed_xml()
        obj.legal_hold = status
        return None

    @operation("GetObjectLegalHold")
    def get_object_legal_hold(self, call: Call, params: Params) -> Result:
        obj = self._locked_object(call, params)
        if obj.legal_hold is None:
            raise _no_lock_on_object()
        return {"LegalHold": {"Status": obj.legal_hold}}
