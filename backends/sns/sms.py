"""SMS: account settings, opted-out numbers, the SMS sandbox, and Publish to a phone number.

State is per account and region, as on AWS. No text is sent: every SMS, and
every sandbox one-time password, is recorded (``hookmock.backends.sns.sms_messages``,
``sandbox_otp``); ``opt_out`` and ``leave_sms_sandbox`` stand in for what only
a phone's owner or AWS Support can do.
"""

from __future__ import annotations

import re
import secrets
import uuid

import attrs

from hookmock.backends._core import Call, Params, Result, operation
from hookmock.backends.sns import arns, errors, messages, texting
from hookmock.backends.sns.base import SnsBase
from hookmock.backends.sns.sms_models import E164, PENDING, VERIFIED, SandboxNumber
from hookmock.shapes import AWSError

DAY = 86400
OPT_IN_INTERVAL = 30 * DAY
"""A number can be opted back in only once every 30 days."""
MAX_SANDBOX_NUMBERS = 10
MAX_OTP_SENDS = 5
"""One-time passwords to one number within 24 hours."""
MAX_SMS_LENGTH = 1600
"""The most characters one SMS Publish may carry (SNS splits it into parts)."""
SMS_TYPES = ("Promotional", "Transactional")
_INTEGER = re.compile(r"[0-9]+")
_SENDER_ID = re.compile(r"[A-Za-z0-9]{1,11}")
_BUCKET = re.compile(r"[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9]")


def _check_attribute(call: Call, name: str, value: str) -> str:
    def invalid() -> AWSError:
        return errors.invalid_attributes(call, f"{name}: Invalid value [{value}]")

    if name == "MonthlySpendLimit":
        if not _INTEGER.fullmatch(value):
            raise invalid()
        return str(int(value))
    if name == "DeliveryStatusSuccessSamplingRate":
        if not _INTEGER.fullmatch(value) or int(value) > 100:
            raise invalid()
        return str(int(value))
    if name == "DefaultSMSType":
        if value not in SMS_TYPES:
            raise invalid()
        return value
    if name == "DefaultSenderID":
        if value and (not _SENDER_ID.fullmatch(value) or value.isdigit()):
            raise invalid()
        return value
    if name == "DeliveryStatusIAMRole":
        parsed = arns.parse(value)
        if value and (
            parsed is None or parsed.service != "iam" or not parsed.resource.startswith("role/")
        ):
            raise invalid()
        return value
    if name == "UsageReportS3Bucket":
        if value and (not _BUCKET.fullmatch(value) or ".." in value):
            raise invalid()
        return value
    raise errors.invalid_attributes(call, f"Invalid attribute name: {name}")


def _e164(call: Call, number: str, parameter: str = "PhoneNumber") -> str:
    if not E164.fullmatch(number):
        raise errors.invalid_parameter(call, parameter)
    return number


def _no_sandbox_number(call: Call) -> AWSError:
    return call.error(
        "ResourceNotFoundException",
        "Can't perform the action on the specified resource. Make sure that the resource exists.",
    )


@attrs.define(eq=False)
class SmsOperations(SnsBase):
    # -- settings -----------------------------------------------------------------

    @operation("SetSMSAttributes")
    def set_sms_attributes(self, call: Call, params: Params) -> Result:
        checked = {
            name: _check_attribute(call, name, value)
            for name, value in params["attributes"].items()
        }
        for name, value in checked.items():
            if value == "":
                self.sms.attributes.pop(name, None)
            else:
                self.sms.attributes[name] = value
        return {}

    @operation("GetSMSAttributes")
    def get_sms_attributes(self, call: Call, params: Params) -> Result:
        wanted = params.get("attributes")
        settings = self.sms.attributes
        if not wanted:
            return {"attributes": dict(settings)}
        return {"attributes": {name: settings[name] for name in wanted if name in settings}}

    # -- opting out and in -----------------------------------------------------------

    @operation("CheckIfPhoneNumberIsOptedOut")
    def check_if_phone_number_is_opted_out(self, call: Call, params: Params) -> Result:
        number = _e164(call, params["phoneNumber"], "phoneNumber")
        return {"isOptedOut": number in self.sms.opted_out}

    @operation("ListPhoneNumbersOptedOut")
    def list_phone_numbers_opted_out(self, call: Call, params: Params) -> Result:
        return call.paginate(
            params,
            self.sms.opted_out,
            lambda number: number,
            default_limit=100,
            invalid_token=lambda _model, _token: errors.invalid_parameter(call, "nextToken"),
            position_type=str,
        )

    @operation("OptInPhoneNumber")
    def opt_in_phone_number(self, call: Call, params: Params) -> Result:
        number = _e164(call, params["phoneNumber"], "phoneNumber")
        if number not in self.sms.opted_out:
            return {}
        now = self.now()
        last = self.sms.opted_in_at.get(number)
        if last is not None and now - last < OPT_IN_INTERVAL:
            raise errors.invalid_parameter(
                call, "phoneNumber Reason: a phone number can be opted in only once every 30 days"
            )
        self.sms.opted_out.discard(number)
        self.sms.opted_in_at[number] = now
        return {}

    # -- the SMS sandbox -------------------------------------------------------------

    @operation("GetSMSSandboxAccountStatus")
    def get_sms_sandbox_account_status(self, call: Call, params: Params) -> Result:
        return {"IsInSandbox": self.sms.in_sandbox}

    @operation("CreateSMSSandboxPhoneNumber")
    def create_sms_sandbox_phone_number(self, call: Call, params: Params) -> Result:
        number = _e164(call, params["PhoneNumber"])
        if number in self.sms.opted_out:
            raise call.error(
                "OptedOutException",
                "Phone number is opted out of receiving SMS messages from this account.",
            )
        now = self.now()
        entry = self.sms.sandbox.get(number)
        if entry is None:
            if len(self.sms.sandbox) >= MAX_SANDBOX_NUMBERS:
                raise call.error(
                    "UserErrorException",
                    f"The SMS sandbox allows at most {MAX_SANDBOX_NUMBERS} destination phone "
                    "numbers.",
                )
            entry = SandboxNumber(number, PENDING, "", "", now)
            self.sms.sandbox[number] = entry
        elif entry.status == VERIFIED:
            raise call.error("UserErrorException", "Phone number is already verified.")
        sends = entry.otp_sends
        while sends and sends[0] <= now - DAY:
            sends.popleft()
        if len(sends) >= MAX_OTP_SENDS:
            raise call.error(
                "UserErrorException",
                f"A one-time password can be sent to a phone number at most {MAX_OTP_SENDS} "
                "times every 24 hours.",
            )
        sends.append(now)
        entry.otp = f"{secrets.randbelow(10**6):06d}"
        entry.language = params.get("LanguageCode") or "en-US"
        entry.attempted_at = now
        return {}

    @operation("VerifySMSSandboxPhoneNumber")
    def verify_sms_sandbox_phone_number(self, call: Call, params: Params) -> Result:
        entry = self.sms.sandbox.get(params["PhoneNumber"])
        if entry is None:
            raise _no_sandbox_number(call)
        entry.attempted_at = self.now()
        if entry.status == VERIFIED:
            return {}
        if not secrets.compare_digest(params["OneTimePassword"], entry.otp):
            raise call.error(
                "VerificationException", "Invalid one-time password.", Status=entry.status
            )
        entry.status = VERIFIED
        return {}

    @operation("ListSMSSandboxPhoneNumbers")
    def list_sms_sandbox_phone_numbers(self, call: Call, params: Params) -> Result:
        return call.paginate(
            params,
            self.sms.sandbox,
            lambda entry: {"PhoneNumber": entry.phone_number, "Status": entry.status},
            default_limit=100,
            invalid_token=lambda _model, _token: errors.invalid_parameter(call, "NextToken"),
            position_type=str,
        )

    @operation("DeleteSMSSandboxPhoneNumber")
    def delete_sms_sandbox_phone_number(self, call: Call, params: Params) -> Result:
        entry = self.sms.sandbox.get(params["PhoneNumber"])
        if entry is None:
            raise _no_sandbox_number(call)
        if self.now() - entry.attempted_at < DAY:
            raise call.error(
                "UserErrorException",
                "A destination phone number can be deleted only 24 hours after its "
                "verification or last verification attempt.",
            )
        self.sms.sandbox.discard(entry.phone_number)
        return {}

    # -- Publish with PhoneNumber ------------------------------------------------------

    def publish_sms(self, call: Call, params: Params) -> Result:
        number = params["PhoneNumber"]
        if not E164.fullmatch(number):
            raise errors.invalid_parameter(
                call, f"PhoneNumber Reason: {number} is not valid to publish to"
            )
        message = params["Message"]
        messages.check_message(call, message)
        messages.check_subject(call, params.get("Subject"))
        structure = params.get("MessageStructure")
        if structure == "json":
            per_protocol = messages.per_protocol(call, message)
            message = per_protocol.get("sms", per_protocol["default"])
        elif structure is not None:
            raise errors.invalid_parameter(call, "MessageStructure")
        attributes = messages.checked_attributes(call, params.get("MessageAttributes"))
        if len(message) > MAX_SMS_LENGTH:
            raise errors.invalid_parameter(call, "Message too long")
        if not self.sms.may_text(number):
            raise errors.invalid_parameter(
                call, f"PhoneNumber Reason: {number} is not valid to publish to"
            )
        message_id = str(uuid.uuid4())
        texting.text(self.sms, number, message, attributes, message_id, self.now())
        return {"MessageId": message_id}
