"""Texting a phone: what one SMS carries, and whether SNS could send it.

Nothing is sent anywhere: each text is recorded on the sending account's
SMS state (read it with ``hookmock.backends.sns.sms_messages``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hookmock.backends.sns.sms_models import E164, SmsAccount, SmsMessage

SENDER_ID = "AWS.SNS.SMS.SenderID"
SMS_TYPE = "AWS.SNS.SMS.SMSType"
MAX_PRICE = "AWS.SNS.SMS.MaxPrice"
ORIGINATION_NUMBER = "AWS.MM.SMS.OriginationNumber"
DEFAULT_SMS_TYPE = "Promotional"
OPTED_OUT = "Phone number is opted out"
NOT_VERIFIED = "Phone number is not verified in the SMS sandbox"


def normalized(endpoint: str) -> str:
    """An sms subscription's endpoint as an E.164 number (SNS takes dashes and
    a missing plus sign there)."""
    digits = endpoint.replace("-", "")
    return digits if digits.startswith("+") else "+" + digits


def _value(attributes: Mapping[str, Mapping[str, Any]], name: str) -> str | None:
    found = attributes.get(name)
    value = found.get("StringValue") if found is not None else None
    return value if isinstance(value, str) else None


def text(
    account: SmsAccount,
    phone_number: str,
    message: str,
    attributes: Mapping[str, Mapping[str, Any]],
    message_id: str,
    now: float,
    topic_arn: str | None = None,
) -> SmsMessage:
    """Record one SMS to ``phone_number``: delivered, unless the number opted out
    or the account is in the SMS sandbox and the number is not verified."""
    failure = None
    if not E164.fullmatch(phone_number):
        failure = "Invalid phone number"
    elif phone_number in account.opted_out:
        failure = OPTED_OUT
    elif not account.may_text(phone_number):
        failure = NOT_VERIFIED
    settings = account.attributes
    sent = SmsMessage(
        phone_number=phone_number,
        message=message,
        message_id=message_id,
        sms_type=_value(attributes, SMS_TYPE) or settings.get("DefaultSMSType") or DEFAULT_SMS_TYPE,
        sender_id=_value(attributes, SENDER_ID) or settings.get("DefaultSenderID") or None,
        sent_at=now,
        delivered=failure is None,
        failure=failure,
        topic_arn=topic_arn,
        max_price=_value(attributes, MAX_PRICE),
        origination_number=_value(attributes, ORIGINATION_NUMBER),
    )
    account.sent.append(sent)
    return sent
