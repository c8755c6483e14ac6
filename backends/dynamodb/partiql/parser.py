"""A recursive-descent parser for the PartiQL subset DynamoDB runs.

Statements: ``SELECT``, ``INSERT INTO ... VALUE``, ``UPDATE ... SET/REMOVE``,
``DELETE FROM`` and ``EXISTS(SELECT ...)``. Conditions follow the usual
precedence: ``OR`` < ``AND`` < ``NOT`` < comparisons, ``BETWEEN``, ``IN``,
``IS`` and the condition functions. Parsing is cached by statement text.
"""

from __future__ import annotations

import decimal
import functools

from hookmock.backends.dynamodb import errors, values
from hookmock.backends.dynamodb.expressions import nodes
from hookmock.backends.dynamodb.partiql import nodes as ql
from hookmock.backends.dynamodb.partiql.tokens import Token, malformed, tokenize
from hookmock.shapes import AWSError

KEYWORDS = frozenset(
    {
        "ALL",
        "AND",
        "AS",
        "ASC",
        "BETWEEN",
        "BY",
        "DELETE",
        "DESC",
        "EXISTS",
        "FALSE",
        "FROM",
        "GROUP",
        "HAVING",
        "IN",
        "INSERT",
        "INTO",
        "IS",
        "LIKE",
        "LIMIT",
        "MISSING",
        "NOT",
        "NULL",
        "OFFSET",
        "OR",
        "ORDER",
        "REMOVE",
        "RETURNING",
        "SELECT",
        "SET",
        "TRUE",
        "UPDATE",
        "VALUE",
        "VALUES",
        "WHERE",
    }
)
OPERATOR_WORDS = frozenset({"AND", "OR", "IS", "LIKE", "BETWEEN", "IN"})
UNSUPPORTED_CLAUSES = frozenset({"LIMIT", "OFFSET", "GROUP", "HAVING"})
COMPARATORS = {"=": "=", "<>": "<>", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">="}
CONDITION_FUNCTIONS = {
    "attribute_exists": 1,
    "attribute_not_exists": 1,
    "attribute_type": 2,
    "begins_with": 2,
    "contains": 2,
}
IS_TYPES = {
    "NULL": "NULL",
    "BOOL": "BOOL",
    "BOOLEAN": "BOOL",
    "STRING": "S",
    "BLOB": "B",
    "NUMERIC": "N",
    "STRUCT": "M",
    "TUPLE": "M",
    "LIST": "L",
}
OTHER_TYPES = frozenset(
    {
        "ANY",
        "BAG",
        "CHAR",
        "CHARACTER",
        "CLOB",
        "DATE",
        "DECIMAL",
        "DOUBLE",
        "FLOAT",
        "INT",
        "INT2",
        "INT4",
        "INT8",
        "INTEGER",
        "REAL",
        "SEXP",
        "SMALLINT",
        "SYMBOL",
        "TIME",
        "TIMESTAMP",
        "VARCHAR",
    }
)
RETURNING = {
    ("ALL", "OLD"): "ALL_OLD",
    ("MODIFIED", "OLD"): "UPDATED_OLD",
    ("ALL", "NEW"): "ALL_NEW",
    ("MODIFIED", "NEW"): "UPDATED_NEW",
}
INCOMPLETE_KEY = "Where clause does not contain a mandatory equality on all key attributes"
BAG_TYPES = "Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags"


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = tokenize(text)
        self.at = 0
        self.values: list[ql.ValueNode] = []
        self.names: dict[str, str] = {}
        """Real name → its ``#i`` placeholder."""
        self.parameters = 0

    # --- tokens ---------------------------------------------------------------------

    def peek(self, ahead: int = 0) -> Token:
        return self.tokens[min(self.at + ahead, len(self.tokens) - 1)]

    def take(self) -> Token:
        token = self.peek()
        self.at += 1
        return token

    def accept_word(self, *words: str) -> bool:
        if self.peek().is_word(*words):
            self.at += 1
            return True
        return False

    def accept_op(self, *ops: str) -> bool:
        if self.peek().is_op(*ops):
            self.at += 1
            return True
        return False

    def expect_op(self, op: str) -> None:
        if not self.accept_op(op):
            raise self.unexpected()

    def unexpected(self) -> AWSError:
        """What PartiQL says of a token where a term should start."""
        token = self.peek()
        if token.kind == "eof":
            return malformed("Unexpected term")
        if token.is_word(*OPERATOR_WORDS) or (
            token.kind == "op" and not token.is_op("(", "[", "{", "<<", "-")
        ):
            return malformed("Unexpected operator")
        if token.is_word(*KEYWORDS):
            return malformed("Unexpected keyword")
        return malformed("Unexpected term")

    def need_right_side(self) -> None:
        if self.peek().kind == "eof" or self.peek().is_op(")", ";"):
            raise malformed("Missing right-hand side expression of infix operator")

    def starts_name(self, ahead: int = 0) -> bool:
        token = self.peek(ahead)
        return token.kind == "quoted" or (token.kind == "name" and not token.is_word(*KEYWORDS))

    def at_call(self) -> bool:
        return self.peek().kind == "name" and self.peek(1).is_op("(")

    # --- statements -----------------------------------------------------------------

    def statement(self) -> ql.Statement:
        token = self.peek()
        statement: ql.Statement
        if token.is_word("SELECT"):
            statement = self.select()
        elif token.is_word("INSERT"):
            statement = self.insert()
        elif token.is_word("UPDATE"):
            statement = self.update()
        elif token.is_word("DELETE"):
            statement = self.delete()
        elif token.is_word("EXISTS"):
            self.at += 1
            self.expect_op("(")
            if not self.peek().is_word("SELECT"):
                raise self.unexpected()
            statement = ql.Exists(self.select())
            self.expect_op(")")
        else:
            raise self.unexpected()
        self.accept_op(";")
        if self.peek().kind != "eof":
            raise malformed("Unexpected token after expression")
        return statement

    def select(self) -> ql.Select:
        self.at += 1
        projection = self.projection()
        if not self.accept_word("FROM"):
            raise self.unexpected()
        table, index = self.source()
        self.refuse_alias()
        where = self.condition() if self.accept_word("WHERE") else None
        order: list[tuple[str, bool]] = []
        if self.accept_word("ORDER"):
            if not self.accept_word("BY"):
                raise self.unexpected()
            while True:
                name = self.identifier()
                descending = self.peek().is_word("DESC")
                self.accept_word("ASC", "DESC")
                order.append((name, descending))
                if not self.accept_op(","):
                    break
        if self.peek().is_word(*UNSUPPORTED_CLAUSES):
            raise errors.validation(f"Unsupported clause: {self.peek().text.upper()}")
        return ql.Select(table, index, projection, where, tuple(order))

    def projection(self) -> tuple[ql.Projected, ...] | None:
        if self.accept_op("*"):
            if self.peek().is_op(","):
                raise errors.validation(
                    "Other attributes should not be present in the projection when '*' is used."
                )
            return None
        projected: list[ql.Projected] = []
        while True:
            if self.peek().is_op("*"):
                raise errors.validation(
                    "Other attributes should not be present in the projection when '*' is used."
                )
            if not self.starts_name() or self.at_call():
                raise self.unexpected()
            path, name = self.path()
            if self.peek().is_word("AS") or self.starts_name():
                raise errors.validation("Aliasing is not supported")
            if any(p.name == name for p in projected):
                raise errors.validation(f"Duplicate identifiers in select clause: {name}")
            projected.append(ql.Projected(path, name))
            if not self.accept_op(","):
                return tuple(projected)

    def source(self) -> tuple[str, str | None]:
        if not self.starts_name():
            raise malformed("Expected identifier for simple path")
        table = self.identifier()
        index = None
        if self.accept_op("."):
            index = self.identifier()
            if self.peek().is_op(".", "["):
                raise errors.validation(
                    "A path may contain at most 2 components in the FROM clause"
                )
        return table, index

    def refuse_alias(self) -> None:
        if self.peek().is_word("AS") or self.starts_name():
            raise errors.validation("Aliasing is not supported")

    def identifier(self) -> str:
        if not self.starts_name():
            raise self.unexpected()
        return self.take().text

    def insert(self) -> ql.Insert:
        self.at += 1
        if not self.accept_word("INTO"):
            raise self.unexpected()
        table, index = self.source()
        if index is not None:
            raise errors.validation("This operation is not supported on an index")
        if self.peek().is_word("VALUES"):
            raise errors.validation(
                "Unsupported operation: Inserting multiple items in a single statement is not "
                'supported, use "INSERT INTO tableName VALUE item" instead'
            )
        if not self.accept_word("VALUE"):
            raise malformed("Unexpected token after expression")
        if not self.peek().is_op("{") and self.peek().kind != "param":
            if self.peek().kind == "eof":
                raise malformed("Unexpected term")
            raise errors.validation(
                "Unsupported format in item expression. Please use struct format {...} to "
                "express item values for insert statement."
            )
        item = self.value("root", members_are_roots=True)
        if self.peek().is_word("RETURNING"):
            raise errors.validation("RETURNING is not supported in INSERT")
        return ql.Insert(table, item)

    def update(self) -> ql.Update:
        self.at += 1
        table, index = self.source()
        if index is not None:
            raise errors.validation("This operation is not supported on an index")
        self.refuse_alias()
        actions: list[nodes.UpdateAction] = []
        while True:
            if self.accept_word("SET"):
                actions.append(self.assignment())
                while self.accept_op(","):
                    actions.append(self.assignment())
            elif self.accept_word("REMOVE"):
                actions.append(nodes.RemoveAction(self.path()[0]))
                while self.accept_op(","):
                    actions.append(nodes.RemoveAction(self.path()[0]))
            else:
                break
        if not actions:
            raise self.unexpected()
        if not self.accept_word("WHERE"):
            if self.peek().kind == "eof":
                raise errors.validation(INCOMPLETE_KEY)
            raise self.unexpected()
        where = self.condition()
        return ql.Update(table, tuple(actions), where, self.returning())

    def delete(self) -> ql.Delete:
        self.at += 1
        if not self.accept_word("FROM"):
            raise malformed("Expected identifier for simple path")
        table, index = self.source()
        if index is not None:
            raise errors.validation("This operation is not supported on an index")
        self.refuse_alias()
        if not self.accept_word("WHERE"):
            if self.peek().kind == "eof":
                raise errors.validation(INCOMPLETE_KEY)
            raise self.unexpected()
        where = self.condition()
        returning = self.returning()
        if returning not in ("NONE", "ALL_OLD"):
            shown = returning.replace("UPDATED", "MODIFIED").replace("_", " ")
            raise errors.validation(
                f"Invalid returning clause: RETURNING {shown} *. Only RETURNING ALL OLD * is "
                "allowed in DELETE statements."
            )
        return ql.Delete(table, where, returning)

    def returning(self) -> str:
        if not self.accept_word("RETURNING"):
            return "NONE"
        first, second = self.take(), self.take()
        chosen = RETURNING.get((first.text.upper(), second.text.upper()))
        if chosen is None or first.kind != "name" or second.kind != "name":
            raise malformed("Unexpected term")
        if not self.accept_op("*"):
            raise errors.validation(
                "Expected '*' after ( MODIFIED | ALL ) ( NEW | OLD ) in RETURNING clause"
            )
        return chosen

    # --- update actions -------------------------------------------------------------

    def assignment(self) -> nodes.UpdateAction:
        target, _ = self.path()
        self.expect_op("=")
        self.need_right_side()
        if self.at_call() and self.peek().text.lower() in ("set_add", "set_delete"):
            return self.set_function(target)
        value = self.update_operand()
        if self.peek().is_op("+", "-"):
            operator = self.take().text
            self.need_right_side()
            value = nodes.Arithmetic(operator, value, self.update_operand())
        return nodes.SetAction(target, value)

    def set_function(self, target: nodes.Path) -> nodes.UpdateAction:
        kind = self.take().text.upper()[4:]
        self.expect_op("(")
        args: list[nodes.Operand] = []
        if not self.peek().is_op(")"):
            args.append(self.update_operand())
            while self.accept_op(","):
                args.append(self.update_operand())
        self.expect_op(")")
        if len(args) != 2:
            raise errors.validation(f"SET_{kind} must have exactly two arguments")
        if args[0] != target:
            raise errors.validation(
                f"The first argument to SET_{kind} must equal the assignment value"
            )
        value = args[1]
        if not isinstance(value, nodes.Value):
            raise errors.validation(
                f"The second argument to SET_{kind} must be a value with type SET"
            )
        if kind == "ADD":
            return nodes.AddAction(target, value)
        return nodes.DeleteAction(target, value)

    def update_operand(self) -> nodes.Operand:
        if self.at_call():
            name = self.peek().text
            if name.lower() != "list_append":
                raise errors.validation(f"Unrecognized function: {name}")
            self.at += 2
            first = self.update_operand()
            self.expect_op(",")
            second = self.update_operand()
            self.expect_op(")")
            return nodes.ListAppend(first, second)
        if self.starts_name():
            return self.path()[0]
        return self.slot(self.value("root"))

    # --- conditions -----------------------------------------------------------------

    def condition(self) -> nodes.Condition:
        left = self.conjunction()
        while self.accept_word("OR"):
            self.need_right_side()
            left = nodes.Or(left, self.conjunction())
        return left

    def conjunction(self) -> nodes.Condition:
        left = self.negation()
        while self.accept_word("AND"):
            self.need_right_side()
            left = nodes.And(left, self.negation())
        return left

    def negation(self) -> nodes.Condition:
        if self.accept_word("NOT"):
            return nodes.Not(self.negation())
        return self.primary()

    def primary(self) -> nodes.Condition:
        if self.accept_op("("):
            inner = self.condition()
            self.expect_op(")")
            return inner
        if self.at_call() and self.peek().text.lower() in CONDITION_FUNCTIONS:
            return self.function_condition()
        left = self.operand()
        negated = self.peek().is_word("NOT") and self.peek(1).is_word("IN", "BETWEEN")
        if negated:
            self.at += 1
        condition = self.predicate(left)
        return nodes.Not(condition) if negated else condition

    def predicate(self, left: nodes.Operand) -> nodes.Condition:
        token = self.peek()
        if token.kind == "op" and token.text in COMPARATORS:
            self.at += 1
            self.need_right_side()
            return nodes.Compare(COMPARATORS[token.text], left, self.operand())
        if self.accept_word("BETWEEN"):
            self.need_right_side()
            low = self.operand()
            if not self.accept_word("AND"):
                raise self.unexpected()
            self.need_right_side()
            return nodes.Between(left, low, self.operand())
        if self.accept_word("IN"):
            return self.in_list(left)
        if self.accept_word("IS"):
            return self.type_test(left)
        if token.kind == "eof" or token.is_word("AND", "OR") or token.is_op(")", ";"):
            raise errors.validation(
                "WHERE clause must contain an expression that resolves to a boolean"
            )
        raise self.unexpected()

    def in_list(self, left: nodes.Operand) -> nodes.Condition:
        invalid = errors.validation(
            "IN operator must have a left hand argument of type Variable Reference and right "
            "hand argument of type Seq with at least one member"
        )
        closing = {"[": "]", "(": ")"}.get(self.peek().text if self.peek().kind == "op" else "")
        if closing is None or not isinstance(left, nodes.Path):
            raise invalid
        self.at += 1
        if self.accept_op(closing):
            raise invalid
        choices = [self.operand()]
        while self.accept_op(","):
            choices.append(self.operand())
        self.expect_op(closing)
        return nodes.In(left, tuple(choices))

    def type_test(self, left: nodes.Operand) -> nodes.Condition:
        negated = self.accept_word("NOT")
        token = self.take()
        name = token.text.upper()
        if not isinstance(left, nodes.Path):
            raise errors.validation(
                "The left hand side argument to IS must be a Variable Reference, Literal, or Path"
            )
        test: nodes.Condition
        if token.kind == "name" and name == "MISSING":
            test = nodes.Function("attribute_not_exists", (left,))
        elif token.kind == "name" and name in IS_TYPES:
            kind = self.slot(ql.Literal({"S": IS_TYPES[name]}))
            test = nodes.Function("attribute_type", (left, kind))
        elif token.kind == "name" and name in OTHER_TYPES:
            raise errors.validation(
                f"Unsupported data type for IS operator: {name}. Supported data types are "
                "[MISSING, NULL, BOOLEAN, BLOB, STRING, NUMERIC, STRUCT, TUPLE, LIST]"
            )
        else:
            raise malformed("Expected type name")
        return nodes.Not(test) if negated else test

    def function_condition(self) -> nodes.Condition:
        name = self.take().text.lower()
        self.expect_op("(")
        args: list[nodes.Operand] = [self.path()[0]] if self.starts_name() else []
        while args and self.accept_op(","):
            args.append(self.operand())
        self.expect_op(")")
        if len(args) != CONDITION_FUNCTIONS[name]:
            raise errors.validation(
                f"Incorrect number of arguments for function {name}; the first must be a path"
            )
        return nodes.Function(name, tuple(args))

    def operand(self) -> nodes.Operand:
        if self.at_call():
            name = self.peek().text
            if name.lower() != "size":
                raise errors.validation(f"Unrecognized function: {name}")
            self.at += 2
            path, _ = self.path()
            self.expect_op(")")
            return nodes.Size(path)
        if self.starts_name():
            return self.path()[0]
        if self.peek().is_word("MISSING"):
            raise errors.validation("MISSING must be compared using IS operator")
        return self.slot(self.value("root"))

    # --- paths and values -----------------------------------------------------------

    def name_element(self) -> str:
        name = self.identifier()
        if not name:
            raise errors.validation("Path component cannot be an empty string")
        return self.placeholder(name)

    def placeholder(self, name: str) -> str:
        """``name`` itself, unless it would read as a ``#`` placeholder."""
        if name.startswith("#"):
            return self.names.setdefault(name, f"#{len(self.names)}")
        return name

    def path(self) -> tuple[nodes.Path, str]:
        """A document path, and the name a projection of it is returned under."""
        first = self.peek().text
        elements: list[nodes.PathElement] = [self.name_element()]
        shown = first
        while True:
            if self.accept_op("."):
                shown = self.peek().text
                elements.append(self.name_element())
            elif self.accept_op("["):
                token = self.take()
                if token.kind == "number" and token.text.isdigit():
                    elements.append(int(token.text))
                    shown += f"[{token.text}]"
                elif token.kind == "string" and token.text:
                    shown = token.text
                    elements.append(self.placeholder(token.text))
                else:
                    raise errors.validation("Unexpected path component")
                self.expect_op("]")
            else:
                return nodes.Path(tuple(elements)), shown

    def slot(self, value: ql.ValueNode) -> nodes.Value:
        self.values.append(value)
        return nodes.Value(f":{len(self.values) - 1}")

    def value(self, label: str, *, members_are_roots: bool = False) -> ql.ValueNode:
        token = self.peek()
        if token.kind == "string":
            self.at += 1
            return ql.Literal({"S": token.text})
        if token.kind == "number":
            self.at += 1
            return ql.Literal({"N": _number(token.text, label)})
        if token.is_op("-") and self.peek(1).kind == "number":
            self.at += 2
            return ql.Literal({"N": _number("-" + self.peek(-1).text, label)})
        if token.kind == "param":
            self.at += 1
            self.parameters += 1
            return ql.Parameter(self.parameters - 1)
        if token.is_word("TRUE", "FALSE"):
            self.at += 1
            return ql.Literal({"BOOL": token.is_word("TRUE")})
        if token.is_word("NULL"):
            self.at += 1
            return ql.Literal({"NULL": True})
        if token.is_op("["):
            return self.list_value(label)
        if token.is_op("{"):
            return self.map_value(label, members_are_roots)
        if token.is_op("<<"):
            return self.set_value(label)
        raise self.unexpected()

    def list_value(self, label: str) -> ql.ValueNode:
        self.at += 1
        items: list[ql.ValueNode] = []
        if not self.accept_op("]"):
            items.append(self.value(f"{label}[0]"))
            while self.accept_op(","):
                items.append(self.value(f"{label}[{len(items)}]"))
            self.expect_op("]")
        return ql.ListValue(tuple(items))

    def map_value(self, label: str, members_are_roots: bool) -> ql.ValueNode:
        self.at += 1
        entries: list[tuple[str, ql.ValueNode]] = []
        if self.accept_op("}"):
            return ql.MapValue(())
        while True:
            key = self.take()
            if key.kind != "string":
                raise errors.validation(
                    f"Tuple keys must be of type String. Actual type: {key.kind.upper()} "
                    f"under {label}"
                )
            if any(name == key.text for name, _ in entries):
                raise errors.validation(f"Duplicate keys in tuple. Key: {key.text} under {label}")
            self.expect_op(":")
            member = "root" if members_are_roots else f"{label}.{key.text}"
            entries.append((key.text, self.value(member)))
            if not self.accept_op(","):
                break
        self.expect_op("}")
        return ql.MapValue(tuple(entries))

    def set_value(self, label: str) -> ql.ValueNode:
        self.at += 1
        members: list[ql.Literal] = []
        if self.accept_op(">>"):
            raise errors.validation("Empty bags are not supported")
        while True:
            member = self.value(label)
            if not isinstance(member, ql.Literal) or values.type_of(member.value) not in ("S", "N"):
                raise errors.validation(BAG_TYPES)
            members.append(member)
            if not self.accept_op(","):
                break
        self.expect_op(">>")
        kinds = {values.type_of(m.value) for m in members}
        if len(kinds) > 1:
            raise errors.validation(BAG_TYPES)
        kind = kinds.pop()
        return ql.Literal(values.checked({kind + "S": [m.value[kind] for m in members]}))


def _number(text: str, label: str) -> str:
    """A number literal in DynamoDB's canonical form; its limits name where it sits."""
    try:
        return values.canonical_number(text)
    except AWSError as error:
        raise errors.validation(f"{error.message} under {label}") from None
    except decimal.DecimalException:
        raise malformed() from None


@functools.lru_cache(maxsize=2048)
def parse(text: str) -> ql.Parsed:
    parser = _Parser(text)
    statement = parser.statement()
    names = tuple((placeholder, name) for name, placeholder in parser.names.items())
    return ql.Parsed(statement, tuple(parser.values), names, parser.parameters)
