"""Process-wide mocking state: the install() world and the stack of aws scopes.

Handlers read ``STATE.world`` on every call without taking the lock: it is a
single attribute read, and every change to it happens under the lock.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from hookmock._errors import ScopeError
from hookmock._world import World


class ScopeToken:
    """One entry on the scope stack (one start() of one aws scope)."""

    __slots__ = ("world",)

    def __init__(self, world: World) -> None:
        self.world = world


class GlobalState:
    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.world: World | None = None
        self.installed_world: World | None = None
        self._scopes: list[ScopeToken] = []
        self.on_activate: list[Callable[[], None]] = []

    @property
    def scope_depth(self) -> int:
        return len(self._scopes)

    def push_scope(self) -> ScopeToken:
        """Enter an aws scope; the outermost one starts a fresh, empty world."""
        with self.lock:
            world = self._scopes[-1].world if self._scopes else World()
            token = ScopeToken(world)
            self._scopes.append(token)
            self._refresh()
            return token

    def pop_scope(self, token: ScopeToken) -> None:
        with self.lock:
            try:
                self._scopes.remove(token)
            except ValueError:
                raise ScopeError("this hookmock scope was already stopped") from None
            self._refresh()

    def install(self) -> World:
        with self.lock:
            if self.installed_world is None:
                self.installed_world = World()
                self._refresh()
            return self.installed_world

    def uninstall(self) -> None:
        with self.lock:
            self.installed_world = None
            self._refresh()

    def _refresh(self) -> None:
        was_active = self.world is not None
        self.world = self._scopes[-1].world if self._scopes else self.installed_world
        if self.world is not None and not was_active:
            for callback in self.on_activate:
                callback()


STATE = GlobalState()
