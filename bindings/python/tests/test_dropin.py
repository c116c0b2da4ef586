"""The official SDK's surface beyond plain calls: raw and streaming responses, per-call
options, copies of a client, errors' responses, the transports' names, the async client."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

import beeper_setup
from conftest import Sim


def last_request(mock: Sim) -> Any:
    return mock.control("last-request")


def sent_as_claimed(response: Any, mock: Sim) -> Any:
    """Every header the response says was sent reached the server with that value."""
    got = last_request(mock)
    for name, value in response.http_request.headers.items():
        assert got["headers"].get(name.lower()) == value, name
    assert got["method"] == response.http_request.method
    assert got["path"] == urlsplit(response.http_request.url).path
    return got


@pytest.fixture
def mocked(mock: Sim) -> Any:
    with beeper_setup.Client(base_url=mock.base_url, access_token="My Access Token",
                             max_retries=0) as c:
        yield c


def wire_url(response: Any, mock: Sim) -> None:
    """The response's request URL is the one the server saw: the path byte for byte, and the
    query percent-decoded (no form rules: a "+" would stay a "+") as the server decoded it."""
    got = last_request(mock)
    url = urlsplit(response.http_request.url)
    assert f"{url.scheme}://{url.netloc}" == mock.base_url
    assert url.path == got["path"]
    pairs = [p.split("=", 1) for p in url.query.split("&") if p]
    assert {unquote(k): unquote(v) for k, v in pairs} == got["query"]


def test_raw_response_url_is_the_one_sent(mocked: Any, mock: Sim) -> None:
    # "." and " " are encoded on the wire as %2E and %20 (a dot would let ".." climb the path).
    r = mocked.app.setup.verifications.with_raw_response.retrieve(
        "vrf 1.x", extra_query={"q": "a b.c+d"})
    wire_url(r, mock)
    assert last_request(mock)["path"] == "/v1/app/setup/verifications/vrf%201%2Ex"
    assert r.http_request.method == "GET"
    # A custom request reports its own the same way.
    response = mocked.get("/v1/app/setup", cast_to=beeper_setup.APIResponse,
                          options={"params": {"q": "a b"}})
    wire_url(response, mock)
    assert response.http_request.method == "GET"


def test_raw_response_reports_what_was_sent(mocked: Any, mock: Sim) -> None:
    r = mocked.app.setup.verifications.with_raw_response.cancel(
        "vrf 1/x", reason="user",
        extra_headers={"X-Trace": "t1"}, extra_query={"q": "a b", "n": 2},
        extra_body={"note": "hi"})
    assert r.status_code == 200 and r.is_closed is True
    assert r.headers["Content-Type"].startswith("application/json")
    assert r.http_request.headers.get("X-Stainless-Lang") == "python"
    assert r.http_request.headers["x-trace"] == "t1"
    got = sent_as_claimed(r, mock)
    assert got["path"] == "/v1/app/setup/verifications/vrf%201%2Fx/cancel"
    assert got["query"] == {"q": "a b", "n": "2"}
    assert got["body"] == {"reason": "user", "note": "hi"}
    # The space in the token is kept.
    assert got["headers"]["authorization"] == "Bearer My Access Token"
    parsed = r.parse()
    assert isinstance(parsed, beeper_setup.types.VerificationResponse)
    assert parsed.to_dict() == r.json()
    assert r.text().startswith("{") and r.read() == r.text().encode()


def test_streaming_response_is_open_inside_its_block(mocked: Any, mock: Sim) -> None:
    with mocked.app.setup.recovery_key.reset.with_streaming_response.create() as r:
        assert not r.is_closed
        assert r.parse().recovery_key
        sent_as_claimed(r, mock)
    assert r.is_closed


def test_extra_header_none_removes_a_default_header(mocked: Any, mock: Sim) -> None:
    r = mocked.app.setup.with_raw_response.retrieve(extra_headers={"X-Stainless-Lang": None})
    assert "X-Stainless-Lang" not in r.http_request.headers
    assert "x-stainless-lang" not in last_request(mock)["headers"]


def test_error_carries_the_response(mocked: Any) -> None:
    with pytest.raises(beeper_setup.NotFoundError) as info:
        mocked.app.setup.verifications.retrieve("missing")
    response = info.value.response
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["code"] == info.value.code
    assert '"code"' in response.text


def test_per_call_timeout_and_bad_options_send_nothing(mocked: Any, mock: Sim) -> None:
    mocked.app.setup.start(timeout=5)
    before = last_request(mock)
    with pytest.raises(beeper_setup.InvalidArgumentError):
        mocked.app.setup.verifications.accept("v1", extra_body={"x": 1})  # accept has no body
    with pytest.raises(TypeError):
        mocked.app.setup.start(extra_headers={"X-A": 1})
    assert last_request(mock) == before


def test_with_options_makes_a_new_client(mocked: Any, mock: Sim) -> None:
    other = mocked.with_options(default_headers={"X-B": "2"}, max_retries=1,
                                default_query={"tenant": "t"})
    try:
        assert other is not mocked and other.max_retries == 1 and mocked.max_retries == 0
        assert other.access_token == mocked.access_token
        r = other.app.setup.with_raw_response.start()
        got = sent_as_claimed(r, mock)
        assert got["headers"]["x-b"] == "2" and got["query"] == {"tenant": "t"}
        mocked.app.setup.start()
        assert "x-b" not in last_request(mock)["headers"]
    finally:
        other.close()
    assert isinstance(mocked.copy(), beeper_setup.Client)


def test_http_client_other_than_the_default_is_refused(mock: Sim) -> None:
    for default in (beeper_setup.DefaultHttpxClient(), beeper_setup.DefaultAioHttpClient(),
                    None):
        beeper_setup.Client(base_url=mock.base_url, http_client=default).close()

    class SomeHttpClient:
        pass

    with pytest.raises(TypeError, match="native"):
        beeper_setup.Client(base_url=mock.base_url, http_client=SomeHttpClient())
    with pytest.raises(TypeError, match="native"):
        beeper_setup.DefaultHttpxClient(proxy="http://proxy:3128")


def test_import_stays_light() -> None:
    code = ("import sys, beeper_setup\n"
            "c = beeper_setup.AsyncBeeperDesktop(base_url='http://127.0.0.1:9')\n"
            "heavy = [m for m in ('typing', 'pydantic', 'httpx', 'asyncio', 'json', 'threading')"
            " if m in sys.modules]\n"
            "print(heavy)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"


# ---- the async client ----


def test_async_calls_run_off_the_loop(mock: Sim, fresh: Sim) -> None:
    async def main() -> None:
        async with beeper_setup.AsyncBeeperDesktop(base_url=fresh.base_url) as client:
            ticks = 0

            async def ticker() -> None:
                nonlocal ticks
                while True:
                    await asyncio.sleep(0.01)
                    ticks += 1

            t = asyncio.create_task(ticker())
            with pytest.raises(beeper_setup.APITimeoutError):
                await client.app.setup.wait(timeout=0.5, interval=0.05)
            t.cancel()
            assert ticks >= 20  # the loop ran all along the half-second wait
            session = await client.app.setup.retrieve()
            assert session.state == "needs-login"
        async with beeper_setup.AsyncBeeperDesktop(base_url=mock.base_url) as client:
            r = await client.app.setup.with_raw_response.start()
            assert r.http_request.headers["X-Stainless-Async"] == "async:asyncio"
            assert (await r.parse()).setup_request_id
            async with client.app.setup.verifications.with_streaming_response.list() as s:
                assert not s.is_closed and isinstance((await s.parse()).items, list)
            assert s.is_closed
            with pytest.raises(beeper_setup.NotFoundError):
                await client.app.setup.verifications.retrieve("missing")

    asyncio.run(main())


def test_cancelling_the_task_ends_the_wait(fresh: Sim) -> None:
    async def main() -> None:
        client = beeper_setup.AsyncBeeperDesktop(base_url=fresh.base_url)
        task = asyncio.create_task(client.app.setup.wait(timeout=30, interval=0.05))
        await asyncio.sleep(0.3)
        assert client._native._calls  # the wait is in the library
        began = time.monotonic()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        while client._native._calls and time.monotonic() - began < 5:
            await asyncio.sleep(0.01)
        assert not client._native._calls, "the native wait went on after the task ended"
        assert time.monotonic() - began < 2
        await client.close()
        assert client.is_closed()

    asyncio.run(main())


def test_loose_validation_returns_a_wrong_shape_as_sent(fresh: Sim) -> None:
    import beeper_desktop_api as official

    fresh.fault(body="wrong-shape", count=2)
    theirs = official.BeeperDesktop(base_url=fresh.base_url, access_token="t", max_retries=0,
                                    _strict_response_validation=False)
    with beeper_setup.Client(base_url=fresh.base_url, max_retries=0,
                             _strict_response_validation=False) as ours:
        mine = ours.app.setup.retrieve()
    off = theirs.app.setup.retrieve()
    theirs.close()
    # Both hand back what the server sent, in the result model, without raising.
    assert type(mine).__name__ == "Session"
    assert mine.to_dict() == off.to_dict(warnings=False)  # (pydantic warns of the shape)
    fresh.fault(body="wrong-shape", count=1)
    with beeper_setup.Client(base_url=fresh.base_url, max_retries=0) as strict:
        with pytest.raises(beeper_setup.APIResponseValidationError):
            strict.app.setup.retrieve()


def test_the_official_type_module_paths_import() -> None:
    from beeper_setup.types.app import SetupStartResponse
    from beeper_setup.types.app.setup import VerificationListResponse
    from beeper_setup.types.app.setup.recovery_key import ResetCreateResponse
    from beeper_setup.types.app.setup.verifications import SASStartResponse

    assert SetupStartResponse is beeper_setup.types.SetupStartResponse
    assert VerificationListResponse is beeper_setup.types.VerificationListResponse
    assert ResetCreateResponse is beeper_setup.types.ResetCreateResponse
    assert SASStartResponse is beeper_setup.types.SASStartResponse
