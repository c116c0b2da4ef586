"""Native calls awaited on the running event loop: asyncio's, or trio's (anyio on either
backend).

Each event loop (each ``trio.run``) has one native completion queue (``beeper_queue_new``). A
call is started into it (``beeper_client_call_start``, ``beeper_client_request_start``,
``beeper_setup_wait_start``) with a key as its user data; the loop watches the queue's file
descriptor (asyncio: ``add_reader``; trio: a system task in ``wait_readable``) and takes each
completion on its own thread, handing it to the task waiting under the call's key. No Python code runs on the library's threads, so none
needs the GIL there, even while the interpreter exits.

Nothing here imports trio: a program that has not imported it does not run it.
"""

from __future__ import annotations

import os
import sys
from ctypes import addressof, byref, c_char_p, c_int32, c_void_p
from itertools import count
from weakref import WeakKeyDictionary, WeakSet
from weakref import ref as weakref

from ._ffi import NativeClient, cancel_call, library, parse_result, take_string

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, Dict, List, Optional, Tuple

__all__ = ["current_queue", "Queue"]

# asyncio.get_running_loop without its exception (None when no loop runs), and
# asyncio.current_task: C functions.
from asyncio import current_task as _current_task  # noqa: E402
from asyncio.events import _get_running_loop  # noqa: E402

_keys = count(1)
_modules = sys.modules
_char_p_at = c_char_p.from_address


class Queue:
    """One native completion queue and the handlers of the calls started into it (by key).
    Every method runs on the loop's thread."""

    __slots__ = ("ptr", "fd", "handlers", "_take", "_free_call", "_free", "_string_free", "_user_data",
                 "_status", "_out", "_refs", "_out_at", "__weakref__")

    def __init__(self) -> None:
        lib = library()
        held = lib._beeper_held  # type: ignore[attr-defined]
        ptr, out = c_void_p(), c_void_p()
        rc = lib.beeper_queue_new(byref(ptr), byref(out))
        raw = take_string(lib, out)
        if rc:
            parse_result(raw, rc)
        self.ptr: Optional[int] = ptr.value
        self.fd: int = held.beeper_queue_fd(self.ptr)
        #: By key, the calls waiting for their completion: their client's bookkeeping (which
        #: the call leaves when its completion comes) and what to do with the completion.
        self.handlers: Dict[int, Tuple[Dict[int, int], Any]] = {}
        # Kept on the instance: __del__ needs no module globals at interpreter shutdown.
        self._take = held.beeper_queue_take
        self._free_call = held.beeper_call_free
        self._free = held.beeper_queue_free
        self._string_free = held.beeper_string_free
        # One set of out-arguments, reused: every take runs on the loop's thread.
        self._user_data, self._status, self._out = c_void_p(), c_int32(), c_void_p()
        self._refs = (byref(self._user_data), byref(self._status), byref(self._out))
        self._out_at = addressof(self._out)
        _live.add(self)

    def start(self, native: NativeClient, starting: Callable[..., int], args: Tuple[Any, ...],
              waiter: Any, call: c_void_p) -> int:
        """Starts ``starting(handle, *args, queue, key, &call, &out)`` and returns its key; the
        call's completion is delivered to ``waiter`` on the loop's thread, after which the call
        is no longer in ``native``'s bookkeeping. Raises at once when the call is refused
        (nothing is delivered)."""
        key = next(_keys)
        handlers = self.handlers
        handlers[key] = (native._calls, waiter)
        try:
            native.start(starting, args, self.ptr, key, call)
        except BaseException:
            handlers.pop(key, None)
            raise
        return key

    async def complete(self, native: NativeClient, starting: Callable[..., int],
                       args: Tuple[Any, ...]) -> Tuple[int, Optional[bytes]]:
        """Starts the call and awaits its ``(status, raw)``; a cancelled task cancels it."""
        waiter = self.waiter()
        call = c_void_p()
        key = 0
        try:
            key = self.start(native, starting, args, waiter, call)
            return await waiter  # type: ignore[no-any-return]
        except GeneratorExit:
            cancel_call(call)
            self.forget(native, key)
            raise
        except BaseException:
            cancel_call(call)
            raise
        finally:
            p = call.value
            if p:
                self._free_call(p)

    def waiter(self) -> Any:
        """What a task awaits for one call (not before the call has started), and what its
        completion is delivered to."""
        raise NotImplementedError

    def deliver(self, waiter: Any, status: int, raw: Optional[bytes]) -> None:
        """Hands a call's completion to its waiter."""
        raise NotImplementedError

    def forget(self, native: NativeClient, key: int) -> None:
        """Drops a call's handler, for a task that will never be resumed (its loop closed with
        the task pending): the handler holds the task's loop, which could not be freed."""
        self.handlers.pop(key, None)
        native._calls.pop(key, None)

    def dispatch(self) -> None:
        """Takes one completion, if there is one, and runs its handler: the loop calls this
        whenever the descriptor is readable, which it stays while completions wait."""
        out = self._out
        if self._take(self.ptr, 0, *self._refs):
            self._string_free(out.value)
            out.value = None
            return
        p = out.value
        try:
            raw = _char_p_at(self._out_at).value
        finally:
            out.value = None
            self._string_free(p)
        key = self._user_data.value or 0
        waiting = self.handlers.pop(key, None)
        if waiting is not None:
            waiting[0].pop(key, None)
            self.deliver(waiting[1], self._status.value, raw)

    def close(self) -> None:
        """Frees the native queue (once): the completions of calls still running are dropped."""
        ptr, self.ptr = self.ptr, None
        if ptr is not None:
            self._free(ptr)

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # noqa: BLE001 - never raise from __del__ (interpreter shutdown)
            pass


# ---- asyncio: the loop's reader takes the completions ----


class _AsyncioQueue(Queue):
    # No reference to the loop (the loop holds its queue's reader): the queue lives as long as
    # its loop, not longer.
    __slots__ = ()

    def __init__(self, loop: Any) -> None:
        super().__init__()
        loop.add_reader(self.fd, self.dispatch)

    def waiter(self) -> Any:
        return _get_running_loop().create_future()

    def deliver(self, waiter: Any, status: int, raw: Optional[bytes]) -> None:
        # Never an exception on the future: a task cancelled meanwhile leaves nothing
        # unretrieved.
        if not waiter.done():
            waiter.set_result((status, raw))


# One queue per asyncio loop, freed with the loop; the last one found, weakly, so that the next
# call of the same loop finds it with no dictionary look-up.
_asyncio_queues: Any = WeakKeyDictionary()
_nothing = weakref(_asyncio_queues)  # never the running loop
_last: List[Any] = [_nothing, _nothing]


def _asyncio_queue(loop: Any) -> _AsyncioQueue:
    queue = _asyncio_queues.get(loop)
    if queue is None or queue.ptr is None:
        queue = _asyncio_queues[loop] = _AsyncioQueue(loop)
    _last[:] = [weakref(loop), weakref(queue)]
    return queue  # type: ignore[no-any-return]


# ---- trio: a system task of the run takes the completions ----


class _TrioWaiter:
    """The task awaiting a call, rescheduled with its outcome unless it was cancelled."""

    __slots__ = ("task", "trio")

    def __init__(self, trio: Any) -> None:
        self.trio = trio
        self.task = trio.lowlevel.current_task()

    def __await__(self) -> Any:
        return self.trio.lowlevel.wait_task_rescheduled(self.abort).__await__()

    def abort(self, raise_cancel: Any) -> Any:
        self.task = None
        return self.trio.lowlevel.Abort.SUCCEEDED


class _TrioQueue(Queue):
    __slots__ = ()

    def waiter(self) -> Any:
        # The task sleeps until the run's system task reschedules it.
        return _TrioWaiter(sys.modules["trio"])

    def deliver(self, waiter: Any, status: int, raw: Optional[bytes]) -> None:
        task, waiter.task = waiter.task, None
        if task is not None:
            waiter.trio.lowlevel.reschedule(task, sys.modules["outcome"].Value((status, raw)))

    async def pump(self) -> None:
        """The run's system task: takes the completions until the run ends, then frees the
        queue (every task of the run has ended by then)."""
        wait_readable = sys.modules["trio"].lowlevel.wait_readable
        try:
            while True:
                await wait_readable(self.fd)
                self.dispatch()
        finally:
            self.close()


_trio_queues: Any = None


def _trio_queue(trio: Any) -> _TrioQueue:
    global _trio_queues
    if _trio_queues is None:
        _trio_queues = trio.lowlevel.RunVar("beeper_setup_queue")
    queue = _trio_queues.get(None)
    if queue is None or queue.ptr is None:
        queue = _TrioQueue()
        _trio_queues.set(queue)
        trio.lowlevel.spawn_system_task(queue.pump, name="beeper_setup completions")
    return queue  # type: ignore[no-any-return]


# ---- which loop runs ----


def current_queue() -> Any:
    """The queue of the event loop running this task: asyncio's (anyio's asyncio backend) or
    trio's (anyio's trio backend); raises when neither runs."""
    loop = _get_running_loop()
    # An asyncio task; trio's tasks are not, even when trio runs as a guest of asyncio.
    if loop is not None and ("trio" not in _modules or _current_task(loop) is not None):
        last = _last
        if last[0]() is loop:
            queue = last[1]()
            if queue is not None and queue.ptr is not None:
                return queue
        return _asyncio_queue(loop)
    trio = _running_trio()
    if trio is not None:
        return _trio_queue(trio)
    if loop is None:
        raise _no_loop()
    return _asyncio_queue(loop)


def _running_trio() -> Any:
    """The trio module when this task is trio's, else None."""
    trio = sys.modules.get("trio")
    if trio is None:
        return None
    try:
        trio.lowlevel.current_task()
    except RuntimeError:
        return None
    return trio


def _no_loop() -> RuntimeError:
    return RuntimeError(
        "AsyncBeeperDesktop's calls are awaited under asyncio or trio (anyio on either "
        "backend), and neither runs in this thread"
    )


# Every queue made in this process, weakly, so that a forked child leaves them alone.
_live: Any = WeakSet()


def _after_fork_in_child() -> None:
    # A child's event loops are its own (asyncio and trio do not carry a running loop over a
    # fork), and the calls of the parent's queues do not exist here: the child never takes from
    # or frees them (a lock in one may have been held by a thread of the parent).
    for queue in list(_live):
        queue.ptr = None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)
