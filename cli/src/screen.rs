//! What may reach the terminal. Text from the server or the other device (a verification's
//! reason, an error message, a username suggestion) is shown, never obeyed: control characters
//! would let it clear the screen (`ESC [2J`), set the clipboard (OSC 52) or disguise a line, so
//! they are shown escaped. And the width a line may take, so that a line redrawn in place never
//! wraps onto a new row.

use std::borrow::Cow;

/// `text` with every control character but newline and tab (C0, DEL, C1) and every bidirectional
/// override shown as `\u{...}`.
pub fn printable(text: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The terminal's width in columns when stdout is one.
#[cfg(unix)]
pub fn width() -> Option<usize> {
    let mut size = libc::winsize {
        ws_row: 0,
        ws_col: 0,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: TIOCGWINSZ writes one `winsize` through the pointer, which points to one.
    let ok = unsafe { libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, &mut size) } == 0;
    (ok && size.ws_col > 0).then_some(usize::from(size.ws_col))
}

#[cfg(not(unix))]
pub fn width() -> Option<usize> {
    None
}

/// How many terminal columns `text` takes: two for an emoji or an East Asian wide character,
/// none for a joiner, a variation selector or a combining mark, one for the rest.
pub fn columns(text: &str) -> usize {
    text.chars()
        .map(|c| match u32::from(c) {
            0x200d | 0xfe00..=0xfe0f | 0x0300..=0x036f | 0x064b..=0x065f | 0x1f3fb..=0x1f3ff => 0,
            0x0e31 | 0x0e34..=0x0e3a | 0x0e47..=0x0e4e | 0x0dca..=0x0ddf => 0,
            0x1100..=0x115f
            | 0x231a..=0x231b
            | 0x23e9..=0x23f3
            | 0x2600..=0x27bf
            | 0x2e80..=0xa4cf
            | 0xac00..=0xd7a3
            | 0xf900..=0xfaff
            | 0xff00..=0xff60
            | 0xffe0..=0xffe6
            | 0x1f000..=0x1faff
            | 0x20000..=0x3fffd => 2,
            _ => 1,
        })
        .sum()
}

/// The first `columns` characters of `text` (each character taken as one column, which holds
/// for the spinner's own text), so that it fits on one row.
pub fn fit(text: &str, columns: usize) -> &str {
    match text.char_indices().nth(columns) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_not_sent() {
        assert_eq!(
            printable("plain, ünïcode ✓\n\tok"),
            "plain, ünïcode ✓\n\tok"
        );
        assert_eq!(printable("a\x1b[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(
            printable("\x1b]52;c;ZXZpbA==\x07"),
            "\\u{1b}]52;c;ZXZpbA==\\u{7}"
        );
        assert_eq!(
            printable("x\u{9b}2Jy\ru\u{202e}"),
            "x\\u{9b}2Jy\\u{d}u\\u{202e}"
        );
    }

    #[test]
    fn columns_count_wide_characters_twice() {
        assert_eq!(columns("Hund"), 4);
        assert_eq!(columns("🐶"), 2);
        assert_eq!(columns("☎️"), 2);
        assert_eq!(columns("狮子"), 4);
        assert_eq!(columns("Löwe"), 4);
    }

    #[test]
    fn fit_cuts_at_characters() {
        assert_eq!(fit("⠋ Waiting", 3), "⠋ W");
        assert_eq!(fit("short", 20), "short");
    }
}
