"""The credential report: a CSV of every user's credentials, generated in the background.

Columns, their order and their N/A / not_supported / no_information values follow
the IAM User Guide's "Getting credential reports" (report format); a report
takes GENERATION_TIME of world time to generate and expires after four hours.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import attrs

from hookmock.backends._core import Call, Params, Result, operation
from hookmock.backends.iam.base import IamBase
from hookmock.backends.iam.models import AccessKey, SigningCertificate, User

GENERATION_TIME = dt.timedelta(seconds=1)
"""How long a report takes to generate: GetCredentialReport says ReportInProgress until then."""
LIFETIME = dt.timedelta(hours=4)
"""How long a report stays current: a newer one can be generated only after that."""

COLUMNS = (
    "user",
    "arn",
    "user_creation_time",
    "password_enabled",
    "password_last_used",
    "password_last_changed",
    "password_next_rotation",
    "mfa_active",
    *(
        f"access_key_{n}_{what}"
        for n in (1, 2)
        for what in (
            "active",
            "last_rotated",
            "last_used_date",
            "last_used_region",
            "last_used_service",
        )
    ),
    *(f"cert_{n}_{what}" for n in (1, 2) for what in ("active", "last_rotated")),
)

NA = "N/A"
NOT_SUPPORTED = "not_supported"
NO_INFORMATION = "no_information"
REGIONLESS_SERVICES = frozenset({"s3"})
"""Services whose use the report shows without a region, as the User Guide says of S3."""


@attrs.frozen
class Report:
    started: dt.datetime
    """When generation started (to the microsecond): the moment the report describes."""
    content: bytes

    @property
    def generated(self) -> dt.datetime:
        return self.started.replace(microsecond=0)

    def ready(self, now: dt.datetime) -> bool:
        return now >= self.started + GENERATION_TIME

    def expired(self, now: dt.datetime) -> bool:
        return now >= self.started + LIFETIME


def _time(value: dt.datetime) -> str:
    return value.astimezone(dt.timezone.utc).replace(microsecond=0).isoformat()


def _flag(value: bool) -> str:
    return "true" if value else "false"


@attrs.define(eq=False)
class CredentialReportOperations(IamBase):
    credential_report: Report | None = None

    def _key_columns(self, key: AccessKey | None) -> list[str]:
        if key is None:
            return ["false", NA, NA, NA, NA]
        active = key.status == "Active"
        used = self.world.last_use(key.key_id)
        if used is None:
            last = [NA, NA, NA]
        else:
            region = NA if used.service in REGIONLESS_SERVICES else used.region
            last = [_time(used.at), region, used.service]
        return [_flag(active), _time(key.created) if active else NA, *last]

    @staticmethod
    def _certificate_columns(certificate: SigningCertificate | None) -> list[str]:
        if certificate is None:
            return ["false", NA]
        active = certificate.status == "Active"
        return [_flag(active), _time(certificate.uploaded) if active else NA]

    def _user_row(self, user: User) -> list[str]:
        profile = user.login_profile
        if profile is None:
            password = ["false", NA, NA, NA]
        else:
            max_age = (self.password_policy or {}).get("MaxPasswordAge", 0)
            rotation = _time(profile.changed + dt.timedelta(days=max_age)) if max_age else NA
            # hookmock has no console to sign in to, so no password has been used.
            password = ["true", NO_INFORMATION, _time(profile.changed), rotation]
        keys: list[AccessKey | None] = [*user.access_keys.values(), None, None]
        certificates: list[SigningCertificate | None] = [
            *user.signing_certificates.values(),
            None,
            None,
        ]
        return [
            user.name,
            user.arn,
            _time(user.created),
            *password,
            _flag(bool(user.mfa_devices)),
            *self._key_columns(keys[0]),
            *self._key_columns(keys[1]),
            *self._certificate_columns(certificates[0]),
            *self._certificate_columns(certificates[1]),
        ]

    def _root_row(self) -> list[str]:
        # The root user's password, MFA, keys and certificates are not IAM's to manage here.
        return [
            "<root_account>",
            f"arn:{self.partition}:iam::{self.account_id}:root",
            _time(self.account_created),
            NOT_SUPPORTED,
            NO_INFORMATION,
            NOT_SUPPORTED,
            NOT_SUPPORTED,
            "false",
            *self._key_columns(None),
            *self._key_columns(None),
            *self._certificate_columns(None),
            *self._certificate_columns(None),
        ]

    def _csv(self) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerow(self._root_row())
        for user in self.users.values():
            writer.writerow(self._user_row(user))
        return out.getvalue().rstrip("\n").encode()

    @operation("GenerateCredentialReport")
    def generate_credential_report(self, call: Call, params: Params) -> Result:
        now = self.world.clock.now()
        report = self.credential_report
        if report is not None and not report.expired(now):
            return {"State": "COMPLETE" if report.ready(now) else "INPROGRESS"}
        description = (
            "No report exists. Starting a new report generation task"
            if report is None
            else "Report expired. Starting a new report generation task"
        )
        self.credential_report = Report(now, self._csv())
        return {"State": "STARTED", "Description": description}

    @operation("GetCredentialReport")
    def get_credential_report(self, call: Call, params: Params) -> Result:
        now = self.world.clock.now()
        report = self.credential_report
        if report is None:
            raise call.error(
                "CredentialReportNotPresentException",
                "Credential report not present. To generate a credential report, "
                "use GenerateCredentialReport.",
            )
        if report.expired(now):
            raise call.error(
                "CredentialReportExpiredException",
                "Credential report expired. To generate a new credential report, "
                "use GenerateCredentialReport.",
            )
        if not report.ready(now):
            raise call.error(
                "CredentialReportNotReadyException", "Credential report is still being generated."
            )
        return {
            "Content": report.content,
            "ReportFormat": "text/csv",
            "GeneratedTime": report.generated,
        }
