"""Every exception class, reached for real; invalid arguments refused before the library."""

from __future__ import annotations

import socket
import threading
import time
from typing import Any, Type

import pytest
from conftest import Sim, sign_in, wait_in_thread

import beeper_setup as bs
from beeper_setup._exceptions import error_from_object


def _client(sim: Sim, **kw: Any) -> bs.Client:
    kw.setdefault("max_retries", 0)
    return bs.Client(base_url=sim.base_url, **kw)


# ---- from the simulator's state machine ----


def test_401_without_token(client: bs.Client) -> None:
    with pytest.raises(bs.AuthenticationError) as ei:
        client.app.setup.verifications.list()
    e = ei.value
    assert isinstance(e, bs.APIStatusError) and isinstance(e, bs.APIError)
    assert e.status_code == 401 and e.kind == "api"
    assert isinstance(e.body, dict) and e.body.get("code") == e.code and e.code
    assert e.retries == 0 and e.message


def test_404_unknown_verification_and_setup_request(signed_in: bs.Client) -> None:
    with pytest.raises(bs.NotFoundError) as ei:
        signed_in.app.setup.verifications.retrieve("nope")
    assert ei.value.status_code == 404 and ei.value.code == "VERIFICATION_NOT_FOUND"


def test_400_wrong_code(client: bs.Client, fresh: Sim) -> None:
    st = client.app.setup.start()
    client.app.setup.email(email="existing@example.com", setup_request_id=st.setup_request_id)
    with pytest.raises(bs.BadRequestError) as ei:
        client.app.setup.response(response="not-the-code", setup_request_id=st.setup_request_id)
    assert ei.value.status_code == 400 and ei.value.code == "INVALID_CODE"
    assert "not-the-code" not in str(ei.value)


def test_409_start_when_signed_in(signed_in: bs.Client) -> None:
    with pytest.raises(bs.ConflictError) as ei:
        signed_in.app.setup.start()
    assert ei.value.status_code == 409 and ei.value.code == "ALREADY_SIGNED_IN"


# ---- injected faults ----


@pytest.mark.parametrize("status,cls", [
    (400, bs.BadRequestError),
    (401, bs.AuthenticationError),
    (403, bs.PermissionDeniedError),
    (404, bs.NotFoundError),
    (409, bs.ConflictError),
    (418, bs.APIStatusError),
    (422, bs.UnprocessableEntityError),
    (429, bs.RateLimitError),
    (500, bs.InternalServerError),
    (503, bs.InternalServerError),
])
def test_status_faults(fresh: Sim, status: int, cls: Type[bs.APIStatusError]) -> None:
    fresh.fault(status=status, count=1)
    with _client(fresh) as c, pytest.raises(cls) as ei:
        c.app.setup.retrieve()
    assert type(ei.value) is cls
    assert ei.value.status_code == status
    assert ei.value.body == {"code": "SIM_FAULT", "message": f"injected fault: status {status}"}
    assert ei.value.code == "SIM_FAULT"


def test_retries_are_counted_and_succeed(fresh: Sim) -> None:
    fresh.fault(status=503, count=2, retryAfterMs=10)
    with _client(fresh, max_retries=2) as c:
        assert c.app.setup.retrieve().state == "needs-login"
    fresh.fault(status=503, count=5, retryAfterMs=10)
    with _client(fresh, max_retries=2) as c, pytest.raises(bs.InternalServerError) as ei:
        c.app.setup.retrieve()
    assert ei.value.retries == 2


def test_timeout(fresh: Sim) -> None:
    fresh.fault(delayMs=3000, count=1)
    t0 = time.monotonic()
    with _client(fresh, timeout=0.3) as c, pytest.raises(bs.APITimeoutError) as ei:
        c.app.setup.retrieve()
    assert time.monotonic() - t0 < 2.5
    assert isinstance(ei.value, bs.APIConnectionError) and ei.value.kind == "timeout"


def test_dropped_connection(fresh: Sim) -> None:
    fresh.fault(drop=True, count=1)
    with _client(fresh) as c, pytest.raises(bs.APIConnectionError) as ei:
        c.app.setup.retrieve()
    assert ei.value.kind == "connection" and not isinstance(ei.value, bs.APITimeoutError)


def test_connection_refused() -> None:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    with bs.Client(base_url=f"http://127.0.0.1:{port}", max_retries=0) as c:
        with pytest.raises(bs.APIConnectionError):
            c.app.setup.retrieve()


@pytest.mark.parametrize("body", ["wrong-shape", "malformed", "oversized"])
def test_bad_bodies(fresh: Sim, body: str) -> None:
    fresh.fault(body=body, count=1)
    with _client(fresh) as c, pytest.raises(bs.APIResponseValidationError) as ei:
        c.app.setup.retrieve()
    assert ei.value.kind == "decode"


def test_html_error_page(fresh: Sim) -> None:
    fresh.fault(body="html", count=1)
    with _client(fresh) as c, pytest.raises(bs.InternalServerError) as ei:
        c.app.setup.retrieve()
    assert ei.value.status_code == 502


def test_wait_timeout_and_cancel(fresh: Sim) -> None:
    with _client(fresh) as c:
        t0 = time.monotonic()
        with pytest.raises(bs.APITimeoutError):
            c.app.setup.wait(timeout=0.3, interval=0.05)
        assert time.monotonic() - t0 < 3
        threading.Timer(0.3, c.cancel).start()
        t0 = time.monotonic()
        with pytest.raises(bs.CancelledError) as ei:
            c.app.setup.wait(timeout=30, interval=0.05)
        assert time.monotonic() - t0 < 5
        assert ei.value.kind == "cancelled" and isinstance(ei.value, bs.BeeperDesktopError)
        assert not isinstance(ei.value, bs.APIError)
        # The client still works after a cancel.
        assert c.app.setup.retrieve().state == "needs-login"


def test_wait_cancel_from_worker_thread(fresh: Sim) -> None:
    with _client(fresh) as c:
        t, box = wait_in_thread(c)
        c.cancel()
        t.join(5)
        assert isinstance(box.get("e"), bs.CancelledError)


# ---- invalid arguments ----


def test_invalid_arguments_refused_in_python(signed_in: bs.Client, fresh: Sim) -> None:
    s = signed_in.app.setup
    before = fresh.stats()
    with pytest.raises(TypeError):
        s.email(email="a@b.c")  # type: ignore[call-arg]  # missing setup_request_id
    with pytest.raises(TypeError):
        s.email("a@b.c", "sr")  # type: ignore[misc]  # keyword-only
    with pytest.raises(TypeError):
        s.email(email=1, setup_request_id="sr")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        s.email(email="a@b.c", setup_request_id="sr", bogus=1)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        s.response(response=None, setup_request_id="sr")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        s.register(accept_terms=False, lead_token="l", setup_request_id="s",  # type: ignore
                   username="u")
    with pytest.raises(ValueError):
        s.verifications.retrieve("")
    with pytest.raises(TypeError):
        s.verifications.accept(None)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        s.verifications.sas.start("a\x00b")
    with pytest.raises(ValueError):
        s.recovery_key.verify(recovery_key="\ud800")
    with pytest.raises(TypeError):
        s.verifications.create(purpose=3)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        s.wait(until=[1])  # type: ignore[list-item]
    with pytest.raises(ValueError):
        s.wait(timeout=-1)
    assert fresh.stats() == before  # nothing was sent


def test_invalid_config() -> None:
    with pytest.raises(TypeError):
        bs.Client(timeout="10")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        bs.Client(timeout=0)
    with pytest.raises(ValueError):
        bs.Client(max_retries=-1)
    with pytest.raises(TypeError):
        bs.Client(default_headers={"X": 1})  # type: ignore[dict-item]
    # Refused by the library: InvalidArgumentError, a ValueError.
    with pytest.raises(bs.InvalidArgumentError) as ei:
        bs.Client(base_url="ftp://example.com")
    assert isinstance(ei.value, ValueError) and ei.value.kind == "invalid_argument"
    with pytest.raises(ValueError):
        bs.Client(max_retries=1000)
    with pytest.raises(ValueError):
        bs.Client(default_headers={"Bad Header": "x"})


def test_with_options_refuses_a_max_retries_that_is_not_an_int(client: bs.Client) -> None:
    with pytest.raises(TypeError, match="max_retries must be an int"):
        client.with_options(max_retries="5")  # type: ignore[arg-type]
    assert client.with_options(max_retries=5).max_retries == 5


def test_the_official_sdks_constructor_arguments() -> None:
    # What tests written for the official SDK raise from their mocks (httpx objects there); the
    # wheel's own test venv has no httpx, the official SDK's venv has.
    httpx = pytest.importorskip("httpx")

    request = httpx.Request("GET", "http://localhost:23373/v1/app/setup/verifications/v1")
    response = httpx.Response(404, request=request, json={"code": "VERIFICATION_NOT_FOUND"})
    connection = bs.APIConnectionError(request=request)
    assert connection.request is request and connection.message == "Connection error."
    assert connection.kind == "connection" and str(connection) == "Connection error."
    assert bs.APIConnectionError(message="refused", request=request).message == "refused"
    timeout = bs.APITimeoutError(request=request)
    assert isinstance(timeout, bs.APIConnectionError) and timeout.request is request
    assert timeout.message == "Request timed out." and timeout.kind == "timeout"
    assert bs.APITimeoutError(request).request is request
    missing = bs.NotFoundError("missing", response=response, body={"code": "VERIFICATION_NOT_FOUND"})
    assert missing.status_code == 404 and missing.response is response
    assert missing.request is request and missing.body == {"code": "VERIFICATION_NOT_FOUND"}
    assert str(missing) == "missing" and missing.kind == "api"
    other = bs.APIStatusError("teapot", response=httpx.Response(418, request=request), body=None)
    assert other.status_code == 418
    invalid = bs.APIResponseValidationError(httpx.Response(200, request=request), {"x": 1})
    assert invalid.status_code == 200 and invalid.body == {"x": 1} and invalid.kind == "decode"
    with pytest.raises(bs.APIStatusError):
        raise bs.ConflictError("conflict", response=httpx.Response(409, request=request), body=None)


def test_library_rejects_wrong_field_type_in_params(signed_in: bs.Client) -> None:
    # The library's own checks, reached through the C functions directly (the methods refuse
    # these in Python first): they surface as InvalidArgumentError, a ValueError.
    from beeper_setup._ffi import call_json, library

    with pytest.raises(bs.InvalidArgumentError):
        signed_in._call(library().beeper_client_call, b"setup.email", None,
                        b'{"email": 1, "setupRequestID": "x"}', None)
    with pytest.raises(bs.InvalidArgumentError):
        signed_in._call(library().beeper_client_call, b"setup.retrieve", None, None,
                        b'{"timeoutMs": "soon"}')
    with pytest.raises(bs.InvalidArgumentError):
        call_json(library().beeper_setup_next_step, b"not json")


def test_error_object_mapping() -> None:
    e = error_from_object({"kind": "internal", "message": "boom"}, 7)
    assert type(e) is bs.BeeperSetupInternalError and e.message == "boom"
    e = error_from_object(None, 3)  # unreadable error object: kind from the status code
    assert type(e) is bs.APITimeoutError
    e = error_from_object({"kind": "api", "message": "m", "status": 502, "code": "X",
                           "body": {"code": "X"}, "retries": 2}, 4)
    assert type(e) is bs.InternalServerError and e.retries == 2 and e.body == {"code": "X"}
    e = error_from_object({"kind": "mystery", "message": "m"}, 5)
    assert type(e) is bs.APIResponseValidationError


def test_messages_hide_secrets(fresh: Sim) -> None:
    with _client(fresh) as c:
        sign_in(c, fresh, "recovery")
        with pytest.raises(bs.BadRequestError) as ei:
            c.app.setup.recovery_key.verify(recovery_key="AAAA BBBB CCCC SECRET")
        assert "SECRET" not in str(ei.value) and "SECRET" not in repr(ei.value)
