"""The PartiQL tokenizer: names (bare or double-quoted), single-quoted strings,
numbers, ``?`` parameters and operators; ``--`` and ``/* */`` comments are skipped."""

from __future__ import annotations

import re

import attrs

from hookmock.backends.dynamodb import errors
from hookmock.shapes import AWSError

# Order matters: longer operators before their prefixes.
_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>--[^\n]*)
  | (?P<block>/\*.*?\*/)
  | (?P<name>[A-Za-z_][A-Za-z0-9_$]*)
  | (?P<quoted>"(?:[^"]|"")*")
  | (?P<string>'(?:[^']|'')*')
  | (?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<param>\?)
  | (?P<op><<|>>|<>|!=|<=|>=|[=<>(){}\[\],.:*+\-;])
    """,
    re.VERBOSE | re.DOTALL,
)


@attrs.frozen
class Token:
    kind: str
    """name, quoted, string, number, param, op or eof."""
    text: str
    """For quoted names and strings, the content with its quotes undone."""

    def is_word(self, *words: str) -> bool:
        return self.kind == "name" and self.text.upper() in words

    def is_op(self, *ops: str) -> bool:
        return self.kind == "op" and self.text in ops


EOF_TOKEN = Token("eof", "")


def malformed(detail: str = "") -> AWSError:
    """The error of a statement PartiQL cannot read, as DynamoDB words it."""
    return errors.validation(f"Statement wasn't well formed, can't be processed: {detail}")


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text`` and a final eof token."""
    tokens: list[Token] = []
    at = 0
    while at < len(text):
        match = _TOKEN.match(text, at)
        if match is None:
            # An unterminated string, name or comment, or a character PartiQL has no use for.
            raise malformed()
        kind = str(match.lastgroup)
        raw = match.group()
        at = match.end()
        if kind in ("space", "comment", "block"):
            continue
        if kind == "quoted":
            raw = raw[1:-1].replace('""', '"')
        elif kind == "string":
            raw = raw[1:-1].replace("''", "'")
        tokens.append(Token(kind, raw))
    tokens.append(EOF_TOKEN)
    return tokens
