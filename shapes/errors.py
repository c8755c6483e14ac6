"""The one exception type backends raise for an AWS error response."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class AWSError(Exception):
    """An error AWS would return: code, message, HTTP status and modeled fields.

    ``fields`` holds the members of the modeled error shape beyond the
    message (S3's ``BucketName``, DynamoDB's ``CancellationReasons``, ...).
    ``sender_fault`` says whether AWS blames the caller (query protocols send
    it as ``Type``: Sender or Receiver). ``shape`` names the modeled error
    shape where ``code`` differs from it (query-compatible services).
    """

    def __init__(
        self,
        code: str,
        message: str,
        status: int = 400,
        *,
        sender_fault: bool = True,
        fields: Mapping[str, Any] | None = None,
        shape: str | None = None,
    ) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.shape = shape
        self.message = message
        self.status = status
        self.sender_fault = sender_fault
        self.fields: dict[str, Any] = dict(fields or {})


def modeled_error(
    service_model: Any,
    shape_name: str,
    message: str,
    *,
    query_code: str | None = None,
    **fields: Any,
) -> AWSError:
    """An AWSError for the service's modeled error ``shape_name``.

    Code, HTTP status and fault come from the model, so the client raises
    ``client.exceptions.<shape_name>`` exactly as it would against AWS.
    ``query_code`` is the legacy code a query-compatible JSON service (SQS)
    sends for it, which current models no longer carry.
    """
    shape = service_model.shape_for(shape_name)
    if not shape.metadata.get("exception"):
        raise ValueError(f"{shape_name} is not an error shape of {service_model.service_name}")
    spec = shape.metadata.get("error", {})
    status = int(spec.get("httpStatusCode", 400))
    return AWSError(
        query_code or spec.get("code", shape_name),
        message,
        status,
        sender_fault=bool(spec.get("senderFault", status < 500)),
        fields=fields,
        shape=shape_name,
    )
