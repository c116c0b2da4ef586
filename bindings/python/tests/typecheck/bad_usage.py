"""User code with mistakes a type checker must report (test_typecheck.py): each line that must
fail ends with `# E: <mypy error code>`, and no other line may fail. Never run."""

from __future__ import annotations

from beeper_setup import AsyncBeeperDesktop, BeeperDesktop


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
