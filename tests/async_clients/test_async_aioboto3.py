"""aioboto3 clients and resources behave as boto3's, in the same world."""

from __future__ import annotations

import asyncio
import hashlib
import io
import time
from decimal import Decimal
from typing import Any

import boto3
import pytest
from boto3.dynamodb.conditions import Attr, Key

import hookmock

from helpers import create_pk_sk_table

aioboto3 = pytest.importorskip("aioboto3", reason="aioboto3 tests need: pip install aioboto3")

REGION = "us-east-1"


@pytest.mark.asyncio
async def test_dynamodb_table_resource(ddb: Any) -> None:
    async with aioboto3.Session().resource("dynamodb", region_name=REGION) as dynamodb:
        table = await dynamodb.Table("t")
        await table.put_item(Item={"pk": "a", "sk": 1, "v": Decimal("1.5"), "tags": {"x", "y"}})
        async with table.batch_writer() as batch:
            for number in range(2, 40):
                await batch.put_item(Item={"pk": "a", "sk": number, "v": number})
        item = (await table.get_item(Key={"pk": "a", "sk": 1}))["Item"]
        assert item == {"pk": "a", "sk": 1, "v": Decimal("1.5"), "tags": {"x", "y"}}
        page = await table.query(
            KeyConditionExpression=Key("pk").eq("a") & Key("sk").between(10, 14),
            ScanIndexForward=False,
        )
        assert [row["sk"] for row in page["Items"]] == [14, 13, 12, 11, 10]
        with pytest.raises(dynamodb.meta.client.exceptions.ConditionalCheckFailedException):
            await table.put_item(
                Item={"pk": "a", "sk": 1}, ConditionExpression=Attr("pk").not_exists()
            )
    # The same table, through boto3: 39 items, the conditional put changed nothing.
    assert ddb.scan(TableName="t", Select="COUNT")["Count"] == 39
    assert ddb.get_item(TableName="t", Key={"pk": {"S": "a"}, "sk": {"N": "1"}})["Item"]["v"] == {
        "N": "1.5"
    }


@pytest.mark.asyncio
async def test_dynamodb_client_paginates_and_reports_errors(ddb: Any) -> None:
    for number in range(25):
        ddb.put_item(TableName="t", Item={"pk": {"S": "p"}, "sk": {"N": str(number)}})
    async with aioboto3.Session().client("dynamodb", region_name=REGION) as client:
        pages = client.get_paginator("query").paginate(
            TableName="t",
            KeyConditionExpression="pk = :p",
            ExpressionAttributeValues={":p": {"S": "p"}},
            PaginationConfig={"PageSize": 10},
        )
        assert [page["Count"] async for page in pages] == [10, 10, 5]
        with pytest.raises(client.exceptions.ResourceNotFoundException) as raised:
            await client.get_item(TableName="nope", Key={"pk": {"S": "p"}, "sk": {"N": "1"}})
        assert raised.value.response["Error"]["Message"] == "Requested resource not found"


@pytest.mark.asyncio
async def test_sqs_send_receive_delete(sqs: Any) -> None:
    url = sqs.create_queue(QueueName="jobs")["QueueUrl"]
    async with aioboto3.Session().client("sqs", region_name=REGION) as client:
        sent = await client.send_message(QueueUrl=url, MessageBody="hello")
        assert sent["MD5OfMessageBody"] == hashlib.md5(b"hello").hexdigest()
        (got,) = (await client.receive_message(QueueUrl=url))["Messages"]
        assert (got["MessageId"], got["Body"]) == (sent["MessageId"], "hello")
        await client.delete_message(QueueUrl=url, ReceiptHandle=got["ReceiptHandle"])
        with pytest.raises(client.exceptions.QueueDoesNotExist):
            await client.get_queue_url(QueueName="missing")
    assert "Messages" not in sqs.receive_message(QueueUrl=url)


@pytest.mark.asyncio
async def test_sqs_long_poll_leaves_the_event_loop_free(sqs: Any) -> None:
    """A long poll waits in a worker thread: the loop it runs on can send the message."""
    url = sqs.create_queue(QueueName="jobs")["QueueUrl"]
    async with aioboto3.Session().client("sqs", region_name=REGION) as client:
        started = time.monotonic()
        waiting = asyncio.create_task(client.receive_message(QueueUrl=url, WaitTimeSeconds=10))
        await asyncio.sleep(0.2)
        assert not waiting.done()
        await client.send_message(QueueUrl=url, MessageBody="wake up")
        (got,) = (await waiting)["Messages"]
        assert got["Body"] == "wake up"
        assert time.monotonic() - started < 5


@pytest.mark.asyncio
async def test_sqs_queue_resource(sqs: Any) -> None:
    async with aioboto3.Session().resource("sqs", region_name=REGION) as resource:
        queue = await resource.create_queue(
            QueueName="orders.fifo", Attributes={"FifoQueue": "true"}
        )
        for number in range(3):
            await queue.send_message(
                MessageBody=f"m{number}", MessageGroupId="g", MessageDeduplicationId=str(number)
            )
        url = queue.url
    bodies = [
        m["Body"] for m in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
    ]
    assert bodies == ["m0", "m1", "m2"]


@pytest.mark.asyncio
async def test_s3_transfers_and_resource(s3: Any, tmp_path: Any) -> None:
    data = bytes(range(256)) * 40000  # ~10 MB: aioboto3 uploads it in parts
    path = tmp_path / "upload.bin"
    path.write_bytes(data)
    session = aioboto3.Session()
    async with session.client("s3", region_name=REGION) as client:
        await client.upload_file(str(path), "bucket", "from-file")
        await client.upload_fileobj(io.BytesIO(b"small"), "bucket", "from-fileobj")
        target = io.BytesIO()
        await client.download_fileobj("bucket", "from-file", target)
        assert target.getvalue() == data
    async with session.resource("s3", region_name=REGION) as resource:
        bucket = await resource.Bucket("bucket")
        assert [summary.key async for summary in bucket.objects.all()] == [
            "from-file",
            "from-fileobj",
        ]
        obj = await resource.Object("bucket", "from-fileobj")
        body = (await obj.get())["Body"]
        assert await body.read() == b"small"
    assert s3.head_object(Bucket="bucket", Key="from-file")["ContentLength"] == len(data)


@pytest.mark.asyncio
async def test_activated_aioboto3_session() -> None:
    session, other = aioboto3.Session(), boto3.Session()
    with hookmock.activate(session) as handle, hookmock.activate(other, world=handle.world):
        create_pk_sk_table(other.client("dynamodb", region_name=REGION), "shared")
        async with session.client("dynamodb", region_name=REGION) as client:
            assert (await client.list_tables())["TableNames"] == ["shared"]
        async with session.resource("dynamodb", region_name=REGION) as dynamodb:
            table = await dynamodb.Table("shared")
            await table.put_item(Item={"pk": "from-aioboto3", "sk": 1})
        key = {"pk": {"S": "from-aioboto3"}, "sk": {"N": "1"}}
        assert "Item" in other.client("dynamodb", region_name=REGION).get_item(
            TableName="shared", Key=key
        )
        async with session.client("sts", region_name=REGION) as client:
            assert (await client.get_caller_identity())["Account"] == "123456789012"
