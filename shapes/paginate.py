"""Pagination driven by botocore's ``paginators-1.json``.

A backend hands over its results as a *seekable* source, ordered by a
position key; ``paginate`` reads the operation's token and limit parameters
(named by the paginator config), seeks past the position the token carries,
cuts one page and writes the result list, the next token and the
"more results" flag under the names the config gives. Seeking costs
O(log N), so listing N items page by page costs O(N log N) in all.

Tokens are opaque to callers and bound to the operation and to a scope the
backend names (a bucket, a table): a malformed token, or one minted for
another operation or scope, gets the service's error.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import functools
import json
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Generic, Protocol, TypeVar

import attrs
import botocore.session

from hookmock.shapes.errors import AWSError
from hookmock.shapes.protocols import validation_error_code

K = TypeVar("K")
V = TypeVar("V")
T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class Seekable(Protocol[T_co]):
    """Items in a stable order, each with a JSON-able position key."""

    def after(self, position: Any) -> Iterator[tuple[Any, T_co]]:
        """(position, item) pairs in order, starting after ``position`` (None: from the start)."""
        ...


@attrs.frozen
class PagingConfig:
    """One operation's entry of ``paginators-1.json``."""

    input_token: str
    output_token: str
    result_key: str
    limit_key: str | None = None
    more_results: str | None = None


@functools.cache
def _paginator_configs(service_name: str, api_version: str) -> Mapping[str, Any]:
    loader = botocore.session.get_session().get_component("data_loader")
    try:
        data = loader.load_service_model(service_name, "paginators-1", api_version)
    except Exception:  # botocore raises its own not-found errors; no file means no paging
        return {}
    return dict(data.get("pagination", {}))


def paging_config(operation_model: Any) -> PagingConfig:
    """The paginator config of ``operation_model`` (single input token and result list)."""
    service = operation_model.service_model
    raw = _paginator_configs(service.service_name, service.api_version).get(operation_model.name)
    if raw is None:
        raise ValueError(f"{service.service_name}:{operation_model.name} is not paginated")

    def first(value: Any) -> str:
        return str(value[0] if isinstance(value, list) else value)

    return PagingConfig(
        input_token=first(raw["input_token"]),
        output_token=first(raw["output_token"]),
        result_key=first(raw["result_key"]),
        limit_key=raw.get("limit_key"),
        more_results=raw.get("more_results"),
    )


def encode_token(operation: str, scope: str, position: Any) -> str:
    payload = json.dumps([operation, scope, position], separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def decode_token(token: str, operation: str, scope: str) -> Any:
    """The position ``token`` carries; ValueError if it is malformed or foreign."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        minted_for, minted_scope, position = json.loads(raw)
    except (binascii.Error, UnicodeDecodeError, ValueError, TypeError) as error:
        raise ValueError("malformed pagination token") from error
    if (minted_for, minted_scope) != (operation, scope):
        raise ValueError("pagination token belongs to another request")
    return position


def invalid_token_error(service_model: Any, token: str) -> AWSError:
    return AWSError(validation_error_code(service_model), f"Invalid pagination token: {token!r}")


def paginate(
    operation_model: Any,
    params: Mapping[str, Any],
    source: Seekable[T],
    render: Callable[[T], Any],
    *,
    default_limit: int,
    max_limit: int | None = None,
    scope: str = "",
    invalid_token: Callable[[Any, str], AWSError] = invalid_token_error,
    position_type: type | None = None,
) -> dict[str, Any]:
    """One page of ``source``: the output members the paginator config names.

    ``position_type`` is the type of ``source``'s positions: a token carrying
    another (forged, since tokens are minted here) is refused like a malformed one.
    """
    config = paging_config(operation_model)
    token = params.get(config.input_token)
    position = None
    if token is not None:
        try:
            position = decode_token(token, operation_model.name, scope)
        except ValueError:
            raise invalid_token(operation_model.service_model, token) from None
        if position_type is not None and type(position) is not position_type:
            raise invalid_token(operation_model.service_model, token)
    limit = params.get(config.limit_key) if config.limit_key else None
    limit = default_limit if limit is None else limit
    if max_limit is not None:
        limit = min(limit, max_limit)

    items: list[Any] = []
    last = None
    more = False
    for item_position, item in source.after(position):
        if len(items) == limit:
            more = True
            break
        items.append(render(item))
        last = item_position

    result: dict[str, Any] = {config.result_key: items}
    if more:
        result[config.output_token] = encode_token(operation_model.name, scope, last)
    if config.more_results:
        result[config.more_results] = more
    return result


_ABSENT = object()


class SortedIndex(Generic[K, V]):
    """A mapping that pages in key order: a dict plus a key list sorted lazily.

    Writes cost O(1); the key list is re-sorted only when a read follows new
    keys (Timsort on appended keys is close to linear), and each seek is a
    binary search. Keys must be mutually orderable and JSON-able.
    """

    def __init__(self) -> None:
        self._data: dict[K, V] = {}
        self._keys: list[K] = []
        self._stale = False

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def get(self, key: K, default: V | None = None) -> V | None:
        return self._data.get(key, default)

    def __setitem__(self, key: K, value: V) -> None:
        if key not in self._data:
            self._stale = True
        self._data[key] = value

    def __delitem__(self, key: K) -> None:
        del self._data[key]
        self._stale = True

    def pop(self, key: K, *default: V) -> V:
        if key in self._data:
            self._stale = True
        return self._data.pop(key, *default)

    def discard(self, key: K) -> None:
        if self._data.pop(key, _ABSENT) is not _ABSENT:
            self._stale = True

    def values(self) -> Iterator[V]:
        return (value for _, value in self.after(None))

    def sorted_keys(self) -> list[K]:
        if self._stale:
            self._keys = sorted(self._data)  # type: ignore[type-var]
            self._stale = False
        return self._keys

    def after(self, position: Any, *, inclusive: bool = False) -> Iterator[tuple[K, V]]:
        """(key, value) in key order from just after ``position`` (or at it, if inclusive)."""
        keys = self.sorted_keys()
        if position is None:
            start = 0
        elif inclusive:
            start = bisect.bisect_left(keys, position)
        else:
            start = bisect.bisect_right(keys, position)
        data = self._data
        for index in range(start, len(keys)):
            key = keys[index]
            if key in data:
                yield key, data[key]


class ListSource(Generic[T]):
    """A list paged by index, for collections whose order is their insertion order."""

    def __init__(self, items: list[T]) -> None:
        self._items = items

    def after(self, position: Any) -> Iterator[tuple[int, T]]:
        start = 0 if position is None else int(position) + 1
        for index in range(start, len(self._items)):
            yield index, self._items[index]


class Filtered(Generic[T]):
    """The items of another seekable source that ``keep`` accepts, in its order."""

    def __init__(self, source: Seekable[T], keep: Callable[[T], bool]) -> None:
        self._source = source
        self._keep = keep

    def after(self, position: Any) -> Iterator[tuple[Any, T]]:
        return ((at, item) for at, item in self._source.after(position) if self._keep(item))
