"""Java-flavoured model patterns, translated and matched as AWS's servers match them."""

from __future__ import annotations

import botocore.session
import pytest

from hookmock.shapes.patterns import compile_pattern, translate


@pytest.mark.parametrize(
    ("pattern", "accepted", "rejected"),
    [
        # Legacy (Coral) patterns must match the whole value, like String.matches.
        ("[a-zA-Z0-9_.-]+", ["my_table", "a.b-c"], ["my table!", ""]),
        # Explicitly anchored patterns are searched, as written.
        ("^arn:aws:", ["arn:aws:iam::1:root"], ["xarn:aws:"]),
        # Java's POSIX classes are ASCII-only.
        ("^[\\p{Alnum}]+$", ["abc123"], ["é", "a b"]),
        ("\\p{Punct}+", ["!-/:"], ["a"]),
        # \w, \d and \s are ASCII-only in Java; \p{L} stays Unicode.
        ("[\\w+=,.@-]+", ["a_b+c"], ["é"]),
        ("[\\p{L}\\d]+", ["héllo9"], ["٣"]),
        # A '-' right after a class shorthand is a literal in Java.
        ("[\\w-.~]+", ["a-b.c~d"], ["a/b"]),
        # UTF-16 surrogate pairs stand for supplementary code points.
        (
            "[\\u0020-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDC00-\\uDBFF\\uDFFF\\t]*",
            ["hi 😀\t"],
            ["\x01"],
        ),
        # Java's \x{HH} and \z, and the Java-only categories LD and all.
        ("a\\x{60}b\\z", ["a`b"], ["a`b\n"]),
        ("^(\\p{LD}|\\p{Punct}| )+$", ["héllo, w0rld"], ["\t"]),
        ("[\\p{all}]*", ["anything\n at all"], []),
    ],
)
def test_java_patterns_match_as_java_does(
    pattern: str, accepted: list[str], rejected: list[str]
) -> None:
    matches = compile_pattern(pattern)
    assert matches is not None, translate(pattern)
    for value in accepted:
        assert matches(value), (pattern, value)
    for value in rejected:
        assert not matches(value), (pattern, value)


def test_every_pattern_in_botocores_models_compiles() -> None:
    """All but a handful of Java-only constructs (left unchecked, never wrongly
    enforced) must compile, across every service botocore ships."""
    session = botocore.session.get_session()
    loader = session.get_component("data_loader")
    patterns = {
        shape["pattern"]
        for name in session.get_available_services()
        for shape in loader.load_service_model(name, "service-2")["shapes"].values()
        if "pattern" in shape
    }
    failing = sorted(p for p in patterns if compile_pattern(p) is None)
    assert len(patterns) > 1000
    assert len(failing) <= 3, failing
