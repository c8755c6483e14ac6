"""SNS filter policies: the language, its validation errors and its limits."""

from __future__ import annotations

import json
from typing import Any

import pytest

from hookmock.backends.sns.filter_policy import (
    MESSAGE_ATTRIBUTES,
    MESSAGE_BODY,
    FilterPolicy,
    FilterPolicyError,
    parse_filter_policy,
)


def attrs_policy(policy: Any) -> FilterPolicy:
    return parse_filter_policy(json.dumps(policy), MESSAGE_ATTRIBUTES)


def body_policy(policy: Any) -> FilterPolicy:
    return parse_filter_policy(json.dumps(policy), MESSAGE_BODY)


def string(value: str) -> dict[str, str]:
    return {"DataType": "String", "StringValue": value}


def number(value: str) -> dict[str, str]:
    return {"DataType": "Number", "StringValue": value}


def array(*values: Any) -> dict[str, str]:
    return {"DataType": "String.Array", "StringValue": json.dumps(list(values))}


def attrs_match(policy: Any, **attributes: dict[str, Any]) -> bool:
    return attrs_policy(policy).matches(attributes, "")


def body_match(policy: Any, body: Any) -> bool:
    return body_policy(policy).matches({}, json.dumps(body))


def reason_of(policy: str, scope: str = MESSAGE_ATTRIBUTES) -> str:
    with pytest.raises(FilterPolicyError) as caught:
        parse_filter_policy(policy, scope)
    return caught.value.reason


# --- exact matching -------------------------------------------------------------------


def test_exact_strings_or_within_a_key() -> None:
    policy = {"customer_interests": ["rugby", "tennis"]}
    assert attrs_match(policy, customer_interests=string("rugby"))
    assert attrs_match(policy, customer_interests=string("tennis"))
    assert not attrs_match(policy, customer_interests=string("baseball"))
    assert not attrs_match(policy, customer_interests=string("Rugby"))


def test_string_array_attribute_matches_when_any_element_matches() -> None:
    policy = {"customer_interests": ["rugby", "tennis"]}
    assert attrs_match(policy, customer_interests=array("rugby", "tennis"))
    assert attrs_match(policy, customer_interests=array("baseball", "tennis"))
    assert not attrs_match(policy, customer_interests=array("baseball"))
    assert not attrs_match(policy, customer_interests=array())


def test_exact_number_compares_numerically_and_only_with_numbers() -> None:
    policy = {"price_usd": [301.5]}
    assert attrs_match(policy, price_usd=number("301.5"))
    assert attrs_match(policy, price_usd=number("3.015e2"))
    assert not attrs_match(policy, price_usd=string("301.5"))
    assert not attrs_match({"price_usd": ["301.5"]}, price_usd=number("301.5"))
    assert attrs_match({"n": [5]}, n={"DataType": "Number.int", "StringValue": "5.0"})


def test_numbers_compare_with_five_digits_after_the_point() -> None:
    assert attrs_match({"n": [1.5]}, n=number("1.500001"))
    assert not attrs_match({"n": [1.5]}, n=number("1.50001"))


def test_booleans_and_null_only_match_their_own_json_values() -> None:
    assert body_match({"flag": [True]}, {"flag": True})
    assert not body_match({"flag": [True]}, {"flag": 1})
    assert not body_match({"flag": [1]}, {"flag": True})
    assert not body_match({"flag": ["true"]}, {"flag": True})
    assert body_match({"gone": [None]}, {"gone": None})
    assert not body_match({"gone": [None]}, {"other": 1})
    assert not body_match({"gone": [None]}, {"gone": "null"})
    assert attrs_match({"a": [None, True, 2]}, a=array("x", None))


def test_custom_string_types_match_as_strings_and_binary_is_ignored() -> None:
    assert attrs_match({"a": ["x"]}, a={"DataType": "String.custom", "StringValue": "x"})
    binary = {"DataType": "Binary", "BinaryValue": b"x"}
    assert not attrs_match({"a": [{"exists": True}]}, a=binary)
    assert attrs_match({"a": [{"exists": False}]}, a=binary, b=string("y"))


# --- AND / OR ---------------------------------------------------------------------------


def test_keys_are_anded() -> None:
    policy = {"customer_interests": ["rugby"], "price_usd": [{"numeric": [">", 100]}]}
    assert attrs_match(policy, customer_interests=string("rugby"), price_usd=number("101"))
    assert not attrs_match(policy, customer_interests=string("rugby"), price_usd=number("100"))
    assert not attrs_match(policy, customer_interests=string("rugby"))


def test_or_operator_joins_sub_policies() -> None:
    policy = {
        "source": ["aws.cloudwatch"],
        "$or": [{"metricName": ["CPUUtilization"]}, {"namespace": ["AWS/EC2"]}],
    }
    source = string("aws.cloudwatch")
    assert attrs_match(policy, source=source, metricName=string("CPUUtilization"))
    assert attrs_match(policy, source=source, namespace=string("AWS/EC2"))
    assert not attrs_match(policy, source=source, namespace=string("AWS/ES"))
    assert not attrs_match(policy, metricName=string("CPUUtilization"))


def test_nested_or_operators() -> None:
    policy = {
        "source": ["aws.cloudwatch"],
        "$or": [
            {"metricName": ["CPUUtilization", "ReadLatency"]},
            {
                "metricType": ["MetricType"],
                "$or": [{"metricId": [1234, 4321]}, {"spaceId": [1000, 2000, 3000]}],
            },
        ],
    }
    source = string("aws.cloudwatch")
    kind = string("MetricType")
    assert attrs_match(policy, source=source, metricName=string("ReadLatency"))
    assert attrs_match(policy, source=source, metricType=kind, spaceId=number("2000"))
    assert not attrs_match(policy, source=source, metricType=kind, spaceId=number("2001"))
    assert not attrs_match(policy, source=source, spaceId=number("2000"))


@pytest.mark.parametrize(
    "value",
    [
        [{"numeric": 123}, {"prefix": "abc"}],  # operator names: an ordinary key
        [{"a": ["x"]}],  # fewer than two objects
    ],
)
def test_or_that_is_not_an_or_group_is_an_ordinary_key(value: Any) -> None:
    with pytest.raises(FilterPolicyError):
        attrs_policy({"$or": value})


def test_a_literal_or_property_can_be_matched() -> None:
    assert attrs_match({"$or": ["x"]}, **{"$or": string("x")})


def test_or_in_a_body_policy_applies_at_its_level() -> None:
    policy = {"object": {"$or": [{"a": ["1"]}, {"b": ["2"]}]}}
    assert body_match(policy, {"object": {"b": "2"}})
    assert not body_match(policy, {"object": {"c": "2"}, "b": "2"})


# --- string operators -------------------------------------------------------------------


def test_prefix_suffix_and_equals_ignore_case() -> None:
    assert attrs_match({"a": [{"prefix": "bas"}]}, a=string("basketball"))
    assert not attrs_match({"a": [{"prefix": "bas"}]}, a=string("rugby"))
    assert attrs_match({"a": [{"suffix": "ball"}]}, a=string("baseball"))
    assert not attrs_match({"a": [{"suffix": "ball"}]}, a=string("rugby"))
    assert attrs_match({"a": [{"equals-ignore-case": "RuGbY"}]}, a=string("rugBY"))
    assert not attrs_match({"a": [{"equals-ignore-case": "rugby"}]}, a=string("rugby!"))
    assert attrs_match({"a": [{"prefix": "ru"}]}, a=array("baseball", "rugby"))
    assert not body_match({"a": [{"prefix": "1"}]}, {"a": 12})


def test_anything_but_strings() -> None:
    policy = {"a": [{"anything-but": ["rugby", "tennis"]}]}
    assert attrs_match(policy, a=string("baseball"))
    assert not attrs_match(policy, a=string("rugby"))
    assert attrs_match(policy, a=array("rugby", "baseball"))
    assert not attrs_match(policy, a=array("rugby", "tennis"))
    assert not attrs_match(policy, b=string("baseball"))
    assert attrs_match({"a": [{"anything-but": "rugby"}]}, a=string("tennis"))
    assert not attrs_match({"a": [{"anything-but": "rugby"}]}, a=string("rugby"))


def test_anything_but_numbers() -> None:
    policy = {"price": [{"anything-but": [100, 500]}]}
    assert attrs_match(policy, price=number("101"))
    assert attrs_match(policy, price=number("100.1"))
    assert not attrs_match(policy, price=number("100"))
    assert not attrs_match(policy, price=number("1e2"))
    assert body_match(policy, {"price": [100, 50]})
    assert not body_match(policy, {"price": 500})
    assert body_match({"price": [{"anything-but": 100}]}, {"price": "100"})


def test_anything_but_prefix_and_suffix() -> None:
    assert attrs_match({"a": [{"anything-but": {"prefix": "order-"}}]}, a=string("invoice-1"))
    assert not attrs_match({"a": [{"anything-but": {"prefix": "order-"}}]}, a=string("order-1"))
    assert attrs_match({"a": [{"anything-but": {"suffix": ".tmp"}}]}, a=string("a.txt"))
    assert not attrs_match({"a": [{"anything-but": {"suffix": ".tmp"}}]}, a=string("a.tmp"))


def test_anything_but_combined_with_exists_false() -> None:
    policy = {"a": [{"anything-but": ["x"]}, {"exists": False}]}
    assert attrs_match(policy, b=string("1"))
    assert attrs_match(policy, a=string("y"))
    assert not attrs_match(policy, a=string("x"))


# --- numeric ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "inside", "outside"),
    [
        (["=", 301.5], ["301.5", "3.015e2"], ["301", "302"]),
        (["<", 0], ["-1", "-0.5"], ["0", "1"]),
        (["<=", 0], ["0", "-3"], ["0.1"]),
        ([">", 0, "<=", 150], ["0.1", "150"], ["0", "150.1", "-5"]),
        ([">=", 10, "<", 20], ["10", "19.9"], ["9.9", "20"]),
    ],
)
def test_numeric_operators(expression: list[Any], inside: list[str], outside: list[str]) -> None:
    policy = {"price": [{"numeric": expression}]}
    for value in inside:
        assert attrs_match(policy, price=number(value)), value
        assert body_match(policy, {"price": float(value)}), value
    for value in outside:
        assert not attrs_match(policy, price=number(value)), value


def test_numeric_ignores_strings() -> None:
    assert not attrs_match({"price": [{"numeric": [">", 0]}]}, price=string("5"))
    assert not body_match({"price": [{"numeric": [">", 0]}]}, {"price": "5"})
    assert attrs_match({"price": [{"numeric": [">", 0]}]}, price=array("x", 5))


# --- exists -----------------------------------------------------------------------------


def test_exists_true_and_false() -> None:
    present = {"store": [{"exists": True}]}
    absent = {"store": [{"exists": False}]}
    interests = array("baseball", "basketball")
    assert attrs_match(present, store=string("fans"), customer_interests=interests)
    assert not attrs_match(present, customer_interests=interests)
    assert not attrs_match(absent, store=string("fans"), customer_interests=interests)
    assert attrs_match(absent, customer_interests=interests)


def test_exists_false_needs_some_attribute_or_property() -> None:
    assert not attrs_match({"store": [{"exists": False}]})
    assert not body_match({"store": [{"exists": False}]}, {})
    assert body_match({"store": [{"exists": False}]}, {"other": 1})


def test_exists_in_a_body_needs_a_non_null_leaf_value() -> None:
    present = {"store": [{"exists": True}]}
    assert body_match(present, {"store": "fans"})
    assert body_match(present, {"store": ["fans"]})
    assert not body_match(present, {"store": None})
    assert not body_match(present, {"store": []})
    assert not body_match(present, {"store": {"nested": 1}})
    assert body_match({"store": [{"exists": False}]}, {"store": {"nested": 1}})


# --- cidr -------------------------------------------------------------------------------


def test_cidr_ipv4_and_ipv6() -> None:
    v4 = {"source_ip": [{"cidr": "10.0.0.0/24"}]}
    assert attrs_match(v4, source_ip=string("10.0.0.255"))
    assert not attrs_match(v4, source_ip=string("10.0.1.0"))
    assert not attrs_match(v4, source_ip=string("not an address"))
    assert not attrs_match(v4, source_ip=string("::ffff:10.0.0.1"))
    v6 = {"source_ip": [{"cidr": "2001:db8::/32"}]}
    assert attrs_match(v6, source_ip=string("2001:db8:1::5"))
    assert not attrs_match(v6, source_ip=string("2001:db9::1"))
    assert not attrs_match(v6, source_ip=string("10.0.0.1"))
    assert attrs_match({"ip": [{"cidr": "10.0.0.7/24"}]}, ip=string("10.0.0.1"))


# --- message body scope -----------------------------------------------------------------


def test_body_policy_mirrors_nested_objects() -> None:
    policy = {"object": {"key": [{"prefix": "auto-"}]}}
    assert body_match(policy, {"object": {"key": "auto-test"}})
    assert not body_match(policy, {"object": {"key": "home-test"}})
    assert not body_match(policy, {"object.key": "auto-test"})
    assert not body_match(policy, {"object": "auto-test"})


def test_body_arrays_match_when_any_element_matches() -> None:
    policy = {"headers": {"route-to": ["queue1"]}}
    assert body_match(policy, {"headers": {"route-to": ["queue1", "queue2"]}})
    assert not body_match(policy, {"headers": {"route-to": ["queue2"]}})
    records = {"Records": {"s3": {"object": {"key": [{"prefix": "auto-"}]}}}}
    body = {
        "Records": [{"s3": {"object": {"key": "home-1"}}}, {"s3": {"object": {"key": "auto-1"}}}]
    }
    assert body_match(records, body)
    assert body_match(records, {"Records": [{"s3": {"object": [[{"key": "auto-2"}]]}}]})
    assert not body_match(records, {"Records": [{"s3": {"object": {"key": "home-2"}}}]})


def test_elements_of_one_body_array_are_matched_whole() -> None:
    policy = {"items": {"kind": ["book"], "price": [{"numeric": ["<", 10]}]}}
    assert body_match(policy, {"items": [{"kind": "book", "price": 5}]})
    assert not body_match(
        policy, {"items": [{"kind": "book", "price": 50}, {"kind": "pen", "price": 5}]}
    )


@pytest.mark.parametrize("body", ["not json", "[1, 2]", '"text"', "{}", "{bad", "NaN"])
def test_body_that_is_not_a_json_object_matches_nothing(body: str) -> None:
    assert not body_policy({"a": [{"exists": False}]}).matches({}, body)


def test_body_scope_ignores_attributes_and_attribute_scope_ignores_the_body() -> None:
    assert not body_policy({"a": ["x"]}).matches({"a": string("x")}, '{"b": "x"}')
    assert not attrs_policy({"a": ["x"]}).matches({"b": string("x")}, '{"a": "x"}')


def test_empty_policy_matches_every_message() -> None:
    assert parse_filter_policy("{}", MESSAGE_ATTRIBUTES).matches({}, "")
    assert parse_filter_policy("{}", MESSAGE_BODY).matches({}, "not json")


# --- validation: structure --------------------------------------------------------------


@pytest.mark.parametrize(
    ("policy", "reason"),
    [
        ('{"key":[["value"]]}', "Match value must be String, number, true, false, or null"),
        ('{"key":[{"wrong-operator":true}]}', "Unrecognized match type wrong-operator"),
        (
            '{"key":[{"suffix":"value","prefix":"value2"}]}',
            "Only one key allowed in match expression",
        ),
        ('{"key":{"suffix":"value"}}', None),
        ('{"key_a":"value_one"}', '"key_a" must be an object or an array'),
        ('{"key_a":5}', '"key_a" must be an object or an array'),
        ('{"key":[]}', "Empty arrays are not allowed"),
        ('{"key":[{}]}', "Empty objects are not allowed"),
        ("[]", "Filter is not an object"),
        ('"text"', "Filter is not an object"),
        ("{bad json", "failed to parse JSON."),
        ('{"a":[NaN]}', "failed to parse JSON."),
        ("", "failed to parse JSON."),
    ],
)
def test_structure_errors(policy: str, reason: str | None) -> None:
    with pytest.raises(FilterPolicyError) as caught:
        parse_filter_policy(policy, MESSAGE_BODY)
    if reason is not None:
        assert caught.value.reason == reason


def test_nested_policy_is_refused_for_attribute_scope() -> None:
    with pytest.raises(FilterPolicyError) as caught:
        attrs_policy({"object": {"key": ["x"]}})
    expected = (
        "Invalid parameter: Filter policy scope MessageAttributes does not support nested"
        " filter policy"
    )
    assert str(caught.value) == expected
    assert caught.value.subscribe_message == expected


def test_error_messages_carry_sns_wording_for_each_operation() -> None:
    with pytest.raises(FilterPolicyError) as caught:
        attrs_policy({"key": [{"exists": "no"}]})
    error = caught.value
    reason = "exists match pattern must be either true or false."
    assert str(error) == f"Invalid parameter: FilterPolicy: {reason}"
    assert (
        error.subscribe_message == f"Invalid parameter: Attributes Reason: FilterPolicy: {reason}"
    )


def test_nested_key_that_is_not_an_array_is_named() -> None:
    assert reason_of('{"a":{"not-an-operator":"v"}}', MESSAGE_BODY) == (
        '"not-an-operator" must be an object or an array'
    )


# --- validation: operators --------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "reason"),
    [
        ({"suffix": 100}, "suffix match pattern must be a string"),
        ({"suffix": None}, "suffix match pattern must be a string"),
        ({"suffix": []}, "suffix match pattern must be a string"),
        ({"suffix": ["test", "test2"]}, "suffix match pattern must be a string"),
        ({"prefix": 1}, "prefix match pattern must be a string"),
        ({"equals-ignore-case": 1}, "equals-ignore-case match pattern must be a string"),
        ({"exists": None}, "exists match pattern must be either true or false."),
        ({"exists": "no"}, "exists match pattern must be either true or false."),
        ({"cidr": 10}, "cidr match pattern must be a string"),
        ({"cidr": "10.0.0.1"}, "Malformed CIDR, one '/' required"),
        ({"cidr": "10.0.0.0/33"}, "Nonstandard IP address: 10.0.0.0"),
        ({"cidr": "10.0.0/8"}, "Nonstandard IP address: 10.0.0"),
        (
            {"anything-but": {"wrong-operator": None}},
            "Unsupported anything-but pattern: wrong-operator",
        ),
        ({"anything-but": {"exists": False}}, "Unsupported anything-but pattern: exists"),
        ({"anything-but": {"prefix": False}}, "prefix match pattern must be a string"),
        ({"anything-but": {"suffix": 3}}, "suffix match pattern must be a string"),
        (
            {"anything-but": {"prefix": "a", "suffix": "b"}},
            "Only one key allowed in match expression",
        ),
        (
            {"anything-but": None},
            "Value of anything-but must be an array or single string/number value.",
        ),
        (
            {"anything-but": True},
            "Value of anything-but must be an array or single string/number value.",
        ),
        (
            {"anything-but": ["a", None]},
            "Inside anything but list, start|null|boolean is not supported.",
        ),
        ({"anything-but": []}, "Empty arrays are not allowed"),
    ],
)
def test_operator_errors(rule: dict[str, Any], reason: str) -> None:
    assert reason_of(json.dumps({"key": [rule]})) == reason


@pytest.mark.parametrize(
    ("expression", "reason"),
    [
        ("[]", "Invalid member in numeric match: ]"),
        ('["operator"]', "Unrecognized numeric range operator: operator"),
        ('[1,"<="]', "Invalid member in numeric match: 1"),
        ('[1.50,"<="]', "Invalid member in numeric match: 1.50"),
        ("[null]", "Invalid member in numeric match: null"),
        ('["=","000"]', "Value of equals must be numeric"),
        ('[">="]', "Value of >= must be numeric"),
        ('["<",100,">",10]', "Too many elements in numeric expression"),
        ('["=",1,2]', "Too many elements in numeric expression"),
        ('[">=",1,">",2]', "Bad numeric range operator: >"),
        ('[">",3,"<",1]', "Bottom must be less than top"),
        ('[">",3,"<",3]', "Bottom must be less than top"),
        ('[">",20,"<="]', "Value of <= must be numeric"),
        ('[">",20,30]', "Bad value in numeric range: 30"),
        ('[">",20,"test"]', "Bad numeric range operator: test"),
        ('[">","20","<","30"]', "Value of > must be numeric"),
        ('[">",20,"<","30"]', "Value of < must be numeric"),
        ('[">",20,"<",30,"<",50]', "Too many terms in numeric range expression"),
        ("5", "Value of numeric must be an array."),
        ('["<",1000000001]', "Value must be between -1.0E9 and 1.0E9, inclusive"),
        ('[">",-1e10]', "Value must be between -1.0E9 and 1.0E9, inclusive"),
    ],
)
def test_numeric_errors(expression: str, reason: str) -> None:
    assert reason_of('{"key":[{"numeric":' + expression + "}]}") == reason


def test_numeric_bounds_are_inclusive_of_one_billion() -> None:
    policy = {"n": [{"numeric": [">=", -1_000_000_000, "<=", 1e9]}]}
    assert attrs_match(policy, n=number("1000000000"))


# --- validation: limits -----------------------------------------------------------------


def test_total_combinations_may_reach_150() -> None:
    policy = {"a": list(range(10)), "b": list(range(15))}
    assert attrs_match(policy, a=number("9"), b=number("14"))


@pytest.mark.parametrize(
    "policy",
    [
        {"a": [str(i) for i in range(151)]},
        {"a": list(range(10)), "b": list(range(16))},
        {"$or": [{"a": list(range(100))}, {"b": list(range(51))}]},
        {"x": ["1", "2"], "$or": [{"a": list(range(50))}, {"b": list(range(26))}]},
        {
            "$or": [
                {"a": list(range(10))},
                {"$or": [{"b": list(range(80))}, {"c": list(range(61))}]},
            ]
        },
    ],
)
def test_too_complex(policy: dict[str, Any]) -> None:
    assert reason_of(json.dumps(policy)) == "Filter policy is too complex"


def test_too_complex_counts_nested_body_leaves() -> None:
    policy = {"a": {"b": list(range(10)), "c": {"d": list(range(16))}}}
    assert reason_of(json.dumps(policy), MESSAGE_BODY) == "Filter policy is too complex"


def test_or_groups_that_multiply_out_are_refused_without_expanding_them() -> None:
    # 2**40 alternatives if expanded in full
    policy = {f"k{i}": {"$or": [{"a": ["1"]}, {"b": ["1"]}]} for i in range(40)}
    assert reason_of(json.dumps(policy), MESSAGE_BODY) == "Filter policy is too complex"


def test_or_alternatives_add_up() -> None:
    policy: dict[str, Any] = {"x": ["1"]}
    for level in range(149):
        policy = {"$or": [policy, {f"y{level}": ["1"]}]}
    attrs_policy(policy)
    assert reason_of(json.dumps({"$or": [policy, {"z": ["1"]}]})) == "Filter policy is too complex"


def test_at_most_five_keys() -> None:
    five = {f"k{i}": ["v"] for i in range(5)}
    attrs_policy(five)
    six = {f"k{i}": ["v"] for i in range(6)}
    assert reason_of(json.dumps(six)) == "Filter policy can not have more than 5 keys"


def test_key_limit_counts_leaves_per_or_alternative() -> None:
    within = {
        "a": ["1"],
        "b": ["1"],
        "$or": [{"c": ["1"], "d": ["1"], "e": ["1"]}, {"f": ["1"], "g": ["1"], "h": ["1"]}],
    }
    attrs_policy(within)
    over = {
        "a": ["1"],
        "b": ["1"],
        "$or": [{"c": ["1"], "d": ["1"], "e": ["1"], "f": ["1"]}, {"g": ["1"]}],
    }
    assert reason_of(json.dumps(over)) == "Filter policy can not have more than 5 keys"


def test_key_limit_counts_only_leaf_keys_of_nested_policies() -> None:
    policy = {"a": {"b": {"c": {"d": ["1"]}}, "e": {"f": ["1"]}}, "g": ["1"], "h": ["1"]}
    body_policy(policy)
    six = {"a": {f"k{i}": ["v"] for i in range(6)}}
    assert reason_of(json.dumps(six), MESSAGE_BODY) == "Filter policy can not have more than 5 keys"


def test_policy_text_is_limited_to_256_kb() -> None:
    padding = " " * (256 * 1024)
    assert reason_of('{"a": ["x"]}' + padding) == "Filter policy is too long"
    fits = '{"a": ["x"]}' + " " * (256 * 1024 - len('{"a": ["x"]}'))
    parse_filter_policy(fits, MESSAGE_ATTRIBUTES)


# --- parsing is cached ------------------------------------------------------------------


def test_parsing_is_cached_per_text_and_scope() -> None:
    text = json.dumps({"cached": ["yes"]})
    first = parse_filter_policy(text, MESSAGE_ATTRIBUTES)
    assert parse_filter_policy(text, MESSAGE_ATTRIBUTES) is first
    assert parse_filter_policy(text, MESSAGE_BODY) is not first
    assert parse_filter_policy(text, MESSAGE_BODY).scope == MESSAGE_BODY


def test_unknown_scope_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="scope"):
        parse_filter_policy("{}", "Everything")


def test_body_numbers_beyond_float_range_match_no_rule() -> None:
    policy = body_policy({"n": [{"numeric": [">", 0]}], "s": ["x"]})
    assert not policy.matches({}, '{"n": 1' + "0" * 400 + ', "s": "x"}')
    assert policy.matches({}, '{"n": [1' + "0" * 400 + ', 5], "s": "x"}')


def test_attribute_number_that_is_not_finite_is_compared_as_text() -> None:
    assert not attrs_match({"n": [{"numeric": [">", 0]}]}, n=number("Infinity"))
    assert attrs_match({"n": [{"anything-but": [1]}]}, n=number("Infinity"))
