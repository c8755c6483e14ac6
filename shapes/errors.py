"""The one exception type backends raise for an AWS error response."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class AWSError(Exception):
    """An error AWS would return: code, message, HTTP status and modeled fields.

    ``fields`` holds the members of the modeled error shape beyond Code and
    Message (S3's ``BucketName``, DynamoDB's ``CancellationReasons``, ...).
    ``sender_fault`` says whether AWS blames the caller (query protocols send
    it as ``Type``: Sender or Receiver).
    """

    def __init__(
        self,
        code: str,
        message: str,
        status: int = 400,
        *,
        sender_fault: bool = True,
        fields: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status
        self.sender_fault = sender_fault
        self.fields: dict[str, Any] = dict(fields or {})
