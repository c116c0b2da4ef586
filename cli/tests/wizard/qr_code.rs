//! The verification's QR code drawn in the terminal: what a phone would read from it.

use crate::qr;
use crate::run::{all_output, code, run};

/// The half-block drawing turned back into modules (true = dark), two rows per line.
fn modules(drawing: &str) -> Vec<Vec<bool>> {
    let mut rows = Vec::new();
    for line in drawing.lines() {
        let (mut top, mut bottom) = (Vec::new(), Vec::new());
        for c in line.chars() {
            let (t, b) = match c {
                '█' => (true, true),
                '▀' => (true, false),
                '▄' => (false, true),
                ' ' => (false, false),
                other => panic!("not a half block: {other:?} in {line:?}"),
            };
            top.push(t);
            bottom.push(b);
        }
        rows.push(top);
        rows.push(bottom);
    }
    rows
}

/// What a phone would read from the drawing: checks the quiet zone, decodes the code inside it
/// from its module grid, and checks that a scanner also finds it in a picture of the modules.
fn decode(drawing: &str) -> Vec<u8> {
    let rows = modules(drawing);
    // The QR standard's quiet zone, not the renderer's constant: the test checks the renderer.
    let quiet = 4;
    let width = rows[0].len();
    assert!(rows.iter().all(|r| r.len() == width), "ragged drawing");
    let size = width - 2 * quiet;
    // An odd number of module rows: the last line's lower half is light padding.
    assert_eq!(rows.len(), width + 1, "not square");
    assert_eq!((size - 17) % 4, 0, "{size} modules is no QR code size");
    for (y, row) in rows.iter().enumerate() {
        for (x, &dark) in row.iter().enumerate() {
            let inside = (quiet..quiet + size).contains(&x) && (quiet..quiet + size).contains(&y);
            assert!(
                inside || !dark,
                "a dark module in the quiet zone at {x},{y}"
            );
        }
    }
    let grid = rqrr::SimpleGrid::from_func(size, |x, y| rows[y + quiet][x + quiet]);
    let mut bytes = Vec::new();
    rqrr::Grid::new(grid)
        .decode_to(&mut bytes)
        .expect("the module grid decodes");

    const SCALE: usize = 4;
    let mut picture =
        rqrr::PreparedImage::prepare_from_bitmap(width * SCALE, width * SCALE, |x, y| {
            rows[y / SCALE][x / SCALE]
        });
    let found = picture.detect_grids();
    assert_eq!(found.len(), 1, "a scanner does not find exactly one code");
    let mut seen = Vec::new();
    found[0].decode_to(&mut seen).expect("the picture decodes");
    assert_eq!(seen, bytes);
    bytes
}

#[test]
fn the_qr_code_decodes_to_the_payloads_bytes() {
    let ascii = "MATRIX.v02.vrf_0123456789abcdef.X73tAleUuys0lcNx37GeY6lM.this";
    // A binary payload carried one byte per character, every byte value included.
    let binary: String = (0..=255u8).map(char::from).collect();
    let utf8 = "MATRIX ✓ 🐶 ünïcödé";
    let long = "MATRIX.v02.".repeat(180);
    for payload in [ascii, &binary, utf8, &long] {
        let expected = if payload.chars().all(|c| (c as u32) < 256) {
            payload.chars().map(|c| c as u8).collect::<Vec<u8>>()
        } else {
            payload.as_bytes().to_vec()
        };
        let drawing = qr::render(payload, false).expect("fits in a QR code");
        assert_eq!(decode(&drawing), expected, "{payload:?}");

        // At a terminal every line is dark ink on white paper, and resets before its end.
        let coloured = qr::render(payload, true).unwrap();
        let plain: Vec<&str> = coloured
            .lines()
            .map(|line| {
                line.strip_prefix("\x1b[38;5;16;48;5;231m")
                    .and_then(|l| l.strip_suffix("\x1b[0m"))
                    .unwrap_or_else(|| panic!("uncoloured line {line:?}"))
            })
            .collect();
        assert_eq!(plain.join("\n") + "\n", drawing);
    }
    assert!(
        qr::render(&"x".repeat(3000), false).is_none(),
        "too long for a QR code"
    );
}

#[test]
fn the_wizard_draws_the_qr_code_with_its_payload_under_it() {
    let out = run(&[
        "--simulator",
        "--email",
        "existing@example.com",
        "--method",
        "qr",
        "--yes",
    ]);
    assert_eq!(code(&out), 0, "{}", all_output(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let (_, rest) = stdout
        .split_once("Scan this code with the other device:\n\n")
        .expect("the QR code is shown");
    let (drawing, rest) = rest.split_once("\nThe same code as text:\n\n  ").unwrap();
    let payload = rest.lines().next().unwrap();
    assert!(
        payload.starts_with("MATRIX.v02.") && payload.ends_with(".this"),
        "{payload}"
    );
    // Not a terminal: no colours, just the half blocks.
    assert!(!drawing.contains('\x1b'));
    assert_eq!(decode(drawing), payload.as_bytes());
}
