"""next_step's outcome of an ended verification, the other device and the ways out, and the
emojis named in a language, against the simulator and the Matrix SAS table."""

from __future__ import annotations

import asyncio
import json
import os
from typing import Any, Dict, List

import pytest
from conftest import Sim, sign_in

import beeper_setup

TABLE_PATH = os.path.join(os.path.dirname(__file__), "..", "..", "..", "src", "api", "emoji",
                          "sas-emoji.json")
with open(TABLE_PATH, encoding="utf-8") as _f:
    TABLE: List[Dict[str, Any]] = json.load(_f)

FLAGS = {"crossSigning": True, "firstSyncDone": False, "hasBackedUpRecoveryKey": True,
         "initialized": True, "keyBackup": True, "secretStorage": True, "verified": False,
         "secrets": {"masterKey": False, "megolmBackupKey": False, "recoveryKey": False,
                     "selfSigningKey": False, "userSigningKey": False}}


def comparing(emojis: str, decimals: str = "1234 5678 9012") -> Dict[str, Any]:
    """A session whose verification shows ``emojis`` to compare."""
    return {"state": "needs-verification", "e2ee": FLAGS, "verification": {
        "id": "v1", "availableActions": ["sas.confirm", "cancel"], "direction": "outgoing",
        "methods": ["sas"], "purpose": "login", "state": "sas_ready",
        "sas": {"emojis": emojis, "decimals": decimals}}}


@pytest.mark.parametrize("code,kind", [
    ("m.user", "declined"),
    ("m.timeout", "timed-out"),
    ("m.mismatched_sas", "mismatch"),
    ("m.key_mismatch", "mismatch"),
    ("m.user_mismatch", "mismatch"),
    ("m.mismatched_commitment", "mismatch"),
    ("m.accepted", "accepted-elsewhere"),
    ("m.unknown_transaction", "protocol-error"),
    ("m.unexpected_message", "protocol-error"),
    ("m.invalid_message", "protocol-error"),
    ("m.unknown_method", "protocol-error"),
    ("com.example.teleported", "unknown"),
])
def test_each_cancel_code_on_the_other_device(signed_in: beeper_setup.Client, fresh: Sim,
                                              code: str, kind: str) -> None:
    setup = signed_in.app.setup
    vid = setup.verifications.create().verification.id
    fresh.control("other-device/cancel", {"code": code, "reason": "Said the other side."})
    step = setup.next_step(setup.retrieve())
    assert step.outcome is not None
    assert (step.outcome.kind, step.outcome.code, step.outcome.reason) == \
        (kind, code, "Said the other side.")
    assert step.outcome.cancelled_by_us is False
    assert (step.action, step.verification_id, step.direction) == ("create", vid, "outgoing")
    first = "enter-recovery-key" if kind == "mismatch" else "other-device"
    assert step.alternatives[0] == first


@pytest.mark.parametrize("endpoint,kind", [
    ("verification/timeout", "timed-out"),
    ("verification/accepted-elsewhere", "accepted-elsewhere"),
])
def test_a_timeout_and_an_answer_elsewhere(signed_in: beeper_setup.Client, fresh: Sim,
                                           endpoint: str, kind: str) -> None:
    setup = signed_in.app.setup
    setup.verifications.create()
    fresh.control(endpoint)
    assert setup.next_step(setup.retrieve()).outcome.kind == kind


def test_a_cancel_sent_here_is_cancelled_here(signed_in: beeper_setup.Client) -> None:
    setup = signed_in.app.setup
    vid = setup.verifications.create().verification.id
    setup.verifications.cancel("active")
    session = setup.retrieve()
    mine = setup.next_step(session).outcome
    assert (mine.kind, mine.cancelled_by_us) == ("cancelled-here", True)
    # Without the client, nothing says who cancelled; told, it agrees.
    assert beeper_setup.next_step(session).outcome.kind == "declined"
    told = beeper_setup.next_step(session, cancelled_here=[vid]).outcome
    assert (told.kind, told.cancelled_by_us) == ("cancelled-here", True)
    with pytest.raises(TypeError):
        beeper_setup.next_step(session, cancelled_here=vid)  # a str is not a list of ids


def test_the_async_client_remembers_its_cancels_too(fresh: Sim) -> None:
    async def run() -> None:
        async with beeper_setup.AsyncBeeperDesktop(base_url=fresh.base_url,
                                                   max_retries=0) as client:
            setup = client.app.setup
            started = await setup.start()
            await setup.email(email="existing@example.com",
                              setup_request_id=started.setup_request_id)
            code = fresh.state()["lastEmailCode"]
            await setup.response(response=code, setup_request_id=started.setup_request_id)
            await setup.verifications.create()
            cancelled = await setup.verifications.cancel("active", code="m.mismatched_sas")
            ended = setup.next_step(cancelled.session).outcome
            assert (ended.kind, ended.cancelled_by_us) == ("mismatch", True)

    asyncio.run(run())


def test_a_named_device_asks_and_the_ways_out_are_listed(signed_in: beeper_setup.Client,
                                                         fresh: Sim) -> None:
    setup = signed_in.app.setup
    assert setup.next_step(setup.retrieve()).alternatives == \
        ["other-device", "enter-recovery-key", "create-recovery-key"]
    fresh.control("other-device/request", {"deviceID": "WORKLAPTOP", "deviceName": "Work laptop"})
    step = setup.next_step(setup.retrieve())
    assert step.action == "accept" and step.direction == "incoming"
    assert (step.other_device.id, step.other_device.name) == ("WORKLAPTOP", "Work laptop")
    assert step.alternatives == ["other-device", "qr", "enter-recovery-key", "create-recovery-key"]
    assert step.outcome is None


def test_an_outcome_scenario_plays_the_other_device(fresh: Sim) -> None:
    fresh.reset(scenario="timeout")
    with beeper_setup.Client(base_url=fresh.base_url, max_retries=0) as client:
        sign_in(client, fresh, "existing")
        client.app.setup.verifications.create()
        session = client.app.setup.wait(verification_states=["cancelled"], timeout=5,
                                        interval=0.02)
        assert client.app.setup.next_step(session).outcome.kind == "timed-out"


@pytest.mark.parametrize("language,key", [("en", None), ("de-DE", "de"), ("fr", "fr"),
                                          ("ja_JP.UTF-8", "ja"), ("pt-BR", "pt_BR")])
def test_all_64_emojis_are_mapped_and_named(language: str, key: Any) -> None:
    for start in range(0, 64, 7):
        rows = TABLE[start:start + 7]
        step = beeper_setup.next_step(comparing("".join(r["emoji"] for r in rows)),
                                      language=language)
        assert step.action == "compare-emojis"
        comparison = step.comparison
        assert comparison.language == (key or "en")
        assert comparison.decimals == [1234, 5678, 9012]
        for i, (entry, row) in enumerate(zip(comparison.emojis, rows)):
            assert (entry.position, entry.number, entry.emoji) == (i, row["number"], row["emoji"])
            assert entry.english_name == row["description"]
            translated = row["translated_descriptions"].get(key) if key else None
            assert entry.name == (translated or row["description"])
        assert len(comparison.emojis) == len(rows)


def test_repeated_emojis_are_distinct_and_fallbacks_hold() -> None:
    step = beeper_setup.next_step(comparing("🍄 🍄 ☎ 👑 🐶 🦄 🐶", "12 34"), language="szl")
    entries = step.comparison.emojis
    assert [e.position for e in entries] == list(range(7))
    assert entries[0].number == entries[1].number == 18
    assert entries[0] != entries[1]  # told apart by position
    assert entries[2].emoji == "☎️"  # the table's form, selector added
    assert (entries[3].emoji, entries[3].number, entries[3].name) == ("👑", None, None)
    # Silesian has no names for these: English stands in.
    assert entries[4].name == "Dog"
    assert step.comparison.decimals is None  # not three numbers
    assert step.decimals == "12 34"  # the raw text stays
    pt = beeper_setup.next_step(comparing("🐶"), language="pt-PT").comparison
    assert (pt.language, pt.emojis[0].name) == ("pt", "Cão")
    zh = beeper_setup.next_step(comparing("🐱"), language="zh-TW").comparison
    assert (zh.language, zh.emojis[0].name) == ("zh_Hant", "貓")
    with pytest.raises(beeper_setup.InvalidArgumentError):
        beeper_setup.next_step(comparing("🐶"), language=5)  # type: ignore[arg-type]
