"""The C ABI: loading the library, the ctypes declarations, and the calls that cross it
(``NativeClient``). The table of operations is ``_operations`` (generated).

Every function of ``include/beeper_setup.h`` that the package calls is declared here with its
argtypes and restype. Returned strings are received as ``c_void_p`` (not ``c_char_p``, which would
copy and lose the pointer) so that each is freed exactly once with ``beeper_string_free``.

Nothing heavy is imported here (no ``typing``, ``json``, ``re``, ``threading``); the JSON at the
boundary is read and written by :mod:`beeper_setup._json`.
"""

from __future__ import annotations

import ctypes
import os
import sys
from _thread import RLock as _RLock
from _thread import allocate_lock
from _thread import get_ident as _get_ident
from _weakref import ref as _weakref
from ctypes import CFUNCTYPE, POINTER, c_char_p, c_int32, c_uint32, c_void_p

from ._exceptions import BeeperSetupInternalError, ClientClosedError, error_from_object
from ._json import dumps, loads
from ._logs import attach as _attach_logs
from ._logs import sync as _sync_logs

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, Dict, List, Optional, Tuple

__all__ = ["library", "call_json", "NativeClient"]


_OUT = POINTER(c_void_p)
#: int32_t (*)(void *user_data): a blocking call's question whether to end (see _interrupts).
_CHECK_TYPE = CFUNCTYPE(c_int32, c_void_p)


def find_library(stem: str = "beeper_setup", env: str = "BEEPER_SETUP_LIB") -> str:
    """The path of a native library of this package: ``env`` when set, else the one beside the
    package (``lib<stem>.so``, ``.dylib``, or a name with a tag such as
    ``lib<stem>.cpython-311-x86_64-linux-gnu.so``, as an in-tree build names it)."""
    override = os.environ.get(env)
    if override:
        path = os.path.abspath(override)
        if not os.path.isfile(path):
            raise ImportError(f"{env} points at {path!r}, which is not a file")
        return path
    here = os.path.dirname(os.path.abspath(__file__))
    if sys.platform == "win32":
        patterns = [(stem, ".dll"), ("lib" + stem, ".pyd"), ("lib" + stem, ".dll")]
    elif sys.platform == "darwin":
        patterns = [("lib" + stem, ".dylib"), ("lib" + stem, ".so")]
    else:
        patterns = [("lib" + stem, ".so")]
    try:
        names = sorted(os.listdir(here))
    except OSError:
        names = []
    for prefix, suffix in patterns:
        for name in names:
            # libbeeper_setup.so or libbeeper_setup.<tag>.so, never libbeeper_setup_sim.so.
            if name.endswith(suffix) and (name == prefix + suffix or name.startswith(prefix + ".")):
                return os.path.join(here, name)
    raise ImportError(
        f"the native library lib{stem} is not in {here}; reinstall the package "
        f"(pip install builds it) or set {env} to the library's path"
    )


# The C ABI this binding is written for: BEEPER_ABI_VERSION in include/beeper_setup.h.
ABI_VERSION = 0


def _check_abi(lib: ctypes.CDLL, path: str) -> None:
    """Refuses a library of another C ABI before any of its functions is declared or called."""
    try:
        abi_version = lib.beeper_abi_version
    except AttributeError:
        found = "no ABI version (it predates beeper_abi_version)"
    else:
        abi_version.argtypes = []
        abi_version.restype = c_int32
        number = abi_version()
        if number == ABI_VERSION:
            return
        found = f"C ABI version {number}"
    raise ImportError(
        f"the beeper-setup native library at {path!r} has {found}, but this package needs C ABI "
        f"version {ABI_VERSION}; reinstall the package (pip install builds a matching library) "
        "or point BEEPER_SETUP_LIB at a matching one"
    )


def _load() -> ctypes.CDLL:
    path = find_library()
    lib = ctypes.CDLL(path)  # CDLL: the GIL is released during every call
    _check_abi(lib, path)

    lib.beeper_version.argtypes = []
    lib.beeper_version.restype = c_char_p
    lib.beeper_client_new.argtypes = [c_char_p, POINTER(c_void_p), _OUT]
    lib.beeper_client_new.restype = c_int32
    lib.beeper_client_free.argtypes = [c_void_p]
    lib.beeper_client_free.restype = None
    lib.beeper_string_free.argtypes = [c_void_p]
    lib.beeper_string_free.restype = None
    lib.beeper_client_set_access_token.argtypes = [c_void_p, c_char_p, _OUT]
    lib.beeper_client_set_access_token.restype = c_int32
    lib.beeper_client_settings.argtypes = [c_void_p, _OUT]
    lib.beeper_client_settings.restype = c_int32
    lib.beeper_client_cancel.argtypes = [c_void_p]
    lib.beeper_client_cancel.restype = c_int32
    lib.beeper_setup_next_step.argtypes = [c_char_p, _OUT]
    lib.beeper_setup_next_step.restype = c_int32
    lib.beeper_setup_next_step_with.argtypes = [c_void_p, c_char_p, c_char_p, _OUT]
    lib.beeper_setup_next_step_with.restype = c_int32
    lib.beeper_setup_wait.argtypes = [c_void_p, c_char_p, _OUT]
    lib.beeper_setup_wait.restype = c_int32
    lib.beeper_client_call.argtypes = [c_void_p, c_char_p, c_char_p, c_char_p, c_char_p, _OUT]
    lib.beeper_client_call.restype = c_int32
    lib.beeper_client_request.argtypes = [c_void_p, c_char_p, c_char_p, c_char_p, c_char_p, _OUT]
    lib.beeper_client_request.restype = c_int32
    lib.beeper_client_access_token.argtypes = [c_void_p, _OUT]
    lib.beeper_client_access_token.restype = c_int32
    lib.beeper_setup_next_change.argtypes = [c_void_p, c_char_p, _OUT]
    lib.beeper_setup_next_change.restype = c_int32
    lib.beeper_queue_new.argtypes = [_OUT, _OUT]
    lib.beeper_queue_new.restype = c_int32
    lib.beeper_set_worker_threads.argtypes = [c_uint32]
    lib.beeper_set_worker_threads.restype = c_int32
    lib.beeper_thread_set_interrupt_check.argtypes = [_CHECK_TYPE, c_void_p]
    lib.beeper_thread_set_interrupt_check.restype = c_int32
    # Starting a call, its cancel and free, a queue's functions (its take with no timeout) and
    # freeing a string never block, so they keep the GIL (PyDLL): a signal handler or the event
    # loop runs them without letting another thread in between, and without the cost of
    # releasing and taking the GIL.
    held = ctypes.PyDLL(path)
    held.beeper_client_call_start.argtypes = [c_void_p, c_char_p, c_char_p, c_char_p, c_char_p,
                                              c_void_p, c_void_p, _OUT, _OUT]
    held.beeper_client_call_start.restype = c_int32
    held.beeper_client_request_start.argtypes = [c_void_p, c_char_p, c_char_p, c_char_p,
                                                 c_char_p, c_void_p, c_void_p, _OUT, _OUT]
    held.beeper_client_request_start.restype = c_int32
    held.beeper_setup_wait_start.argtypes = [c_void_p, c_char_p, c_void_p, c_void_p, _OUT, _OUT]
    held.beeper_setup_wait_start.restype = c_int32
    held.beeper_setup_next_change_start.argtypes = [c_void_p, c_char_p, c_void_p, c_void_p, _OUT,
                                                    _OUT]
    held.beeper_setup_next_change_start.restype = c_int32
    held.beeper_string_free.argtypes = [c_void_p]
    held.beeper_string_free.restype = None
    held.beeper_call_cancel.argtypes = [c_void_p]
    held.beeper_call_cancel.restype = c_int32
    held.beeper_call_free.argtypes = [c_void_p]
    held.beeper_call_free.restype = None
    held.beeper_queue_fd.argtypes = [c_void_p]
    held.beeper_queue_fd.restype = c_int32
    held.beeper_queue_take.argtypes = [c_void_p, c_uint32, _OUT, POINTER(c_int32), _OUT]
    held.beeper_queue_take.restype = c_int32
    held.beeper_queue_free.argtypes = [c_void_p]
    held.beeper_queue_free.restype = None
    lib._beeper_held = held  # type: ignore[attr-defined]
    lib._beeper_path = path  # type: ignore[attr-defined]
    _attach_logs(lib)
    return lib


_lib: Optional[ctypes.CDLL] = None
_lib_lock = allocate_lock()


def library() -> ctypes.CDLL:
    """The loaded library (loaded once, on first use)."""
    global _lib
    lib = _lib
    if lib is None:
        with _lib_lock:
            if _lib is None:
                _lib = _load()
            lib = _lib
    return lib


# ---- calls ----

_string_at = ctypes.string_at
_byref = ctypes.byref
# The string an out-pointer points at, read by ctypes' C code: `c_char_p.from_address(
# addressof(out)).value` is string_at(out.value) without its Python frame and foreign call.
_char_p_at = c_char_p.from_address
_addressof = ctypes.addressof


def take_string(lib: ctypes.CDLL, ptr: c_void_p) -> Optional[bytes]:
    """Copies and frees a string returned by the library (exactly once)."""
    p = ptr.value
    if not p:
        return None
    ptr.value = None
    try:
        return _string_at(p)
    finally:
        lib.beeper_string_free(p)


def parse_result(raw: Optional[bytes], rc: int, text_ok: bool = False) -> Any:
    """The parsed JSON of a call's output string, or raises the exception for its error.
    ``text_ok``: a successful JSON object is returned unparsed, as the library wrote it (UTF-8
    bytes; the library writes JSON compactly, so an object begins with ``{``), for a result
    model to parse when it is read."""
    if text_ok and not rc and raw is not None and raw[:1] == b"{":
        return raw
    parsed: Any = None
    decode_error: Optional[Exception] = None
    if raw is not None:
        try:
            parsed = loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as e:
            decode_error = e
    if rc == 0:
        if raw is None or decode_error is not None:
            raise BeeperSetupInternalError(
                f"the library returned an unreadable result ({decode_error or 'NULL'})"
            )
        return parsed
    raise error_from_object(parsed if decode_error is None else None, rc)


def call_json(fn: Callable[..., int], *args: Any) -> Any:
    """Calls a C function whose last argument is ``char **out_json`` and returns the parsed
    JSON, or raises the exception for its error object."""
    lib = library()
    out = c_void_p()
    _sync_logs()
    try:
        rc = fn(*args, _byref(out))
    finally:
        raw = take_string(lib, out)
    return parse_result(raw, rc)


def encode_str(value: str, what: str) -> bytes:
    """UTF-8 for a C string argument; refuses NUL and unencodable text before any call."""
    if "\x00" in value:
        raise ValueError(f"{what} must not contain NUL characters")
    try:
        return value.encode("utf-8")
    except UnicodeEncodeError as e:
        raise ValueError(f"{what} is not valid Unicode text: {e}") from None


def encode_json(obj: Dict[str, Any], what: str = "params", *, nul_ok: bool = False) -> bytes:
    """UTF-8 JSON for a C string argument. Text holding NUL is refused (``ValueError``) before
    any call, as for plain string arguments, unless ``nul_ok`` (data the server sent)."""
    try:
        text = dumps(obj)
    except (TypeError, ValueError) as e:
        raise TypeError(f"{what} cannot be sent as JSON: {e}") from None
    # JSON escapes NUL, so look for its escape first and walk the values only then.
    if not nul_ok and "\\u0000" in text and _holds_nul(obj):
        raise ValueError(f"{what} must not contain NUL characters")
    return encode_str(text, what)


def _holds_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, (list, tuple)):
        return any(_holds_nul(v) for v in value)
    if hasattr(value, "items"):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    return False


# ---- calls started without blocking ----
#
# Their completions go to a native queue that the awaiting event loop empties on its own thread
# (see _loops): no Python code runs on the library's threads.


def cancel_call(call: c_void_p) -> None:
    """Cancels one call started without blocking (a no-op once it has ended)."""
    if call.value:
        library()._beeper_held.beeper_call_cancel(call.value)  # type: ignore[attr-defined]


def free_call(call: c_void_p) -> None:
    """Frees a call's handle, once (the call goes on; its completion still comes)."""
    p = call.value
    if p:
        call.value = None
        library()._beeper_held.beeper_call_free(p)  # type: ignore[attr-defined]


def set_worker_threads(count: int) -> None:
    """Bounds each client's requests in flight at once (1 to 256; default 8). Each occupies one
    native worker thread; waits between polls occupy none."""
    lib = library()
    if not isinstance(count, int) or lib.beeper_set_worker_threads(count) != 0:
        raise ValueError("the worker thread count must be an integer from 1 to 256")


# ---- Python's signal handlers during a blocking call of the main thread ----
#
# Python runs signal handlers only in the main thread, between two bytecodes: not while that
# thread is inside the library. So the main thread gives the library a check
# (beeper_thread_set_interrupt_check) that a blocking call runs every 50 ms while it waits. The
# check is a generator's ``send``, a C function: entering it runs no handler. The handlers that
# are due run where the generator goes on, inside its inner ``try``, and an exception one raises
# is caught there. Python runs the other handlers that were due at its next step, the top of
# the inner loop, inside the outer ``try``: two raising at once (Ctrl-C and a SIGTERM handler
# calling sys.exit) are both caught (from Python 3.11; before, the second replaces the first).
# More than that can end the generator; the next call then gives the library a new one. The
# exceptions are kept, the call told to end, and the last one raised, the earlier ones as its
# context as Python chains them, once the call is out (NativeClient.call). A handler that does
# not raise lets the call go on, as during Python's own blocking calls.


def _due() -> None:
    """Entering any Python function runs the signal handlers that are due."""


def _verdicts(kept: List[BaseException]) -> Any:
    """Whether the call should end, each time the library asks (see above). Keeping an
    exception is an in-place ``+=``: no step where Python would run a handler."""
    verdict = False
    while True:
        try:
            while True:
                try:
                    yield verdict
                    verdict = False
                    _due()
                except GeneratorExit:
                    raise
                except BaseException as e:  # noqa: BLE001 - a handler's, kept for the caller
                    kept += (e,)
                    verdict = True
        except GeneratorExit:
            raise
        except BaseException as e:  # noqa: BLE001 - another handler's, run at the loop's top
            kept += (e,)
            verdict = True


class _Interrupts:
    __slots__ = ("armed", "thread", "raised", "_verdicts", "_check")

    def __init__(self) -> None:
        self.armed = False
        #: The thread whose calls the check serves (the main one, once armed).
        self.thread = 0
        #: The exceptions handlers raised during a call, until the call is out.
        self.raised: List[BaseException] = []
        self._verdicts: Any = None
        self._check: Any = None

    def arm(self) -> None:
        """Gives the library the main thread's check (the thread calling this is the main one),
        or a new one when the last has ended."""
        verdicts = _verdicts(self.raised)
        next(verdicts)
        check = _CHECK_TYPE(verdicts.send)
        library().beeper_thread_set_interrupt_check(check, None)
        self._verdicts, self._check = verdicts, check
        self.thread = _get_ident()
        self.armed = True

    def after_call(self) -> None:
        """What a call of the armed thread does once it is out of the library, when handlers
        raised meanwhile or the check ended: raises what they raised, as Python would have (the
        last, the earlier ones as its context), and replaces a check that has ended."""
        if self._verdicts.gi_frame is None:
            self.arm()
        if self.raised:
            kept = self.raised[:]
            del self.raised[:]
            for earlier, later in zip(kept, kept[1:]):
                if later.__context__ is None:
                    later.__context__ = earlier
            # Instead of the cancelled error the library answered.
            raise kept[-1]

    def disarm(self) -> None:
        """Takes the check back from the library (on the thread that armed it)."""
        if self.armed and _get_ident() == self.thread:
            library().beeper_thread_set_interrupt_check(_CHECK_TYPE(), None)
            self.armed = False


_interrupts = _Interrupts()


# ---- the native client's lifecycle ----


class NativeClient:
    """Owns one native client handle and the calls in flight on it, so that the handle is freed
    exactly once and never while a call is inside the library.

    Every path out of a call must leave the bookkeeping right, a ``KeyboardInterrupt`` included.
    Python raises it at some bytecode boundary of the main thread, so the code below keeps the
    state change and its undoing on either side of one ``try``: a call is recorded in
    ``_calls`` by one C-level operation inside the ``try``, and the ``finally`` removes it
    whether or not that operation (or the native call) happened.

    A signal handler runs on the main thread between two bytecodes of whatever it interrupted,
    maybe inside this class: the lock is reentrant so that its ``cancel()`` or ``close()`` never
    waits for the frame it interrupted, and ``close()`` leaves the free to that frame when the
    frame is inside a native call of this client (it frees the handle on its way out).
    """

    __slots__ = ("handle", "_lock", "_calls", "_closing", "_cond", "_free", "_cancel",
                 "_string_free", "__weakref__")

    def __init__(self, lib: ctypes.CDLL, handle: int) -> None:
        self.handle: Optional[int] = handle
        # Serializes the closing (whoever frees the handle); close() waits on a Condition over
        # it. Calls enter and leave without it (see _enter).
        self._lock = _RLock()
        # One key per call in the library: the thread inside it for a blocking call (or a
        # start), 0 for a call started without blocking whose completion has not been taken.
        self._calls: Dict[int, int] = {}
        self._closing = False
        self._cond: Any = None
        # Kept on the instance so that __del__ needs no module globals at interpreter shutdown.
        self._free = lib.beeper_client_free
        self._cancel = lib.beeper_client_cancel
        self._string_free = lib._beeper_held.beeper_string_free  # type: ignore[attr-defined]
        _track_for_fork(self)

    @property
    def closed(self) -> bool:
        return self.handle is None or self._closing

    def _enter(self, key: int) -> int:
        """Records a call about to enter the library; its handle (refused once closing)."""
        # Without the lock (a call's hot path): the call is recorded before the handle and the
        # closing flag are read, and close() sets the flag before it looks at the calls
        # recorded, each step atomic under the GIL; so either close() sees this call and leaves
        # the free to it (the caller's _leave), or this call sees the flag. A close() in a signal
        # handler landing between two of these steps is one of those two cases.
        me = self._calls[key] = _get_ident()
        handle = self.handle
        if handle is None or self._closing:
            raise _closed_error()
        if not _interrupts.armed and me == _main_thread_ident():
            _interrupts.arm()
        _sync_logs()
        return handle

    def _leave(self, key: int, keep: bool = False) -> None:
        """Ends the record of a call's thread in the library (``keep``: the call stays recorded
        as started); the last one out of a closing client frees it when the close had to leave
        that to it."""
        # As _enter: the record changes before the closing flag is read.
        if keep:
            self._calls[key] = 0
        else:
            self._calls.pop(key, None)
        if self._closing:
            self._free_if_last()

    def _free_if_last(self) -> None:
        """Frees the handle of a closing client once no thread is inside the library for it."""
        handle = None
        with self._lock:
            if self._closing and self.handle is not None and not any(tuple(self._calls.values())):
                if self._cond is not None:
                    self._cond.notify_all()
                handle, self.handle = self.handle, None
        if handle is not None:
            self._free(handle)

    def call(self, fn: Callable[..., int], *args: Any, text_ok: bool = False) -> Any:
        """Calls ``fn(handle, *args, &out)`` (refused once the client is closing) and returns the
        parsed JSON of ``out`` (``text_ok``: as :func:`parse_result`), or raises the exception
        for its error object. In the main thread, Python's signal handlers run while the call
        waits (within 50 ms of a signal, see ``_interrupts``): one that raises (a
        ``KeyboardInterrupt``) ends the call, nothing more is sent for it, and its exception
        propagates from here."""
        out = c_void_p()
        key = id(out)
        rc = -1
        try:
            handle = self._enter(key)
            rc = fn(handle, *args, _byref(out))
        finally:
            self._leave(key)
            p = out.value
            raw = None
            if p:
                try:
                    raw = _char_p_at(_addressof(out)).value
                finally:
                    self._string_free(p)
            # Not for a call a handler makes while the check runs (the generator is running):
            # what the check keeps is for the call it interrupts.
            interrupts = _interrupts
            verdicts = interrupts._verdicts
            if interrupts.thread == _get_ident() and not verdicts.gi_running and (
                    interrupts.raised or verdicts.gi_frame is None):
                interrupts.after_call()
        if not rc and raw is not None:
            if text_ok and raw[:1] == b"{":
                return raw
            try:
                value = loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                pass
            else:
                if value.__class__ is dict:
                    return value
        return parse_result(raw, rc)

    def start(self, fn: Callable[..., int], args: Tuple[Any, ...], queue: Optional[int],
              key: int, call: c_void_p) -> None:
        """Starts ``fn(handle, *args, queue, key, &call, &out)`` without blocking; ``call``
        receives the handle (the caller frees it with :func:`free_call`, whatever happens) and
        the completion goes to ``queue`` with ``key``, whose taker removes the call from
        ``_calls``. Raises at once when the call is refused (nothing sent, no completion)."""
        out = c_void_p()
        rc = -1
        try:
            handle = self._enter(key)
            rc = fn(handle, *args, queue, key, _byref(call), _byref(out))
        finally:
            self._leave(key, keep=not rc)
            raw = self._take(out)
        if rc:
            parse_result(raw, rc)

    def _take(self, out: c_void_p) -> Optional[bytes]:
        """Copies and frees a string the library returned (once)."""
        p = out.value
        if not p:
            return None
        try:
            return _char_p_at(_addressof(out)).value
        finally:
            out.value = None
            self._string_free(p)

    def cancel(self) -> None:
        """Ends every wait (and retry pause) in progress, and every call started without
        blocking. A no-op once closing."""
        with self._lock:
            # Under the lock: close() cannot free the handle meanwhile (the call never blocks).
            if self.handle is not None and not self._closing:
                self._cancel(self.handle)

    def close(self) -> None:
        """Refuses new calls, cancels those in flight, frees the handle (which ends the calls
        started without blocking: their handlers run first). Idempotent and safe from several
        threads, and from a signal handler."""
        me = _get_ident()
        with self._lock:
            if self.handle is None:
                return
            self._closing = True
            # Calls enter and leave without the lock: what is recorded is read at once.
            if self._cond is None and any(t and t != me for t in tuple(self._calls.values())):
                # Only when there is a call to wait for (`threading` costs a start-up time).
                import threading

                self._cond = threading.Condition(self._lock)
            # A wait that had not yet registered when one cancel ran would miss it and run to its
            # deadline, so cancel again until the last call of another thread is out (no new
            # call can start). This thread's own calls are frames a signal handler interrupted:
            # they cannot move on until this returns, and the last of them frees the handle.
            while self.handle is not None and any(
                    t and t != me for t in tuple(self._calls.values())):
                self._cancel(self.handle)
                self._cond.wait(0.05)
            if any(tuple(self._calls.values())):
                if self.handle is not None:
                    self._cancel(self.handle)
                return
            handle = self.handle
            self.handle = None
        if handle is not None:
            self._free(handle)

    def __del__(self) -> None:
        # No call can be in flight: each holds a reference to this object.
        try:
            handle = self.handle
            if handle is not None:
                self.handle = None
                self._free(handle)
        except Exception:  # noqa: BLE001 - never raise from __del__ (interpreter shutdown)
            pass


_main_ident: List[int] = []


# Importing `threading` costs a few milliseconds of a short script's run, so it is not imported
# for this: while nothing has imported it, no thread was started through it, and the thread
# that imported this module is the one `threading` would name as the main thread.
_importing_thread = _get_ident() if "threading" not in sys.modules else None


def _main_thread_ident() -> int:
    if not _main_ident:
        threading = sys.modules.get("threading")
        if threading is None and _importing_thread is not None:
            return _importing_thread
        import threading

        _main_ident.append(threading.main_thread().ident or 0)
    return _main_ident[0]


def _closed_error() -> BaseException:
    return ClientClosedError("this client is closed", kind="closed")


# After fork() the child has only the forking thread: the calls other threads had in flight
# do not exist there, and a lock one of them held would stay held forever. Each live client
# starts over in the child (the native library, for its part, opens new connections there).
_live: List[Any] = []  # weak references to the live clients


def _track_for_fork(native: NativeClient) -> None:
    # Dead references are pruned here rather than by a weakref callback: a callback is Python
    # code run by the garbage collector at any moment, where a Ctrl-C would be swallowed.
    if len(_live) >= 64:
        _live[:] = [ref for ref in _live if ref() is not None]
    _live.append(_weakref(native))


def _after_fork_in_child() -> None:
    for ref in list(_live):
        native = ref()
        if native is not None:
            native._lock = _RLock()
            native._calls = {}
            native._cond = None
    # Nor, when another thread forked, the main thread: this one is the main thread now, and its
    # calls get the check once they begin.
    if _interrupts.thread != _get_ident():
        _main_ident.clear()
        _interrupts.armed = False
        _interrupts.raised.clear()


def _end_calls_at_exit() -> None:
    # The main thread's interrupt check, Python code that a blocking call of that thread runs,
    # is taken back before the interpreter goes. (Calls started without blocking run no Python
    # code on the library's threads, so they may go on.)
    _interrupts.disarm()


import atexit as _atexit  # noqa: E402 - a builtin module; registered once, here

_atexit.register(_end_calls_at_exit)

if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)
