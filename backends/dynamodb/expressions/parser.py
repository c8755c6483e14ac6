"""One recursive-descent parser for every DynamoDB expression kind.

Condition grammar, lowest precedence first (as DynamoDB documents it):
``OR`` < ``AND`` < ``NOT`` < parentheses < functions, ``BETWEEN``, ``IN`` and
comparators. Update expressions are clauses (``SET``, ``REMOVE``, ``ADD``,
``DELETE``), each at most once, of comma-separated actions.
"""

from __future__ import annotations

import functools

from hookmock.backends.dynamodb import errors
from hookmock.backends.dynamodb.expressions import nodes
from hookmock.backends.dynamodb.expressions.reserved import RESERVED_WORDS
from hookmock.backends.dynamodb.expressions.tokens import Token, syntax_error, tokenize

COMPARATORS = frozenset({"=", "<>", "<", "<=", ">", ">="})
CONDITION_FUNCTIONS = {
    "attribute_exists": 1,
    "attribute_not_exists": 1,
    "attribute_type": 2,
    "begins_with": 2,
    "contains": 2,
}
UPDATE_FUNCTIONS = {"if_not_exists": 2, "list_append": 2}
OPERAND_FUNCTIONS = {"size": 1}
CLAUSES = ("SET", "REMOVE", "ADD", "DELETE")
MAX_IN_OPERANDS = 100


class _Parser:
    def __init__(self, kind: str, text: str) -> None:
        self.kind = kind
        self.text = text
        self.tokens = tokenize(text)
        if self.tokens[0].kind == "eof":
            raise errors.invalid_expression(kind, "The expression can not be empty;")
        self.at = 0
        self.names: set[str] = set()
        self.values: set[str] = set()

    # --- tokens ---------------------------------------------------------------------

    def peek(self, ahead: int = 0) -> Token:
        return self.tokens[min(self.at + ahead, len(self.tokens) - 1)]

    def take(self) -> Token:
        token = self.peek()
        self.at += 1
        return token

    def fail(self, index: int | None = None) -> Exception:
        at = self.at if index is None else index
        return syntax_error(self.kind, self.text, self.tokens, min(at, len(self.tokens) - 1))

    def expect(self, text: str) -> None:
        if self.peek().text != text or self.peek().kind != "op":
            raise self.fail()
        self.at += 1

    def at_op(self, text: str) -> bool:
        token = self.peek()
        return token.kind == "op" and token.text == text

    def at_word(self, word: str) -> bool:
        return self.peek().is_word(word)

    def finish(self) -> None:
        if self.peek().kind != "eof":
            raise self.fail()

    def error(self, detail: str) -> Exception:
        return errors.invalid_expression(self.kind, detail)

    def parsed(self, tree: object) -> nodes.Parsed:
        return nodes.Parsed(tree, frozenset(self.names), frozenset(self.values))

    # --- paths and operands ---------------------------------------------------------

    def path_element(self) -> str:
        token = self.take()
        if token.kind == "name":
            if token.text.upper() in RESERVED_WORDS:
                raise self.error(
                    f"Attribute name is a reserved keyword; reserved keyword: {token.text}"
                )
            return token.text
        if token.kind == "name_ref":
            self.names.add(token.text)
            return token.text
        raise self.fail(self.at - 1)

    def path(self) -> nodes.Path:
        elements: list[nodes.PathElement] = [self.path_element()]
        while True:
            if self.at_op("."):
                self.at += 1
                elements.append(self.path_element())
            elif self.at_op("["):
                self.at += 1
                token = self.take()
                if token.kind != "index":
                    raise self.fail(self.at - 1)
                elements.append(int(token.text))
                self.expect("]")
            else:
                return nodes.Path(tuple(elements))

    def value(self) -> nodes.Value:
        token = self.take()
        if token.kind != "value_ref":
            raise self.fail(self.at - 1)
        self.values.add(token.text)
        return nodes.Value(token.text)

    def arguments(self, function: str, count: int) -> list[nodes.Operand]:
        self.expect("(")
        args: list[nodes.Operand] = []
        if not self.at_op(")"):
            args.append(self.operand(updating=function in UPDATE_FUNCTIONS))
            while self.at_op(","):
                self.at += 1
                args.append(self.operand(updating=function in UPDATE_FUNCTIONS))
        self.expect(")")
        if len(args) != count:
            raise self.error(
                "Incorrect number of operands for operator or function; "
                f"operator or function: {function}, number of operands: {len(args)}"
            )
        return args

    def path_argument(self, function: str, argument: nodes.Operand) -> nodes.Path:
        if not isinstance(argument, nodes.Path):
            raise self.error(
                f"Operator or function requires a document path; operator or function: {function}"
            )
        return argument

    def function_name(self) -> str:
        token = self.take()
        name = token.text
        known = CONDITION_FUNCTIONS | UPDATE_FUNCTIONS | OPERAND_FUNCTIONS
        if name not in known:
            raise self.error(f"Invalid function name; function: {name}")
        return name

    def operand(self, *, updating: bool = False) -> nodes.Operand:
        token = self.peek()
        if token.kind == "value_ref":
            return self.value()
        if token.kind == "name" and self.peek(1).kind == "op" and self.peek(1).text == "(":
            name = self.function_name()
            allowed = UPDATE_FUNCTIONS if updating else OPERAND_FUNCTIONS
            if name not in allowed:
                raise self.error(
                    "The function is not allowed to be used this way in an expression; "
                    f"function: {name}"
                )
            args = self.arguments(name, (UPDATE_FUNCTIONS | OPERAND_FUNCTIONS)[name])
            if name == "size":
                return nodes.Size(self.path_argument(name, args[0]))
            if name == "if_not_exists":
                return nodes.IfNotExists(self.path_argument(name, args[0]), args[1])
            return nodes.ListAppend(args[0], args[1])
        if token.kind in ("name", "name_ref"):
            return self.path()
        raise self.fail()

    # --- conditions -----------------------------------------------------------------

    def condition(self) -> nodes.Condition:
        left = self.conjunction()
        while self.at_word("OR"):
            self.at += 1
            left = nodes.Or(left, self.conjunction())
        return left

    def conjunction(self) -> nodes.Condition:
        left = self.negation()
        while self.at_word("AND"):
            self.at += 1
            left = nodes.And(left, self.negation())
        return left

    def negation(self) -> nodes.Condition:
        if self.at_word("NOT"):
            self.at += 1
            return nodes.Not(self.negation())
        return self.primary()

    def primary(self) -> nodes.Condition:
        if self.at_op("("):
            self.at += 1
            inner = self.condition()
            self.expect(")")
            return inner
        token = self.peek()
        if (
            token.kind == "name"
            and token.text in CONDITION_FUNCTIONS
            and self.peek(1).kind == "op"
            and self.peek(1).text == "("
        ):
            return self.function_condition()
        left = self.operand()
        token = self.peek()
        if token.kind == "op" and token.text in COMPARATORS:
            self.at += 1
            return nodes.Compare(token.text, left, self.operand())
        if token.is_word("BETWEEN"):
            self.at += 1
            low = self.operand()
            if not self.at_word("AND"):
                raise self.fail()
            self.at += 1
            return nodes.Between(left, low, self.operand())
        if token.is_word("IN"):
            self.at += 1
            self.expect("(")
            choices = [self.operand()]
            while self.at_op(","):
                self.at += 1
                choices.append(self.operand())
            self.expect(")")
            if len(choices) > MAX_IN_OPERANDS:
                raise self.error(
                    "The IN operator is provided with too many operands; "
                    f"number of operands: {len(choices)}"
                )
            return nodes.In(left, tuple(choices))
        raise self.fail()

    def function_condition(self) -> nodes.Condition:
        name = self.function_name()
        args = self.arguments(name, CONDITION_FUNCTIONS[name])
        self.path_argument(name, args[0])
        return nodes.Function(name, tuple(args))

    # --- update actions -------------------------------------------------------------

    def update(self) -> list[nodes.UpdateAction]:
        actions: list[nodes.UpdateAction] = []
        seen: set[str] = set()
        while self.peek().kind != "eof":
            token = self.take()
            clause = token.text.upper() if token.kind == "name" else ""
            if clause not in CLAUSES:
                raise self.fail(self.at - 1)
            if clause in seen:
                raise self.error(
                    f'The "{clause}" section can only be used once in an update expression;'
                )
            seen.add(clause)
            actions.append(self.action(clause))
            while self.at_op(","):
                self.at += 1
                actions.append(self.action(clause))
        if not actions:
            raise self.fail()
        return actions

    def action(self, clause: str) -> nodes.UpdateAction:
        path = self.path()
        if clause == "REMOVE":
            return nodes.RemoveAction(path)
        if clause == "SET":
            self.expect("=")
            value = self.operand(updating=True)
            if self.at_op("+") or self.at_op("-"):
                operator = self.take().text
                value = nodes.Arithmetic(operator, value, self.operand(updating=True))
            return nodes.SetAction(path, value)
        value = self.value()
        return nodes.AddAction(path, value) if clause == "ADD" else nodes.DeleteAction(path, value)


@functools.lru_cache(maxsize=2048)
def parse_condition(kind: str, text: str) -> nodes.Parsed:
    """A condition, filter or key-condition expression; ``kind`` names it in errors."""
    parser = _Parser(kind, text)
    tree = parser.condition()
    parser.finish()
    return parser.parsed(tree)


@functools.lru_cache(maxsize=2048)
def parse_projection(text: str) -> nodes.Parsed:
    parser = _Parser("ProjectionExpression", text)
    paths = [parser.path()]
    while parser.at_op(","):
        parser.at += 1
        paths.append(parser.path())
    parser.finish()
    return parser.parsed(tuple(paths))


@functools.lru_cache(maxsize=2048)
def parse_update(text: str) -> nodes.Parsed:
    parser = _Parser("UpdateExpression", text)
    actions = parser.update()
    return parser.parsed(tuple(actions))
