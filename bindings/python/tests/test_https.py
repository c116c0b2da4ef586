"""HTTPS through the installed package (built with the default features, TLS included): a local
HTTPS front (Python's ssl module) for the mock simulator, with certificates from a test CA made
here by the openssl command. Trusted by the system (SSL_CERT_FILE, which the platform verifier
reads on Linux) it works; otherwise the call fails with an APIConnectionError that says why."""

from __future__ import annotations

import http.server
import os
import shutil
import ssl
import subprocess
import sys
import threading
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Iterator, Tuple

import pytest

import beeper_setup

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None,
                                reason="the openssl command makes the test certificates")


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def make_ca(directory: Path) -> Path:
    """A CA of its own name (a CA of the same name would be taken for the issuer)."""
    directory.mkdir(parents=True, exist_ok=True)
    _openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
             "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
             "-subj", f"/CN=beeper-setup test CA {uuid.uuid4()}",
             "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=directory)
    return directory / "ca.pem"


def issue(ca: Path, names: str) -> Tuple[Path, Path]:
    """A server certificate from `ca` for `names` (an openssl subjectAltName list)."""
    d = ca.parent
    (d / "ext.cnf").write_text(f"subjectAltName={names}\nbasicConstraints=CA:FALSE\n"
                               "extendedKeyUsage=serverAuth\n")
    _openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
             "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=server", cwd=d)
    _openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
             "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "ext.cnf", cwd=d)
    return d / "server.pem", d / "server.key"


class HttpsFront:
    """Decrypts each request, passes it to the plain-http simulator, encrypts its answer."""

    def __init__(self, backend: str, cert: Path, key: Path) -> None:
        class Forward(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                headers = {k: v for k, v in self.headers.items()
                           if k.lower() not in ("host", "connection", "content-length")}
                request = urllib.request.Request(backend + self.path, data=body,
                                                 method=self.command, headers=headers)
                try:
                    answer = urllib.request.urlopen(request, timeout=10)
                except urllib.error.HTTPError as e:
                    answer = e
                data = answer.read()
                self.send_response(answer.status)
                for k, v in answer.headers.items():
                    if k.lower() not in ("content-length", "connection", "transfer-encoding",
                                         "date", "server"):
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = forward

            def log_message(self, *args: object) -> None:
                pass

        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(str(cert), str(key))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Forward)
        self.server.daemon_threads = True
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"https://localhost:{self.port}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def front(mock, tmp_path_factory) -> Iterator[Tuple[HttpsFront, Path]]:
    ca = make_ca(tmp_path_factory.mktemp("ca"))
    cert, key = issue(ca, "DNS:localhost,IP:127.0.0.1,IP:::1")
    f = HttpsFront(mock.base_url, cert, key)
    try:
        yield f, ca
    finally:
        f.close()


# Run in a child process so that SSL_CERT_FILE is set before the library first reads it.
CHILD = """
import sys, beeper_setup
try:
    with beeper_setup.BeeperDesktop(base_url=sys.argv[1], access_token="tok", max_retries=0,
                                    timeout=10) as client:
        session = client.app.setup.retrieve()
        print("ok", type(session).__name__)
except beeper_setup.APIConnectionError as e:
    print("connection error:", e)
"""


def run_child(url: str, cert_file: Path) -> str:
    env = dict(os.environ, SSL_CERT_FILE=str(cert_file))
    env.pop("SSL_CERT_DIR", None)
    done = subprocess.run([sys.executable, "-c", CHILD, url], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_a_certificate_the_system_trusts_works_by_default(front) -> None:
    f, ca = front
    assert run_child(f.url, ca).startswith("ok "), "trusted through SSL_CERT_FILE"


def test_another_system_store_makes_the_same_server_an_unknown_issuer(front, tmp_path) -> None:
    f, _ = front
    out = run_child(f.url, make_ca(tmp_path / "other"))
    assert out.startswith("connection error:"), out
    assert "issuer is unknown" in out, out
    assert "tok" not in out


def test_an_untrusted_certificate_is_a_connection_error_that_says_why(front) -> None:
    f, _ = front
    with beeper_setup.BeeperDesktop(base_url=f.url, access_token="tok", max_retries=0,
                                    timeout=10) as client:
        with pytest.raises(beeper_setup.APIConnectionError) as caught:
            client.app.setup.retrieve()
    assert "issuer is unknown" in str(caught.value)


def test_a_certificate_for_another_host_name_is_refused(mock, tmp_path) -> None:
    ca = make_ca(tmp_path)
    cert, key = issue(ca, "DNS:beeper.example")
    f = HttpsFront(mock.base_url, cert, key)
    try:
        out = run_child(f.url, ca)
    finally:
        f.close()
    assert out.startswith("connection error:"), out
    assert "wrong host name" in out, out


PROXIED_CHILD = """
import sys, beeper_setup
with beeper_setup.BeeperDesktop(base_url=sys.argv[1], access_token="tok", max_retries=0,
                                timeout=5) as client:
    client.app.setup.retrieve()
    print("ok")
"""


def test_a_proxy_from_the_environment_never_carries_the_token_to_loopback(mock) -> None:
    """Plain http is allowed the token because the host is loopback; a proxy from the
    environment would carry it off the machine in clear text, so such a client uses none."""
    import socket
    proxy = socket.socket()
    proxy.bind(("127.0.0.1", 0))
    proxy.listen(8)
    proxy.settimeout(0.5)
    port = mock.base_url.rsplit(":", 1)[1]
    env = {k: v for k, v in os.environ.items() if k.lower() != "no_proxy"}
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY"):
        env[name] = f"http://127.0.0.1:{proxy.getsockname()[1]}"
    try:
        for url in (f"http://127.0.0.1:{port}", f"http://localhost:{port}"):
            done = subprocess.run([sys.executable, "-c", PROXIED_CHILD, url], env=env,
                                  capture_output=True, text=True, timeout=60)
            assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr
        with pytest.raises(socket.timeout):
            proxy.accept()[0].close()
    finally:
        proxy.close()


def test_a_private_ca_given_as_ca_certificates_pem_is_trusted(front) -> None:
    f, ca = front
    with beeper_setup.BeeperDesktop(base_url=f.url, access_token="tok", max_retries=0,
                                    timeout=10, ca_certificates_pem=ca.read_text()) as client:
        assert client.app.setup.retrieve().state


def test_ca_certificates_pem_that_is_no_certificate_is_refused_without_quoting_it() -> None:
    secretish = "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n"
    with pytest.raises(beeper_setup.BeeperDesktopError) as caught:
        beeper_setup.BeeperDesktop(base_url="https://localhost:1", ca_certificates_pem=secretish)
    assert "not base64" not in str(caught.value)
    with pytest.raises(TypeError):
        beeper_setup.BeeperDesktop(ca_certificates_pem=b"bytes")  # type: ignore[arg-type]
