"""A Beeper in your tests: the simulator that ships inside this package.

``Simulator`` starts a stateful stand-in for Beeper's app-setup API in this process (loopback, a
free port; no Rust, no other program) and steers it::

    from beeper_setup import BeeperDesktop
    from beeper_setup.testing import Simulator

    with Simulator(scenario="existing") as sim, BeeperDesktop(base_url=sim.base_url) as client:
        start = client.app.setup.start()
        client.app.setup.email(email="me@example.com", setup_request_id=start.setup_request_id)
        client.app.setup.response(response=sim.email_code, setup_request_id=start.setup_request_id)
        ...
        sim.other_device.accept()            # or .confirm(), .cancel(code="m.mismatched_sas")

The same simulator works for ``AsyncBeeperDesktop``. With pytest installed, the fixture
``beeper_simulator`` gives a fresh one per test (see :mod:`beeper_setup.pytest_plugin`).

Every scenario and control endpoint of the simulator is reachable by name, so new ones need no
new code here: ``Simulator.scenarios()`` lists the scenario names and ``sim.control(name, ...)``
calls any endpoint under ``/_sim/``; the methods below name the common ones. The library is
``libbeeper_setup_sim`` beside the package (or ``BEEPER_SETUP_SIM_LIB``), kept apart from the
client's own library.
"""

from __future__ import annotations

import ctypes
import json
import threading
from ctypes import POINTER, c_char_p, c_int32, c_void_p
from typing import Any, Dict, List, Optional

from ._ffi import find_library

__all__ = ["Simulator", "SimulatorError", "OtherDevice"]

_OK = 0
_INVALID_ARGUMENT = 1
_lib: Optional[ctypes.CDLL] = None
_lib_lock = threading.Lock()


def _library() -> ctypes.CDLL:
    global _lib
    with _lib_lock:
        if _lib is None:
            lib = ctypes.CDLL(find_library("beeper_setup_sim", "BEEPER_SETUP_SIM_LIB"))
            out = POINTER(c_void_p)
            lib.beeper_simulator_start.argtypes = [c_char_p, POINTER(c_void_p), out]
            lib.beeper_simulator_start.restype = c_int32
            lib.beeper_simulator_control.argtypes = [c_void_p, c_char_p, c_char_p, c_char_p, out]
            lib.beeper_simulator_control.restype = c_int32
            lib.beeper_simulator_stop.argtypes = [c_void_p]
            lib.beeper_simulator_stop.restype = None
            lib.beeper_simulator_describe.argtypes = [out]
            lib.beeper_simulator_describe.restype = c_int32
            lib.beeper_simulator_string_free.argtypes = [c_void_p]
            lib.beeper_simulator_string_free.restype = None
            _lib = lib
        return _lib


def _answer(lib: ctypes.CDLL, status: int, out: c_void_p) -> Any:
    """The JSON a call set in ``out``, freed here; a failure raised."""
    try:
        text = ctypes.string_at(out.value).decode() if out.value else "null"
    finally:
        lib.beeper_simulator_string_free(out)
    body = json.loads(text)
    if status == _OK:
        return body
    if status == _INVALID_ARGUMENT:
        raise ValueError(body.get("message", text))
    raise SimulatorError(body)


def _camel(name: str) -> str:
    """``retry_after_ms`` -> ``retryAfterMs``: the control endpoints' JSON spelling."""
    first, *rest = name.split("_")
    return first + "".join(part[:1].upper() + part[1:] for part in rest)


class SimulatorError(Exception):
    """A control endpoint refused the call (an action the state does not allow yet, an unknown
    name), or the simulator could not start. ``status`` and ``code`` are the endpoint's."""

    def __init__(self, body: Dict[str, Any]) -> None:
        self.body = body
        self.status: Optional[int] = body.get("status")
        self.code: Optional[str] = body.get("code")
        self.message: str = body.get("message", "")
        super().__init__(f"{self.code or body.get('kind')}: {self.message}")


class OtherDevice:
    """The account's other, already trusted device, acting on the verification. Each action
    passes further keyword fields on to its control endpoint (in camelCase), so options the
    simulator adds to an action need no new code here."""

    def __init__(self, sim: "Simulator") -> None:
        self._sim = sim

    def request(self, **fields: Any) -> Any:
        """Asks to verify this device (a verification this device receives)."""
        return self._sim.control("other-device/request", **fields)

    def accept(self, **fields: Any) -> Any:
        """Accepts the verification this device asked for."""
        return self._sim.control("other-device/accept", **fields)

    def confirm(self, **fields: Any) -> Any:
        """Confirms that the emojis match."""
        return self._sim.control("other-device/confirm", **fields)

    def scan(self, data: Optional[str] = None, **fields: Any) -> Any:
        """Scans this device's QR code (``data``: what it scanned, by default the right code)."""
        return self._sim.control("other-device/scan", {} if data is None else {"data": data},
                                 **fields)

    def cancel(self, code: Optional[str] = None, reason: Optional[str] = None,
               **fields: Any) -> Any:
        """Cancels the verification, with a Matrix cancel code (``m.user``,
        ``m.mismatched_sas``, ...) and a reason."""
        body = {k: v for k, v in (("code", code), ("reason", reason)) if v is not None}
        return self._sim.control("other-device/cancel", body, **fields)


class Simulator:
    """A simulator of Beeper's app-setup API in this process, on a free loopback port.

    ``scenario`` forces the account any sign-in leads to (``Simulator.scenarios()`` lists the
    names; by default the email decides: ``existing@example.com``, ``recovery@example.com``,
    anything else a new account). ``auto``: the other device and the first sync act by
    themselves. ``mock``: a stateless mock answering every well-formed request with an example
    (``require_token``: refuse requests without a token where the API needs one).

    Use it as a context manager, or call :meth:`close`; one never closed stops with its owner
    (when it is garbage collected, at the latest when the process ends).
    """

    def __init__(self, scenario: Optional[str] = None, *, auto: bool = False, mock: bool = False,
                 require_token: bool = False) -> None:
        self._lib = _library()
        self._lock = threading.Lock()
        self._handle: Optional[int] = None
        options: Dict[str, Any] = {"auto": auto, "mock": mock, "requireToken": require_token}
        if scenario is not None:
            options["scenario"] = scenario
        handle, out = c_void_p(), c_void_p()
        status = self._lib.beeper_simulator_start(json.dumps(options).encode(), ctypes.byref(handle),
                                                  ctypes.byref(out))
        started = _answer(self._lib, status, out)
        self._handle = handle.value
        #: The URL to give a client: ``http://127.0.0.1:PORT``.
        self.base_url: str = started["baseURL"]
        #: The account's other device: ``sim.other_device.accept()``.
        self.other_device = OtherDevice(self)

    @staticmethod
    def scenarios() -> List[str]:
        """The scenario names a simulator takes, as the simulator itself lists them."""
        return list(Simulator.describe()["scenarios"])

    @staticmethod
    def describe() -> Dict[str, Any]:
        """What the simulator offers: ``scenarios``, ``controls`` (each ``name``, ``methods``
        and whether the ``mock`` mode has it) and the existing accounts' ``recoveryKey``."""
        lib = _library()
        out = c_void_p()
        return _answer(lib, lib.beeper_simulator_describe(ctypes.byref(out)), out)  # type: ignore[no-any-return]

    # ---- any control endpoint ---------------------------------------------------------------

    def control(self, name: str, body: Optional[Dict[str, Any]] = None, *,
                method: Optional[str] = None, **fields: Any) -> Any:
        """Calls the control endpoint ``/_sim/<name>`` and returns its JSON answer.

        ``body`` is sent as given; ``fields`` are added to it with their names in camelCase
        (``retry_after_ms=`` is ``retryAfterMs``). ``method`` defaults to POST where the
        endpoint takes it, else its only method. A refusal raises :class:`SimulatorError`."""
        payload = dict(body or {})
        payload.update({_camel(k): v for k, v in fields.items()})
        out = c_void_p()
        with self._lock:
            if self._handle is None:
                raise RuntimeError("the simulator is closed")
            status = self._lib.beeper_simulator_control(
                self._handle, method.encode() if method else None, name.encode(),
                json.dumps(payload).encode(), ctypes.byref(out))
        return _answer(self._lib, status, out)

    # ---- what the simulator knows ------------------------------------------------------------

    def state(self) -> Dict[str, Any]:
        """The simulator's state: ``scenario``, ``state``, ``lastEmailCode``, ``recoveryKey``,
        ``pendingRecoveryKey``, ``otherDeviceQr``, ``accessToken``, ``verification``,
        ``session``."""
        return self.control("state")  # type: ignore[no-any-return]

    @property
    def email_code(self) -> Optional[str]:
        """The code of the last email sent (None before one is)."""
        return self.state().get("lastEmailCode")

    @property
    def recovery_key(self) -> Optional[str]:
        """The account's recovery key (None for an account without one yet)."""
        return self.state().get("recoveryKey")

    @property
    def access_token(self) -> Optional[str]:
        """The token the last sign-in returned."""
        return self.state().get("accessToken")

    def stats(self) -> Dict[str, Any]:
        """``connections``, ``requests`` and ``byEndpoint`` counts of the API requests."""
        return self.control("stats")  # type: ignore[no-any-return]

    def last_request(self) -> Optional[Dict[str, Any]]:
        """The last API request as received (``method``, ``path``, ``query``, ``headers``,
        ``body``, ``operation``), or None before the first."""
        try:
            return self.control("last-request")  # type: ignore[no-any-return]
        except SimulatorError as e:
            if e.status == 404:
                return None
            raise

    # ---- steering ------------------------------------------------------------------------------

    def reset(self, scenario: Optional[str] = None, *, auto: Optional[bool] = None,
              stats: bool = False) -> Dict[str, Any]:
        """Signs out and forgets everything (and the faults); ``scenario`` and ``auto``, when
        given, replace the ones it started with; ``stats`` zeroes the counters too."""
        body: Dict[str, Any] = {"stats": stats}
        if scenario is not None:
            body["scenario"] = scenario
        if auto is not None:
            body["auto"] = auto
        return self.control("reset", body)  # type: ignore[no-any-return]

    def finish_first_sync(self) -> Any:
        """Finishes the first sync after the device is verified."""
        return self.control("first-sync")

    def fault(self, count: int = 1, **spec: Any) -> int:
        """Misbehaves on the next ``count`` API requests: ``status=503``, ``retry_after_ms=``,
        ``should_retry=``, ``delay_ms=``, ``drop=True``, ``reset_mid_body=True``, ``hang=True``,
        ``drip_bytes_per_sec=``, ``body="malformed" | "oversized" | "wrong-shape" | "html" | "echo" | "echo-text"`` (the
        last two quote what the request sent).
        Returns how many faulty answers remain."""
        return self.control("faults", count=count, **spec)["remaining"]  # type: ignore[no-any-return]

    def clear_faults(self) -> None:
        """Answers normally again."""
        self.control("faults", method="DELETE")

    # ---- lifetime ------------------------------------------------------------------------------

    def close(self) -> None:
        """Stops the simulator and closes every connection to it. Idempotent."""
        with self._lock:
            handle, self._handle = self._handle, None
        if handle is not None:
            self._lib.beeper_simulator_stop(handle)

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` has stopped it."""
        return self._handle is None

    def __enter__(self) -> "Simulator":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        if getattr(self, "_handle", None) is not None:
            self.close()

    def __repr__(self) -> str:
        return f"<Simulator {'closed' if self.closed else self.base_url}>"
