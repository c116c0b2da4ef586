//! The verification QR code, drawn in the terminal so that the other device's camera can scan it.
//!
//! Each character cell shows two modules, one above the other, with the half blocks `▀` `▄` `█`
//! and a space, so the code is square on a terminal whose cells are about twice as tall as wide.
//! The quiet zone (4 light modules on every side) is part of the drawing: scanners need it, and
//! the terminal's own margin cannot be relied on.

use qrcodegen::{QrCode, QrCodeEcc};

/// Light modules around the code, as the QR standard asks.
pub const QUIET_ZONE: i32 = 4;

/// Dark ink (foreground, colour 16 = #000000) on white paper (background, colour 231 = #ffffff).
///
/// Why explicit colours: drawn in the terminal's default colours, a code is right on a light
/// background and inverted on a dark one (light modules dark), which many scanners refuse. Setting
/// both colours makes it dark-on-light everywhere. Colours 16 and 231 are from the fixed 6×6×6
/// cube of the 256-colour palette, which colour themes leave alone; the 16 basic colours (30, 47,
/// ...) are what themes remap, sometimes to low contrast. Every line resets the colours before its
/// newline, so no background colour bleeds into the next line or stays behind after the code.
const INK_ON_PAPER: &str = "\x1b[38;5;16;48;5;231m";
const RESET: &str = "\x1b[0m";

/// The bytes to encode: the payload's characters as ISO 8859-1 when they all fit in one byte,
/// else its UTF-8.
///
/// ISO 8859-1 is what QR byte mode means by default, so a text reader shows the same characters;
/// and a binary payload carried as a string of U+0000..U+00FF characters (one per byte) comes out
/// as the original bytes, which is what a Matrix client reading the code expects. For ASCII (the
/// usual `MATRIX...` text) both encodings are the same bytes.
pub fn payload_bytes(payload: &str) -> Vec<u8> {
    let latin1: Option<Vec<u8>> = payload.chars().map(|c| u8::try_from(c).ok()).collect();
    latin1.unwrap_or_else(|| payload.as_bytes().to_vec())
}

/// The code as lines of half blocks, quiet zone included; `colour` wraps each line in explicit
/// dark-on-light colours (for a terminal). Without colours the dark modules are the blocks, as ink
/// on paper. `None` when the payload is too long for any QR code.
pub fn render(payload: &str, colour: bool) -> Option<String> {
    // Low error correction keeps the code smallest (a screen is not a dirty label); the encoder
    // still raises the level when that fits in the same size.
    let code = QrCode::encode_binary(&payload_bytes(payload), QrCodeEcc::Low).ok()?;
    // Outside the code (the quiet zone) `get_module` answers false: light.
    let dark = |x: i32, y: i32| code.get_module(x - QUIET_ZONE, y - QUIET_ZONE);
    let span = code.size() + 2 * QUIET_ZONE;
    let mut out = String::new();
    for y in (0..span).step_by(2) {
        if colour {
            out.push_str(INK_ON_PAPER);
        }
        for x in 0..span {
            // The row below the last one (span is odd) is light, like the quiet zone.
            out.push(match (dark(x, y), dark(x, y + 1)) {
                (true, true) => '█',
                (true, false) => '▀',
                (false, true) => '▄',
                (false, false) => ' ',
            });
        }
        if colour {
            out.push_str(RESET);
        }
        out.push('\n');
    }
    Some(out)
}
