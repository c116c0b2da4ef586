"""The `beeper-setup` command in a pseudo-terminal, as a person sees it.

Build the command and the simulator first (`cargo build --bin beeper-setup -p
beeper-setup-sim`, or `make wizard-test`), then:
    target/venv/bin/python -m pytest -q cli/tests/wizard_pty.py
WIZARD_BIN and BEEPER_SETUP_SIM override the binaries' paths.
"""

import json
import os
import re
import shlex
import subprocess
import urllib.request
from pathlib import Path

import pexpect
import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
BIN = os.environ.get("WIZARD_BIN") or str(ROOT / "target" / "debug" / "beeper-setup")
SIM = os.environ.get("BEEPER_SETUP_SIM") or str(ROOT / "target" / "debug" / "beeper-setup-sim")
RECOVERY_KEY = "EsTc 5rr1 NnWg qYMr 7k6R Yp2A cJfL Qd3w UeXh Bz8m Tn4K SvGa"
# Seven emojis in columns (two spaces or more between them), their names on the line below.
EMOJI_LINE = re.compile(r"\n\s+(\S+\s{2,}){6}\S+\s*\r?\n")
SAS_TABLE = json.loads((ROOT / "src" / "api" / "emoji" / "sas-emoji.json").read_text("utf-8"))
# `echo` on its own in `stty -a`, not `-echo` or `echoe`.
ECHO_ON = re.compile(r"(?<![-\w])echo(?![\w])")


ANSI = re.compile(r"\x1b\[[0-9;]*m")
INK_ON_PAPER = "\x1b[38;5;16;48;5;231m"


@pytest.fixture(autouse=True)
def config_home(tmp_path, monkeypatch):
    """Where the wizard offers to save the token: never the real ~/.config in a test."""
    home = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    return home


def env(**extra):
    e = {k: v for k, v in os.environ.items()
         if not k.startswith("BEEPER_") and k not in ("LANG", "LC_ALL", "LC_MESSAGES")}
    e["TERM"] = "xterm"
    e.update(extra)
    return e


def spawn(*args, then_stty=False, backend=("--simulator",), **environment):
    if not os.path.exists(BIN):
        pytest.fail(f"no wizard binary at {BIN}: run `cargo build --bin beeper-setup` first")
    command = " ".join(shlex.quote(a) for a in [BIN, *backend, *args])
    if then_stty:
        # Report the exit code, then the terminal settings the wizard left behind.
        command += "; echo EXIT=$?; stty -a"
    child = pexpect.spawn(
        "/bin/sh", ["-c", command], env=env(**environment), encoding="utf-8", timeout=20,
        dimensions=(40, 200),
    )
    return child


def sign_in(child, email):
    child.expect_exact("Using the built-in simulator")
    child.expect_exact("Email address: ")
    child.sendline(email)
    child.expect(r"emailed code is (\d{6})")
    code = child.match.group(1)
    child.expect_exact("Code from the email: ")
    child.sendline(code)


def skip_saving_the_token(child):
    child.expect(r"Save the access token in \S+ so that other programs can use it\? \[Y/n\] ")
    child.sendline("n")
    child.expect_exact("The access token was not saved")


def finish(child, user):
    child.expect(r"(?i)signed in as " + re.escape(user) + r" on device [A-Z0-9]+")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before


def test_existing_account_compares_emojis():
    child = spawn()
    sign_in(child, "existing@example.com")
    child.expect_exact("Welcome back, @existing:beeper.com")
    skip_saving_the_token(child)
    child.expect_exact("How do you want to verify this device?")
    child.expect_exact("Choose [e/q/r]: ")
    child.sendline("")  # the default: emojis
    child.expect_exact("Compare with the other device:")
    child.expect_exact("(or the numbers ")
    emojis = child.before
    assert EMOJI_LINE.search(emojis), repr(emojis)
    child.expect_exact("Do they match? [y/N] ")
    child.sendline("y")
    finish(child, "@existing:beeper.com")


def shown_names(*args, **environment):
    """Runs the existing account to its emojis; the child, and the emojis and the names under
    them as the comparison shows them."""
    child = spawn(*args, **environment)
    sign_in(child, "existing@example.com")
    skip_saving_the_token(child)
    child.expect_exact("Choose [e/q/r]: ")
    child.sendline("e")
    child.expect_exact("Compare with the other device:")
    child.expect_exact("(or the numbers ")
    lines = [line.strip() for line in child.before.splitlines() if line.strip()]
    emojis, names = lines[0].split(), re.split(r"\s{2,}", lines[1])
    assert len(emojis) == len(names) == 7, lines
    child.expect_exact("Do they match? [y/N] ")
    child.sendline("y")
    finish(child, "@existing:beeper.com")
    return emojis, names


def test_the_emojis_are_named_in_the_terminals_language():
    emojis, names = shown_names(LANG="de_DE.UTF-8")
    by_emoji = {row["emoji"]: row for row in SAS_TABLE}
    for emoji, name in zip(emojis, names):
        row = by_emoji[emoji]
        assert name == (row["translated_descriptions"]["de"] or row["description"]), (emoji, name)
    assert any(name != by_emoji[e]["description"] for e, name in zip(emojis, names)), names


def test_lang_names_the_emojis_whatever_the_locale():
    emojis, names = shown_names("--lang", "fr", LANG="de_DE.UTF-8")
    by_emoji = {row["emoji"]: row for row in SAS_TABLE}
    assert names == [by_emoji[e]["translated_descriptions"]["fr"] or by_emoji[e]["description"]
                     for e in emojis]


@pytest.fixture
def outcome_sim(request):
    """A simulator of its own in the outcome scenario the test names (its base URL), whose
    other device ends every verification that way."""
    proc = subprocess.Popen([SIM, "--scenario", request.param, "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    url = proc.stdout.readline().strip()
    yield url
    proc.kill()
    proc.wait()


def sim_control(url, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url + "/_sim/" + path, data=data, method="GET" if body is None else "POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.loads(resp.read() or b"null")


def sign_in_against(url, *args):
    """The wizard against the simulator at `url`, signed in to the existing account up to the
    choice of method."""
    child = spawn(*args, backend=("--base-url", url))
    child.expect_exact("Email address: ")
    child.sendline("existing@example.com")
    child.expect_exact("Code from the email: ")
    child.sendline(sim_control(url, "state")["lastEmailCode"])
    child.expect(r"Save the access token in \S+ so that other programs can use it\? \[Y/n\] ")
    child.sendline("n")
    child.expect_exact("Choose [e/q/r]: ")
    child.sendline("e")
    return child


@pytest.mark.parametrize("outcome_sim", ["timeout"], indirect=True)
def test_a_timed_out_verification_says_so_and_offers_a_new_one(outcome_sim):
    child = sign_in_against(outcome_sim)
    child.expect_exact("Start a new verification? [Y/n] ")
    shown = child.before
    assert "The verification timed out: the other device did not answer in time." in shown, shown
    assert "cancel" not in shown.lower(), shown  # a timeout is not "you cancelled"
    child.sendline("n")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 4


@pytest.mark.parametrize("outcome_sim", ["mismatch"], indirect=True)
def test_emojis_the_other_device_rejects_lead_to_the_recovery_key(outcome_sim):
    child = sign_in_against(outcome_sim)
    child.expect_exact("Do they match? [y/N] ")
    child.sendline("y")
    child.expect_exact("saw emojis that did not match, so the verification was stopped.")
    child.expect_exact("Use your recovery key instead? [Y/n] ")
    child.sendline("")
    child.expect_exact("Recovery key (input hidden): ")
    child.sendline(RECOVERY_KEY)
    child.expect_exact("Recovery key accepted.")
    sim_control(outcome_sim, "first-sync", {})
    finish(child, "@existing:beeper.com")


def test_emojis_that_do_not_match_cancel_and_exit_4():
    child = spawn()
    sign_in(child, "existing@example.com")
    skip_saving_the_token(child)
    child.expect_exact("Choose [e/q/r]: ")
    child.sendline("e")
    child.expect_exact("Do they match? [y/N] ")
    child.sendline("")  # Enter means no
    child.expect_exact("The emojis did not match. The verification was cancelled")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 4


def test_qr_code_is_shown_for_the_other_device():
    child = spawn()
    sign_in(child, "existing@example.com")
    skip_saving_the_token(child)
    child.expect_exact("Choose [e/q/r]: ")
    child.sendline("q")
    child.expect_exact("Scan this code with the other device:")
    child.expect_exact("The same code as text:")
    drawing = [line for line in child.before.splitlines() if line.strip()]
    # Dark ink on white paper at a terminal, whatever its theme: every line says so.
    assert drawing and all(line.startswith(INK_ON_PAPER) for line in drawing), drawing
    blocks = [ANSI.sub("", line) for line in drawing]
    assert set("".join(blocks)) <= set("▀▄█ "), blocks
    width = len(blocks[0])
    assert all(len(line) == width for line in blocks), blocks
    # Square (two modules per line), quiet zone included: 4 light modules all round.
    assert len(blocks) == (width + 1) // 2 and width >= 21 + 8, (len(blocks), width)
    assert blocks[0].strip() == blocks[1].strip() == "", "no quiet zone above"
    assert all(line[:4] == line[-4:] == "    " for line in blocks), "no quiet zone beside"
    child.expect(r"\n  MATRIX\.v02\.\S+\.this\r?\n")
    child.expect_exact("Does it show that it succeeded? [y/N] ")
    child.sendline("y")
    finish(child, "@existing:beeper.com")


def test_new_account_offers_usernames_and_insists_on_saving_the_key():
    child = spawn()
    sign_in(child, "fresh@example.com")
    child.expect_exact("Choose your username")
    child.expect(r"Suggestions: fresh, fresh_, fresh\d+")
    child.expect_exact("Username [fresh]: ")
    child.sendline("")  # take the first suggestion
    child.expect_exact("By continuing, you agree to the Terms of Use")
    child.expect_exact("Do you accept? [y/N] ")
    child.sendline("y")
    child.expect_exact("Account @fresh:beeper.com created.")
    skip_saving_the_token(child)
    child.expect(r"│  ([A-Za-z0-9 ]{20,}?)  │")
    key = child.match.group(1).strip()
    child.expect_exact("type the recovery key: ")
    child.sendline("not the key")
    child.expect_exact("Please try again.")
    child.expect_exact("type the recovery key: ")
    child.sendline(key)
    child.expect_exact("Recovery key saved.")
    finish(child, "@fresh:beeper.com")


def test_recovery_key_input_is_hidden_and_echo_comes_back():
    child = spawn(then_stty=True)
    sign_in(child, "recovery@example.com")
    skip_saving_the_token(child)
    child.expect_exact("simulator: this account's recovery key starts with EsTc 5rr1")
    child.expect_exact("Recovery key (input hidden): ")
    child.sendline(RECOVERY_KEY)
    child.expect_exact("Recovery key accepted.")
    assert "Bz8m" not in child.before, "the recovery key was echoed"
    child.expect(r"(?i)signed in as @recovery:beeper\.com")
    child.expect_exact("EXIT=0")
    child.expect(pexpect.EOF)
    assert ECHO_ON.search(child.before), "the terminal echo was not restored"


def test_ctrl_c_at_the_hidden_prompt_restores_echo_and_exits_130():
    child = spawn(then_stty=True)
    sign_in(child, "recovery@example.com")
    skip_saving_the_token(child)
    child.expect_exact("Recovery key (input hidden): ")
    child.send("EsTc 5rr1")
    child.sendcontrol("c")
    child.expect_exact("EXIT=130")
    child.expect(pexpect.EOF)
    assert ECHO_ON.search(child.before), "the terminal echo was not restored"


def test_ctrl_c_while_waiting_stops_the_wizard():
    child = spawn("--method", "recovery-key")
    sign_in(child, "existing@example.com")
    skip_saving_the_token(child)
    child.expect_exact("Recovery key (input hidden): ")
    child.sendline("")  # the simulator's key
    # The first sync takes a second in the simulator: the spinner shows meanwhile.
    child.expect(r"Syncing encrypted messages.*\(\d+s, Ctrl-C to stop\)")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.signalstatus == 2 or child.exitstatus == 130, (child.exitstatus, child.signalstatus)


def test_ctrl_c_while_the_other_device_is_awaited_leaves_the_verification_alone():
    """Against a real (external, not self-driving) server: stop the wizard while it waits for
    the other device; the verification it created must still be pending on the server."""
    import json
    import subprocess
    import urllib.request

    sim_bin = os.environ.get("BEEPER_SETUP_SIM") or str(ROOT / "target" / "debug" / "beeper-setup-sim")
    if not os.path.exists(sim_bin):
        pytest.fail(f"no simulator binary at {sim_bin}: run `cargo build -p beeper-setup-sim` first")
    sim = subprocess.Popen([sim_bin, "--port", "0"], stdout=subprocess.PIPE, text=True)
    try:
        base = sim.stdout.readline().strip()

        def sim_state():
            with urllib.request.urlopen(base + "/_sim/state", timeout=5) as r:
                return json.load(r)

        command = " ".join(shlex.quote(a) for a in [BIN, "--base-url", base, "--method", "emoji"])
        child = pexpect.spawn("/bin/sh", ["-c", command], env=env(), encoding="utf-8",
                              timeout=20, dimensions=(40, 200))
        child.expect_exact("Email address: ")
        child.sendline("existing@example.com")
        child.expect_exact("Code from the email: ")
        child.sendline(sim_state()["lastEmailCode"])
        child.expect(r"Save the access token in \S+ so that other programs can use it\? \[Y/n\] ")
        child.sendline("n")
        # A real Beeper's token, not saved: shown once rather than lost.
        child.expect_exact("it is shown below, once")
        child.expect(r"Ctrl-C to stop")
        assert sim_state()["verification"]["state"] == "requested"
        child.sendintr()
        child.expect(pexpect.EOF)
        child.close()
        assert child.signalstatus == 2 or child.exitstatus == 130, (child.exitstatus, child.signalstatus)
        verification = sim_state()["verification"]
        assert verification["state"] == "requested", verification
        assert "cancel" in verification["availableActions"]
    finally:
        sim.kill()
        sim.wait()


# ---- the access token ----

def mode(path):
    return os.stat(path).st_mode & 0o777


class Transcript:
    """Everything a child printed (stdout and stderr share the terminal)."""

    def __init__(self):
        self.parts = []

    def write(self, text):
        self.parts.append(text)

    def flush(self):
        pass

    def __str__(self):
        return "".join(self.parts)


def test_an_interactive_run_offers_to_save_the_token_and_says_how_to_use_it(config_home):
    child = spawn("--method", "emoji")
    seen = Transcript()
    child.logfile_read = seen
    sign_in(child, "existing@example.com")
    path = config_home / "beeper-setup" / "token"
    # The path is shown before anything is written.
    child.expect_exact(f"Save the access token in {path} so that other programs can use it? [Y/n] ")
    assert not path.exists()
    child.sendline("")  # Enter: yes
    child.expect_exact(f"The access token is saved in {path}, readable only by you.")
    child.expect_exact(f'BEEPER_ACCESS_TOKEN="$(cat {path})"')
    child.expect_exact("Do they match? [y/N] ")
    child.sendline("y")
    finish(child, "@existing:beeper.com")
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700
    token = path.read_text()
    assert token.startswith("syt_") and token not in str(seen), "the token was shown"


@pytest.fixture
def sim():
    """An external simulator that lives across several wizard runs (the built-in one would not)."""
    import json
    import subprocess
    import urllib.request

    sim_bin = os.environ.get("BEEPER_SETUP_SIM") or str(ROOT / "target" / "debug" / "beeper-setup-sim")
    if not os.path.exists(sim_bin):
        pytest.fail(f"no simulator binary at {sim_bin}: run `cargo build -p beeper-setup-sim` first")
    proc = subprocess.Popen([sim_bin, "--port", "0", "--auto"], stdout=subprocess.PIPE, text=True)

    class Sim:
        base = proc.stdout.readline().strip()

        def get(self, path):
            with urllib.request.urlopen(self.base + path, timeout=5) as r:
                return json.load(r)

        def post(self, path, body):
            req = urllib.request.Request(self.base + path, data=json.dumps(body).encode(),
                                         headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(req, timeout=5) as r:
                return r.read()

        def sign_ins(self):
            return self.get("/_sim/stats")["byEndpoint"].get("POST /v1/app/setup/response", 0)

        def starts(self):
            return self.get("/_sim/stats")["byEndpoint"].get("POST /v1/app/setup/start", 0)

    try:
        yield Sim()
    finally:
        proc.kill()
        proc.wait()


def spawn_at(sim, *args):
    command = " ".join(shlex.quote(a) for a in [BIN, "--base-url", sim.base, *args])
    child = pexpect.spawn("/bin/sh", ["-c", command], env=env(), encoding="utf-8",
                          timeout=20, dimensions=(40, 200))
    seen = Transcript()
    child.logfile_read = seen
    return child, seen


def sign_in_at(sim, child):
    child.expect_exact("Email address: ")
    child.sendline("existing@example.com")
    child.expect_exact("Code from the email: ")
    child.sendline(sim.get("/_sim/state")["lastEmailCode"])


def compare_emojis_and_finish(child):
    child.expect_exact("Do they match? [y/N] ")
    child.sendline("y")
    finish(child, "@existing:beeper.com")


def test_the_token_file_is_written_private_then_reused_without_signing_in(sim, tmp_path):
    path = tmp_path / "token"
    child, seen = spawn_at(sim, "--token-file", str(path), "--method", "emoji")
    sign_in_at(sim, child)
    child.expect_exact(f"The access token is saved in {path}, readable only by you.")
    compare_emojis_and_finish(child)
    token = sim.get("/_sim/state")["accessToken"]
    assert path.read_text() == token
    assert mode(path) == 0o600
    assert token not in str(seen), "the token was shown"
    assert sim.sign_ins() == 1

    # The next run continues from the file: no email, no code, no sign-in.
    child, seen = spawn_at(sim, "--token-file", str(path))
    child.expect_exact(f"Continuing with the access token saved in {path}.")
    finish(child, "@existing:beeper.com")
    assert "Email address" not in str(seen)
    assert sim.sign_ins() == 1 and sim.starts() == 1
    assert path.read_text() == token and token not in str(seen)


def test_a_token_beeper_does_not_accept_is_replaced_only_after_asking(sim, tmp_path):
    path = tmp_path / "token"
    path.write_text("syt_from_a_signed_out_device")
    path.chmod(0o600)

    # No: nothing is signed in and the file stays as it was.
    child, seen = spawn_at(sim, "--token-file", str(path))
    child.expect_exact(f"The access token in {path} cannot be used")
    child.expect_exact(f"Sign in again and replace the access token in {path}? [y/N] ")
    child.sendline("")  # Enter: no
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 4
    assert path.read_text() == "syt_from_a_signed_out_device"
    assert sim.starts() == 0

    # Yes: signs in afresh and replaces the file; --json reports where, never the token.
    child, seen = spawn_at(sim, "--token-file", str(path), "--method", "emoji", "--json")
    child.expect_exact(f"Sign in again and replace the access token in {path}? [y/N] ")
    child.sendline("y")
    sign_in_at(sim, child)
    child.expect(r'\{"event":"token","path":"([^"]+)"\}')
    assert child.match.group(1) == str(path)
    child.expect_exact("Do they match? [y/N] ")
    child.sendline("y")
    child.expect_exact('"event":"done"')
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    token = sim.get("/_sim/state")["accessToken"]
    assert path.read_text() == token and mode(path) == 0o600
    assert token not in str(seen), "the token was shown"


def test_force_replaces_without_asking_and_print_token_shows_it(sim, tmp_path):
    path = tmp_path / "token"
    path.write_text("syt_stale")
    child, seen = spawn_at(sim, "--token-file", str(path), "--force", "--print-token",
                           "--method", "emoji")
    child.expect_exact(f"--force: signing in again; the new access token will replace the one in {path}.")
    sign_in_at(sim, child)
    child.expect(r"Access token: (\S+)\r?\n")
    shown = child.match.group(1)
    compare_emojis_and_finish(child)
    assert "replace the access token in" not in str(seen), "it asked despite --force"
    assert shown == sim.get("/_sim/state")["accessToken"] == path.read_text()
    assert mode(path) == 0o600


def beeper_is_running():
    import socket
    with socket.socket() as s:
        s.settimeout(0.3)
        return s.connect_ex(("127.0.0.1", 23373)) == 0


def spawn_plain(*args):
    """The wizard with no base URL at all: it looks for Beeper at the default URL itself."""
    command = " ".join(shlex.quote(a) for a in [BIN, *args])
    return pexpect.spawn("/bin/sh", ["-c", command], env=env(), encoding="utf-8", timeout=20,
                         dimensions=(40, 200))


def test_a_person_without_beeper_gets_the_simulator_but_not_with_a_token_file(tmp_path):
    if beeper_is_running():
        pytest.skip("something answers at the default URL")
    child = spawn_plain()
    child.expect_exact("No Beeper found at http://localhost:23373; using the built-in simulator")
    child.expect_exact("Email address: ")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()

    path = tmp_path / "token"
    path.write_text("syt_real")
    child = spawn_plain("--token-file", str(path), "--force")
    child.expect_exact("nothing answers at http://localhost:23373")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert "built-in simulator (" not in child.before
    assert path.read_text() == "syt_real"


def test_a_token_not_saved_at_a_person_s_request_is_shown_once(sim, config_home):
    child, seen = spawn_at(sim, "--method", "emoji")
    sign_in_at(sim, child)
    child.expect(r"Save the access token in \S+ so that other programs can use it\? \[Y/n\] ")
    child.sendline("n")
    child.expect_exact("it is shown below, once")
    child.expect(r"Access token: (\S+)\r?\n")
    assert child.match.group(1) == sim.get("/_sim/state")["accessToken"]
    compare_emojis_and_finish(child)
    assert not (config_home / "beeper-setup" / "token").exists()


def wizard_pid(shell_pid):
    """The wizard started by `spawn`'s shell (its only child)."""
    children = Path(f"/proc/{shell_pid}/task/{shell_pid}/children").read_text().split()
    assert len(children) == 1, children
    return int(children[0])


@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGHUP"])
def test_a_signal_at_the_hidden_prompt_restores_echo(signal_name):
    import signal
    child = spawn(then_stty=True)
    sign_in(child, "recovery@example.com")
    skip_saving_the_token(child)
    child.expect_exact("Recovery key (input hidden): ")
    child.send("EsTc 5rr1")
    os.kill(wizard_pid(child.pid), getattr(signal, signal_name))
    child.expect(r"EXIT=(\d+)")
    assert int(child.match.group(1)) == 128 + getattr(signal, signal_name)
    child.expect(pexpect.EOF)
    assert ECHO_ON.search(child.before), "the terminal echo was not restored"


def test_the_spinner_stays_on_one_row_in_a_narrow_terminal():
    command = " ".join(shlex.quote(a) for a in [BIN, "--simulator", "--method", "recovery-key"])
    child = pexpect.spawn("/bin/sh", ["-c", command], env=env(), encoding="utf-8", timeout=20,
                          dimensions=(40, 20))
    sign_in(child, "existing@example.com")
    skip_saving_the_token(child)
    child.expect_exact("Recovery key (input hidden): ")
    child.sendline("")  # the simulator's key
    # The first sync takes a second: ten frames or so, each redrawn over the last.
    child.expect(r"(?i)signed in as")
    frames = [f for f in child.before.split("\r\x1b[2K") if f and "\n" not in f]
    assert frames, child.before
    assert all(len(ANSI.sub("", f)) < 20 for f in frames), frames
    child.expect(pexpect.EOF)


def make_kind(path, kind):
    """Puts a file of `kind` at `path`; returns what keeps it alive (a listening socket)."""
    import socket
    import stat
    if kind == "a FIFO":
        os.mkfifo(path)
    elif kind == "a directory":
        path.mkdir()
    elif kind == "a socket":
        s = socket.socket(socket.AF_UNIX)
        s.bind(str(path))
        return s
    elif kind == "a character device":
        # One of our own, the kind /dev/null is: were it replaced, the system's would not be.
        try:
            os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        except PermissionError:
            pytest.skip("mknod is not allowed here")
    return None


@pytest.mark.parametrize("kind", ["a FIFO", "a directory", "a socket", "a character device"])
def test_a_token_file_that_is_no_regular_file_is_refused_before_sign_in(sim, tmp_path, kind):
    path = tmp_path / "token"
    keep = make_kind(path, kind)
    kind_before = stat_kind(path)
    child, seen = spawn_at(sim, "--token-file", str(path), "--force")
    child.expect_exact(f"{path} is {kind}")
    child.expect_exact("a token file must be a regular file")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1, str(seen)
    assert "Email address" not in str(seen)
    assert sim.get("/_sim/stats")["requests"] == 0, "it talked to Beeper"
    assert stat_kind(path) == kind_before
    if keep:
        keep.close()


def stat_kind(path):
    import stat
    return stat.S_IFMT(os.lstat(path).st_mode)


def test_a_wrong_code_at_the_prompt_reads_as_sentences():
    child = spawn()
    child.expect_exact("Email address: ")
    child.sendline("existing@example.com")
    child.expect(r"emailed code is (\d{6})")
    code = child.match.group(1)
    child.expect_exact("Code from the email: ")
    child.sendline("000000" if code != "000000" else "111111")
    child.expect_exact("The code is wrong; check the latest email. Please try again.")
    assert "HTTP 400" not in child.before
    child.expect_exact("Code from the email: ")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()


# ---- beeper-setup doctor, as a person reads it ----


def doctor_at(*args, extra_env=None):
    timeout = [] if "--timeout" in args else ["--timeout", "2"]
    command = " ".join(shlex.quote(a) for a in [BIN, "doctor", *timeout, *args])
    environment = {k: v for k, v in env().items() if "proxy" not in k.lower()}
    environment.update(extra_env or {})
    child = pexpect.spawn("/bin/sh", ["-c", command], env=environment, encoding="utf-8",
                          timeout=20, dimensions=(40, 200))
    seen = Transcript()
    child.logfile_read = seen
    return child, seen


def doctor_ends(child, seen, code, problem):
    child.expect_exact(f"Exit code {code} ({problem}).")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == code, str(seen)
    assert "syt_" not in str(seen), "a token was printed"


def closed_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_doctor_names_a_closed_port():
    child, seen = doctor_at("--base-url", f"http://127.0.0.1:{closed_port()}")
    child.expect(r"ok  The base URL is http://127\.0\.0\.1:\d+ \(from --base-url\)\.")
    child.expect(r"problem  Nothing listens at 127\.0\.0\.1:\d+ \(connection refused\)\. Is Beeper running\?")
    doctor_ends(child, seen, 10, "connection-refused")


def test_doctor_at_a_fresh_beeper_says_what_to_do_next(sim):
    child, seen = doctor_at("--base-url", sim.base)
    child.expect_exact("ok  GET /v1/app/setup answers as Beeper does (HTTP 200, state needs-login).")
    child.expect_exact("problem  The setup state is needs-login; the next step is sign-in: Sign in")
    child.expect_exact("Beeper does not say its version.")
    doctor_ends(child, seen, 1, "setup-incomplete")


@pytest.mark.parametrize("fault,code,problem,says", [
    ({"hang": True, "count": 5}, 11, "timeout", "was not answered in time"),
    ({"body": "html", "count": 5}, 15, "not-beeper", "not answered as Beeper's API answers it"),
])
def test_doctor_names_a_misbehaving_server(sim, fault, code, problem, says):
    sim.post("/_sim/faults", fault)
    child, seen = doctor_at("--base-url", sim.base, "--timeout", "1")
    child.expect_exact(says)
    doctor_ends(child, seen, code, problem)


def test_doctor_names_a_refused_token_without_showing_it(sim, tmp_path):
    path = tmp_path / "token"
    path.write_text("syt_saved_elsewhere")
    child, seen = doctor_at("--base-url", sim.base, "--token-file", str(path))
    child.expect_exact(f"Nobody is signed in on this Beeper, so the token saved in {path} is of no use here")
    doctor_ends(child, seen, 16, "access-token")
    assert "syt_saved_elsewhere" not in str(seen)


def test_doctor_names_tls_name_and_proxy_problems(sim):
    child, seen = doctor_at("--base-url", sim.base.replace("http://", "https://"))
    child.expect_exact("problem  The TLS handshake with")
    doctor_ends(child, seen, 12, "tls")

    child, seen = doctor_at("--base-url", "http://beeper.invalid:23373")
    child.expect_exact("problem  beeper.invalid does not resolve")
    doctor_ends(child, seen, 13, "name-resolution")

    proxy = f"http://127.0.0.1:{closed_port()}"
    child, seen = doctor_at("--base-url", "https://beeper.invalid", extra_env={"HTTPS_PROXY": proxy})
    child.expect(r"problem  \$HTTPS_PROXY names the proxy 127\.0\.0\.1:\d+, and it cannot be reached")
    doctor_ends(child, seen, 14, "proxy")
