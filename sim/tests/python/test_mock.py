"""The mock mode's fidelity proof: the official Python SDK (beeper-desktop-api 6.0.0), with strict
response validation, calls every operation against `beeper-setup-sim --mock`, in the style of the
SDK's own generated tests (token "My Access Token", ids like "x"), plainly, through
`with_raw_response` and `with_streaming_response`, and from the async client; every answer is
also validated again from its raw JSON. Then the refusals: bad params (400 with details.issues),
the id `missing` (404), and `--require-token` (401).

The simulator binary comes from env BEEPER_SETUP_SIM (see conftest.py).
"""

import asyncio
import json
import urllib.error
import urllib.request

import pydantic
import pytest

from beeper_desktop_api import (
    AsyncBeeperDesktop,
    BadRequestError,
    BeeperDesktop,
    NotFoundError,
)
from beeper_desktop_api.types.app import (
    SetupRegisterResponse,
    SetupResponseResponse,
    SetupRetrieveResponse,
    SetupStartResponse,
)
from beeper_desktop_api.types.app.setup import (
    RecoveryKeyVerifyResponse,
    VerificationAcceptResponse,
    VerificationCancelResponse,
    VerificationCreateResponse,
    VerificationListResponse,
    VerificationRetrieveResponse,
)
from beeper_desktop_api.types.app.setup.recovery_key import ResetConfirmResponse, ResetCreateResponse
from beeper_desktop_api.types.app.setup.verifications import (
    QRConfirmScannedResponse,
    QRScanResponse,
    SASConfirmResponse,
    SASStartResponse,
)
from beeper_desktop_api.types.app.setup_response_response import Success
from conftest import running_sim

TOKEN = "My Access Token"

# Every operation: (name, resource under client.app.setup, method, args, kwargs, answer type).
# The values are the kind the SDK's generated tests use: placeholders, not a real flow.
OPERATIONS = [
    ("setup.retrieve", [], "retrieve", (), {}, SetupRetrieveResponse),
    ("setup.start", [], "start", (), {}, SetupStartResponse),
    ("setup.email", [], "email", (),
     {"email": "dev@example.com", "setup_request_id": "setupRequestID"}, type(None)),
    ("setup.response", [], "response", (),
     {"response": "response", "setup_request_id": "setupRequestID"}, SetupResponseResponse),
    ("setup.register", [], "register", (),
     {"accept_terms": True, "lead_token": "leadToken", "setup_request_id": "setupRequestID",
      "username": "x"}, SetupRegisterResponse),
    ("recoveryKey.verify", ["recovery_key"], "verify", (), {"recovery_key": "x"},
     RecoveryKeyVerifyResponse),
    ("recoveryKey.reset.create", ["recovery_key", "reset"], "create", (),
     {"existing_recovery_key": "existingRecoveryKey"}, ResetCreateResponse),
    ("recoveryKey.reset.confirm", ["recovery_key", "reset"], "confirm", (), {"recovery_key": "x"},
     ResetConfirmResponse),
    ("verifications.list", ["verifications"], "list", (), {}, VerificationListResponse),
    ("verifications.create", ["verifications"], "create", (),
     {"purpose": "login", "user_id": "userID"}, VerificationCreateResponse),
    ("verifications.retrieve", ["verifications"], "retrieve", ("x",), {},
     VerificationRetrieveResponse),
    ("verifications.accept", ["verifications"], "accept", ("id",), {},
     VerificationAcceptResponse),
    ("verifications.cancel", ["verifications"], "cancel", (),
     {"verification_id": "x", "code": "code", "reason": "reason"}, VerificationCancelResponse),
    ("verifications.qr.scan", ["verifications", "qr"], "scan", (), {"data": "x"}, QRScanResponse),
    ("verifications.qr.confirmScanned", ["verifications", "qr"], "confirm_scanned", ("x",), {},
     QRConfirmScannedResponse),
    ("verifications.sas.start", ["verifications", "sas"], "start", ("x",), {}, SASStartResponse),
    ("verifications.sas.confirm", ["verifications", "sas"], "confirm", ("id",), {},
     SASConfirmResponse),
]
IDS = [op[0] for op in OPERATIONS]
ID_OPERATIONS = [op for op in OPERATIONS if op[3] or "verification_id" in op[4]]


@pytest.fixture(scope="module")
def mock_url():
    with running_sim("--mock") as url:
        yield url


@pytest.fixture(scope="module")
def token_mock_url():
    with running_sim("--mock", "--require-token") as url:
        yield url


def client(url, token=TOKEN):
    return BeeperDesktop(base_url=url, access_token=token, max_retries=0,
                         _strict_response_validation=True)


def resource(root, path):
    for part in path:
        root = getattr(root, part)
    return root


def http(url, method, path, body=None, headers=None):
    """(status, parsed body) of a request the SDK would never send."""
    data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    req = urllib.request.Request(url + path, data=data, method=method,
                                 headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            raw = resp.read()
            return resp.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def revalidated(answer_type, raw_json):
    """The raw JSON checked against the SDK's type on its own, independent of the client."""
    return pydantic.TypeAdapter(answer_type).validate_python(raw_json)


def stats(url):
    return http(url, "GET", "/_sim/stats")[1]


def last_request(url):
    status, body = http(url, "GET", "/_sim/last-request")
    assert status == 200, body
    return body


@pytest.mark.parametrize("name,path,method,args,kwargs,answer_type", OPERATIONS, ids=IDS)
def test_every_operation_answers_strictly_valid(mock_url, name, path, method, args, kwargs,
                                                answer_type):
    c = client(mock_url)
    before = stats(mock_url)["requests"]

    plain = getattr(resource(c.app.setup, path), method)(*args, **kwargs)
    assert isinstance(plain, answer_type), type(plain)
    sent = last_request(mock_url)
    assert sent["operation"] == name
    # The SDK sends no token on the sign-in steps, which need none.
    sign_in_step = name in ("setup.start", "setup.email", "setup.response", "setup.register")
    assert sent["headers"].get("authorization") == (None if sign_in_step else f"Bearer {TOKEN}")

    raw = getattr(resource(c.app.setup, path).with_raw_response, method)(*args, **kwargs)
    assert raw.status_code == 200
    assert raw.headers["content-type"] == "application/json"
    assert isinstance(raw.parse(), answer_type)
    raw_bytes = raw.read()
    raw_json = json.loads(raw_bytes) if raw_bytes else None
    if answer_type is type(None):
        assert raw_json is None
    else:
        assert isinstance(revalidated(answer_type, raw_json), answer_type)

    streaming = getattr(resource(c.app.setup, path).with_streaming_response, method)
    with streaming(*args, **kwargs) as resp:
        assert not resp.is_closed
        assert isinstance(resp.parse(), answer_type)
    assert resp.is_closed

    assert stats(mock_url)["requests"] == before + 3


def test_the_answers_look_like_a_signed_in_setup(mock_url):
    c = client(mock_url)
    res = c.app.setup.response(response="123456", setup_request_id="sr")
    assert isinstance(res, Success)
    assert res.matrix.access_token and res.matrix.user_id.startswith("@")
    assert res.session.matrix.device_id == res.matrix.device_id
    assert c.app.setup.email(email="a@example.com", setup_request_id="sr") is None
    assert c.app.setup.start().sign_in_methods == ["email"]
    # The verification answers speak of the id asked about, and `active` is the one in progress.
    assert c.app.setup.verifications.retrieve("x").verification.id == "x"
    assert c.app.setup.verifications.sas.start("id").session.verification.id == "id"
    active = c.app.setup.verifications.retrieve("active").verification
    assert active.id != "active" and active.state in ("requested", "ready")
    items = c.app.setup.verifications.list().items
    assert len(items) == 1 and items[0].available_actions
    key = c.app.setup.recovery_key.reset.create().recovery_key
    assert len(key.split(" ")) == 12


def test_every_operation_from_the_async_client(mock_url):
    async def run_all():
        async with AsyncBeeperDesktop(base_url=mock_url, access_token=TOKEN, max_retries=0,
                                      _strict_response_validation=True) as c:
            return [await getattr(resource(c.app.setup, path), method)(*args, **kwargs)
                    for _, path, method, args, kwargs, _ in OPERATIONS]

    answers = asyncio.run(run_all())
    for (name, *_, answer_type), answer in zip(OPERATIONS, answers):
        assert isinstance(answer, answer_type), name


def test_the_last_request_shows_what_the_client_sent(mock_url):
    c = client(mock_url)
    c.app.setup.verifications.cancel(
        "a b/c", code="m.user", reason="No", extra_query={"q": "1 2", "n": 3},
        extra_headers={"X-Extra": "yes"}, extra_body={"more": [1, None]})
    sent = last_request(mock_url)
    assert sent["method"] == "POST"
    assert sent["operation"] == "verifications.cancel"
    assert sent["path"] == "/v1/app/setup/verifications/a%20b%2Fc/cancel"
    assert sent["query"] == {"q": "1 2", "n": "3"}
    assert sent["headers"]["x-extra"] == "yes"
    assert sent["headers"]["content-type"] == "application/json"
    assert sent["body"] == {"code": "m.user", "reason": "No", "more": [1, None]}
    # The answer names the id as decoded from the path.
    assert c.app.setup.verifications.retrieve("a b/c").verification.id == "a b/c"

    status, _ = http(mock_url, "POST", "/v1/app/setup/start?x=1&x=2", body=b"not json")
    assert status == 200
    sent = last_request(mock_url)
    assert sent["query"] == {"x": ["1", "2"]}
    assert sent["body"] is None and sent["bodyText"] == "not json"


def test_wrong_types_answer_400_with_issues_through_the_sdk(mock_url):
    c = client(mock_url)
    with pytest.raises(BadRequestError) as e:
        c.app.setup.email(email="a@example.com", setup_request_id="sr",
                          extra_body={"setupRequestID": 5})
    assert e.value.status_code == 400
    assert e.value.body["code"] == "VALIDATION_ERROR"
    assert e.value.body["details"]["issues"] == [
        {"code": "invalid_type", "message": "setupRequestID: expected string, received number",
         "path": ["setupRequestID"]}]
    with pytest.raises(BadRequestError) as e:
        c.app.setup.verifications.create(extra_body={"purpose": "everything", "userID": False})
    assert [i["path"] for i in e.value.body["details"]["issues"]] == [["purpose"], ["userID"]]
    with pytest.raises(BadRequestError) as e:
        c.app.setup.register(accept_terms=False, lead_token="l", setup_request_id="sr", username="")
    codes = {tuple(i["path"]): i["code"] for i in e.value.body["details"]["issues"]}
    assert codes == {("acceptTerms",): "invalid_literal", ("username",): "too_small"}


@pytest.mark.parametrize("path", [
    "/v1/app/setup/email",
    "/v1/app/setup/response",
    "/v1/app/setup/register",
    "/v1/app/setup/verification/recovery-key",
    "/v1/app/setup/verification/recovery-key/reset/confirm",
    "/v1/app/setup/verifications/qr/scan",
])
def test_missing_required_fields_answer_400(mock_url, path):
    status, body = http(mock_url, "POST", path, body={})
    assert status == 400, body
    assert body["code"] == "VALIDATION_ERROR"
    issues = body["details"]["issues"]
    assert issues and all(i["code"] == "invalid_type" and "required" in i["message"]
                          for i in issues if i["path"] != ["acceptTerms"])
    status, body = http(mock_url, "POST", path, body=b"[1, 2]")
    assert status == 400 and body["details"]["issues"][0]["path"] == []


@pytest.mark.parametrize("name,path,method,args,kwargs,answer_type", ID_OPERATIONS,
                         ids=[op[0] for op in ID_OPERATIONS])
def test_the_id_missing_answers_404(mock_url, name, path, method, args, kwargs, answer_type):
    call = getattr(resource(client(mock_url).app.setup, path), method)
    if args:
        args = ("missing",)
    else:
        kwargs = {**kwargs, "verification_id": "missing"}
    with pytest.raises(NotFoundError) as e:
        call(*args, **kwargs)
    assert e.value.body["code"] == "VERIFICATION_NOT_FOUND"


def test_unknown_paths_and_methods(mock_url):
    assert http(mock_url, "GET", "/v1/app/nothing")[0] == 404
    assert http(mock_url, "DELETE", "/v1/app/setup/verifications")[0] == 405
    assert http(mock_url, "GET", "/_sim/state")[1]["code"] == "NOT_IN_MOCK_MODE"


def test_no_token_needed_unless_required(mock_url, token_mock_url):
    assert http(mock_url, "GET", "/v1/app/setup/verifications")[0] == 200

    status, body = http(token_mock_url, "GET", "/v1/app/setup/verifications")
    assert (status, body["code"]) == (401, "UNAUTHORIZED")
    # The sign-in steps and the session read need no token even then.
    assert http(token_mock_url, "POST", "/v1/app/setup/start")[0] == 200
    assert http(token_mock_url, "GET", "/v1/app/setup")[0] == 200
    status, _ = http(token_mock_url, "POST", "/v1/app/setup/verifications/x/accept",
                     headers={"Authorization": "Basic dXNlcg=="})
    assert status == 401
    # Any token will do: there is no account to match it against.
    for _, path, method, args, kwargs, answer_type in OPERATIONS:
        answer = getattr(resource(client(token_mock_url).app.setup, path), method)(*args, **kwargs)
        assert isinstance(answer, answer_type)
