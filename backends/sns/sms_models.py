"""An account's SMS state in one region: settings, opt-outs, the sandbox and what was texted."""

from __future__ import annotations

import re
from collections import deque

import attrs

from hookmock.shapes.paginate import SortedIndex

PENDING, VERIFIED = "Pending", "Verified"
E164 = re.compile(r"\+[1-9][0-9]{1,14}")
"""A plus sign, a country code and at most 15 digits in all."""


@attrs.frozen
class SmsMessage:
    """One text SNS sent (or, where it could not, would have sent) to a phone."""

    phone_number: str
    message: str
    message_id: str
    sms_type: str
    """Promotional or Transactional: AWS.SNS.SMS.SMSType, else DefaultSMSType."""
    sender_id: str | None
    """AWS.SNS.SMS.SenderID, else DefaultSenderID."""
    sent_at: float
    delivered: bool
    failure: str | None = None
    """Why it was not delivered: the reason SNS's delivery status logs give."""
    topic_arn: str | None = None
    """The topic it was published to; None for a Publish with PhoneNumber."""
    max_price: str | None = None
    origination_number: str | None = None


@attrs.define(eq=False)
class SandboxNumber:
    phone_number: str
    status: str
    otp: str
    language: str
    attempted_at: float
    """When the number was last added, sent an OTP or verified: deletion waits 24 hours."""
    otp_sends: deque[float] = attrs.field(factory=deque)
    """When OTPs were sent within the last 24 hours (at most five)."""


@attrs.define(eq=False)
class SmsAccount:
    attributes: dict[str, str] = attrs.field(factory=dict)
    opted_out: SortedIndex[str, str] = attrs.field(factory=SortedIndex)
    opted_in_at: dict[str, float] = attrs.field(factory=dict)
    """When each number was last opted back in (OptInPhoneNumber: once every 30 days)."""
    in_sandbox: bool = True
    sandbox: SortedIndex[str, SandboxNumber] = attrs.field(factory=SortedIndex)
    sent: list[SmsMessage] = attrs.field(factory=list)

    def may_text(self, phone_number: str) -> bool:
        """Outside the sandbox any number; inside it only verified ones."""
        if not self.in_sandbox:
            return True
        entry = self.sandbox.get(phone_number)
        return entry is not None and entry.status == VERIFIED
