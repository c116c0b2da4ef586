//! The `beeper-setup` command, run as a program without a terminal against its built-in
//! simulator or a simulator of the test's own: every scenario end to end in `--json` mode, the
//! documented exit codes, the access token's file, the QR code, and each way a verification
//! ends. (`wizard_pty.py` drives it at a terminal.)

#[path = "../../../tests/common/mod.rs"]
mod common;
#[path = "../../src/qr.rs"]
mod qr;

mod command_line;
mod qr_code;
mod run;
mod scenarios;
mod token_file;
mod verification_ends;
