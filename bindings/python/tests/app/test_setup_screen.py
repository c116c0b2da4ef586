"""An app's own tests of its setup screen, as its developer writes them: the installed package
alone (``pip install beeper-setup`` and pytest), the ``beeper_simulator`` fixture that the
package's pytest plugin provides, and ``beeper_setup.testing.Simulator``. No Rust, no
simulator binary, no conftest of ours."""

from __future__ import annotations

import asyncio
import threading

import pytest

from beeper_setup import APIConnectionError, AsyncBeeperDesktop, BeeperDesktop, InternalServerError
from beeper_setup import types
from beeper_setup.testing import Simulator, SimulatorError


def sign_in(client: BeeperDesktop, sim: Simulator, email: str = "me@example.com") -> object:
    """What the app's sign-in screen does: start, email, the code from the email."""
    setup = client.app.setup
    start = setup.start()
    setup.email(email=email, setup_request_id=start.setup_request_id)
    result = setup.response(response=sim.email_code, setup_request_id=start.setup_request_id)
    if isinstance(result, types.RegistrationRequired):
        result = setup.register(accept_terms=True, lead_token=result.lead_token,
                                setup_request_id=result.setup_request_id, username="me")
    return result


@pytest.mark.parametrize("scenario", Simulator.scenarios())
def test_every_scenario_signs_in_to_its_own_account(scenario: str) -> None:
    with Simulator(scenario=scenario) as sim, BeeperDesktop(base_url=sim.base_url) as client:
        assert client.app.setup.next_step(client.app.setup.retrieve()).step == "sign-in"
        sign_in(client, sim)
        assert sim.state()["scenario"] == scenario
        step = client.app.setup.next_step(client.app.setup.retrieve())
        assert step.step not in ("sign-in", "unknown"), step


def test_emoji_verification_accepted_and_confirmed_by_the_other_device(beeper_simulator: Simulator) -> None:
    sim = beeper_simulator
    with BeeperDesktop(base_url=sim.base_url) as client:
        sign_in(client, sim, "existing@example.com")
        vs = client.app.setup.verifications
        v = vs.create().verification
        sim.other_device.accept()
        assert client.app.setup.next_step(vs.retrieve(v.id)).action == "sas.start"
        sas = vs.sas.start(v.id).verification.sas
        assert sas is not None and len(sas.emojis) == 7
        sim.other_device.confirm()
        assert vs.sas.confirm(v.id).session.state == "needs-first-sync"
        threading.Timer(0.2, sim.finish_first_sync).start()
        assert client.app.setup.wait(timeout=10, interval=0.05).state == "ready"


@pytest.mark.beeper_simulator(scenario="existing")
@pytest.mark.parametrize("code", ["m.user", "m.mismatched_sas", "m.timeout"])
def test_the_other_device_cancels_with_a_code(beeper_simulator: Simulator, code: str) -> None:
    sim = beeper_simulator
    with BeeperDesktop(base_url=sim.base_url) as client:
        sign_in(client, sim)
        vs = client.app.setup.verifications
        v = vs.create().verification
        sim.other_device.accept()
        sim.other_device.cancel(code=code, reason="shown to the person")
        cancelled = vs.retrieve(v.id).verification
        assert cancelled.state == "cancelled"
        assert (cancelled.error.code, cancelled.error.reason) == (code, "shown to the person")


@pytest.mark.beeper_simulator(scenario="existing")
def test_the_other_device_asks_and_scans_the_qr_code(beeper_simulator: Simulator) -> None:
    sim = beeper_simulator
    with BeeperDesktop(base_url=sim.base_url) as client:
        sign_in(client, sim)
        vs = client.app.setup.verifications
        sim.other_device.request()
        incoming = vs.retrieve("active").verification
        assert incoming.direction == "incoming"
        accepted = vs.accept(incoming.id).verification
        sim.other_device.scan(accepted.qr.data)
        assert vs.qr.confirm_scanned(incoming.id).verification.state == "done"


@pytest.mark.beeper_simulator(scenario="recovery")
def test_recovery_key_and_the_first_sync(beeper_simulator: Simulator) -> None:
    sim = beeper_simulator
    with BeeperDesktop(base_url=sim.base_url) as client:
        sign_in(client, sim)
        key = sim.recovery_key
        assert key == Simulator.describe()["recoveryKey"]
        assert client.app.setup.recovery_key.verify(recovery_key=key).session.state == "needs-first-sync"
        sim.finish_first_sync()
        assert client.app.setup.retrieve().state == "ready"


def test_faults_stats_and_the_last_request(beeper_simulator: Simulator) -> None:
    sim = beeper_simulator
    assert sim.last_request() is None
    with BeeperDesktop(base_url=sim.base_url, max_retries=0) as client:
        assert sim.fault(status=503) == 1
        with pytest.raises(InternalServerError):
            client.app.setup.retrieve()
        sim.fault(drop=True)
        with pytest.raises(APIConnectionError):
            client.app.setup.retrieve()
        sim.fault(count=3, retry_after_ms=0)
        sim.clear_faults()
        assert client.app.setup.retrieve().state == "needs-login"
        client.app.setup.start(extra_headers={"X-Screen": "welcome"})
    last = sim.last_request()
    assert last is not None
    assert (last["operation"], last["headers"]["x-screen"]) == ("setup.start", "welcome")
    assert sim.stats()["byEndpoint"]["GET /v1/app/setup"] == 3


def test_the_async_client_with_the_same_fixture(beeper_simulator: Simulator) -> None:
    sim = beeper_simulator

    async def screen() -> str:
        async with AsyncBeeperDesktop(base_url=sim.base_url) as client:
            start = await client.app.setup.start()
            await client.app.setup.email(email="me@example.com", setup_request_id=start.setup_request_id)
            result = await client.app.setup.response(response=sim.email_code,
                                                     setup_request_id=start.setup_request_id)
            assert isinstance(result, types.RegistrationRequired)
            return client.app.setup.next_step(await client.app.setup.retrieve()).step

    assert asyncio.run(screen()) == "sign-in"


@pytest.mark.beeper_simulator(scenario="existing", auto=True)
def test_auto_runs_the_other_device_by_itself(beeper_simulator: Simulator) -> None:
    sim = beeper_simulator
    with BeeperDesktop(base_url=sim.base_url) as client:
        sign_in(client, sim)
        client.app.setup.verifications.create()
        session = client.app.setup.wait(verification_states=["ready"], timeout=10, interval=0.05)
        assert session.state == "needs-verification"


def test_every_control_endpoint_is_callable_by_name() -> None:
    names = [c["name"] for c in Simulator.describe()["controls"]]
    assert {"state", "reset", "first-sync", "faults", "stats", "last-request"} <= set(names)
    assert [n for n in names if n.startswith("other-device/")]
    with Simulator() as sim:
        with pytest.raises(SimulatorError) as refused:
            sim.control("other-device/accept")
        assert refused.value.status == 409
        with pytest.raises(SimulatorError) as unknown:
            sim.control("no-such-endpoint")
        assert unknown.value.status == 404
        assert sim.control("faults", status=500, should_retry=False) == {"remaining": 1}
        assert sim.control("faults", method="DELETE") == {"remaining": 0}


def test_mock_mode_and_bad_options() -> None:
    with Simulator(mock=True) as sim, BeeperDesktop(base_url=sim.base_url) as client:
        assert client.app.setup.verifications.retrieve("abc").verification.id == "abc"
    with pytest.raises(ValueError, match="unknown scenario"):
        Simulator(scenario="no-such-scenario")
    with pytest.raises(ValueError):
        Simulator(mock=True, scenario="existing")


def test_a_closed_simulator_refuses_connections_and_calls() -> None:
    sim = Simulator()
    url = sim.base_url
    assert url.startswith("http://127.0.0.1:")
    sim.close()
    sim.close()
    with pytest.raises(RuntimeError):
        sim.state()
    with BeeperDesktop(base_url=url, max_retries=0) as client, pytest.raises(APIConnectionError):
        client.app.setup.retrieve()
