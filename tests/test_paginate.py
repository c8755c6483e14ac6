"""Pagination through client.get_paginator, driven by botocore's paginator configs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs
import boto3
import pytest
from botocore.exceptions import ClientError

import hookmock
from hookmock import backends
from hookmock.backends import Backend, Call, Params, Result, Service, operation
from hookmock.shapes.paginate import ListSource, SortedIndex, decode_token, encode_token


class CountingIndex(SortedIndex[str, dict[str, Any]]):
    """Counts how many items listing had to look at."""

    visited = 0

    def after(self, position: Any) -> Iterator[tuple[str, dict[str, Any]]]:
        for pair in super().after(position):
            CountingIndex.visited += 1
            yield pair


@attrs.define(eq=False)
class Directory(Backend):
    """A test IAM backend listing users and roles from sorted indexes."""

    users: CountingIndex = attrs.field(factory=CountingIndex)
    roles: list[dict[str, Any]] = attrs.field(factory=list)

    @operation("CreateUser")
    def create_user(self, call: Call, params: Params) -> Result:
        self.users[params["UserName"]] = {"UserName": params["UserName"]}
        return None

    @operation("ListUsers")
    def list_users(self, call: Call, params: Params) -> Result:
        return call.paginate(
            params, self.users, self._user, default_limit=100, max_limit=1000, position_type=str
        )

    @operation("ListRoles")
    def list_roles(self, call: Call, params: Params) -> Result:
        return call.paginate(params, ListSource(self.roles), dict, default_limit=100)

    @staticmethod
    def _user(user: dict[str, Any]) -> dict[str, Any]:
        return {
            "UserName": user["UserName"],
            "Path": "/",
            "UserId": "AIDA" + user["UserName"].upper().ljust(17, "X")[:17],
            "Arn": f"arn:aws:iam::123456789012:user/{user['UserName']}",
            "CreateDate": 0,
        }


@pytest.fixture
def iam(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    monkeypatch.setitem(backends._loaded, "iam", Service("iam", Directory, scope="partition"))
    with hookmock.aws():
        yield boto3.client("iam")


def names(pages: Any) -> list[str]:
    return [user["UserName"] for page in pages for user in page["Users"]]


def test_paginator_walks_every_item_in_order(iam: Any) -> None:
    created = [f"user{n:03d}" for n in range(25)]
    for name in reversed(created):
        iam.create_user(UserName=name)
    pages = list(iam.get_paginator("list_users").paginate(PaginationConfig={"PageSize": 7}))
    assert [len(page["Users"]) for page in pages] == [7, 7, 7, 4]
    assert [page["IsTruncated"] for page in pages] == [True, True, True, False]
    assert "Marker" not in pages[-1]
    assert names(pages) == created


def test_default_and_maximum_page_size(iam: Any) -> None:
    for n in range(150):
        iam.create_user(UserName=f"u{n:03d}")
    first = iam.list_users()
    assert len(first["Users"]) == 100
    assert first["IsTruncated"] is True
    rest = iam.list_users(Marker=first["Marker"], MaxItems=1000)
    assert len(rest["Users"]) == 50
    assert rest["IsTruncated"] is False


def test_empty_listing(iam: Any) -> None:
    response = iam.list_users()
    assert response["Users"] == []
    assert response["IsTruncated"] is False


def test_items_added_between_pages_are_seen_in_order(iam: Any) -> None:
    for name in ("a", "c", "e"):
        iam.create_user(UserName=name)
    first = iam.list_users(MaxItems=2)
    iam.create_user(UserName="d")
    iam.create_user(UserName="b")
    rest = iam.list_users(Marker=first["Marker"])
    assert names([first, rest]) == ["a", "c", "d", "e"]


@pytest.mark.parametrize(
    "token",
    [
        "not-a-token!",
        encode_token("ListRoles", "", 3),
        "e30",
        encode_token("ListUsers", "", 3),
        encode_token("ListUsers", "", {"a": 1}),
        encode_token("ListUsers", "", None),
    ],
)
def test_malformed_or_foreign_tokens_are_rejected(iam: Any, token: str) -> None:
    with pytest.raises(ClientError) as raised:
        iam.list_users(Marker=token)
    assert raised.value.response["Error"]["Code"] == "ValidationError"
    assert "Invalid pagination token" in raised.value.response["Error"]["Message"]


def test_tokens_are_bound_to_their_scope() -> None:
    token = encode_token("ListObjectsV2", "bucket-a", "key")
    assert decode_token(token, "ListObjectsV2", "bucket-a") == "key"
    with pytest.raises(ValueError, match="another request"):
        decode_token(token, "ListObjectsV2", "bucket-b")


def test_insertion_ordered_source_pages_by_index(iam: Any) -> None:
    roles = [
        {
            "RoleName": f"r{n}",
            "Path": "/",
            "RoleId": f"AROA{n:017d}",
            "Arn": f"arn:aws:iam::123456789012:role/r{n}",
            "CreateDate": 0,
        }
        for n in (3, 1, 2)
    ]
    from hookmock._state import STATE

    assert STATE.world is not None
    spec = backends.service("iam")
    assert spec is not None
    STATE.world.backend(spec, "123456789012", "aws").roles.extend(roles)
    pages = list(iam.get_paginator("list_roles").paginate(PaginationConfig={"PageSize": 2}))
    assert [r["RoleName"] for p in pages for r in p["Roles"]] == [r["RoleName"] for r in roles]


def test_listing_n_items_page_by_page_visits_each_item_about_once(iam: Any) -> None:
    """Seeking is a binary search, so paging costs O(N log N), not O(N²)."""
    from hookmock._state import STATE

    assert STATE.world is not None
    spec = backends.service("iam")
    assert spec is not None
    directory = STATE.world.backend(spec, "123456789012", "aws")
    total, page_size = 20_000, 100
    for n in range(total):
        directory.users[f"user{n:06d}"] = {"UserName": f"user{n:06d}"}
    CountingIndex.visited = 0
    pages = iam.get_paginator("list_users").paginate(PaginationConfig={"PageSize": page_size})
    assert sum(len(page["Users"]) for page in pages) == total
    assert CountingIndex.visited <= total + total // page_size
