"""TransactGetItems and TransactWriteItems: all or nothing, under the backend's lock."""

from __future__ import annotations

import json
from typing import Any

import attrs

from hookmock.backends._core import Call, Params, Result, operation
from hookmock.backends.dynamodb import capacity, errors, requests, values
from hookmock.backends.dynamodb.expressions import conditions, update
from hookmock.backends.dynamodb.expressions.bindings import Bindings
from hookmock.backends.dynamodb.items import update_actions
from hookmock.backends.dynamodb.tables import Table, TableHost
from hookmock.backends.dynamodb.values import Item
from hookmock.shapes import AWSError

IDEMPOTENCY_WINDOW = 600.0
"""Seconds a ClientRequestToken is remembered, as DynamoDB documents (10 minutes)."""


@attrs.frozen
class _Write:
    kind: str
    table: Table
    key: Item
    params: Params
    new_item: Item | None = None


@attrs.frozen
class _Remembered:
    fingerprint: str
    at: float
    answer: dict[str, Any]


def _fingerprint(params: Params) -> str:
    return json.dumps(
        {k: v for k, v in params.items() if k != "ClientRequestToken"}, sort_keys=True, default=repr
    )


class TransactionOperations(TableHost):
    @operation("TransactGetItems")
    def transact_get_items(self, call: Call, params: Params) -> Result:
        plans = []
        for entry in params["TransactItems"]:
            get = entry["Get"]
            table = self.table(get["TableName"])
            bound = Bindings(get)
            paths = requests.projection(get, bound)
            bound.check_all_used()
            plans.append((table, requests.checked_key(table.schema, get["Key"]), paths))
        _check_one_action_per_item([(table, key) for table, key, _ in plans])
        responses: list[dict[str, Any]] = []
        read: dict[str, float] = {}
        for table, key, paths in plans:
            item = table.get(key)
            responses.append({} if item is None else {"Item": requests.projected(item, paths)})
            units = 2 * capacity.read_units(values.item_size(item or {}), True)
            read[table.name] = read.get(table.name, 0.0) + units
        result: dict[str, Any] = {"Responses": responses}
        used = [capacity.consumed(params, name, units) for name, units in read.items()]
        if any(u is not None for u in used):
            result["ConsumedCapacity"] = [u for u in used if u is not None]
        return result

    @operation("TransactWriteItems")
    def transact_write_items(self, call: Call, params: Params) -> Result:
        token = params.get("ClientRequestToken")
        remembered = self._idempotent_answer(token, params)
        if remembered is not None:
            return remembered
        writes = [self._planned_write(call, entry) for entry in params["TransactItems"]]
        _check_one_action_per_item([(w.table, w.key) for w in writes])
        reasons: list[dict[str, Any]] = []
        outcomes: list[tuple[Table, Item | None, Item | None]] = []
        for write in writes:
            reason, outcome = _attempt(write)
            reasons.append(reason)
            outcomes.append(outcome)
        if any(reason["Code"] != "None" for reason in reasons):
            raise cancellation(call, reasons)
        written: dict[str, float] = {}
        for (table, old, new), write in zip(outcomes, writes, strict=True):
            if write.kind != "ConditionCheck" and (old is not None or new is not None):
                table.write(old, new)
            size = max(values.item_size(old or {}), values.item_size(new or {}))
            written[table.name] = written.get(table.name, 0.0) + 2 * capacity.write_units(size)
        answer: dict[str, Any] = {}
        used = [capacity.consumed(params, name, units) for name, units in written.items()]
        if any(u is not None for u in used):
            answer["ConsumedCapacity"] = [u for u in used if u is not None]
        if token is not None:
            self._remember(token, params, answer)
        return answer

    def _idempotent_answer(self, token: str | None, params: Params) -> dict[str, Any] | None:
        if token is None:
            return None
        remembered = self.transaction_tokens.get(token)
        if remembered is None or self.world.clock.time() - remembered.at > IDEMPOTENCY_WINDOW:
            return None
        if remembered.fingerprint != _fingerprint(params):
            raise call_error_idempotent()
        answer: dict[str, Any] = remembered.answer
        return answer

    def _remember(self, token: str, params: Params, answer: dict[str, Any]) -> None:
        at = self.world.clock.time()
        tokens = self.transaction_tokens
        if len(tokens) >= 1000:
            for old in [t for t, r in tokens.items() if at - r.at > IDEMPOTENCY_WINDOW]:
                del tokens[old]
        tokens[token] = _Remembered(_fingerprint(params), at, answer)

    def _planned_write(self, call: Call, entry: Params) -> _Write:
        kind, spec = next(iter(entry.items()))
        table = self.table(spec["TableName"])
        requests.check_legacy(call, spec)
        if kind == "Put":
            item = requests.checked_new_item(table.schema, spec["Item"])
            table.check_index_keys(item)
            return _Write(kind, table, table.schema.key_of(item), spec, item)
        return _Write(kind, table, requests.checked_key(table.schema, spec["Key"]), spec)


def cancellation(call: Call, reasons: list[dict[str, Any]]) -> Exception:
    """TransactionCanceledException, with one reason per action in request order."""
    codes = ", ".join(reason["Code"] for reason in reasons)
    return call.error(
        "TransactionCanceledException",
        f"Transaction cancelled, please refer cancellation reasons for specific reasons [{codes}]",
        CancellationReasons=reasons,
    )


def call_error_idempotent() -> Exception:
    return AWSError(
        "IdempotentParameterMismatchException",
        "DynamoDB rejected the request because you retried a request with a different payload "
        "but with an idempotent token that was already used.",
    )


def _check_one_action_per_item(targets: list[tuple[Table, Item]]) -> None:
    seen: set[tuple[str, tuple[Any, ...]]] = set()
    for table, key in targets:
        identity = (table.name, table.schema.identity(key))
        if identity in seen:
            raise errors.validation(
                "Transaction request cannot include multiple operations on one item"
            )
        seen.add(identity)


def _condition_failed(spec: Params, old: Item | None) -> dict[str, Any]:
    reason: dict[str, Any] = {
        "Code": "ConditionalCheckFailed",
        "Message": "The conditional request failed",
    }
    if spec.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD" and old:
        reason["Item"] = old
    return reason


def _attempt(write: _Write) -> tuple[dict[str, Any], tuple[Table, Item | None, Item | None]]:
    """The cancellation reason of one action (Code "None" if it can go ahead) and its outcome."""
    spec = write.params
    bound = Bindings(spec)
    actions = update_actions(spec, bound, write.table) if write.kind == "Update" else []
    condition = requests.condition(spec, bound)
    bound.check_all_used()
    if write.kind == "ConditionCheck" and condition is None:
        raise errors.validation(
            "The ConditionExpression parameter is required for a ConditionCheck action"
        )
    old = write.table.get(write.key)
    if condition is not None and not conditions.matches(condition, old or {}, bound):
        return _condition_failed(spec, old), (write.table, old, old)
    if write.kind == "Put":
        return {"Code": "None"}, (write.table, old, write.new_item)
    if write.kind == "Delete":
        return {"Code": "None"}, (write.table, old, None)
    if write.kind == "Update":
        new = update.apply(actions, old or dict(write.key), bound)
        write.table.check_index_keys(new)
        values.check_item_size(new)
        return {"Code": "None"}, (write.table, old, new)
    return {"Code": "None"}, (write.table, old, old)
