"""The setup wizard (examples/setup) in a pseudo-terminal, as a person sees it.

Build the wizard first (`cargo build --example setup`), then:
    target/venv/bin/python -m pytest -q tests/wizard_pty.py
WIZARD_BIN overrides the binary's path.
"""

import os
import re
import shlex
from pathlib import Path

import pexpect
import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = os.environ.get("WIZARD_BIN") or str(ROOT / "target" / "debug" / "examples" / "setup")
RECOVERY_KEY = "EsTc 5rr1 NnWg qYMr 7k6R Yp2A cJfL Qd3w UeXh Bz8m Tn4K SvGa"
EMOJI_LINE = re.compile(r"\n\s+(\S+\s{2}){6}\S+\s*\r?\n")
# `echo` on its own in `stty -a`, not `-echo` or `echoe`.
ECHO_ON = re.compile(r"(?<![-\w])echo(?![\w])")


def env():
    e = {k: v for k, v in os.environ.items() if not k.startswith("BEEPER_")}
    e["TERM"] = "xterm"
    return e


def spawn(*args, then_stty=False):
    if not os.path.exists(BIN):
        pytest.fail(f"no wizard binary at {BIN}: run `cargo build --example setup` first")
    command = " ".join(shlex.quote(a) for a in [BIN, "--simulator", *args])
    if then_stty:
        # Report the exit code, then the terminal settings the wizard left behind.
        command += "; echo EXIT=$?; stty -a"
    child = pexpect.spawn(
        "/bin/sh", ["-c", command], env=env(), encoding="utf-8", timeout=20,
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


def finish(child, user):
    child.expect(r"(?i)signed in as " + re.escape(user) + r" on device [A-Z0-9]+")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before


def test_existing_account_compares_emojis():
    child = spawn()
    sign_in(child, "existing@example.com")
    child.expect_exact("Welcome back, @existing:beeper.com")
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


def test_emojis_that_do_not_match_cancel_and_exit_4():
    child = spawn()
    sign_in(child, "existing@example.com")
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
    child.expect_exact("Choose [e/q/r]: ")
    child.sendline("q")
    child.expect_exact("Scan this code with the other device")
    child.expect(r"MATRIX\.v02\.\S+\.this")
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
    child.expect_exact("Recovery key (input hidden): ")
    child.send("EsTc 5rr1")
    child.sendcontrol("c")
    child.expect_exact("EXIT=130")
    child.expect(pexpect.EOF)
    assert ECHO_ON.search(child.before), "the terminal echo was not restored"


def test_ctrl_c_while_waiting_stops_the_wizard():
    child = spawn("--method", "recovery-key")
    sign_in(child, "existing@example.com")
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
