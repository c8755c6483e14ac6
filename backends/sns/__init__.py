"""Amazon Simple Notification Service."""

from hookmock.backends.sns.backend import SERVICE, SnsBackend
from hookmock.backends.sns.models import Notification
from hookmock.backends.sns.sent import (
    leave_sms_sandbox,
    notifications,
    opt_out,
    sandbox_otp,
    sms_messages,
)
from hookmock.backends.sns.sms_models import SmsMessage

__all__ = [
    "SERVICE",
    "Notification",
    "SmsMessage",
    "SnsBackend",
    "leave_sms_sandbox",
    "notifications",
    "opt_out",
    "sandbox_otp",
    "sms_messages",
]
