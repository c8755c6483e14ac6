"""What a backend author writes against: Backend, Call, @operation and Service."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, Literal, TypeVar

import attrs

from hookmock._world import Principal, World
from hookmock.shapes.errors import AWSError, modeled_error
from hookmock.shapes.paginate import Seekable, invalid_token_error, paginate
from hookmock.shapes.validate import InputErrorFactory, default_input_error

Params = Mapping[str, Any]


@attrs.frozen
class Answer:
    """A result with more than members: the HTTP status (S3's 204 and 206), and
    members rendered as given, for what botocore's own after-call handlers put
    in a response outside the model (S3 GetBucketLocation's None)."""

    result: Mapping[str, Any] | None
    status: int = 200
    verbatim: Mapping[str, Any] = attrs.field(factory=dict)


Result = Mapping[str, Any] | Answer | None
Scope = Literal["region", "partition"]

_OPERATION_ATTR = "__hookmock_operation__"


@attrs.define(eq=False)
class Backend:
    """State of one service in one account and location.

    Dispatch holds ``lock`` around every operation unless the operation was
    declared with ``locked=False`` (long polls that wait must release it).
    """

    world: World = attrs.field(repr=False)
    account_id: str
    location: str
    lock: threading.RLock = attrs.field(factory=threading.RLock, init=False, repr=False)

    resource_fields: ClassVar[tuple[str, ...]] = ()
    """Fields that hold the backend's resources keyed by name or ARN (dicts or
    SortedIndexes), as ``resources`` lists them."""

    def resources(self) -> dict[str, list[str]]:
        """Resource kind → the names of this backend's resources of that kind, for
        the server's state dump and dashboard."""
        with self.lock:
            found: dict[str, list[str]] = {}
            for name in self.resource_fields:
                held = getattr(self, name)
                keys = held.sorted_keys() if hasattr(held, "sorted_keys") else sorted(held)
                found[name] = [str(key) for key in keys]
            return found


SERVED_AT = "hookmock.served_at"
"""The ``Call.context`` key under which the HTTP server puts the base URL its client
reached it at (``http://localhost:5000``); absent in-process. Backends that hand
out URLs to be called back (SQS queue URLs) point them there."""


@attrs.frozen
class Call:
    """Everything about one API call that is not its parameters."""

    world: World = attrs.field(repr=False)
    principal: Principal
    region: str
    partition: str
    request_id: str
    operation_model: Any = attrs.field(repr=False)
    context: Mapping[str, Any] = attrs.field(repr=False)
    endpoint: str = ""
    """The URL the client resolved for this call (where AWS would have received it)."""

    @property
    def account_id(self) -> str:
        return self.principal.account_id

    def paginate(
        self,
        params: Params,
        source: Seekable[T],
        render: Callable[[T], Any],
        *,
        default_limit: int,
        max_limit: int | None = None,
        scope: str = "",
        invalid_token: Callable[[Any, str], AWSError] = invalid_token_error,
        position_type: type | None = None,
    ) -> dict[str, Any]:
        """One page of ``source`` for this call, as the operation's paginator config says.

        ``scope`` binds tokens to the listed resource (a bucket, a table), so a
        token from another listing is rejected with ``invalid_token``, as is one
        whose position is not a ``position_type``.
        """
        return paginate(
            self.operation_model,
            params,
            source,
            render,
            default_limit=default_limit,
            max_limit=max_limit,
            scope=scope,
            invalid_token=invalid_token,
            position_type=position_type,
        )

    def error(
        self, shape_name: str, message: str, *, query_code: str | None = None, **fields: Any
    ) -> AWSError:
        """The service's modeled error ``shape_name``: ``raise call.error(...)``."""
        return modeled_error(
            self.operation_model.service_model,
            shape_name,
            message,
            query_code=query_code,
            **fields,
        )


Handler = Callable[[Any, Call, Params], Result]
F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


@attrs.frozen
class OperationSpec:
    name: str
    handler: Handler
    locked: bool = True
    input_error: InputErrorFactory | None = None
    unchecked: frozenset[str] = frozenset()


def operation(
    name: str,
    *,
    locked: bool = True,
    input_error: InputErrorFactory | None = None,
    unchecked: frozenset[str] = frozenset(),
) -> Callable[[F], F]:
    """Mark a backend method as the implementation of the AWS operation ``name``.

    ``locked=False`` runs it without the backend's lock (it must lock itself);
    ``input_error`` words this operation's validation failures its own way;
    ``unchecked`` names top-level input members handed over as sent, for
    members AWS accepts beyond their model (the backend checks them itself).
    """

    def mark(func: F) -> F:
        spec = OperationSpec(name, func, locked, input_error, frozenset(unchecked))
        setattr(func, _OPERATION_ATTR, spec)
        return func

    return mark


@attrs.frozen
class Service:
    """A service backend as dispatch sees it.

    ``scope`` says where the state lives: per region, or per partition for
    global services (IAM, STS identities, Route 53 ...); with
    ``shared_across_accounts`` one backend serves every account there (S3's
    bucket namespace), and operations read the caller's account from the
    call. ``input_error``
    words validation failures for services that do not use AWS's generic
    ValidationException/ValidationError form.
    """

    name: str
    backend_class: type[Backend]
    scope: Scope = "region"
    shared_across_accounts: bool = False
    input_error: InputErrorFactory = default_input_error
    operations: Mapping[str, OperationSpec] = attrs.field(init=False)

    @operations.default
    def _collect(self) -> Mapping[str, OperationSpec]:
        found: dict[str, OperationSpec] = {}
        for klass in reversed(self.backend_class.__mro__):
            for func in vars(klass).values():
                marked = getattr(func, _OPERATION_ATTR, None)
                if isinstance(marked, OperationSpec):
                    found[marked.name] = marked
        return found
