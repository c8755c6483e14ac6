"""Amazon SNS: topics, subscriptions, publishing, delivery to SQS queues, mobile push and SMS."""

from __future__ import annotations

from typing import Any

import attrs

from hookmock.backends._core import Service
from hookmock.backends.sns.platform import PlatformOperations
from hookmock.backends.sns.publishing import PublishOperations
from hookmock.backends.sns.sms import SmsOperations
from hookmock.backends.sns.subscriptions import SubscriptionOperations
from hookmock.backends.sns.topics import TopicOperations
from hookmock.shapes import AWSError
from hookmock.shapes.validate import Violation, validation_message


@attrs.define(eq=False)
class SnsBackend(
    SmsOperations,
    PlatformOperations,
    TopicOperations,
    SubscriptionOperations,
    PublishOperations,
):
    pass


def input_error(service_model: Any, violations: list[Violation]) -> AWSError:
    """SNS reports a broken model constraint as InvalidParameter, in Coral's wording."""
    return AWSError(
        "InvalidParameter", validation_message(violations), shape="InvalidParameterException"
    )


SERVICE = Service("sns", SnsBackend, input_error=input_error)
__all__ = ["SERVICE", "SnsBackend"]
