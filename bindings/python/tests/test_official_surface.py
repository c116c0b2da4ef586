"""What the official SDK's README documents beyond the resources, checked against the official
package where both can answer: custom requests (``get``/``post``/...), ``is_closed()``, the
status errors' text, ``__title__``, explicit exports, the async resource tree, docstrings; and
that text with NUL is refused, and the token a sign-in adopted is the client's wherever read."""

from __future__ import annotations

import asyncio
import inspect
from typing import Any, Iterator

import pytest

import beeper_setup
from beeper_setup import types
from conftest import EMAIL, Sim, sign_in


def _ours(sim: Sim, **kw: Any) -> beeper_setup.Client:
    return beeper_setup.Client(base_url=sim.base_url, max_retries=0, timeout=10, **kw)


def _theirs(sim: Sim, access_token: str = "t") -> Any:
    import beeper_desktop_api as official

    return official.BeeperDesktop(base_url=sim.base_url, access_token=access_token,
                                  max_retries=0, timeout=10)


# ---- 1. custom requests ----------------------------------------------------------------------


def test_get_and_post_answer_as_the_official_client(fresh: Sim) -> None:
    theirs = _theirs(fresh)
    with _ours(fresh) as ours:
        mine = ours.get("/v1/app/setup", cast_to=types.Session)
        assert isinstance(mine, types.Session)
        off = theirs.get("/v1/app/setup", cast_to=object)
        assert mine.to_dict() == off
        started = ours.post("/v1/app/setup/start", cast_to=object, body={})
        assert isinstance(started, dict) and isinstance(started["setupRequestID"], str)
        seen = fresh.control("last-request")
        assert (seen["method"], seen["path"], seen["body"]) == ("POST", "/v1/app/setup/start", {})
        assert ours.post("/v1/app/setup/email", cast_to=type(None), body={
            "email": EMAIL["existing"], "setupRequestID": started["setupRequestID"]}) is None
        text = ours.get("/v1/app/setup", cast_to=str)
        assert isinstance(text, str) and '"state"' in text
        # The official README's own snippet, `cast_to=httpx.Response`.
        import httpx

        response = ours.post("/v1/app/setup/start", cast_to=httpx.Response, body={"p": True})
        off_response = theirs.post("/v1/app/setup/start", cast_to=httpx.Response,
                                   body={"p": True})
        assert response.headers.get("content-type") == off_response.headers.get("content-type")
        assert response.status_code == off_response.status_code == 200
        assert response.json().keys() == off_response.json().keys()
        assert response.is_success and not response.is_error
    theirs.close()


def test_custom_request_options_reach_the_server(fresh: Sim) -> None:
    with _ours(fresh, default_query={"d": "1"}) as ours:
        ours.post("/v1/app/setup/start", cast_to=object, body={"a": 1}, options={
            "headers": {"X-Trace": "t"}, "params": {"q": "a b"}, "timeout": 5,
            "extra_json": {"b": 2}, "max_retries": 1})
        seen = fresh.control("last-request")
        assert seen["headers"]["x-trace"] == "t"
        assert seen["query"] == {"d": "1", "q": "a b"}
        assert seen["body"] == {"a": 1, "b": 2}
        # max_retries is this call's: one 503 is ridden out although the client retries none.
        fresh.fault(status=503)
        assert ours.get("/v1/app/setup", cast_to=types.Session,
                        options={"max_retries": 1}).state == "needs-login"
        for method in ("patch", "put", "delete"):
            with pytest.raises(beeper_setup.NotFoundError):
                getattr(ours, method)("/v1/nowhere", cast_to=object, body={})
            assert fresh.control("last-request")["method"] == method.upper()


def test_custom_requests_keep_the_librarys_guards(fresh: Sim) -> None:
    before = fresh.stats()["requests"]
    # Plain http off loopback: refused before anything is sent, token or not.
    with beeper_setup.Client(base_url="http://203.0.113.7", max_retries=0) as far:
        with pytest.raises(beeper_setup.InvalidArgumentError, match="allowInsecureHttp"):
            far.get("/v1/app/setup", cast_to=object)
    with _ours(fresh) as ours:
        with pytest.raises(ValueError):
            ours.get("/v1/app/setup", cast_to=object, options={"headers": {"Host": "x"}})
        with pytest.raises(beeper_setup.InvalidArgumentError):
            ours.get("/v1/../_sim/state", cast_to=object)
        with pytest.raises(beeper_setup.InvalidArgumentError):
            ours.get("http://example.com/v1/app/setup", cast_to=object)
        with pytest.raises(TypeError):
            ours.get("/v1/app/setup", cast_to=object, options={"bogus": 1})  # type: ignore
        assert fresh.stats()["requests"] == before, "refused requests sent nothing"
        fresh.fault(body="oversized")
        with pytest.raises(beeper_setup.APIResponseValidationError):
            ours.get("/v1/app/setup", cast_to=object)


def test_async_custom_requests(fresh: Sim) -> None:
    async def main() -> None:
        async with beeper_setup.AsyncBeeperDesktop(base_url=fresh.base_url) as client:
            session = await client.get("/v1/app/setup", cast_to=types.Session)
            assert session.state == "needs-login"
            started = await client.post("/v1/app/setup/start", cast_to=object)
            assert isinstance(started, dict)

    asyncio.run(main())


# ---- 2. is_closed() ----------------------------------------------------------------------------


def test_is_closed_is_a_method_as_in_the_official_client(fresh: Sim) -> None:
    import beeper_desktop_api as official

    assert inspect.isfunction(official.BeeperDesktop.is_closed)
    c = _ours(fresh)
    assert c.is_closed() is False
    c.close()
    assert c.is_closed() is True

    async def main() -> None:
        a = beeper_setup.AsyncBeeperDesktop(base_url=fresh.base_url)
        assert a.is_closed() is False
        await a.close()
        assert a.is_closed() is True

    asyncio.run(main())


# ---- 3. the text of status errors --------------------------------------------------------------


def test_status_error_text_is_the_official_one(signed_in: beeper_setup.Client,
                                               fresh: Sim) -> None:
    token = signed_in.access_token
    assert token
    theirs = _theirs(fresh, access_token=token)
    with pytest.raises(beeper_setup.NotFoundError) as mine:
        signed_in.app.setup.verifications.retrieve("missing")
    import beeper_desktop_api as official

    with pytest.raises(official.NotFoundError) as off:
        theirs.app.setup.verifications.retrieve("missing")
    assert str(mine.value) == str(off.value)
    assert mine.value.message == off.value.message
    assert str(mine.value).startswith("Error code: 404 - {")
    theirs.close()


def test_status_error_text_keeps_secrets_out(signed_in: beeper_setup.Client,
                                             fresh: Sim) -> None:
    secret = "EsTc SECRET 5rr1"
    with pytest.raises(beeper_setup.BadRequestError) as e:
        signed_in.app.setup.recovery_key.verify(recovery_key=secret)
    assert "SECRET" not in str(e.value) and "SECRET" not in e.value.message
    # A server that echoes what it was sent (JSON, then text): the call's secret and its token
    # are hidden from the text, the body and the response, by the library, on every path.
    token = signed_in.access_token
    assert token
    for body in ("echo", "echo-text"):
        fresh.fault(body=body)
        with pytest.raises(beeper_setup.BadRequestError) as hidden:
            signed_in.app.setup.recovery_key.verify(recovery_key=secret)
        fresh.fault(body=body)
        with pytest.raises(beeper_setup.BadRequestError) as custom:
            signed_in.post("/v1/app/setup/verification/recovery-key", cast_to=object,
                           body={"recoveryKey": secret})
        for error in (hidden.value, custom.value):
            shown = [str(error), error.message, repr(error.body), error.response.text]
            assert all("SECRET" not in t and token not in t for t in shown), shown
            assert "[redacted]" in error.message
    masked = beeper_setup._exceptions._status_message(
        400, {"body": {"code": "X", "echo": {"recoveryKey": secret, "accessToken": "syt_x"}}})
    assert "SECRET" not in masked and "syt_x" not in masked and "'code': 'X'" in masked


# ---- 4. __title__, 6. explicit exports ---------------------------------------------------------


def test_title_beside_version() -> None:
    assert beeper_setup.__title__ == "beeper_setup"
    assert "__title__" in beeper_setup.__all__ and "__version__" in beeper_setup.__all__


def test_all_is_written_out_for_type_checkers() -> None:
    import ast

    tree = ast.parse(inspect.getsource(beeper_setup))
    (assign,) = [n for n in tree.body if isinstance(n, ast.Assign)
                 and any(getattr(t, "id", None) == "__all__" for t in n.targets)]
    assert isinstance(assign.value, ast.List)
    assert all(isinstance(e, ast.Constant) for e in assign.value.elts), "no starred parts"
    for name in beeper_setup._exceptions.__all__:
        assert name in beeper_setup.__all__, name
    for name in beeper_setup.__all__:
        assert hasattr(beeper_setup, name), name


# ---- 7. the async resource tree ----------------------------------------------------------------


def _methods(resource: Any, prefix: str = "") -> Iterator[Any]:
    for name in dir(resource):
        if name.startswith("_") or name in ("with_raw_response", "with_streaming_response"):
            continue
        attr = getattr(resource, name)
        if inspect.ismethod(attr):
            yield prefix + name, attr
        elif type(attr).__module__.startswith("beeper_setup"):
            yield from _methods(attr, prefix + name + ".")


def test_async_resources_are_coroutine_functions(fresh: Sim) -> None:
    async def main() -> None:
        async with beeper_setup.AsyncBeeperDesktop(base_url=fresh.base_url) as client:
            methods = dict(_methods(client.app))
            assert len(methods) == 21, sorted(methods)
            # next_step is pure; watch returns an async iterator whose steps are awaited.
            plain = ("setup.next_step", "setup.watch")
            for name, method in methods.items():
                assert inspect.iscoroutinefunction(method) == (name not in plain), name
            with beeper_setup.Client(base_url=fresh.base_url) as sync:
                assert set(dict(_methods(sync.app))) == set(methods)
                for name, method in _methods(sync.app):
                    assert not inspect.iscoroutinefunction(method), name
            # Each async call goes through the one helper, as a native call started without
            # blocking (a custom request too).
            calls = []
            real = client._acall

            async def spy(fn: Any, *args: Any, **kw: Any) -> Any:
                calls.append(fn)
                return await real(fn, *args, **kw)

            client._acall = spy  # type: ignore[method-assign]
            await client.app.setup.retrieve()
            await client.app.setup.with_raw_response.retrieve()
            async with client.app.setup.with_streaming_response.retrieve() as r:
                assert not r.is_closed
            await client.get("/v1/app/setup", cast_to=object)
            await client.app.setup.wait(until=["needs-login"])
            async for change in client.app.setup.watch():
                assert change.session.state == "needs-login"
                break
            lib = beeper_setup._ffi.library()
            held = lib._beeper_held  # type: ignore[attr-defined]
            assert calls == [held.beeper_client_call_start] * 3 + [
                held.beeper_client_request_start, held.beeper_setup_wait_start,
                held.beeper_setup_next_change_start]

    asyncio.run(main())


# ---- 8. docstrings -----------------------------------------------------------------------------


def _public_names() -> Iterator[Any]:
    from beeper_setup import _response

    seen = set()
    roots = [getattr(beeper_setup, n) for n in beeper_setup.__all__ if n not in (
        "types", "__title__", "__version__", "NOT_GIVEN", "not_given")]
    roots += [getattr(types, n) for n in types.__all__ if inspect.isclass(getattr(types, n))]
    roots += [_response.Headers, _response.Request, _response.ErrorResponse,
              _response.HTTPResponse]
    with beeper_setup.Client(base_url="http://127.0.0.1:9") as c:
        roots += [type(r) for _, r in _resources(c.app)]
    roots += [type(r) for _, r in _resources(beeper_setup.AsyncClient(
        base_url="http://127.0.0.1:9").app)]
    for obj in roots:
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        yield obj.__qualname__ if hasattr(obj, "__qualname__") else repr(obj), obj
        if inspect.isclass(obj):
            for klass in obj.__mro__:
                if not klass.__module__.startswith("beeper_setup"):
                    continue
                for name, member in vars(klass).items():
                    if name.startswith("_") or not (inspect.isfunction(member)
                                                    or isinstance(member, property)):
                        continue
                    yield f"{klass.__qualname__}.{name}", member


def _resources(resource: Any) -> Iterator[Any]:
    yield "", resource
    for name, attr in vars(resource).items():
        if not name.startswith("_") and type(attr).__module__.startswith("beeper_setup"):
            yield from _resources(attr)


def test_every_public_name_has_a_docstring() -> None:
    missing = sorted({name for name, obj in _public_names()
                      if not (getattr(obj, "__doc__", None) or "").strip()})
    assert not missing, missing


# ---- NUL in text -------------------------------------------------------------------------------


def test_text_with_nul_is_refused_before_sending(fresh: Sim) -> None:
    with _ours(fresh) as c:
        started = c.app.setup.start()
        before = fresh.stats()["requests"]
        with pytest.raises(ValueError, match="NUL"):
            c.app.setup.email(email="me\x00@example.com", setup_request_id=started.setup_request_id)
        with pytest.raises(ValueError, match="NUL"):
            c.app.setup.retrieve(extra_query={"q": "a\x00b"})
        with pytest.raises(ValueError, match="NUL"):
            c.app.setup.retrieve(extra_body={"x": ["\x00"]})
        with pytest.raises(ValueError, match="NUL"):
            c.post("/v1/app/setup/start", cast_to=object, body={"a": "\x00"})
        assert fresh.stats()["requests"] == before, "nothing was sent"


# ---- issue 17, item 7: the token the library adopted is the client's ----------------------------


def test_a_raw_sign_in_leaves_the_token_on_the_client(fresh: Sim) -> None:
    with _ours(fresh) as c:
        setup = c.app.setup
        started = setup.start()
        setup.email(email=EMAIL["existing"], setup_request_id=started.setup_request_id)
        code = fresh.state()["lastEmailCode"]
        raw = setup.with_raw_response.response(response=code,
                                               setup_request_id=started.setup_request_id)
        assert raw.status_code == 200  # never parsed
        assert c.access_token == fresh.state()["accessToken"]
        with c.with_options(timeout=5) as copy:
            assert copy.access_token == c.access_token
            assert isinstance(copy.app.setup.verifications.list().items, list)


def test_a_streamed_sign_in_leaves_the_token_on_the_async_client(fresh: Sim) -> None:
    async def main() -> None:
        async with beeper_setup.AsyncBeeperDesktop(base_url=fresh.base_url) as c:
            setup = c.app.setup
            started = await setup.start()
            await setup.email(email=EMAIL["existing"],
                              setup_request_id=started.setup_request_id)
            code = fresh.state()["lastEmailCode"]
            async with setup.with_streaming_response.response(
                    response=code, setup_request_id=started.setup_request_id) as r:
                assert r.status_code == 200
            assert c.access_token == fresh.state()["accessToken"]
            copy = c.with_options(max_retries=1)
            assert (await copy.app.setup.verifications.list()).items is not None
            await copy.close()

    asyncio.run(main())


def test_the_token_follows_set_access_token_and_survives_close(fresh: Sim) -> None:
    c = _ours(fresh)
    sign_in(c, fresh, "existing")
    token = fresh.state()["accessToken"]
    assert c.access_token == token
    c.set_access_token(None)
    assert c.access_token is None
    c.set_access_token(token)
    c.close()
    assert c.access_token == token
