"""The tokenizer every DynamoDB expression kind shares."""

from __future__ import annotations

import re

import attrs

from hookmock.backends.dynamodb import errors

# Order matters: two-character comparators before one-character ones.
_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<name_ref>\#[A-Za-z0-9_]+)
  | (?P<value_ref>:[A-Za-z0-9_]+)
  | (?P<index>[0-9]+)
  | (?P<op><>|<=|>=|[=<>(),.\[\]+-])
    """,
    re.VERBOSE,
)


@attrs.frozen
class Token:
    kind: str
    """name, name_ref, value_ref, index, op or eof."""
    text: str
    start: int
    end: int

    def is_word(self, word: str) -> bool:
        return self.kind == "name" and self.text.upper() == word


EOF = "<EOF>"


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text`` and a final eof token."""
    tokens: list[Token] = []
    at = 0
    while at < len(text):
        match = _TOKEN.match(text, at)
        if match is None:
            # A character no token starts with: the parser stops at it.
            tokens.append(Token("bad", text[at], at, at + 1))
            at += 1
            continue
        if match.lastgroup != "space":
            tokens.append(Token(str(match.lastgroup), match.group(), at, match.end()))
        at = match.end()
    tokens.append(Token("eof", EOF, len(text), len(text)))
    return tokens


def syntax_error(kind: str, text: str, tokens: list[Token], index: int) -> Exception:
    """DynamoDB's syntax error: the offending token and the tokens around it."""
    token = tokens[index]
    first = tokens[max(index - 1, 0)]
    last = tokens[min(index + 1, len(tokens) - 1)]
    near = text[first.start : last.end].strip()
    return errors.invalid_expression(kind, f'Syntax error; token: "{token.text}", near: "{near}"')
