"""IAM's errors, worded as IAM words them."""

from __future__ import annotations

from hookmock.backends._core import Call
from hookmock.shapes import AWSError


def no_such_entity(call: Call, message: str) -> AWSError:
    return call.error("NoSuchEntityException", message)


def already_exists(call: Call, message: str) -> AWSError:
    return call.error("EntityAlreadyExistsException", message)


def delete_conflict(call: Call, message: str) -> AWSError:
    return call.error("DeleteConflictException", message)


def limit_exceeded(call: Call, message: str) -> AWSError:
    return call.error("LimitExceededException", message)


def quota_exceeded(call: Call, quota: str, value: int) -> AWSError:
    """IAM's wording when a count reaches its quota."""
    return limit_exceeded(call, f"Cannot exceed quota for {quota}: {value}")


def malformed(call: Call, message: str) -> AWSError:
    return call.error("MalformedPolicyDocumentException", message)


def invalid_input(call: Call, message: str) -> AWSError:
    return call.error("InvalidInputException", message)


def settable_status(call: Call, status: str, credential: str) -> str:
    """``status`` if a caller may set it on ``credential`` ("an access key", "an SSH
    key" ...): Active or Inactive. The model's third value, Expired, is AWS's to set."""
    if status not in ("Active", "Inactive"):
        raise invalid_input(call, f"Status {status} is not valid for {credential}.")
    return status


def no_such_user(call: Call, name: str) -> AWSError:
    return no_such_entity(call, f"The user with name {name} cannot be found.")


def no_such_group(call: Call, name: str) -> AWSError:
    return no_such_entity(call, f"The group with name {name} cannot be found.")


def no_such_role(call: Call, name: str) -> AWSError:
    return no_such_entity(call, f"The role with name {name} cannot be found.")


def no_such_policy(call: Call, arn: str) -> AWSError:
    return no_such_entity(call, f"Policy {arn} was not found.")


def not_attachable(call: Call, arn: str) -> AWSError:
    return no_such_entity(call, f"Policy {arn} does not exist or is not attachable.")


def unmodifiable_role(call: Call, name: str) -> AWSError:
    """What IAM answers when a call would change a service-linked role."""
    return call.error(
        "UnmodifiableEntityException",
        f"Cannot perform the operation on the protected role '{name}' "
        "- this role is only modifiable by AWS",
    )
