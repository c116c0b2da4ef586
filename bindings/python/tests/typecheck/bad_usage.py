"""User code with mistakes a type checker must report (test_typecheck.py): each line that must
fail ends with `# E: <mypy error code>`, and no other line may fail. Never run."""

from __future__ import annotations

from beeper_setup import AsyncBeeperDesktop, BeeperDesktop
from beeper_setup.types import Session


async def missing_await() -> None:
    client = AsyncBeeperDesktop()
    session = client.app.setup.retrieve()
    print(session.state)  # E: attr-defined
    client.app.setup.start()  # E: unused-coroutine
    listed = client.app.setup.verifications.list()
    print(listed.items)  # E: attr-defined


def wrong_arguments() -> None:
    client = BeeperDesktop()
    client.app.setup.email(email=1, setup_request_id="s")  # E: arg-type
    client.app.setup.verifications.retrieve(42)  # E: arg-type
    client.app.setup.register(accept_terms=False, lead_token="l",  # E: arg-type
                              setup_request_id="s", username="u")
    number: int = client.app.setup.retrieve()  # E: assignment
    print(number)


def sync_client_is_not_awaited() -> None:
    client = BeeperDesktop()
    closed: bool = client.is_closed  # E: assignment
    print(closed)


def typos_and_states_that_do_not_exist() -> None:
    client = BeeperDesktop()
    session = client.app.setup.retrieve()
    print(session.stat)  # E: attr-defined
    print(session.e2ee.verfied)  # E: attr-defined
    if session.state == "signed-in":  # E: comparison-overlap
        print("a state that does not exist")


def raw_answers_are_typed() -> None:
    client = BeeperDesktop()
    raw = client.app.setup.with_raw_response.retrieve()
    number: int = raw.parse()  # E: assignment
    print(number)
    client.app.setup.with_raw_response.verifications.retrieve(42)  # E: arg-type
    client.app.setup.with_streaming_response.start(nope=1)  # E: call-arg
    client.with_options(max_retries="5")  # E: arg-type


async def raw_parse_not_awaited() -> None:
    client = AsyncBeeperDesktop()
    raw = await client.app.setup.with_raw_response.retrieve()
    session: Session = raw.parse()  # E: assignment
    print(session)
