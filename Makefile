# Build, check and test every part of beeper-setup. `make test` is the one command CI runs.
CARGO ?= cargo

.PHONY: test fmt-check clippy rust-test

test: fmt-check clippy rust-test

fmt-check:
	$(CARGO) fmt --all -- --check

clippy:
	$(CARGO) clippy --workspace --all-targets -- -D warnings

rust-test:
	$(CARGO) test --workspace
