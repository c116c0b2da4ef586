# Build, check and test every part of beeper-setup. `make test` is the one command CI runs;
# it installs what it needs (a Python venv with its packages) by itself.
CARGO   ?= cargo
PYTHON  ?= python3
PREFIX  ?= /usr/local
# Where `make install` puts the libraries and the header: lib64 or lib/<multiarch> where the
# system wants them (the pkg-config file and the CMake package follow).
LIBDIR     ?= $(PREFIX)/lib
BINDIR     ?= $(PREFIX)/bin
INCLUDEDIR ?= $(PREFIX)/include
VENV    := target/venv
VPY     := $(VENV)/bin/python
SIM_BIN := target/debug/beeper-setup-sim
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
# The C ABI's number (src/ffi/abi.rs), which is also the shared library's SONAME number.
ABI     := $(shell sed -n 's/^pub const BEEPER_ABI_VERSION: i32 = \([0-9]*\);/\1/p' src/ffi/abi.rs)
ifeq ($(ABI),)
$(error cannot read BEEPER_ABI_VERSION from src/ffi/abi.rs)
endif
# NATIVE_LIBS: what the static library (Rust std and the TLS verifier inside) needs from the
# system, as `rustc --print native-static-libs` lists it for the target; `;` separates the
# items (CMake's list), pkg-config gets them with spaces.
ifeq ($(shell uname -s),Darwin)
SIM_DYLIB    := libbeeper_setup_sim.dylib
DYLIB        := libbeeper_setup.dylib
DYLIB_SONAME := libbeeper_setup.$(ABI).dylib
DYLIB_REAL   := libbeeper_setup.$(VERSION).dylib
NATIVE_LIBS  := -framework Security;-framework CoreFoundation;-liconv;-lSystem;-lc;-lm
else
SIM_DYLIB    := libbeeper_setup_sim.so
DYLIB        := libbeeper_setup.so
DYLIB_SONAME := libbeeper_setup.so.$(ABI)
DYLIB_REAL   := libbeeper_setup.so.$(VERSION)
NATIVE_LIBS  := -lgcc_s;-lutil;-lrt;-lpthread;-lm;-ldl;-lc
endif

.PHONY: sim-release test stray-before stray-after fmt-check clippy doc rust-test memcheck fuzz bench generate header venv lib release sim-bin py-sim-test c-test cmake-test py-test wheel wheel-test py-official-test wizard-test swift-test swift-docs swift-bundle swift-url-test install

test: stray-before fmt-check clippy doc rust-test memcheck c-test cmake-test py-sim-test py-test wheel-test py-official-test wizard-test swift-test swift-docs swift-url-test stray-after

# No step may leave a process behind (a simulator, a test binary): the processes started from
# target/ are listed before the run and compared after it.
stray-before:
	@mkdir -p target && bash tests/stray_processes.sh snapshot target/processes-before-test

stray-after:
	@bash tests/stray_processes.sh check target/processes-before-test

# rustfmt and clippy are optional rustup components: a toolchain without one skips that step
# and says so, rather than failing the run or passing it silently.
fmt-check:
	@if $(CARGO) fmt --version >/dev/null 2>&1; then $(CARGO) fmt --all -- --check; \
	else echo "fmt-check: SKIPPED, cargo fmt is not installed (rustup component add rustfmt)"; fi

# The default build (with TLS) and the plain-HTTP one (`--no-default-features`), so both stay correct.
clippy:
	@if $(CARGO) clippy --version >/dev/null 2>&1; then \
		$(CARGO) clippy --workspace --all-targets -- -D warnings && \
		$(CARGO) clippy -p beeper-setup --all-targets --no-default-features -- -D warnings; \
	else echo "clippy: SKIPPED, cargo clippy is not installed (rustup component add clippy)"; fi

# The reference docs as docs.rs builds them: a broken link or stray HTML fails the run. The
# doctests (the main flow against the simulator) run with rust-test.
doc:
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --no-deps -p beeper-setup

# Includes the drift checks of the header (tests/header.rs) and of the generated files
# (generate/tests/drift.rs).
rust-test:
	$(CARGO) test --workspace

# The C ABI bad-input battery under valgrind memcheck: zero errors, zero leaks.
memcheck:
	bash tests/valgrind.sh ffi_battery

# A longer run of the parser fuzzer; a crash is saved under tests/fuzz-corpus/ and replayed by
# every later `make test`.
fuzz:
	BEEPER_FUZZ_SECONDS=$${BEEPER_FUZZ_SECONDS:-60} $(CARGO) test -p beeper-setup --release --test fuzz -- --nocapture

# Benchmarks (not part of `make test`): release build, canned loopback server, writes bench/RESULTS.md.
bench: venv
	CARGO="$(CARGO)" VPY=$(abspath $(VPY)) $(PYTHON) bench/run.py

# Regenerates what comes from the declarations of the operations (src/api/operations.rs, with
# their bodies in src/api/params.rs) and the models (src/api/models.rs): the C functions, the
# Python and Swift tables and models (the generator program, generate/), then
# include/beeper_setup.h with the pinned cbindgen. The drift tests (generate/tests/drift.rs,
# tests/header.rs) fail until their output is committed.
generate:
	$(CARGO) run -p beeper-setup-generate
	BEEPER_UPDATE_HEADER=1 $(CARGO) test -p beeper-setup --test header

header: generate

# The SONAME link beside the built library lets programs linked against the build tree run.
lib:
	$(CARGO) build -p beeper-setup
	ln -sf $(DYLIB) target/debug/$(DYLIB_SONAME)

release:
	$(CARGO) build -p beeper-setup --release
	ln -sf $(DYLIB) target/release/$(DYLIB_SONAME)

# The testing library (libbeeper_setup_sim) and the beeper-setup-sim binary, for tests only.
sim-release:
	$(CARGO) build -p beeper-setup-sim --release

sim-bin:
	$(CARGO) build -p beeper-setup-sim

# The test venv: pytest and the official SDK (pinned) that our fidelity tests compare against.
$(VENV)/.installed: tests/python-requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --upgrade pip
	$(VPY) -m pip install --quiet -r tests/python-requirements.txt
	touch $@

venv: $(VENV)/.installed

# The simulator's fidelity proof: the official SDK, strictly validating, against the simulator.
py-sim-test: venv sim-bin
	BEEPER_SETUP_SIM=$(abspath $(SIM_BIN)) $(VPY) -m pytest -q sim/tests/python

# The wizard driven through a pseudo-terminal: what a person sees and types.
wizard-test: venv sim-bin
	$(CARGO) build --bin beeper-setup
	$(VPY) -m pytest -q cli/tests/wizard_pty.py

# The C suite: built against an installed copy (header + library + pkg-config), run under valgrind.
c-test: sim-bin
	BEEPER_SETUP_SIM=$(abspath $(SIM_BIN)) bash bindings/c/run-tests.sh

# The CMake package: a CMake project finds an install (LIBDIR multiarch or lib64) and runs.
cmake-test: sim-bin
	BEEPER_SETUP_SIM=$(abspath $(SIM_BIN)) bash bindings/c/cmake-test.sh

py-test: venv sim-bin
	BEEPER_SETUP_SIM=$(abspath $(SIM_BIN)) VPY=$(abspath $(VPY)) bash bindings/python/run-tests.sh

# The Python sdist and its one wheel (py3-none-manylinux_2_17 on Linux) into target/wheels.
wheel:
	PYTHON=$(PYTHON) bash bindings/python/build-wheels.sh $(abspath target/wheels)

# The wheel installed on the oldest and newest Python here without cargo, and the sdist built
# from source, each calling the simulator.
wheel-test: sim-bin
	BEEPER_SETUP_SIM=$(abspath $(SIM_BIN)) PYTHON=$(PYTHON) bash bindings/python/wheel-test.sh

# The official SDK's own tests for the app-setup resources (downloaded from PyPI, cached under
# target/), run against the simulator's mock mode with the official package and with ours.
py-official-test: venv sim-bin
	BEEPER_SETUP_SIM=$(abspath $(SIM_BIN)) VPY=$(abspath $(VPY)) bash bindings/python/official/run.sh

# The Swift package (bindings/swift): built against an installed copy through pkg-config,
# `swift test` against the simulator, the example, and a separate package using it by path.
swift-test: sim-bin
	BEEPER_SETUP_SIM=$(abspath $(SIM_BIN)) bash bindings/swift/run-tests.sh

# The Swift package's documentation: every public symbol documented, and the DocC catalog built
# by `docc convert` with no warning, into target/swift-docs/ (about 10 s; no library build).
swift-docs:
	bash bindings/swift/scripts/build-docs.sh

# The static-library artifact bundle the root Package.swift uses on Linux, into artifacts/.
swift-bundle:
	bash bindings/swift/scripts/build-artifactbundle.sh $(abspath artifacts)

# The root package by URL: a tagged git repository of it, a package depending on it by
# file:// URL and version, built without pkg-config and run against the simulator.
swift-url-test: sim-bin
	BEEPER_SETUP_SIM=$(abspath $(SIM_BIN)) bash bindings/swift/url-test.sh

# Installs the shared and static library, the header, a pkg-config file and a CMake package
# (find_package(beeper_setup CONFIG)) under $(PREFIX), or $(LIBDIR) and $(INCLUDEDIR); beside
# them, for an app's tests, the simulator: its testing library (libbeeper_setup_sim, its header
# and pkg-config file) and the beeper-setup-sim binary in $(BINDIR).
# The shared library as a real file named by the version, with the SONAME link (what programs
# load) and the development link (what -lbeeper_setup finds), as ldconfig expects.
CMAKE_DIR := $(LIBDIR)/cmake/beeper_setup
SUBST     := sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' \
	-e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' -e 's|@VERSION@|$(VERSION)|g' \
	-e 's|@DYLIB_REAL@|$(DYLIB_REAL)|g' -e 's|@DYLIB_SONAME@|$(DYLIB_SONAME)|g' \
	-e 's|@SIM_DYLIB@|$(SIM_DYLIB)|g' \
	-e 's|@NATIVE_LIBS@|$(NATIVE_LIBS)|g' -e 's|@NATIVE_LIBS_PC@|$(subst ;, ,$(NATIVE_LIBS))|g'

install: release sim-release
	install -d $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(CMAKE_DIR) $(DESTDIR)$(BINDIR)
	install -m 644 include/beeper_setup.h include/beeper_setup_sim.h $(DESTDIR)$(INCLUDEDIR)/
	install -m 755 target/release/$(SIM_DYLIB) $(DESTDIR)$(LIBDIR)/
	install -m 755 target/release/beeper-setup-sim $(DESTDIR)$(BINDIR)/
	$(SUBST) bindings/c/beeper_setup_sim.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/beeper_setup_sim.pc
	install -m 755 target/release/$(DYLIB) $(DESTDIR)$(LIBDIR)/$(DYLIB_REAL)
	ln -sf $(DYLIB_REAL) $(DESTDIR)$(LIBDIR)/$(DYLIB_SONAME)
	ln -sf $(DYLIB_SONAME) $(DESTDIR)$(LIBDIR)/$(DYLIB)
	install -m 644 target/release/libbeeper_setup.a $(DESTDIR)$(LIBDIR)/
	$(SUBST) bindings/c/beeper_setup.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/beeper_setup.pc
	$(SUBST) bindings/c/cmake/beeper_setupConfig.cmake.in > $(DESTDIR)$(CMAKE_DIR)/beeper_setupConfig.cmake
	$(SUBST) bindings/c/cmake/beeper_setupConfigVersion.cmake.in \
		> $(DESTDIR)$(CMAKE_DIR)/beeper_setupConfigVersion.cmake
