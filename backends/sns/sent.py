"""Reading what SNS sent, for endpoints hookmock does not serve (http, email,
push, SMS), and standing in for what only a phone's owner or AWS Support does."""

from __future__ import annotations

from typing import Any

from hookmock._world import World
from hookmock.backends.sns import arns
from hookmock.backends.sns.models import Notification
from hookmock.backends.sns.sms_models import E164, SmsMessage


def notifications(world: World, topic_arn: str) -> list[Notification]:
    """Everything SNS sent (or would have sent) for topic ``topic_arn``, or to the
    platform endpoint of that ARN, in ``world``, oldest first: notifications to
    every protocol but SQS, and subscription and unsubscribe confirmations to
    every protocol (their ``body`` carries the Token ConfirmSubscription takes)."""
    from hookmock.backends.sns.backend import SERVICE

    parsed = arns.parse(topic_arn)
    if parsed is None:
        raise ValueError(f"not a topic ARN: {topic_arn!r}")
    backend = world.backend(SERVICE, parsed.account, parsed.region)
    with backend.lock:
        if parsed.resource.startswith("endpoint/"):
            endpoint = backend.platform_endpoints.get(topic_arn)
            return list(endpoint.sent) if endpoint is not None else []
        topic = backend.topics.get(parsed.resource)
        return list(topic.sent) if topic is not None and topic.arn == topic_arn else []


def _sms_account(world: World, region: str, account_id: str | None) -> Any:
    from hookmock.backends.sns.backend import SERVICE

    return world.backend(SERVICE, account_id or world.default_account_id, region)


def sms_messages(
    world: World, region: str = "us-east-1", account_id: str | None = None
) -> list[SmsMessage]:
    """Every SMS the account (default: the world's default account) sent in
    ``region``, oldest first: by Publish with PhoneNumber and to the sms
    subscriptions of its topics. A text SNS could not deliver (opted-out number,
    unverified number in the SMS sandbox) has ``delivered`` False and a ``failure``."""
    backend = _sms_account(world, region, account_id)
    with backend.lock:
        return list(backend.sms.sent)


def sandbox_otp(
    world: World, phone_number: str, region: str = "us-east-1", account_id: str | None = None
) -> str:
    """The one-time password CreateSMSSandboxPhoneNumber last "texted" to
    ``phone_number``, for VerifySMSSandboxPhoneNumber. LookupError if the number
    is not in the account's SMS sandbox."""
    backend = _sms_account(world, region, account_id)
    with backend.lock:
        entry = backend.sms.sandbox.get(phone_number)
        if entry is None:
            raise LookupError(f"{phone_number} is not in the SMS sandbox of this account")
        otp: str = entry.otp
        return otp


def opt_out(
    world: World, phone_number: str, region: str = "us-east-1", account_id: str | None = None
) -> None:
    """The phone's owner replies STOP: ``phone_number`` opts out of the account's SMS."""
    if not E164.fullmatch(phone_number):
        raise ValueError(f"not an E.164 phone number: {phone_number!r}")
    backend = _sms_account(world, region, account_id)
    with backend.lock:
        backend.sms.opted_out[phone_number] = phone_number


def leave_sms_sandbox(
    world: World, region: str = "us-east-1", account_id: str | None = None
) -> None:
    """AWS Support moves the account out of the SMS sandbox in ``region``."""
    backend = _sms_account(world, region, account_id)
    with backend.lock:
        backend.sms.in_sandbox = False
