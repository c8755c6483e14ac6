"""``hookmock.aws``: one object that is decorator, context manager and start()/stop()."""

from __future__ import annotations

import functools
import inspect
import sys
import unittest
from collections.abc import Callable
from types import TracebackType
from typing import Any, TypeVar, overload

from hookmock._authz import settings as access_settings
from hookmock._authz.settings import AccessSettings
from hookmock._clock import Clock
from hookmock._errors import ScopeError
from hookmock._hooks import carries_handlers, register_global_handlers
from hookmock._state import STATE, ScopeToken
from hookmock._world import World

T = TypeVar("T")


class MockScope:
    """A scope in which every botocore client in the process is answered by hookmock.

    The outermost active scope starts a fresh, empty world; scopes nested in it
    share that world. One object may be started more than once (a decorated
    function called recursively or from several threads); each stop() ends
    the most recent start() of this object.
    """

    def __init__(self, *, iam: bool = False) -> None:
        self._tokens: list[ScopeToken] = []
        self._iam = iam
        self._access_before: list[AccessSettings | None] = []

    def start(self) -> World:
        token = STATE.push_scope()
        self._tokens.append(token)
        if self._iam:
            self._access_before.append(access_settings.enable(token.world))
        else:
            # Fix the world's setting now (environment, set_initial_no_auth_action_count).
            access_settings.settings_of(token.world)
            self._access_before.append(None)
        return token.world

    def stop(self) -> None:
        if not self._tokens:
            raise ScopeError("hookmock.aws().stop() called on a scope that is not started")
        token = self._tokens.pop()
        before = self._access_before.pop()
        if before is not None:
            access_settings.restore(token.world, before)
        STATE.pop_scope(token)

    @property
    def world(self) -> World:
        """The world of this scope's most recent start()."""
        if not self._tokens:
            raise ScopeError("this hookmock scope is not started: it has no world")
        return self._tokens[-1].world

    def __enter__(self) -> World:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __call__(self, target: T) -> T:
        """Decorate a function, coroutine function, TestCase class or plain class."""
        if isinstance(target, type):
            return self._decorate_class(target)  # type: ignore[return-value]
        if not callable(target):
            raise TypeError(f"hookmock.aws cannot decorate {target!r}")
        return self._decorate_function(target)  # type: ignore[return-value]

    def _decorate_function(self, func: Callable[..., Any]) -> Callable[..., Any]:
        # Each call gets a scope of its own, held for as long as the body runs:
        # for generators (pytest yield-fixtures) that is until they are exhausted.
        if inspect.isasyncgenfunction(func):

            @functools.wraps(func)
            async def run_async_gen(*args: Any, **kwargs: Any) -> Any:
                with MockScope(iam=self._iam):
                    async for item in func(*args, **kwargs):
                        yield item

            return run_async_gen
        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def run_async(*args: Any, **kwargs: Any) -> Any:
                with MockScope(iam=self._iam):
                    return await func(*args, **kwargs)

            return run_async
        if inspect.isgeneratorfunction(func):

            @functools.wraps(func)
            def run_gen(*args: Any, **kwargs: Any) -> Any:
                with MockScope(iam=self._iam):
                    return (yield from func(*args, **kwargs))

            return run_gen

        @functools.wraps(func)
        def run(*args: Any, **kwargs: Any) -> Any:
            with MockScope(iam=self._iam):
                return func(*args, **kwargs)

        return run

    def _decorate_class(self, cls: type) -> type:
        if issubclass(cls, unittest.TestCase):
            # run() covers setUp, the test, tearDown and cleanups: they share one world.
            cls.run = self._decorate_function(cls.run)  # type: ignore[method-assign]
            return cls
        for name in dir(cls):
            attr = inspect.getattr_static(cls, name)
            if name.startswith("test") and inspect.isfunction(attr):
                setattr(cls, name, self._decorate_function(attr))
        _share_world_with_xunit_methods(cls, self._iam)
        return cls


def _share_world_with_xunit_methods(cls: type, iam: bool = False) -> None:
    """pytest's setup_method, the test and teardown_method share one world:
    the scope opens before setup_method and closes after teardown_method."""
    setup = inspect.getattr_static(cls, "setup_method", None)
    teardown = inspect.getattr_static(cls, "teardown_method", None)
    if setup is None and teardown is None:
        return

    def setup_method(self: Any, method: Any = None) -> None:
        # A stack, not one slot: a decorated subclass of a decorated class nests.
        scopes = self.__dict__.setdefault("_hookmock_scopes", [])
        scope = MockScope(iam=iam)
        scope.start()
        scopes.append(scope)
        try:
            if setup is not None:
                setup(self, method)
        except BaseException:
            scopes.remove(scope)
            scope.stop()
            raise

    def teardown_method(self: Any, method: Any = None) -> None:
        try:
            if teardown is not None:
                teardown(self, method)
        finally:
            scopes = self.__dict__.get("_hookmock_scopes")
            if scopes:
                scopes.pop().stop()

    cls.setup_method = setup_method  # type: ignore[attr-defined]
    cls.teardown_method = teardown_method  # type: ignore[attr-defined]


@overload
def aws(target: None = None, *, iam: bool = False) -> MockScope: ...
@overload
def aws(target: T, *, iam: bool = False) -> T: ...
def aws(target: Any = None, *, iam: bool = False) -> Any:
    """Mock every AWS client in the process: ``@aws``, ``@aws()``, ``with aws():``, or
    ``m = aws(); m.start(); ...; m.stop()``.

    ``iam=True`` turns access control on: calls signed with IAM users' or role
    sessions' keys are authenticated and authorized against their policies.
    """
    scope = MockScope(iam=iam)
    return scope if target is None else scope(target)


def clock() -> Clock:
    """The clock of the world the process is mocked in (``aws`` scope or ``install()``):
    ``hookmock.clock().advance(60)`` makes a minute pass for every backend."""
    world = STATE.world
    if world is None:
        raise ScopeError(
            "hookmock.clock() needs an active hookmock.aws scope or install(); "
            "under hookmock.activate() use handle.world.clock"
        )
    return world.clock


def _adopt_default_session() -> None:
    """boto3's default session may predate hookmock's import: give it the handlers."""
    boto3 = sys.modules.get("boto3")
    session = getattr(boto3, "DEFAULT_SESSION", None)
    if session is None:
        return
    emitter = session._session.get_component("event_emitter")
    if not carries_handlers(emitter):
        register_global_handlers(emitter)


STATE.on_activate.append(_adopt_default_session)
