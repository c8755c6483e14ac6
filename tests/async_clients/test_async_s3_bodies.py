"""S3 payloads of aiobotocore clients: async streaming bodies out, any kind of body in."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("aiobotocore", reason="async client tests need: pip install -e '.[async]'")

import aiobotocore.response
from botocore.exceptions import ClientError

from hookmock._aio_bodies import SPOOL_IN_MEMORY

DATA = b"line one\nline two\nline three\n" * 100


class AsyncReader:
    """An aiofiles-like reader: ``read`` is a coroutine; chunks may be str."""

    def __init__(self, data: bytes | str, chunk: int = 1000) -> None:
        self._data = data
        self._chunk = chunk
        self.reads = 0

    async def read(self, size: int = -1) -> bytes | str:
        self.reads += 1
        size = len(self._data) if size < 0 else min(size, self._chunk)
        taken, self._data = self._data[:size], self._data[size:]
        return taken


class FailingReader:
    def __init__(self) -> None:
        self._sent = False

    async def read(self, size: int = -1) -> bytes:
        if self._sent:
            raise ConnectionResetError("the source went away")
        self._sent = True
        return b"partial"


async def put_and_get(client: Any, body: Any, key: str = "k") -> bytes:
    await client.put_object(Bucket="bucket", Key=key, Body=body)
    response = await client.get_object(Bucket="bucket", Key=key)
    async with response["Body"] as stream:
        return bytes(await stream.read())


# -- response bodies ---------------------------------------------------------------


@pytest.mark.asyncio
async def test_body_is_the_installed_aiobotocores_streaming_body(aio_s3: Any) -> None:
    await aio_s3.put_object(Bucket="bucket", Key="k", Body=DATA)
    response = await aio_s3.get_object(Bucket="bucket", Key="k")
    body = response["Body"]
    assert isinstance(body, aiobotocore.response.StreamingBody)
    assert response["ContentLength"] == len(DATA)
    async with body as stream:
        assert await stream.read() == DATA


@pytest.mark.asyncio
async def test_body_reads_in_pieces_and_by_chunks_and_lines(aio_s3: Any) -> None:
    await aio_s3.put_object(Bucket="bucket", Key="k", Body=DATA)

    body = (await aio_s3.get_object(Bucket="bucket", Key="k"))["Body"]
    first = await body.read(5)
    rest = await body.read()
    assert first + rest == DATA
    assert await body.read() == b""

    body = (await aio_s3.get_object(Bucket="bucket", Key="k"))["Body"]
    chunks = [chunk async for chunk in body.iter_chunks(1024)]
    assert [len(chunk) for chunk in chunks] == [1024, 1024, len(DATA) - 2048]
    assert b"".join(chunks) == DATA

    body = (await aio_s3.get_object(Bucket="bucket", Key="k"))["Body"]
    lines = [line async for line in body.iter_lines()]
    assert lines == DATA.splitlines()

    body = (await aio_s3.get_object(Bucket="bucket", Key="k"))["Body"]
    assert b"".join([chunk async for chunk in body]) == DATA
    body.close()


@pytest.mark.asyncio
async def test_ranged_get_reads_the_range(aio_s3: Any) -> None:
    await aio_s3.put_object(Bucket="bucket", Key="k", Body=DATA)
    response = await aio_s3.get_object(Bucket="bucket", Key="k", Range="bytes=5-12")
    assert response["ContentRange"] == f"bytes 5-12/{len(DATA)}"
    assert response["ContentLength"] == 8
    assert await response["Body"].read() == DATA[5:13]


@pytest.mark.asyncio
async def test_empty_object_reads_empty(aio_s3: Any) -> None:
    assert await put_and_get(aio_s3, b"") == b""


@pytest.mark.asyncio
async def test_large_body_spilled_to_disk_reads_whole(aio_s3: Any) -> None:
    data = os.urandom(SPOOL_IN_MEMORY + 12345)
    assert await put_and_get(aio_s3, data) == data
    response = await aio_s3.get_object(Bucket="bucket", Key="k", Range="bytes=-10")
    assert await response["Body"].read() == data[-10:]


# -- request bodies ---------------------------------------------------------------

BodyFactory = Callable[[Path, contextlib.ExitStack], Any]


def _file(tmp_path: Path, stack: contextlib.ExitStack) -> Any:
    path = tmp_path / "body"
    path.write_bytes(DATA)
    return stack.enter_context(path.open("rb"))


BODIES: dict[str, BodyFactory] = {
    "bytes": lambda *_: DATA,
    "bytearray": lambda *_: bytearray(DATA),
    "str": lambda *_: DATA.decode(),
    "BytesIO": lambda *_: io.BytesIO(DATA),
    "file": _file,
    "async reader": lambda *_: AsyncReader(DATA),
    "async reader of str": lambda *_: AsyncReader(DATA.decode()),
}


@pytest.mark.asyncio
@pytest.mark.parametrize("kind", list(BODIES))
async def test_put_object_reads_every_kind_of_body(
    aio_s3: Any, s3: Any, tmp_path: Path, kind: str
) -> None:
    with contextlib.ExitStack() as stack:
        assert await put_and_get(aio_s3, BODIES[kind](tmp_path, stack)) == DATA
    head = s3.head_object(Bucket="bucket", Key="k")
    assert head["ETag"] == f'"{hashlib.md5(DATA).hexdigest()}"'


@pytest.mark.asyncio
async def test_put_object_reads_an_aiofiles_file(aio_s3: Any, tmp_path: Path) -> None:
    aiofiles = pytest.importorskip("aiofiles")
    path = tmp_path / "body"
    path.write_bytes(DATA)
    async with aiofiles.open(path, "rb") as handle:
        assert await put_and_get(aio_s3, handle) == DATA


@pytest.mark.asyncio
async def test_put_object_reads_another_objects_async_body(aio_s3: Any) -> None:
    await aio_s3.put_object(Bucket="bucket", Key="source", Body=DATA)
    source = await aio_s3.get_object(Bucket="bucket", Key="source")
    assert await put_and_get(aio_s3, source["Body"], key="copy") == DATA


@pytest.mark.asyncio
async def test_large_async_body_is_read_whole(aio_s3: Any) -> None:
    data = os.urandom(SPOOL_IN_MEMORY + 4321)
    assert await put_and_get(aio_s3, AsyncReader(data, chunk=1 << 20)) == data


@pytest.mark.asyncio
async def test_content_md5_is_checked_against_an_async_body(aio_s3: Any) -> None:
    good = base64.b64encode(hashlib.md5(DATA).digest()).decode()
    await aio_s3.put_object(Bucket="bucket", Key="k", Body=AsyncReader(DATA), ContentMD5=good)
    wrong = base64.b64encode(hashlib.md5(b"other").digest()).decode()
    with pytest.raises(ClientError) as raised:
        await aio_s3.put_object(
            Bucket="bucket", Key="k", Body=AsyncReader(b"different"), ContentMD5=wrong
        )
    assert raised.value.response["Error"]["Code"] == "BadDigest"
    assert await (await aio_s3.get_object(Bucket="bucket", Key="k"))["Body"].read() == DATA


@pytest.mark.asyncio
async def test_failing_async_body_fails_the_call_and_writes_nothing(aio_s3: Any) -> None:
    with pytest.raises(ConnectionResetError):
        await aio_s3.put_object(Bucket="bucket", Key="k", Body=FailingReader())
    with pytest.raises(aio_s3.exceptions.NoSuchKey):
        await aio_s3.get_object(Bucket="bucket", Key="k")


@pytest.mark.asyncio
async def test_multipart_upload_with_async_part_bodies(aio_s3: Any) -> None:
    part_size = 5 * 1024 * 1024
    data = os.urandom(part_size + 1000)
    upload = await aio_s3.create_multipart_upload(Bucket="bucket", Key="mp")
    parts = []
    for number, start in enumerate(range(0, len(data), part_size), start=1):
        piece = data[start : start + part_size]
        answer = await aio_s3.upload_part(
            Bucket="bucket",
            Key="mp",
            UploadId=upload["UploadId"],
            PartNumber=number,
            Body=AsyncReader(piece, chunk=1 << 20),
        )
        assert answer["ETag"] == f'"{hashlib.md5(piece).hexdigest()}"'
        parts.append({"PartNumber": number, "ETag": answer["ETag"]})
    await aio_s3.complete_multipart_upload(
        Bucket="bucket", Key="mp", UploadId=upload["UploadId"], MultipartUpload={"Parts": parts}
    )
    response = await aio_s3.get_object(Bucket="bucket", Key="mp")
    assert response["ETag"].endswith('-2"')
    assert await response["Body"].read() == data


@pytest.mark.asyncio
async def test_not_a_body_is_a_param_validation_error(aio_s3: Any) -> None:
    from botocore.exceptions import ParamValidationError

    with pytest.raises(ParamValidationError):
        await aio_s3.put_object(Bucket="bucket", Key="k", Body=12345)
