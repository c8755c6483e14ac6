"""Amazon SQS: standard and FIFO queues, long polling, dead-letter queues."""

from __future__ import annotations

from typing import Any

import attrs

from hookmock.backends._core import Service
from hookmock.backends.sqs import errors
from hookmock.backends.sqs.messaging import MessageOperations
from hookmock.backends.sqs.queues import QueueOperations
from hookmock.backends.sqs.redrive import RedriveOperations
from hookmock.shapes import AWSError
from hookmock.shapes.validate import Violation, default_input_error


@attrs.define(eq=False)
class SqsBackend(QueueOperations, MessageOperations, RedriveOperations):
    resource_fields = ("queues",)


def input_error(service_model: Any, violations: list[Violation]) -> AWSError:
    """SQS names an unknown queue attribute instead of quoting the model's enum."""
    known = set(service_model.shape_for("QueueAttributeName").enum)
    for violation in violations:
        if violation.path in ("attributes", "attributeNames") and violation.value:
            for name in violation.value:
                if name not in known:
                    return AWSError(
                        "InvalidAttributeName",
                        f"Unknown Attribute {name}.",
                        shape="InvalidAttributeName",
                    )
    return default_input_error(service_model, violations)


SERVICE = Service("sqs", SqsBackend, input_error=input_error)
__all__ = ["SERVICE", "SqsBackend", "errors"]
