"""The simulator's fidelity proof: the official Python SDK (beeper-desktop-api 6.0.0), with strict
response validation, drives all three scenarios end to end against the simulator binary.

The simulator binary comes from env BEEPER_SETUP_SIM (`make py-sim-test` sets it). The /_sim/
control endpoints, reached with urllib, play the email inbox, the other device and the sync.
"""

import json
import urllib.request

import pytest

from beeper_desktop_api import (
    APIResponseValidationError,
    AuthenticationError,
    BadRequestError,
    BeeperDesktop,
    ConflictError,
    InternalServerError,
    NotFoundError,
)
from beeper_desktop_api.types.app.setup_response_response import RegistrationRequired, Success
from conftest import running_sim

EXISTING_RECOVERY_KEY = "EsTc 5rr1 NnWg qYMr 7k6R Yp2A cJfL Qd3w UeXh Bz8m Tn4K SvGa"


@pytest.fixture(scope="module")
def sim_url():
    with running_sim() as url:
        yield url


def control(url, path, body=None, method="POST"):
    data = None if method == "GET" else json.dumps(body or {}).encode()
    req = urllib.request.Request(url + path, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.loads(resp.read())


def sim_state(url):
    return control(url, "/_sim/state", method="GET")


@pytest.fixture
def sim(sim_url):
    control(sim_url, "/_sim/reset", {"scenario": None, "auto": False, "stats": True})
    return sim_url


def client(url, token="placeholder-until-sign-in", **kw):
    kw.setdefault("max_retries", 0)
    return BeeperDesktop(base_url=url, access_token=token, _strict_response_validation=True, **kw)


def sign_in(url, email):
    """start, email, response through the SDK; returns (response, signed-in client or None)."""
    c = client(url)
    started = c.app.setup.start()
    assert started.sign_in_methods == ["email"]
    assert c.app.setup.email(email=email, setup_request_id=started.setup_request_id) is None
    code = sim_state(url)["lastEmailCode"]
    res = c.app.setup.response(response=code, setup_request_id=started.setup_request_id)
    if isinstance(res, Success):
        return res, client(url, res.matrix.access_token)
    return res, None


def finish_first_sync(url, c):
    s = c.app.setup.retrieve()
    assert s.state == "needs-first-sync"
    assert s.e2ee.verified and s.e2ee.secrets.master_key and not s.e2ee.first_sync_done
    control(url, "/_sim/first-sync")
    s = c.app.setup.retrieve()
    assert s.state == "ready"
    assert s.e2ee.first_sync_done


def test_signed_out_session(sim):
    s = client(sim).app.setup.retrieve()
    assert s.state == "needs-login"
    assert s.matrix is None
    assert s.verification is None
    assert s.e2ee.initialized is False


def test_wrong_code_and_unknown_request(sim):
    c = client(sim)
    with pytest.raises(NotFoundError):
        c.app.setup.email(email="existing@example.com", setup_request_id="never-issued")
    started = c.app.setup.start()
    c.app.setup.email(email="existing@example.com", setup_request_id=started.setup_request_id)
    code = sim_state(sim)["lastEmailCode"]
    wrong = "000000" if code != "000000" else "111111"
    with pytest.raises(BadRequestError) as e:
        c.app.setup.response(response=wrong, setup_request_id=started.setup_request_id)
    assert e.value.status_code == 400
    assert e.value.body["code"] == "INVALID_CODE"
    res = c.app.setup.response(response=code, setup_request_id=started.setup_request_id)
    assert isinstance(res, Success)


def test_existing_account_outgoing_sas(sim):
    res, c = sign_in(sim, "existing@example.com")
    assert res.matrix.user_id == "@existing:beeper.com"
    assert res.session.state == "needs-verification"
    assert res.session.matrix.device_id == res.matrix.device_id

    with pytest.raises(AuthenticationError):
        client(sim, "wrong-token").app.setup.verifications.list()

    created = c.app.setup.verifications.create(purpose="login")
    v = created.verification
    assert (v.state, v.direction, v.available_actions) == ("requested", "outgoing", ["cancel"])
    with pytest.raises(ConflictError):
        c.app.setup.verifications.sas.start(v.id)

    control(sim, "/_sim/other-device/accept")
    v = c.app.setup.verifications.retrieve("active").verification
    assert v.state == "ready"
    assert v.available_actions == ["sas.start", "cancel"]
    assert v.qr.data and v.methods == ["qr", "sas"]

    v = c.app.setup.verifications.sas.start(v.id).verification
    assert v.state == "sas_ready"
    assert len(v.sas.emojis) == 7
    assert len(v.sas.decimals.split(" ")) == 3
    assert v.available_actions == ["sas.confirm", "cancel"]

    v = c.app.setup.verifications.sas.confirm(v.id).verification
    assert v.state == "sas_ready"
    done = control(sim, "/_sim/other-device/confirm")
    assert done["verification"]["state"] == "done"

    got = c.app.setup.verifications.retrieve(v.id)
    assert got.verification.state == "done"
    assert got.verification.other_user_id == "@existing:beeper.com"
    assert got.verification.other_device.id
    assert got.session.state == "needs-first-sync"
    items = c.app.setup.verifications.list().items
    assert [i.id for i in items] == [v.id]
    finish_first_sync(sim, c)


def test_existing_account_incoming_qr_and_cancel(sim):
    _, c = sign_in(sim, "existing@example.com")
    v = c.app.setup.verifications.create().verification
    cancelled = c.app.setup.verifications.cancel(v.id, code="m.user", reason="Changed my mind")
    assert cancelled.verification.state == "cancelled"
    assert cancelled.verification.error.code == "m.user"
    assert cancelled.verification.error.reason == "Changed my mind"
    with pytest.raises(NotFoundError):
        c.app.setup.verifications.retrieve("no-such-verification")

    control(sim, "/_sim/other-device/request")
    v = c.app.setup.verifications.retrieve("active").verification
    assert (v.direction, v.state, v.available_actions) == ("incoming", "requested", ["accept", "cancel"])
    v = c.app.setup.verifications.accept(v.id).verification
    assert v.state == "ready"

    with pytest.raises(BadRequestError):
        c.app.setup.verifications.qr.scan(data="not the other device's code")
    scanned = c.app.setup.verifications.qr.scan(data=sim_state(sim)["otherDeviceQr"])
    assert scanned.verification.state == "qr_scanned"
    assert scanned.verification.available_actions == ["qr.confirmScanned", "cancel"]
    done = c.app.setup.verifications.qr.confirm_scanned(v.id)
    assert done.verification.state == "done"
    assert done.session.state == "needs-first-sync"
    assert len(c.app.setup.verifications.list().items) == 2
    finish_first_sync(sim, c)


def test_recovery_account(sim):
    res, c = sign_in(sim, "recovery@example.com")
    assert res.session.state == "needs-secrets"
    assert res.session.e2ee.recovery_key_generated_at is not None
    with pytest.raises(BadRequestError) as e:
        c.app.setup.recovery_key.verify(recovery_key="EsTc nope")
    assert e.value.body["code"] == "INVALID_RECOVERY_KEY"
    out = c.app.setup.recovery_key.verify(recovery_key=EXISTING_RECOVERY_KEY)
    assert out.session.state == "needs-first-sync"
    finish_first_sync(sim, c)


def test_recovery_account_resets_its_key(sim):
    _, c = sign_in(sim, "recovery@example.com")
    created = c.app.setup.recovery_key.reset.create(existing_recovery_key=EXISTING_RECOVERY_KEY)
    groups = created.recovery_key.split(" ")
    assert len(groups) == 12 and all(len(g) == 4 for g in groups)
    out = c.app.setup.recovery_key.reset.confirm(recovery_key=created.recovery_key)
    assert out.session.state == "needs-first-sync"


def test_new_account(sim):
    res, c = sign_in(sim, "fresh.person@example.org")
    assert c is None
    assert isinstance(res, RegistrationRequired)
    assert res.registration_required is True
    assert res.copy_.title == "Choose your username"
    assert res.copy_.username_placeholder == "Username"
    assert res.username_suggestions

    anon = client(sim)
    with pytest.raises(BadRequestError) as e:
        anon.app.setup.register(accept_terms=True, lead_token=res.lead_token,
                                setup_request_id=res.setup_request_id, username="")
    assert e.value.body["details"]["issues"][0]["path"] == ["username"]
    reg = anon.app.setup.register(accept_terms=True, lead_token=res.lead_token,
                                  setup_request_id=res.setup_request_id,
                                  username=res.username_suggestions[0])
    assert reg.session.state == "needs-cross-signing-setup"
    assert reg.session.e2ee.cross_signing is False
    c = client(sim, reg.matrix.access_token)

    created = c.app.setup.recovery_key.reset.create()
    assert created.session.e2ee.recovery_key_generated_at is not None
    with pytest.raises(BadRequestError):
        c.app.setup.recovery_key.reset.confirm(recovery_key="EsTc aaaa bbbb")
    out = c.app.setup.recovery_key.reset.confirm(recovery_key=created.recovery_key)
    assert out.session.state == "needs-first-sync"
    assert out.session.e2ee.has_backed_up_recovery_key is True
    finish_first_sync(sim, c)


def test_faults_as_the_sdk_sees_them(sim):
    control(sim, "/_sim/faults", {"count": 1, "status": 503, "retryAfterMs": 10})
    # The SDK retries a 503 after retry-after-ms, and the second try succeeds.
    assert client(sim, max_retries=1).app.setup.retrieve().state == "needs-login"
    assert control(sim, "/_sim/stats", method="GET")["byEndpoint"]["GET /v1/app/setup"] == 2

    control(sim, "/_sim/faults", {"count": 1, "body": "wrong-shape"})
    with pytest.raises(APIResponseValidationError):
        client(sim).app.setup.retrieve()

    control(sim, "/_sim/faults", {"count": 1, "body": "html"})
    with pytest.raises(InternalServerError) as e:
        client(sim).app.setup.retrieve()
    assert e.value.status_code == 502

    control(sim, "/_sim/faults", {"count": 1, "status": 500, "shouldRetry": False})
    with pytest.raises(InternalServerError):
        client(sim, max_retries=2).app.setup.retrieve()
    assert control(sim, "/_sim/stats", method="GET")["byEndpoint"]["GET /v1/app/setup"] == 5
