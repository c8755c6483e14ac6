"""hookmock.aws in every form: decorator, class decorator, context manager, start/stop."""

from __future__ import annotations

import asyncio
import unittest
from collections.abc import AsyncIterator, Iterator
from typing import ClassVar

import pytest

import hookmock
from hookmock._state import STATE

from helpers import DEFAULT_ARN, add_identity, caller_account, current_world, sts, sts_as


def test_bare_decorator_mocks_the_call() -> None:
    @hookmock.aws
    def check() -> dict[str, str]:
        return sts().get_caller_identity()

    identity = check()
    assert identity["Account"] == "123456789012"
    assert identity["Arn"] == DEFAULT_ARN
    assert identity["UserId"] == "123456789012"
    assert STATE.world is None


def test_called_decorator_keeps_the_function_signature() -> None:
    @hookmock.aws()
    def check(a: int, b: int = 2) -> tuple[int, str]:
        return a + b, caller_account()

    assert check(1) == (3, "123456789012")
    assert check.__name__ == "check"
    assert STATE.world is None


def test_coroutine_function_is_mocked_while_it_runs() -> None:
    @hookmock.aws
    async def check() -> str:
        await asyncio.sleep(0)
        return caller_account()

    assert asyncio.run(check()) == "123456789012"
    assert STATE.world is None


def test_context_manager_yields_the_world() -> None:
    with hookmock.aws() as world:
        assert isinstance(world, hookmock.World)
        add_identity(world, "AKIAWORLDKEY00000001", "111111111111")
        assert caller_account(sts_as("AKIAWORLDKEY00000001")) == "111111111111"
    assert STATE.world is None


def test_start_and_stop() -> None:
    mock = hookmock.aws()
    world = mock.start()
    try:
        assert mock.world is world
        assert caller_account() == "123456789012"
    finally:
        mock.stop()
    assert STATE.world is None
    with pytest.raises(hookmock.HookmockError, match="not started"):
        mock.stop()


def test_nested_scopes_share_the_outer_world() -> None:
    with hookmock.aws() as outer:
        add_identity(outer, "AKIANESTED0000000001", "222222222222")
        with hookmock.aws() as inner:
            assert inner is outer
            assert caller_account(sts_as("AKIANESTED0000000001")) == "222222222222"
        assert STATE.world is outer
        assert caller_account(sts_as("AKIANESTED0000000001")) == "222222222222"


def test_each_outermost_scope_starts_a_fresh_world() -> None:
    with hookmock.aws() as first:
        add_identity(first, "AKIAFRESH00000000001", "333333333333")
        assert caller_account(sts_as("AKIAFRESH00000000001")) == "333333333333"
    with hookmock.aws() as second:
        assert second is not first
        assert caller_account(sts_as("AKIAFRESH00000000001")) == "123456789012"


def test_one_scope_object_can_be_reentered() -> None:
    mock = hookmock.aws()
    with mock as world, mock as again:
        assert again is world
    assert STATE.world is None


def test_stopping_out_of_order_keeps_the_other_scope() -> None:
    first, second = hookmock.aws(), hookmock.aws()
    world = first.start()
    second.start()
    first.stop()
    assert STATE.world is world
    second.stop()
    assert STATE.world is None


def test_decorating_something_not_callable_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="cannot decorate"):
        hookmock.aws(42)


@hookmock.aws
class TestPlainClassDecorator:
    def helper(self) -> object:
        return STATE.world

    def test_methods_are_mocked(self) -> None:
        assert caller_account() == "123456789012"

    def test_helpers_are_left_alone(self) -> None:
        assert STATE.world is not None  # inside the decorated test
        assert type(self).helper.__name__ == "helper"
        assert not hasattr(type(self).helper, "__wrapped__")


@hookmock.aws
class DecoratedTestCase(unittest.TestCase):
    """setUp, the test and tearDown must all see one world."""

    seen: ClassVar[list[object]] = []

    def setUp(self) -> None:
        self.world = current_world()
        add_identity(self.world, "AKIATESTCASE00000001", "444444444444")
        self.seen.append(self.world)

    def test_sees_what_setup_made(self) -> None:
        assert current_world() is self.world
        assert caller_account(sts_as("AKIATESTCASE00000001")) == "444444444444"

    def tearDown(self) -> None:
        assert current_world() is self.world
        assert caller_account(sts_as("AKIATESTCASE00000001")) == "444444444444"


def test_testcase_class_decorator_shares_one_world_across_setup_test_teardown() -> None:
    DecoratedTestCase.seen.clear()
    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromTestCase(DecoratedTestCase).run(result)
    assert result.wasSuccessful(), result.failures + result.errors
    assert result.testsRun == 1
    assert len(DecoratedTestCase.seen) == 1
    assert STATE.world is None


def test_generator_function_stays_mocked_until_exhausted() -> None:
    @hookmock.aws
    def accounts() -> Iterator[str]:
        yield caller_account()
        yield caller_account()

    produced = accounts()
    assert STATE.world is None  # nothing runs before the first next()
    assert next(produced) == "123456789012"
    assert STATE.world is not None
    assert list(produced) == ["123456789012"]
    assert STATE.world is None


def test_async_generator_function_stays_mocked_while_iterated() -> None:
    @hookmock.aws
    async def accounts() -> AsyncIterator[str]:
        yield caller_account()

    async def collect() -> list[str]:
        return [account async for account in accounts()]

    assert asyncio.run(collect()) == ["123456789012"]
    assert STATE.world is None


class _InheritedTests:
    def test_inherited(self) -> None:
        assert caller_account() == "123456789012"


@hookmock.aws
class TestXunitMethodsShareTheTestsWorld(_InheritedTests):
    worlds: ClassVar[list[object]] = []

    def setup_method(self, method: object) -> None:
        self.world = current_world()
        add_identity(self.world, "AKIAXUNIT00000000001", "777777777777")

    def test_sees_what_setup_method_made(self) -> None:
        assert current_world() is self.world
        assert caller_account(sts_as("AKIAXUNIT00000000001")) == "777777777777"

    def teardown_method(self, method: object) -> None:
        assert current_world() is self.world
        self.worlds.append(self.world)


@hookmock.aws
class TestDecoratedSubclassOfDecoratedClass(TestXunitMethodsShareTheTestsWorld):
    def test_still_one_world(self) -> None:
        assert current_world() is self.world


def test_inherited_test_methods_are_wrapped() -> None:
    assert hasattr(TestXunitMethodsShareTheTestsWorld.test_inherited, "__wrapped__")
    assert not hasattr(_InheritedTests.test_inherited, "__wrapped__")


def test_failing_setup_method_closes_its_scope() -> None:
    @hookmock.aws
    class Broken:
        def setup_method(self, method: object) -> None:
            raise RuntimeError("setup failed")

    with pytest.raises(RuntimeError, match="setup failed"):
        Broken().setup_method(None)
    assert STATE.world is None
