"""Side by side with the official SDK (beeper-desktop-api 6.0.0).

The official client drives each scenario through a recording proxy in front of the simulator;
then this package drives the same scenario against a replay of the recorded answers. Both must
send the same requests (method, path, JSON body) and get equal results, attribute by attribute
and as wire JSON.
"""

from __future__ import annotations

import http.client
import inspect
import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, List, Optional

import pytest
from conftest import EMAIL, SCENARIO_RECOVERY_KEY, Sim

import beeper_setup

official = pytest.importorskip("beeper_desktop_api")
from pydantic import BaseModel as PydanticModel  # noqa: E402  (the official SDK depends on it)


class Recorder:
    """A small HTTP server: proxies to ``upstream`` (recording the answers) or replays ``canned``
    answers in order. Records every request as {method, path, body, headers}."""

    def __init__(self, upstream: Optional[str] = None,
                 canned: Optional[List[Dict[str, Any]]] = None) -> None:
        self.upstream = upstream
        self.canned = list(canned or [])
        self.requests: List[Dict[str, Any]] = []
        self.responses: List[Dict[str, Any]] = []
        rec = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                rec.requests.append({
                    "method": self.command,
                    "path": self.path,
                    "body": json.loads(raw) if raw.strip() else None,
                    "headers": {k.lower(): v for k, v in self.headers.items()},
                })
                if rec.upstream is not None:
                    u = urllib.parse.urlsplit(rec.upstream)
                    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
                    fwd = {k: v for k, v in self.headers.items()
                           if k.lower() in ("authorization", "content-type", "accept")}
                    conn.request(self.command, self.path, body=raw or None, headers=fwd)
                    r = conn.getresponse()
                    answer = {"status": r.status,
                              "content_type": r.getheader("Content-Type") or "application/json",
                              "body": r.read()}
                    conn.close()
                    rec.responses.append(answer)
                else:
                    answer = rec.canned.pop(0)
                self.send_response(answer["status"])
                self.send_header("Content-Type", answer["content_type"])
                self.send_header("Content-Length", str(len(answer["body"])))
                self.end_headers()
                self.wfile.write(answer["body"])

            do_GET = do_POST = do_PUT = do_DELETE = _any

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "Recorder":
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()


class Script:
    """The test's side actions (simulator controls): performed and logged while recording,
    replayed from the log afterwards."""

    def __init__(self, sim: Optional[Sim]) -> None:
        self.sim = sim
        self.log: List[Any] = []
        self.pos = 0

    def replay(self) -> "Script":
        s = Script(None)
        s.log = self.log
        return s

    def __call__(self, path: str, body: Optional[Dict[str, Any]] = None) -> Any:
        if self.sim is not None:
            value = self.sim.control(path, body)
            self.log.append(value)
            return value
        value = self.log[self.pos]
        self.pos += 1
        return value


class OfficialSide:
    def __init__(self, url: str) -> None:
        # The official client refuses to exist without a token; a placeholder until sign-in.
        self.client = official.BeeperDesktop(base_url=url, access_token="placeholder",
                                             max_retries=0)

    @property
    def setup(self) -> Any:
        return self.client.app.setup

    def authenticate(self, token: str) -> None:
        self.client = self.client.with_options(access_token=token)


class OurSide:
    def __init__(self, url: str) -> None:
        self.client = beeper_setup.BeeperDesktop(base_url=url, max_retries=0)

    @property
    def setup(self) -> Any:
        return self.client.app.setup

    def authenticate(self, token: str) -> None:
        assert self.client.access_token == token  # adopted by itself


def drive_existing(side: Any, ctl: Script) -> List[Any]:
    out: List[Any] = []
    s = side.setup
    out.append(s.retrieve())
    st = s.start()
    out.append(st)
    out.append(s.email(email=EMAIL["existing"], setup_request_id=st.setup_request_id))
    code = ctl("state")["lastEmailCode"]
    res = s.response(response=code, setup_request_id=st.setup_request_id)
    out.append(res)
    side.authenticate(res.matrix.access_token)
    s = side.setup
    out.append(s.verifications.list())
    created = s.verifications.create(purpose="login")
    out.append(created)
    vid = created.verification.id
    out.append(s.verifications.cancel(vid, code="m.user", reason="changed my mind"))
    out.append(s.verifications.create())
    vid = out[-1].verification.id
    ctl("other-device/accept")
    out.append(s.verifications.retrieve(vid))
    out.append(s.verifications.retrieve("active"))
    out.append(s.verifications.sas.start(vid))
    ctl("other-device/confirm")
    out.append(s.verifications.sas.confirm(vid))
    out.append(s.verifications.list())
    ctl("first-sync")
    out.append(s.retrieve())
    return out


def drive_existing_qr(side: Any, ctl: Script) -> List[Any]:
    out: List[Any] = []
    s = side.setup
    st = s.start()
    s.email(email=EMAIL["existing"], setup_request_id=st.setup_request_id)
    res = s.response(response=ctl("state")["lastEmailCode"], setup_request_id=st.setup_request_id)
    side.authenticate(res.matrix.access_token)
    s = side.setup
    ctl("other-device/request")
    vid = s.verifications.list().items[0].id
    out.append(s.verifications.accept(vid))
    out.append(s.verifications.cancel(vid))
    created = s.verifications.create(user_id="@existing:beeper.com")
    out.append(created)
    ctl("other-device/accept")
    out.append(s.verifications.qr.scan(data=ctl("state")["otherDeviceQr"]))
    out.append(s.verifications.qr.confirm_scanned(created.verification.id))
    return out


def drive_recovery(side: Any, ctl: Script) -> List[Any]:
    s = side.setup
    st = s.start()
    s.email(email=EMAIL["recovery"], setup_request_id=st.setup_request_id)
    res = s.response(response=ctl("state")["lastEmailCode"], setup_request_id=st.setup_request_id)
    side.authenticate(res.matrix.access_token)
    s = side.setup
    return [res, s.recovery_key.verify(recovery_key=SCENARIO_RECOVERY_KEY)]


def drive_new(side: Any, ctl: Script) -> List[Any]:
    out: List[Any] = []
    s = side.setup
    st = s.start()
    s.email(email=EMAIL["new"], setup_request_id=st.setup_request_id)
    res = s.response(response=ctl("state")["lastEmailCode"], setup_request_id=st.setup_request_id)
    out.append(res)
    reg = s.register(accept_terms=True, lead_token=res.lead_token,
                     setup_request_id=res.setup_request_id, username=res.username_suggestions[0])
    out.append(reg)
    side.authenticate(reg.matrix.access_token)
    s = side.setup
    created = s.recovery_key.reset.create()
    out.append(created)
    out.append(s.recovery_key.reset.confirm(recovery_key=created.recovery_key))
    return out


def drive_errors(side: Any, ctl: Script) -> List[Any]:
    out: List[Any] = []
    s = side.setup
    for call in (lambda: s.verifications.list(),
                 lambda: s.response(response="000000", setup_request_id="sr_nope"),
                 lambda: s.verifications.retrieve("nope")):
        try:
            call()
            out.append("no error")
        except Exception as e:  # noqa: BLE001 - compared below
            out.append(e)
    return out


def walk(off: Any, ours: Any, where: str = "") -> None:
    """Attribute by attribute: every field of the official model equals ours."""
    if isinstance(off, PydanticModel):
        assert type(ours).__name__ not in ("dict", "NoneType"), where
        for name in type(off).model_fields:
            walk(getattr(off, name), getattr(ours, name), f"{where}.{name}")
    elif isinstance(off, list):
        assert isinstance(ours, list) and len(off) == len(ours), where
        for i, (a, b) in enumerate(zip(off, ours)):
            walk(a, b, f"{where}[{i}]")
    else:
        assert off == ours, f"{where}: {off!r} != {ours!r}"


def compare(off: Any, ours: Any) -> None:
    if isinstance(off, Exception):
        assert type(off).__name__ == type(ours).__name__
        assert isinstance(ours, getattr(beeper_setup, type(off).__name__))
        assert off.status_code == ours.status_code
        assert off.body == ours.body
        return
    if off is None:
        assert ours is None
        return
    walk(off, ours)
    assert ours.to_dict() == off.model_dump(by_alias=True, exclude_unset=True)
    # (The official models' snake_case model_dump() also carries the wire keys as extras, so
    # the attribute walk above is the snake_case comparison.)
    if type(off).__name__ in ("Success", "RegistrationRequired"):
        assert type(ours).__name__ == type(off).__name__


@pytest.mark.parametrize("scenario,drive", [
    ("existing", drive_existing),
    ("existing", drive_existing_qr),
    ("recovery", drive_recovery),
    ("new", drive_new),
    (None, drive_errors),
])
def test_same_requests_same_results(sim: Sim, scenario: Optional[str],
                                    drive: Callable[[Any, Script], List[Any]]) -> None:
    sim.reset(scenario=scenario)
    script = Script(sim)
    with Recorder(upstream=sim.base_url) as rec:
        theirs = drive(OfficialSide(rec.url), script)
    with Recorder(canned=rec.responses) as replay:
        side = OurSide(replay.url)
        mine = drive(side, script.replay())
        side.client.close()
    strip = [{k: r[k] for k in ("method", "path", "body")} for r in rec.requests]
    assert strip == [{k: r[k] for k in ("method", "path", "body")} for r in replay.requests]
    assert len(theirs) == len(mine)
    for off, ours in zip(theirs, mine):
        compare(off, ours)
    # Headers the server relies on are the same too.
    for a, b in zip(rec.requests, replay.requests):
        if a["headers"].get("accept") == "application/json":  # (*/* for email, which has no body)
            assert b["headers"].get("accept") == "application/json"
        if a["body"] is not None:
            assert b["headers"].get("content-type", "").startswith("application/json")


def test_live_results_parse_under_official_models(signed_in: beeper_setup.Client,
                                                  fresh: Sim) -> None:
    # Our to_dict() is the wire JSON: the official models accept it unchanged.
    from beeper_desktop_api.types.app import SetupRetrieveResponse
    from beeper_desktop_api.types.app.setup import VerificationCreateResponse

    session = signed_in.app.setup.retrieve()
    SetupRetrieveResponse.model_validate(session.to_dict())
    created = signed_in.app.setup.verifications.create()
    theirs = VerificationCreateResponse.model_validate(created.to_dict())
    walk(theirs, created)


def _params_of(fn: Any) -> List[Any]:
    # Every parameter, the per-call options included: (name, kind, has a default).
    return [(p.name, p.kind, p.default is inspect.Parameter.empty)
            for p in inspect.signature(fn).parameters.values()]


def test_same_method_names_and_keywords(fresh: Sim) -> None:
    ours = beeper_setup.Client(base_url=fresh.base_url)
    theirs = official.BeeperDesktop(base_url=fresh.base_url, access_token="x")
    paths = [
        "retrieve", "start", "email", "response", "register",
        "recovery_key.verify", "recovery_key.reset.create", "recovery_key.reset.confirm",
        "verifications.list", "verifications.create", "verifications.retrieve",
        "verifications.accept", "verifications.cancel", "verifications.qr.scan",
        "verifications.qr.confirm_scanned", "verifications.sas.start",
        "verifications.sas.confirm",
    ]
    from beeper_setup._operations import OPERATIONS

    assert sorted(op.name for op in OPERATIONS) == sorted("setup." + p for p in paths)
    for path in paths:
        a: Any = ours.app.setup
        b: Any = theirs.app.setup
        for part in path.split("."):
            a, b = getattr(a, part), getattr(b, part)
        assert _params_of(a) == _params_of(b), path
    for name in ("BeeperDesktopError", "APIError", "APIStatusError", "BadRequestError",
                 "AuthenticationError", "PermissionDeniedError", "NotFoundError",
                 "ConflictError", "UnprocessableEntityError", "RateLimitError",
                 "InternalServerError", "APIConnectionError", "APITimeoutError",
                 "APIResponseValidationError"):
        mine, base = getattr(beeper_setup, name), getattr(official, name)
        assert [c.__name__ for c in mine.__mro__ if c.__module__.startswith("beeper_setup")] == \
            [c.__name__ for c in base.__mro__ if c.__module__.startswith("beeper_desktop_api")]
    ours.close()


# ---- the pydantic surface of the models, side by side on the mock's bodies ----

CALLS: List[Any] = [
    ("retrieve", (), {}),
    ("start", (), {}),
    ("response", (), {"response": "123456", "setup_request_id": "sr_1"}),
    ("register", (), {"accept_terms": True, "lead_token": "lt", "setup_request_id": "sr_1",
                      "username": "x"}),
    ("recovery_key.verify", (), {"recovery_key": "k"}),
    ("recovery_key.reset.create", (), {}),
    ("recovery_key.reset.confirm", (), {"recovery_key": "k"}),
    ("verifications.list", (), {}),
    ("verifications.create", (), {}),
    ("verifications.retrieve", ("v1",), {}),
    ("verifications.accept", ("v1",), {}),
    ("verifications.cancel", ("v1",), {"reason": "r"}),
    ("verifications.qr.scan", (), {"data": "d"}),
    ("verifications.qr.confirm_scanned", ("v1",), {}),
    ("verifications.sas.start", ("v1",), {}),
    ("verifications.sas.confirm", ("v1",), {}),
]

DUMPS: List[Dict[str, Any]] = [
    {}, {"by_alias": True}, {"exclude_none": True}, {"exclude_unset": True},
    {"mode": "json"}, {"by_alias": True, "exclude_unset": True, "exclude_none": True},
]


def _method(client: Any, path: str, raw: bool = False) -> Any:
    target = client.app.setup.with_raw_response if raw else client.app.setup
    for part in path.split("."):
        target = getattr(target, part)
    return target


def same_model_surface(off: Any, ours: Any) -> None:
    for kw in DUMPS:
        assert ours.model_dump(**kw) == off.model_dump(**kw), kw
        kw = {k: v for k, v in kw.items() if k != "mode"}  # (model_dump_json has no mode)
        assert ours.model_dump_json(**kw) == off.model_dump_json(**kw), kw
    assert ours.model_dump_json(indent=2) == off.model_dump_json(indent=2)
    assert ours.to_dict() == off.to_dict()
    assert ours.to_dict(use_api_names=False) == off.to_dict(use_api_names=False)
    assert ours.to_json() == off.to_json()
    assert ours.to_json(indent=None) == off.to_json(indent=None)
    assert ours.model_extra == off.model_extra
    assert ours.model_fields_set == off.model_fields_set
    mine, theirs = type(ours).model_fields, type(off).model_fields
    assert list(mine) == list(theirs)
    for name in mine:
        assert mine[name].alias == theirs[name].alias, name
        assert mine[name].is_required() == theirs[name].is_required(), name
    wire = off.model_dump(by_alias=True, exclude_unset=True)
    assert type(ours).model_validate(wire) == ours
    assert type(ours).model_construct(**wire).to_dict() == off.model_construct(**wire).to_dict()
    first = next(iter(mine))
    changed = ours.model_copy(update={first: None})
    assert changed.model_dump() == off.model_copy(update={first: None}).model_dump()
    assert ours.model_dump() == off.model_dump()  # the copy left the original alone


@pytest.mark.parametrize("path,args,kwargs", CALLS, ids=[c[0] for c in CALLS])
def test_models_answer_as_the_official_ones(mock: Sim, path: str, args: Any,
                                            kwargs: Any) -> None:
    # The mock's examples vary from call to call: the official model is made from the very
    # body ours parsed, with the type the official method returns.
    import typing

    from pydantic import TypeAdapter

    theirs = official.BeeperDesktop(base_url=mock.base_url, access_token="t")
    result_type = typing.get_type_hints(_method(theirs, path))["return"]
    theirs.close()
    with beeper_setup.Client(base_url=mock.base_url, access_token="t") as ours:
        r = _method(ours, path, raw=True)(*args, **kwargs)
    mine = r.parse()
    off = TypeAdapter(result_type).validate_python(r.json())
    assert type(mine).__name__ == type(off).__name__ or path != "response"
    walk(off, mine)
    same_model_surface(off, mine)


def test_unknown_fields_and_integers_for_floats_as_the_official_models() -> None:
    from beeper_desktop_api.types.app import SetupRetrieveResponse

    wire = {
        "state": "needs-login", "futureField": {"a": [1, None]}, "nothing": None,
        "e2ee": {"crossSigning": False, "firstSyncDone": False,
                 "hasBackedUpRecoveryKey": False, "initialized": False, "keyBackup": False,
                 "secretStorage": False, "verified": False, "recoveryKeyGeneratedAt": 17,
                 "secrets": {"masterKey": False, "megolmBackupKey": False,
                             "recoveryKey": False, "selfSigningKey": False,
                             "userSigningKey": False}},
    }
    off = SetupRetrieveResponse.model_validate(wire)
    ours = beeper_setup.types.Session.model_validate(wire)
    assert ours.e2ee.recovery_key_generated_at == 17.0
    assert isinstance(ours.e2ee.recovery_key_generated_at, float)
    same_model_surface(off, ours)
    with pytest.raises(ValueError):
        beeper_setup.types.Session.model_validate({"state": "ready"})  # e2ee missing
