"""The library through cffi's ABI mode (as hosts that use cffi rather than ctypes load it),
declared from the installed header, prepared the way cffi's parser needs it."""

from __future__ import annotations

import json
import os
import re
from typing import Any, Tuple

import pytest
from conftest import Sim

import beeper_setup

cffi = pytest.importorskip("cffi")

HEADER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "include",
                      "beeper_setup.h")


def cdef_text(header: str) -> str:
    """The header as cffi's cdef takes it: no comments, no includes or guards, no C++ block;
    integer #defines kept (cffi reads those as constants)."""
    text = re.sub(r"/\*.*?\*/", "", header, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    out, skipping = [], False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#ifdef __cplusplus"):
            skipping = True
        elif skipping:
            skipping = not stripped.startswith("#endif")
        elif re.fullmatch(r"#define\s+\w+\s+-?\d+", stripped):
            out.append(stripped)
        elif not stripped.startswith("#"):
            out.append(line)
    return "\n".join(out)


@pytest.fixture(scope="module")
def lib() -> Tuple[Any, Any]:
    ffi = cffi.FFI()
    with open(HEADER, encoding="utf-8") as f:
        ffi.cdef(cdef_text(f.read()))
    return ffi, ffi.dlopen(beeper_setup.library_path())


def take(ffi: Any, lib: Any, out: Any) -> Any:
    try:
        return json.loads(ffi.string(out[0]).decode())
    finally:
        lib.beeper_string_free(out[0])


def test_a_flow_through_cffi(lib: Tuple[Any, Any], mock: Sim) -> None:
    ffi, c = lib
    assert c.BEEPER_OK == 0 and c.BEEPER_ERR_API == 4
    assert ffi.string(c.beeper_version()).decode() == beeper_setup.library_version()
    client = ffi.new("BeeperClient **")
    out = ffi.new("char **")
    config = json.dumps({"baseURL": mock.base_url, "accessToken": "t o k"}).encode()
    assert c.beeper_client_new(config, client, out) == c.BEEPER_OK
    c.beeper_string_free(out[0])
    try:
        assert c.beeper_setup_start(client[0], out) == c.BEEPER_OK
        started = take(ffi, c, out)
        assert started["setupRequestID"]
        params = json.dumps({"email": "a@b.c", "setupRequestID": started["setupRequestID"]})
        rc = c.beeper_client_call(client[0], b"setup.email", ffi.NULL, params.encode(),
                                  b'{"raw": true}', out)
        assert rc == c.BEEPER_OK
        assert take(ffi, c, out)["status"] == 200
        rc = c.beeper_client_call(client[0], b"verifications.retrieve", b"missing", ffi.NULL,
                                  ffi.NULL, out)
        assert rc == c.BEEPER_ERR_API
        error = take(ffi, c, out)
        assert error["status"] == 404 and error["response"]["status"] == 404
        assert c.beeper_client_call(client[0], b"setup.retrieve", ffi.NULL, ffi.NULL,
                                    ffi.NULL, out) == c.BEEPER_OK
        session = take(ffi, c, out)
        assert c.beeper_setup_next_step(json.dumps(session).encode(), out) == c.BEEPER_OK
        assert take(ffi, c, out)["state"] == session["state"]
    finally:
        c.beeper_client_free(client[0])
