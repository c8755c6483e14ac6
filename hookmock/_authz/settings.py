"""Whether a world checks access, and how many calls it still lets through unchecked.

Off by default. ``aws(iam=True)`` / ``activate(..., iam=True)`` turn it on for a
world; the ``INITIAL_NO_AUTH_ACTION_COUNT`` environment variable (moto's) and
``set_initial_no_auth_action_count(n)`` turn it on with the first ``n`` calls
unchecked.
"""

from __future__ import annotations

import functools
import os
import threading
import weakref
from collections.abc import Callable
from types import TracebackType
from typing import Any, TypeVar

import attrs

from hookmock._world import World

ENV_VARIABLE = "INITIAL_NO_AUTH_ACTION_COUNT"

F = TypeVar("F", bound=Callable[..., Any])


@attrs.define
class AccessSettings:
    enabled: bool = False
    unchecked_left: int = 0
    """Calls still let through unchecked before checking starts."""


_settings: weakref.WeakKeyDictionary[World, AccessSettings] = weakref.WeakKeyDictionary()
_pending: list[int] = []
"""Counts of the ``set_initial_no_auth_action_count`` blocks being run, innermost last."""
_lock = threading.Lock()


def _initial() -> AccessSettings:
    if _pending:
        return AccessSettings(True, _pending[-1])
    raw = os.environ.get(ENV_VARIABLE)
    if raw is None:
        return AccessSettings()
    try:
        count = int(raw)
    except ValueError:
        count = 0
    return AccessSettings(True, max(count, 0))


def settings_of(world: World) -> AccessSettings:
    found = _settings.get(world)
    if found is not None:
        return found
    with _lock:
        return _settings.setdefault(world, _initial())


def enable(world: World, unchecked: int = 0) -> AccessSettings:
    """Turn access control on for ``world``; returns the settings it had before."""
    with _lock:
        before = _settings.get(world) or _initial()
        _settings[world] = AccessSettings(True, unchecked)
        return attrs.evolve(before)


def restore(world: World, before: AccessSettings) -> None:
    with _lock:
        _settings[world] = before


def should_check(world: World) -> bool:
    """Whether this call is checked; counts it against the unchecked allowance."""
    settings = settings_of(world)
    if not settings.enabled:
        return False
    with _lock:
        if settings.unchecked_left > 0:
            settings.unchecked_left -= 1
            return False
    return True


# Named as moto names it, so migrating users change only the import.
class set_initial_no_auth_action_count:
    """Access control on, the first ``count`` calls unchecked: a decorator (outside or
    inside ``@hookmock.aws``) or a context manager.

    Worlds started inside it (by ``hookmock.aws``) and the world already active when
    it starts get the setting; the active world gets its previous setting back at
    the end.
    """

    def __init__(self, count: int) -> None:
        self.count = count
        self._undo: list[tuple[World | None, AccessSettings | None]] = []

    def __enter__(self) -> None:
        from hookmock._state import STATE

        world = STATE.world
        with _lock:
            _pending.append(self.count)
        before = enable(world, self.count) if world is not None else None
        self._undo.append((world, before))

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        world, before = self._undo.pop()
        with _lock:
            _pending.pop()
        if world is not None and before is not None:
            restore(world, before)

    def __call__(self, func: F) -> F:
        import inspect

        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def run_async(*args: Any, **kwargs: Any) -> Any:
                with set_initial_no_auth_action_count(self.count):
                    return await func(*args, **kwargs)

            return run_async  # type: ignore[return-value]

        @functools.wraps(func)
        def run(*args: Any, **kwargs: Any) -> Any:
            with set_initial_no_auth_action_count(self.count):
                return func(*args, **kwargs)

        return run  # type: ignore[return-value]
