"""Every operation against the simulator; the three scenarios end to end; the flow helpers."""

from __future__ import annotations

import threading
import time

import pytest
from conftest import SCENARIO_RECOVERY_KEY, Sim, sign_in

import beeper_setup
from beeper_setup import types


def test_installed_package_is_used() -> None:
    # run-tests.sh runs from outside the repo: the import must be the installed copy, with the
    # library inside the package.
    import os

    pkg_dir = os.path.dirname(os.path.abspath(beeper_setup.__file__))
    assert "site-packages" in pkg_dir or "dist-packages" in pkg_dir, pkg_dir
    assert os.path.dirname(beeper_setup.library_path()) == pkg_dir
    assert beeper_setup.library_version() == beeper_setup.__version__


def test_version_matches_cargo() -> None:
    import os
    import re

    cargo = os.path.join(os.path.dirname(__file__), "..", "..", "..", "Cargo.toml")
    text = open(cargo).read()
    assert re.search(r'^version = "([^"]+)"', text, re.M).group(1) == beeper_setup.__version__


def test_existing_account_sas(fresh: Sim) -> None:
    with beeper_setup.BeeperDesktop(base_url=fresh.base_url, max_retries=0) as client:
        setup = client.app.setup
        session = setup.retrieve()
        assert isinstance(session, types.Session)
        assert session.state == "needs-login" and session.matrix is None
        assert setup.next_step(session).step == "sign-in"

        started = setup.start()
        assert started.setup_request_id.startswith("sr_")
        assert started.sign_in_methods == ["email"]
        assert setup.email(email="existing@example.com",
                           setup_request_id=started.setup_request_id) is None
        code = fresh.state()["lastEmailCode"]
        result = setup.response(response=code, setup_request_id=started.setup_request_id)
        assert isinstance(result, types.Success)
        assert result.matrix.access_token.startswith("syt_")
        assert client.access_token == result.matrix.access_token  # adopted
        assert result.session.state == "needs-verification"
        assert result.session.matrix.user_id == "@existing:beeper.com"
        assert result.session.e2ee.cross_signing is True
        assert result.session.e2ee.secrets.master_key is False

        step = setup.next_step(result.session)
        assert (step.step, step.action) == ("verify-device", "create")

        created = setup.verifications.create()
        v = created.verification
        assert v is not None and v.direction == "outgoing" and v.state == "requested"
        assert v.available_actions == ["cancel"]
        assert setup.verifications.list().items[-1].id == v.id

        fresh.control("other-device/accept")
        got = setup.verifications.retrieve(v.id)
        assert got.verification.state == "ready"
        assert got.verification.available_actions == ["sas.start", "cancel"]
        assert setup.next_step(got).action == "sas.start"

        started_sas = setup.verifications.sas.start(v.id)
        assert started_sas.verification.state == "sas_ready"
        assert started_sas.verification.sas is not None and started_sas.verification.sas.emojis
        step = setup.next_step(started_sas.session)
        assert step.action == "compare-emojis" and step.emojis == started_sas.verification.sas.emojis

        fresh.control("other-device/confirm")
        done = setup.verifications.sas.confirm(v.id)
        assert done.verification.state == "done"
        assert done.session.state == "needs-first-sync"
        assert setup.next_step(done.session).step == "wait"

        threading.Timer(0.3, lambda: fresh.control("first-sync")).start()
        ready = setup.wait(timeout=10, interval=0.05)
        assert ready.state == "ready" and ready.e2ee.first_sync_done
        assert setup.next_step(ready).step == "done"


def test_existing_account_incoming_qr_and_cancel(signed_in: beeper_setup.Client, fresh: Sim) -> None:
    vs = signed_in.app.setup.verifications
    # An incoming request, cancelled by us with a code and a reason.
    fresh.control("other-device/request")
    active = vs.retrieve("active").verification
    assert active.direction == "incoming" and "accept" in active.available_actions
    cancelled = vs.cancel(active.id, code="m.user", reason="Not now")
    assert cancelled.verification.state == "cancelled"
    assert cancelled.verification.error.code == "m.user"
    assert cancelled.verification.error.reason == "Not now"

    # Another one: accept it, the other device scans our QR code, we confirm.
    fresh.control("other-device/request")
    vid = vs.retrieve("active").verification.id
    accepted = vs.accept(vid)
    assert accepted.verification.state == "ready"
    assert accepted.verification.qr is not None
    fresh.control("other-device/scan", {"data": accepted.verification.qr.data})
    assert signed_in.app.setup.next_step(vs.retrieve(vid)).action == "qr.confirmScanned"
    confirmed = vs.qr.confirm_scanned(vid)
    assert confirmed.verification.state == "done"
    assert confirmed.session.state == "needs-first-sync"
    assert [i.state for i in vs.list().items] == ["cancelled", "done"]


def test_existing_account_we_scan_their_qr(signed_in: beeper_setup.Client, fresh: Sim) -> None:
    vs = signed_in.app.setup.verifications
    created = vs.create(purpose="login", user_id="@existing:beeper.com")
    assert created.verification.purpose == "login"
    fresh.control("other-device/accept")
    data = fresh.state()["otherDeviceQr"]
    scanned = vs.qr.scan(data=data)
    assert scanned.verification.state == "qr_scanned"
    done = vs.qr.confirm_scanned(scanned.verification.id)
    assert done.verification.state == "done"


def test_recovery_scenario(fresh: Sim) -> None:
    with beeper_setup.Client(base_url=fresh.base_url, max_retries=0) as client:
        result = sign_in(client, fresh, "recovery")
        assert isinstance(result, types.Success)
        assert result.session.state == "needs-secrets"
        assert client.app.setup.next_step(result).step == "enter-recovery-key"
        verified = client.app.setup.recovery_key.verify(recovery_key=SCENARIO_RECOVERY_KEY)
        assert verified.session.state == "needs-first-sync"
        assert verified.session.e2ee.verified and verified.session.e2ee.secrets.recovery_key
        fresh.control("first-sync")
        assert client.app.setup.retrieve().state == "ready"


def test_recovery_scenario_reset_with_existing_key(fresh: Sim) -> None:
    with beeper_setup.Client(base_url=fresh.base_url, max_retries=0) as client:
        sign_in(client, fresh, "recovery")
        reset = client.app.setup.recovery_key.reset
        created = reset.create(existing_recovery_key=SCENARIO_RECOVERY_KEY)
        assert created.recovery_key and created.recovery_key != SCENARIO_RECOVERY_KEY
        confirmed = reset.confirm(recovery_key=created.recovery_key)
        assert confirmed.session.state == "needs-first-sync"


def test_new_account_scenario(fresh: Sim) -> None:
    with beeper_setup.Client(base_url=fresh.base_url, max_retries=0) as client:
        setup = client.app.setup
        result = sign_in(client, fresh, "new")
        assert isinstance(result, types.RegistrationRequired)
        assert result.registration_required is True
        assert result.copy_.title == "Choose your username"
        assert result.copy_.username_placeholder == "Username"
        assert result.username_suggestions[0] == "newbie"
        assert client.access_token is None
        registered = setup.register(accept_terms=True, lead_token=result.lead_token,
                                    setup_request_id=result.setup_request_id, username="Newbie")
        assert registered.matrix.user_id == "@newbie:beeper.com"
        assert client.access_token == registered.matrix.access_token
        assert registered.session.state == "needs-cross-signing-setup"
        assert setup.next_step(registered).step == "create-recovery-key"
        created = setup.recovery_key.reset.create()
        assert len(created.recovery_key.split()) >= 8
        assert created.session.e2ee.recovery_key_generated_at is not None
        confirmed = setup.recovery_key.reset.confirm(recovery_key=created.recovery_key)
        assert confirmed.session.state == "needs-first-sync"
        fresh.control("first-sync")
        assert setup.wait(timeout=5).state == "ready"


def test_auto_mode_wait_for_verification_state(sim: Sim) -> None:
    sim.reset(scenario="existing", auto=True)
    with beeper_setup.Client(base_url=sim.base_url, max_retries=0) as client:
        sign_in(client, sim, "existing")
        v = client.app.setup.verifications.create().verification
        s = client.app.setup.wait(until=["ready"], verification_states=["ready"], timeout=10,
                                  interval=0.05)
        assert s.verification.id == v.id and s.verification.state == "ready"
        client.app.setup.verifications.sas.start(v.id)
        s = client.app.setup.wait(verification_states=["sas_ready"], timeout=10, interval=0.05)
        client.app.setup.verifications.sas.confirm(v.id)
        # "Until something changes": the other device confirms, the session moves on.
        s = client.app.setup.wait(while_state="needs-verification", timeout=10, interval=0.05)
        assert s.state != "needs-verification"
        t0 = time.monotonic()
        s = client.app.setup.wait(timeout=10, interval=0.05)  # the sync finishes by itself
        assert s.state == "ready" and time.monotonic() - t0 < 10


def test_set_access_token(signed_in: beeper_setup.Client, fresh: Sim) -> None:
    token = signed_in.access_token
    signed_in.set_access_token(None)
    with pytest.raises(beeper_setup.AuthenticationError):
        signed_in.app.setup.verifications.list()
    signed_in.set_access_token(token)
    assert signed_in.app.setup.verifications.list().items == []


def test_token_from_constructor_and_env(signed_in: beeper_setup.Client, fresh: Sim,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    token = signed_in.access_token
    with beeper_setup.Client(base_url=fresh.base_url, access_token=token) as c:
        assert c.app.setup.verifications.list().items == []
    monkeypatch.setenv("BEEPER_ACCESS_TOKEN", token)
    monkeypatch.setenv("BEEPER_BASE_URL", fresh.base_url)
    with beeper_setup.Client() as c:
        assert c.base_url == fresh.base_url and c.access_token == token
        assert c.app.setup.verifications.list().items == []


def test_timeouts_read_back_from_the_library(fresh: Sim) -> None:
    with beeper_setup.Client(base_url=fresh.base_url) as c:
        assert (c.timeout, c.max_retries) == (30.0, 2)
    with beeper_setup.Client(base_url=fresh.base_url, timeout=2.5, max_retries=0) as c:
        assert (c.timeout, c.max_retries) == (2.5, 0)
    with beeper_setup.Client(base_url=fresh.base_url + "/", timeout=None) as c:
        assert c.timeout == 24 * 3600  # "no limit", as far as the library goes
        assert c.base_url == fresh.base_url


def test_default_headers_and_user_agent(fresh: Sim) -> None:
    # Observed through a recording server: see test_official.py for the request comparison.
    from test_official import Recorder

    with Recorder(fresh.base_url) as rec:
        with beeper_setup.Client(base_url=rec.url, default_headers={"X-Extra": "1"}) as c:
            c.app.setup.retrieve()
        headers = rec.requests[-1]["headers"]
    assert headers["x-extra"] == "1"
    assert "beeper-setup-python/" + beeper_setup.__version__ in headers["user-agent"]
    assert headers["accept"] == "application/json"


def test_models_keep_unknown_fields_and_values() -> None:
    raw = {
        "state": "needs-quantum-sync",
        "e2ee": {"crossSigning": True, "firstSyncDone": False, "hasBackedUpRecoveryKey": True,
                 "initialized": True, "keyBackup": True, "secretStorage": True, "verified": False,
                 "secrets": {"masterKey": True, "megolmBackupKey": True, "recoveryKey": True,
                             "selfSigningKey": True, "userSigningKey": True},
                 "futureFlag": 7},
        "verification": {"id": "v1", "availableActions": ["teleport"], "direction": "sideways",
                         "methods": ["hologram"], "purpose": "fun", "state": "warping"},
        "brandNew": {"nested": [1, 2]},
    }
    s = types.Session._from_wire(raw)
    assert s.state == "needs-quantum-sync"
    assert s.verification.available_actions == ["teleport"]
    assert s.verification.direction == "sideways"
    assert s.model_extra == {"brandNew": {"nested": [1, 2]}}
    assert s.e2ee.model_extra == {"futureFlag": 7}
    assert s.to_dict() == raw
    with pytest.raises(Exception):
        s.state = "ready"  # type: ignore[misc]
    step = beeper_setup.next_step(s)
    assert step.step == "unknown" and step.state == "needs-quantum-sync"


def test_next_step_accepts_dicts_and_rejects_junk() -> None:
    with pytest.raises(TypeError):
        beeper_setup.next_step("needs-login")
    with pytest.raises(ValueError):
        beeper_setup.next_step({"state": "ready"})  # not a session: no e2ee
