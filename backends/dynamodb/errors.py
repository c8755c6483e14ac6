"""DynamoDB's errors, worded as DynamoDB words them."""

from __future__ import annotations

from hookmock.shapes import AWSError


def validation(message: str) -> AWSError:
    """DynamoDB's catch-all for bad input (not a modeled shape)."""
    return AWSError("ValidationException", message)


def invalid_parameter(detail: str) -> AWSError:
    return validation(f"One or more parameter values were invalid: {detail}")


def invalid_expression(kind: str, detail: str) -> AWSError:
    """A problem with one expression; ``kind`` is e.g. "ConditionExpression"."""
    return validation(f"Invalid {kind}: {detail}")


def table_not_found(name: str) -> AWSError:
    return AWSError(
        "ResourceNotFoundException", f"Requested resource not found: Table: {name} not found"
    )


def resource_not_found() -> AWSError:
    """What item operations say of a table that does not exist."""
    return AWSError("ResourceNotFoundException", "Requested resource not found")


def key_mismatch() -> AWSError:
    return validation("The provided key element does not match the schema")


def conditional_check_failed() -> AWSError:
    return AWSError("ConditionalCheckFailedException", "The conditional request failed")
