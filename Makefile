# Build, check and test every part of beeper-setup. `make test` is the one command CI runs;
# it installs what it needs (a Python venv with its packages) by itself.
CARGO   ?= cargo
PYTHON  ?= python3
VENV    := target/venv
VPY     := $(VENV)/bin/python
SIM_BIN := target/debug/beeper-setup-sim

.PHONY: test fmt-check clippy rust-test venv sim-bin py-sim-test

test: fmt-check clippy rust-test py-sim-test

fmt-check:
	$(CARGO) fmt --all -- --check

clippy:
	$(CARGO) clippy --workspace --all-targets -- -D warnings

rust-test:
	$(CARGO) test --workspace

# The test venv: pytest and the official SDK (pinned) that our fidelity tests compare against.
$(VENV)/.installed: tests/python-requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --upgrade pip
	$(VPY) -m pip install --quiet -r tests/python-requirements.txt
	touch $@

venv: $(VENV)/.installed

sim-bin:
	$(CARGO) build -p beeper-setup-sim

# The simulator's fidelity proof: the official SDK, strictly validating, against the simulator.
py-sim-test: venv sim-bin
	BEEPER_SETUP_SIM=$(abspath $(SIM_BIN)) $(VPY) -m pytest -q sim/tests/python
