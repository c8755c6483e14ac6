"""ExecuteStatement, BatchExecuteStatement and ExecuteTransaction."""

from __future__ import annotations

from typing import Any

from hookmock.backends._core import Call, Params, Result, operation
from hookmock.backends.dynamodb import capacity, errors
from hookmock.backends.dynamodb.partiql import nodes as ql
from hookmock.backends.dynamodb.partiql import statements
from hookmock.backends.dynamodb.partiql.binding import bind, checked_parameters
from hookmock.backends.dynamodb.partiql.parser import parse
from hookmock.backends.dynamodb.partiql.reads import select_page
from hookmock.backends.dynamodb.partiql.statements import Failure
from hookmock.backends.dynamodb.transactions import (
    TransactionOperations,
    _check_one_action_per_item,
    cancellation,
)
from hookmock.shapes import AWSError

EXISTS_OUTSIDE_TRANSACTIONS = "EXISTS can only be used in ExecuteTransaction write requests."
BATCH_ERROR_CODES = {
    "ValidationException": "ValidationError",
    "ResourceNotFoundException": "ResourceNotFound",
}


def _failure_error(call: Call, failure: Failure) -> AWSError:
    if failure.code == "DuplicateItem":
        return call.error("DuplicateItemException", failure.message)
    if failure.item is not None:
        return call.error("ConditionalCheckFailedException", failure.message, Item=failure.item)
    return call.error("ConditionalCheckFailedException", failure.message)


def _failure_entry(failure: Failure) -> dict[str, Any]:
    entry: dict[str, Any] = {"Code": failure.code, "Message": failure.message}
    if failure.item is not None:
        entry["Item"] = failure.item
    return entry


def _consumed(params: Params, used: dict[str, float]) -> list[dict[str, Any]]:
    entries = [capacity.consumed(params, name, units) for name, units in used.items()]
    return [entry for entry in entries if entry is not None]


class PartiQLOperations(TransactionOperations):
    @operation("ExecuteStatement")
    def execute_statement(self, call: Call, params: Params) -> Result:
        parsed = parse(params["Statement"])
        if isinstance(parsed.statement, ql.Exists):
            raise errors.validation(EXISTS_OUTSIDE_TRANSACTIONS)
        parameters = checked_parameters(parsed, params.get("Parameters"))
        bound = bind(parsed, parameters)
        if isinstance(parsed.statement, ql.Select):
            table = self.table(parsed.statement.table)
            return select_page(params, table, parsed.statement, bound)
        write = statements.plan_write(
            self.table,
            parsed.statement,
            bound,
            parameters,
            params.get("ReturnValuesOnConditionCheckFailure"),
        )
        outcome = statements.attempt(write)
        if outcome.failure is not None:
            raise _failure_error(call, outcome.failure)
        statements.commit(write, outcome)
        attributes = statements.returned(write, outcome)
        answer: dict[str, Any] = {"Items": [attributes] if attributes else []}
        used = capacity.consumed(params, write.table.name, statements.write_units(outcome))
        if used is not None:
            answer["ConsumedCapacity"] = used
        return answer

    @operation("BatchExecuteStatement")
    def batch_execute_statement(self, call: Call, params: Params) -> Result:
        entries = params["Statements"]
        parsed: list[ql.Parsed | AWSError] = []
        for entry in entries:
            try:
                one = parse(entry["Statement"])
                if isinstance(one.statement, ql.Exists):
                    raise errors.validation(EXISTS_OUTSIDE_TRANSACTIONS)
                parsed.append(one)
            except AWSError as error:
                parsed.append(error)
        if len({p.is_read for p in parsed if isinstance(p, ql.Parsed)}) > 1:
            raise errors.validation(
                "Read and write requests together in the same batch is not supported."
            )
        responses: list[dict[str, Any]] = []
        used: dict[str, float] = {}
        for entry, parsed_or_error in zip(entries, parsed, strict=True):
            try:
                if isinstance(parsed_or_error, AWSError):
                    raise parsed_or_error
                response, table, units = self._batch_statement(entry, parsed_or_error)
                used[table] = used.get(table, 0.0) + units
            except AWSError as error:
                code = BATCH_ERROR_CODES.get(error.code, error.code)
                response = {"Error": {"Code": code, "Message": error.message}}
            responses.append(response)
        result: dict[str, Any] = {"Responses": responses}
        consumed = _consumed(params, used)
        if consumed:
            result["ConsumedCapacity"] = consumed
        return result

    def _batch_statement(
        self, entry: Params, parsed: ql.Parsed
    ) -> tuple[dict[str, Any], str, float]:
        """One statement of a batch: its response, its table and the capacity it used."""
        parameters = checked_parameters(parsed, entry.get("Parameters"))
        bound = bind(parsed, parameters)
        if isinstance(parsed.statement, ql.Select):
            single = "Only single item select is supported"
            get = statements.plan_get(self.table, parsed.statement, bound, single, single)
            item, size = statements.read(get)
            response: dict[str, Any] = {"TableName": get.table.name}
            if item is not None:
                response["Item"] = item
            consistent = bool(entry.get("ConsistentRead"))
            return response, get.table.name, capacity.read_units(size, consistent)
        write = statements.plan_write(
            self.table,
            parsed.statement,
            bound,
            parameters,
            entry.get("ReturnValuesOnConditionCheckFailure"),
        )
        outcome = statements.attempt(write)
        name = write.table.name
        # A write whose condition fails still consumes write capacity.
        units = statements.write_units(outcome)
        if outcome.failure is not None:
            return {"TableName": name, "Error": _failure_entry(outcome.failure)}, name, units
        statements.commit(write, outcome)
        return {"TableName": name}, name, units

    @operation("ExecuteTransaction")
    def execute_transaction(self, call: Call, params: Params) -> Result:
        entries = params["TransactStatements"]
        parsed: list[ql.Parsed] = []
        for at, entry in enumerate(entries):
            try:
                parsed.append(parse(entry["Statement"]))
            except AWSError as error:
                raise errors.validation(
                    f"Validation failed in TransactStatements[{at}]: {error.message}"
                ) from None
        if len({p.is_read for p in parsed}) > 1:
            raise errors.validation(
                "ExecuteTransaction API does not support both read and write operations in the "
                "same request."
            )
        if parsed[0].is_read:
            return self._transact_reads(params, entries, parsed)
        token = params.get("ClientRequestToken")
        remembered = self._idempotent_answer(token, params)
        if remembered is not None:
            return remembered
        writes = []
        for entry, one in zip(entries, parsed, strict=True):
            statement = one.statement
            if isinstance(statement, (ql.Update, ql.Delete)) and statement.returning != "NONE":
                raise errors.validation("RETURNING is not supported in ExecuteTransaction")
            parameters = checked_parameters(one, entry.get("Parameters"))
            writes.append(
                statements.plan_write(
                    self.table,
                    statement,
                    bind(one, parameters),
                    parameters,
                    entry.get("ReturnValuesOnConditionCheckFailure"),
                )
            )
        _check_one_action_per_item([(write.table, write.key) for write in writes])
        outcomes = [statements.attempt(write) for write in writes]
        if any(outcome.failure is not None for outcome in outcomes):
            raise cancellation(
                call,
                [
                    {"Code": "None"} if o.failure is None else _failure_entry(o.failure)
                    for o in outcomes
                ],
            )
        used: dict[str, float] = {}
        for write, outcome in zip(writes, outcomes, strict=True):
            statements.commit(write, outcome)
            units = 2 * statements.write_units(outcome)
            used[write.table.name] = used.get(write.table.name, 0.0) + units
        answer: dict[str, Any] = {}
        consumed = _consumed(params, used)
        if consumed:
            answer["ConsumedCapacity"] = consumed
        if token is not None:
            self._remember(token, params, answer)
        return answer

    def _transact_reads(
        self, params: Params, entries: list[Params], parsed: list[ql.Parsed]
    ) -> dict[str, Any]:
        gets = []
        for entry, one in zip(entries, parsed, strict=True):
            assert isinstance(one.statement, ql.Select)
            gets.append(
                statements.plan_get(
                    self.table,
                    one.statement,
                    bind(one, checked_parameters(one, entry.get("Parameters"))),
                    "Reads on indices are not supported within transactions.",
                    "Select statements within ExecuteTransaction must specify the primary key in "
                    "the where clause.",
                )
            )
        _check_one_action_per_item([(get.table, get.key) for get in gets])
        responses: list[dict[str, Any]] = []
        used: dict[str, float] = {}
        for get in gets:
            item, size = statements.read(get)
            responses.append({} if item is None else {"Item": item})
            units = 2 * capacity.read_units(size, True)
            used[get.table.name] = used.get(get.table.name, 0.0) + units
        answer: dict[str, Any] = {"Responses": responses}
        consumed = _consumed(params, used)
        if consumed:
            answer["ConsumedCapacity"] = consumed
        return answer
