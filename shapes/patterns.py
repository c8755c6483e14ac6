"""AWS model ``pattern`` traits, which are Java regular expressions, compiled for Python.

The ``regex`` library supplies what ``re`` lacks (Unicode property classes
such as ``\\p{L}``, possessive quantifiers, ``&&`` intersections); this module
translates the remaining Java-isms first:

- ``\\p{Alpha}``, ``\\p{Punct}`` ... are ASCII-only POSIX classes in Java;
- ``\\uD800\\uDC00`` style surrogate pairs stand for one supplementary code point;
- ``\\x{HH}``, ``\\z`` and the Java categories ``\\p{LD}`` / ``\\p{all}``.

``\\w``, ``\\d`` and ``\\s`` are ASCII-only in Java; they are spelled out as
ASCII sets (a global ASCII flag would also narrow ``\\p{L}``). Inside a
character class their negations stay as they are: Python cannot write them
there. Legacy (Coral) patterns are matched against
the whole value, as Java's ``String.matches`` does; an explicitly anchored
pattern is searched, as Smithy's ECMAScript semantics say.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import regex

_POSIX = {
    "Lower": "a-z",
    "Upper": "A-Z",
    "ASCII": "\\x00-\\x7F",
    "Alpha": "a-zA-Z",
    "Digit": "0-9",
    "Alnum": "a-zA-Z0-9",
    "Punct": "!-/:-@\\[-`{-~",
    "Graph": "!-~",
    "Print": " -~",
    "Blank": " \\t",
    "Cntrl": "\\x00-\\x1F\\x7F",
    "XDigit": "0-9a-fA-F",
    "Space": " \\t\\n\\x0B\\f\\r",
    "LD": "\\p{L}\\p{Nd}",
    "all": "\\x00-\\U0010FFFF",
}

_SHORTHAND = {"w": "a-zA-Z0-9_", "d": "0-9", "s": " \\t\\n\\x0B\\f\\r"}

_HEX = frozenset("0123456789abcdefABCDEF")


def _is_surrogate_escape(pattern: str, at: int, low: bool) -> bool:
    if not pattern.startswith("\\u", at) or at + 6 > len(pattern):
        return False
    digits = pattern[at + 2 : at + 6]
    if not set(digits) <= _HEX:
        return False
    value = int(digits, 16)
    return (0xDC00 <= value <= 0xDFFF) if low else (0xD800 <= value <= 0xDBFF)


def _set_item(ranges: str, pattern: str, after: int) -> tuple[str, int]:
    """An expanded class shorthand inside ``[...]``: a ``-`` right after it is a
    literal in Java, but would make a range of the expansion's last character."""
    if pattern.startswith("-", after) and not pattern.startswith("-]", after):
        return ranges + "\\-", after + 1
    return ranges, after


def translate(pattern: str) -> str:
    """Rewrite a Java pattern into one the ``regex`` library reads the same way."""
    out: list[str] = []
    i, in_class, n = 0, 0, len(pattern)
    while i < n:
        char = pattern[i]
        if char == "\\" and i + 1 < n:
            nxt = pattern[i + 1]
            if nxt in "pP" and i + 2 < n and pattern[i + 2] == "{":
                end = pattern.find("}", i)
                name = pattern[i + 3 : end] if end > 0 else ""
                name = name[2:] if name.startswith("Is") and name[2:] in _POSIX else name
                if name in _POSIX:
                    ranges = _POSIX[name]
                    negate = "^" if nxt == "P" else ""
                    if in_class and not negate:
                        text, end = _set_item(ranges, pattern, end + 1)
                        out.append(text)
                        i = end
                        continue
                    elif in_class:  # a negated class inside a class needs a nested set
                        out.append(f"[^{ranges}]")
                    else:
                        out.append(f"[{negate}{ranges}]")
                    i = end + 1
                    continue
            if (
                nxt == "u"
                and _is_surrogate_escape(pattern, i, low=False)
                and (_is_surrogate_escape(pattern, i + 6, low=True))
            ):
                high = int(pattern[i + 2 : i + 6], 16)
                low = int(pattern[i + 8 : i + 12], 16)
                point = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                out.append(f"\\U{point:08X}")
                i += 12
                continue
            if nxt == "x" and i + 2 < n and pattern[i + 2] == "{":
                end = pattern.find("}", i)
                out.append(f"\\U{int(pattern[i + 3 : end], 16):08X}")
                i = end + 1
                continue
            if nxt in _SHORTHAND:
                ranges = _SHORTHAND[nxt]
                if in_class:
                    text, i = _set_item(ranges, pattern, i + 2)
                    out.append(text)
                else:
                    out.append(f"[{ranges}]")
                    i += 2
                continue
            if nxt.lower() in _SHORTHAND and not in_class:
                out.append(f"[^{_SHORTHAND[nxt.lower()]}]")
                i += 2
                continue
            if nxt == "z":
                out.append("\\Z")
                i += 2
                continue
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if char == "[":
            in_class += 1
        elif char == "]" and in_class:
            in_class -= 1
        out.append(char)
        i += 1
    return "".join(out)


Matcher = Callable[[str], bool]


@functools.lru_cache(maxsize=4096)
def compile_pattern(pattern: str) -> Matcher | None:
    """A predicate for ``pattern``, or None where it cannot be compiled (then unchecked)."""
    translated = translate(pattern)
    flags = regex.V1 if "&&" in pattern else regex.V0
    try:
        compiled = regex.compile(translated, flags)
    except (regex.error, ValueError, OverflowError):
        return None
    anchored = pattern.startswith("^") or pattern.endswith("$") or pattern.startswith("\\A")
    if anchored:
        search = compiled.search
        return lambda value: search(value) is not None
    fullmatch = compiled.fullmatch
    return lambda value: fullmatch(value) is not None
