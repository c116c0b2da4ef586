"""User code in the style of the README and the official SDK's README: `mypy --strict` must
accept it without a single error (test_typecheck.py). Type-checked only, never run."""

from __future__ import annotations

from typing import List

import httpx

from beeper_setup import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AsyncBeeperDesktop,
    BeeperDesktop,
    NotFoundError,
    RateLimitError,
    __title__,
    __version__,
    types,
)
from beeper_setup.types import Session, SetupStartResponse


def sign_in(client: BeeperDesktop, code: str) -> None:
    setup = client.app.setup
    started: SetupStartResponse = setup.start()
    setup.email(email="me@example.com", setup_request_id=started.setup_request_id)
    result = setup.response(response=code, setup_request_id=started.setup_request_id)
    if isinstance(result, types.RegistrationRequired):
        suggestions = result.username_suggestions or ["me"]
        registered = setup.register(accept_terms=True, lead_token=result.lead_token,
                                    setup_request_id=result.setup_request_id,
                                    username=suggestions[0])
        print(registered.session.state)
    token: str | None = client.access_token
    print(token is not None)


def flow() -> None:
    print(__title__, __version__)
    with BeeperDesktop(base_url="http://localhost:23373", timeout=20.0, max_retries=1) as client:
        sign_in(client, "123456")
        session: Session = client.app.setup.retrieve()
        step = client.app.setup.next_step(session)
        print(step.step, step.action, step.message)
        named = client.app.setup.next_step(session, language="de-DE", cancelled_here=["v1"])
        if named.comparison is not None:
            for entry in named.comparison.emojis:
                position: int = entry.position
                print(position, entry.emoji, entry.number, entry.name, entry.english_name)
        if named.outcome is not None:
            print(named.outcome.kind, named.outcome.code, named.outcome.cancelled_by_us)
        if named.other_device is not None:
            print(named.other_device.id, named.other_device.name, named.direction)
        alternatives: list[str] = named.alternatives
        print(alternatives)
        listed = client.app.setup.verifications.list()
        for verification in listed.items:
            print(verification.id, verification.state)
        client.app.setup.verifications.sas.start("active")
        key = client.app.setup.recovery_key.reset.create()
        print(key.recovery_key)
        try:
            client.app.setup.verifications.retrieve("missing")
        except NotFoundError as e:
            print(e.status_code, e.message, e.body)
        except RateLimitError:
            pass
        except APIStatusError as e:
            status: int = e.status_code
            print(status, e.response)
        except APIConnectionError as e:
            print(e.__cause__)
        raw = client.app.setup.with_raw_response.retrieve()
        print(raw.headers.get("content-type"))
        parsed: Session = raw.parse()
        print(parsed.state)
        with client.app.setup.with_streaming_response.retrieve() as streamed:
            print(streamed.status_code)
        with client.app.setup.with_streaming_response.verifications.list() as listing:
            verifications: types.VerificationListResponse = listing.parse()
            print(verifications.items)
        emailed = client.app.setup.with_raw_response.email(email="me@example.com",
                                                         setup_request_id="r")
        print(emailed.parse() is None, emailed.http_request.url)
        created = client.app.setup.with_raw_response.recovery_key.reset.create()
        print(created.parse().recovery_key)
        fewer = client.with_options(max_retries=5)
        print(fewer.max_retries)
        again = client.with_options(timeout=5.0).app.setup.retrieve(
            extra_headers={"X-Trace": "1"}, extra_query={"q": "x"}, timeout=3.0)
        print(again.e2ee.verified)
        custom = client.get("/v1/app/setup", cast_to=Session)
        print(custom.state)
        anything = client.post("/v1/app/setup/start", cast_to=object, body={"a": 1},
                               options={"headers": {"X-Trace": "1"}, "max_retries": 0})
        print(anything)
        waited = client.app.setup.wait(until=["ready"], timeout=300)
        print(waited.state, client.is_closed())


async def async_flow() -> None:
    async with AsyncBeeperDesktop() as client:
        session = await client.app.setup.retrieve()
        print(session.state)
        started = await client.app.setup.start()
        await client.app.setup.email(email="me@example.com",
                                     setup_request_id=started.setup_request_id)
        listed = await client.app.setup.verifications.list()
        print([v.id for v in listed.items])
        created = await client.app.setup.verifications.create(purpose="device")
        print(created.session.state)
        confirmed = await client.app.setup.verifications.sas.confirm("active")
        print(confirmed.verification)
        print(client.app.setup.next_step(session).step)
        raw = await client.app.setup.with_raw_response.start()
        print(raw.status_code)
        begun: SetupStartResponse = await raw.parse()
        print(begun.setup_request_id)
        async with client.app.setup.with_streaming_response.retrieve() as streamed:
            print(streamed.status_code)
            read: Session = await streamed.parse()
            print(read.state)
        sas = await client.app.setup.verifications.with_raw_response.sas.start("active")
        print((await sas.parse()).verification)
        ready: Session = await client.app.setup.wait(until=["ready"], timeout=120)
        print(ready.state)
        custom = await client.get("/v1/app/setup", cast_to=Session)
        print(custom.state, client.is_closed())


def official_module_paths(client: BeeperDesktop) -> None:
    # The official SDK's per-model modules, as its README and type hints import them.
    import beeper_setup.types.app.setup as setup_types
    from beeper_setup.types.app import SetupRetrieveResponse
    from beeper_setup.types.app.setup.verification_list_response import VerificationListResponse
    from beeper_setup.types.app.setup_response_response import (
        RegistrationRequired,
        SetupResponseResponse,
    )

    session: SetupRetrieveResponse = client.app.setup.retrieve()
    listed: VerificationListResponse = client.app.setup.verifications.list()
    created: setup_types.VerificationCreateResponse = client.app.setup.verifications.create()
    answer: SetupResponseResponse = client.app.setup.response(response="1",
                                                              setup_request_id="r")
    if isinstance(answer, RegistrationRequired):
        print(answer.copy_.title)
    print(listed.items, created.verification)
    # The states are the closed sets the official SDK types them as: a match can be exhaustive.
    if session.state == "needs-login":
        print("sign in")
    for verification in listed.items:
        if verification.state in ("sas_ready", "qr_scanned"):
            print(verification.available_actions)


def errors_a_mock_raises() -> List[Exception]:
    """What tests written for the official SDK raise from their mocks."""
    request = httpx.Request("GET", "http://localhost:23373/v1/app/setup/verifications/v1")
    response = httpx.Response(404, request=request)
    return [
        APIConnectionError(request=request),
        APIConnectionError(message="refused", request=request),
        APITimeoutError(request=request),
        APITimeoutError(request),
        NotFoundError("missing", response=response, body=None),
        APIStatusError("conflict", response=httpx.Response(409, request=request), body={"a": 1}),
    ]
