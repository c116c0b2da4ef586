"""The native library's log records, delivered to :mod:`logging`.

Records reach ``logging.getLogger("beeper_setup")`` through its children, named after the part
of the library that logged: ``beeper_setup.request`` (each request: method, path, status, time,
attempt), ``beeper_setup.retry``, ``beeper_setup.wait`` (each state a wait sees change),
``beeper_setup.client``, and ``beeper_setup.ureq...`` for the HTTP layer (DEBUG at most). Levels
are Python's: ERROR, WARNING, INFO, DEBUG, and 5 for the library's TRACE. No record holds a
token, code or key.

``BEEPER_LOG=info`` or ``debug`` (also ``error``, ``warn``, ``trace``) configures logging as
the official SDK does: :func:`logging.basicConfig` with its format, and that level on the
``beeper_setup`` logger.

Cost with logging off: the library filters by a threshold before formatting anything, and the
threshold follows the effective level of the ``beeper_setup`` logger, checked as each call
begins (:func:`sync`). :mod:`logging` is not imported here unless ``BEEPER_LOG`` asks for it:
until the application imports it, nothing can want a record.
"""

from __future__ import annotations

import os
import sys
from ctypes import CFUNCTYPE, c_char_p, c_int32, c_void_p

TYPE_CHECKING = False
if TYPE_CHECKING:
    import ctypes
    import logging
    from typing import Any, Dict, List, Optional

__all__ = ["attach", "sync"]

LOGGER_NAME = "beeper_setup"

# The C ABI's level numbers (BEEPER_LOG_ERROR = 1 .. BEEPER_LOG_TRACE = 5) as Python levels.
_PYTHON_LEVEL = (0, 40, 30, 20, 10, 5)

_ENV_LEVELS = {"error": 40, "warn": 30, "warning": 30, "info": 20, "debug": 10, "trace": 5}

# What the callback may touch, set by attach(): [library, logger, applied C level].
_state: List[Any] = [None, None, -1]
_loggers: Dict[bytes, "logging.Logger"] = {}
_modules = sys.modules


def _c_level(python_level: int) -> int:
    """The C threshold that lets through every record a logger at ``python_level`` takes."""
    if python_level <= 5:
        return 5
    if python_level <= 10:
        return 4
    if python_level <= 20:
        return 3
    if python_level <= 30:
        return 2
    if python_level <= 40:
        return 1
    return 0


def _logger_for(target: bytes) -> "logging.Logger":
    logger = _loggers.get(target)
    if logger is None:
        import logging

        name = target.decode("utf-8", "replace").replace("::", ".")
        if name != LOGGER_NAME and not name.startswith(LOGGER_NAME + "."):
            name = LOGGER_NAME + "." + name
        logger = _loggers[target] = logging.getLogger(name)
    return logger


def _deliver(_user_data: Optional[int], level: int, target: bytes, message: bytes) -> None:
    # Called by the library on whatever thread logs; nothing may propagate into C.
    try:
        python_level = _PYTHON_LEVEL[level] if 0 < level < len(_PYTHON_LEVEL) else 10
        logger = _logger_for(target)
        if logger.isEnabledFor(python_level):
            # The message is the whole text: no %-formatting of it.
            logger.log(python_level, message.decode("utf-8", "replace"))
    except BaseException:  # noqa: BLE001 - a failing handler must not reach the library
        pass


_CALLBACK_TYPE = CFUNCTYPE(None, c_void_p, c_int32, c_char_p, c_char_p)
# Alive for the whole process: the library may call it from any thread until it is cleared.
_CALLBACK = _CALLBACK_TYPE(_deliver)


def _configure_from_env() -> None:
    """``BEEPER_LOG``, as the official SDK reads it."""
    level = _ENV_LEVELS.get(os.environ.get("BEEPER_LOG", "").strip().lower())
    if level is None:
        return
    import logging

    logging.basicConfig(
        format="[%(asctime)s - %(name)s:%(lineno)d - %(levelname)s] %(message)s",
        datefmt="%Y-%m-%d %H:%M:%S",
    )
    logging.getLogger(LOGGER_NAME).setLevel(level)


def attach(lib: "ctypes.CDLL") -> None:
    """Declares the log functions of ``lib`` and makes :mod:`logging` the records' destination
    (instead of the library's own stderr output) for the life of the process."""
    lib.beeper_log_set_callback.argtypes = [_CALLBACK_TYPE, c_void_p, c_int32]
    lib.beeper_log_set_callback.restype = c_int32
    lib.beeper_log_set_level.argtypes = [c_int32]
    lib.beeper_log_set_level.restype = c_int32
    _configure_from_env()
    _state[0] = lib
    lib.beeper_log_set_callback(_CALLBACK, None, 0)
    sync()
    import atexit

    # No call may reach Python once the interpreter is being torn down.
    atexit.register(lib.beeper_log_set_callback, _CALLBACK_TYPE(), None, 0)


def sync() -> None:
    """Brings the library's threshold to the ``beeper_setup`` logger's effective level; called
    as each call begins, since :mod:`logging` gives no notice of level changes."""
    logger = _state[1]
    if logger is None:
        logging = _modules.get("logging")
        if logging is None or _state[0] is None:
            return
        logger = _state[1] = logging.getLogger(LOGGER_NAME)
    level = logger.getEffectiveLevel()
    disabled = logger.manager.disable
    if disabled >= level:
        level = disabled + 1
    if level != _state[2]:
        _state[2] = level
        _state[0].beeper_log_set_level(_c_level(level))
