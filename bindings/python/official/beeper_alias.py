"""A pytest plugin (``-p beeper_alias``): ``beeper_setup`` stands in for ``beeper_desktop_api``.

Module names only: the package, ``types`` and every ``types.app...`` module, ``_client``,
``_exceptions``, ``_version`` and ``_models`` name ours. The official package's other private
modules (``_utils``, ``_types``, ``_compat``), which the official test harness imports for its
own helpers, stay the official ones. Nothing of ours is patched.
"""

from __future__ import annotations

import os
import pkgutil
import sys

import beeper_desktop_api as official
import beeper_desktop_api._compat  # noqa: F401 - the harness's helpers, kept official
import beeper_desktop_api._types  # noqa: F401
import beeper_desktop_api._utils  # noqa: F401

import beeper_setup
import beeper_setup._client
import beeper_setup._exceptions
import beeper_setup._models
import beeper_setup._version
import beeper_setup.types

_types_dir = os.path.join(os.path.dirname(official.__file__), "types")
_names = ["beeper_desktop_api.types"] + [
    info.name
    for info in pkgutil.walk_packages([os.path.join(_types_dir, "app")],
                                      prefix="beeper_desktop_api.types.app.")
] + ["beeper_desktop_api.types.app"]
for _name in _names:
    sys.modules[_name] = beeper_setup.types
for _suffix, _module in (("", beeper_setup), ("._client", beeper_setup._client),
                         ("._exceptions", beeper_setup._exceptions),
                         ("._version", beeper_setup._version),
                         ("._models", beeper_setup._models)):
    sys.modules["beeper_desktop_api" + _suffix] = _module

