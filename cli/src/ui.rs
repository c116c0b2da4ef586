//! What the wizard shows: sentences for a person, or one JSON object per line with `--json`.
//!
//! With `--json`, stdout carries only the JSON events; the sentences a person at a terminal still
//! needs (emojis, questions) go to stderr.

use crate::exit::Exit;
use crate::qr;
use crate::screen::{columns, fit, printable, width};
use beeper_setup::{Comparison, NextStep};
use serde_json::{json, Value};
use std::cell::RefCell;
use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// The language to name the emojis in: `--lang`, else the locale's messages language
/// (`LC_ALL`, then `LC_MESSAGES`, then `LANG`, as POSIX orders them); `None` for English
/// (also for the `C` and `POSIX` locales).
pub fn language(flag: Option<&str>) -> Option<String> {
    let from_env = || {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|name| std::env::var(name).ok())
            .find(|v| !v.is_empty())
    };
    let tag = flag.map(str::to_owned).or_else(from_env)?;
    let plain = tag.split(['.', '@']).next().unwrap_or_default();
    (!matches!(plain, "" | "C" | "POSIX")).then_some(tag)
}

pub struct Ui {
    json: bool,
    /// The last state shown, so that polling the same state does not repeat it.
    last_state: RefCell<Option<Value>>,
}

impl Ui {
    pub fn new(json: bool) -> Ui {
        Ui {
            json,
            last_state: RefCell::new(None),
        }
    }

    /// A sentence for the person running the wizard.
    pub fn say(&self, text: &str) {
        self.say_drawn(&printable(text));
    }

    /// `say` for text this program drew itself, escape sequences included (the QR code).
    fn say_drawn(&self, text: &str) {
        if self.json {
            eprintln!("{text}");
        } else {
            println!("{text}");
        }
    }

    /// Something worth knowing that is not a state: in JSON, a `notice` event.
    pub fn notice(&self, text: &str) {
        if self.json {
            self.event(json!({"event": "notice", "message": text}));
        } else {
            println!("{}", printable(text));
        }
    }

    pub fn warn(&self, text: &str) {
        eprintln!("{}", printable(text));
    }

    fn event(&self, value: Value) {
        let mut out = io::stdout().lock();
        let _ = writeln!(out, "{value}");
        let _ = out.flush();
    }

    pub fn simulator(&self, base_url: &str, message: &str) {
        if self.json {
            self.event(json!({"event": "simulator", "baseURL": base_url, "message": message}));
        } else {
            println!("{}", printable(message));
        }
    }

    /// The state and what to do next, once per change.
    pub fn state(&self, next: &NextStep) {
        let mut value = serde_json::to_value(next).unwrap_or_default();
        if self.last_state.borrow().as_ref() == Some(&value) {
            return;
        }
        *self.last_state.borrow_mut() = Some(value.clone());
        if self.json {
            value["event"] = json!("state");
            self.event(value);
        } else {
            println!(
                "\n[{}] {}",
                printable(&next.state),
                printable(&next.message)
            );
        }
    }

    /// The emojis to compare, each with its name beneath it; one per line when seven columns do
    /// not fit the terminal. To stderr with `--json` (a person still reads them there).
    pub fn comparison(&self, comparison: &Comparison) {
        let cells: Vec<(String, String)> = comparison
            .emojis
            .iter()
            .map(|e| {
                let name = e.name.as_deref().unwrap_or("?");
                (
                    printable(&e.emoji).into_owned(),
                    printable(name).into_owned(),
                )
            })
            .collect();
        // Each column as wide as its emoji or its name, whichever is wider, and two spaces.
        let widths: Vec<usize> = cells
            .iter()
            .map(|(emoji, name)| columns(emoji).max(columns(name)) + 2)
            .collect();
        let indent = "    ";
        let fits = indent.len() + widths.iter().sum::<usize>() <= width().unwrap_or(80);
        let mut text = String::from("\nCompare with the other device:\n\n");
        if fits {
            for row in [0, 1] {
                text.push_str(indent);
                for ((emoji, name), width) in cells.iter().zip(&widths) {
                    let cell = if row == 0 { emoji } else { name };
                    text.push_str(cell);
                    text.push_str(&" ".repeat(width - columns(cell)));
                }
                text.truncate(text.trim_end().len());
                text.push('\n');
            }
        } else {
            for (emoji, name) in &cells {
                text.push_str(&format!("{indent}{emoji}  {name}\n"));
            }
        }
        self.say(&text);
    }

    /// The new recovery key, shown once, on purpose: the user must save it.
    pub fn new_recovery_key(&self, key: &str) {
        if self.json {
            self.event(json!({"event": "recovery-key", "recoveryKey": key}));
        }
        let rule = "─".repeat(key.chars().count() + 4);
        self.say(&format!(
            "\nYour new recovery key (shown only this once):\n\n  ┌{rule}┐\n  │  {key}  │\n  └{rule}┘\n\n\
             Save it somewhere safe, such as a password manager. You need it to read your\n\
             encrypted messages on a new device if you have no other device at hand."
        ));
    }

    /// The QR code for the other device's camera, with its payload as text under it for
    /// copying (and instead of it, should it be too long for a QR code).
    pub fn qr_code(&self, payload: &str) {
        // Colours only where they are understood: a terminal (where `say` writes) that is not
        // "dumb", and no NO_COLOR. Elsewhere the code is drawn dark-on-light as plain text.
        let terminal = if self.json {
            io::stderr().is_terminal()
        } else {
            io::stdout().is_terminal()
        };
        let colour = terminal
            && std::env::var("TERM").map_or(true, |t| t != "dumb")
            && std::env::var_os("NO_COLOR").map_or(true, |v| v.is_empty());
        // The payload comes from the server: control characters (possible in a binary payload)
        // are shown escaped rather than sent to the terminal.
        let text = printable(payload);
        match qr::render(payload, colour) {
            Some(code) => self.say_drawn(&format!(
                "\nScan this code with the other device:\n\n{code}\nThe same code as text:\n\n  {text}\n"
            )),
            None => self.say(&format!(
                "\nScan this code with the other device: it is too long to draw, so here is its \
                 payload as text:\n\n  {text}\n"
            )),
        }
    }

    /// Where the access token went (`path`), and the token itself only when `--print-token`
    /// asked for it.
    pub fn token(&self, path: Option<&Path>, token: Option<&str>) {
        const NOT_SAVED: &str = "The access token was not saved (--token-file PATH saves it).";
        if self.json {
            if path.is_none() && token.is_none() {
                self.notice(NOT_SAVED);
                return;
            }
            let mut event =
                json!({"event": "token", "path": path.map(|p| p.display().to_string())});
            if let Some(token) = token {
                event["accessToken"] = json!(token);
            }
            self.event(event);
            return;
        }
        if let Some(token) = token {
            println!("Access token: {}", printable(token));
        }
        match path {
            Some(path) => {
                let quoted = shell_quoted(&path.display().to_string());
                println!(
                    "The access token is saved in {}, readable only by you.\n\
                     Programs using Beeper's API take it from BEEPER_ACCESS_TOKEN:\n\n    \
                     BEEPER_ACCESS_TOKEN=\"$(cat {quoted})\" your-program\n\n\
                     and this wizard continues from it with --token-file {quoted}.",
                    path.display()
                );
            }
            None if token.is_none() => println!("{NOT_SAVED}"),
            None => {}
        }
    }

    pub fn done(&self, user_id: Option<&str>, device_id: Option<&str>) {
        if self.json {
            self.event(json!({"event": "done", "userID": user_id, "deviceID": device_id}));
        } else {
            println!(
                "\n✓ Signed in as {} on device {}. Setup is complete.",
                printable(user_id.unwrap_or("(unknown user)")),
                printable(device_id.unwrap_or("(unknown)"))
            );
        }
    }

    pub fn error(&self, exit: &Exit) {
        if self.json {
            self.event(
                json!({"event": "error", "kind": exit.kind(), "message": exit.message(),
                "exitCode": exit.code()}),
            );
        } else if !matches!(exit, Exit::Interrupted) {
            eprintln!("error: {}", printable(&exit.message()));
        }
    }

    /// Runs `work` while a spinner line turns (on a terminal), or after one line saying what it
    /// waits for (elsewhere). Ctrl-C during the wait just ends the program: nothing is cancelled
    /// on the server.
    pub fn waiting<T>(&self, label: &str, work: impl FnOnce() -> T) -> T {
        let spin = !self.json && io::stdout().is_terminal();
        if !spin {
            // The state line above already says what is awaited.
            return work();
        }
        let stop = AtomicBool::new(false);
        std::thread::scope(|scope| {
            scope.spawn(|| spinner(label, &stop));
            let result = work();
            stop.store(true, Ordering::SeqCst);
            result
        })
    }
}

/// `text` as one shell word (single-quoted unless it is plain).
fn shell_quoted(text: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "/._-+=:,@%".contains(c);
    if !text.is_empty() && text.chars().all(plain) {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

fn spinner(label: &str, stop: &AtomicBool) {
    const FRAMES: [char; 10] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
    let started = Instant::now();
    let mut out = io::stdout();
    for frame in FRAMES.iter().cycle() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let secs = started.elapsed().as_secs();
        let line = format!("{frame} {} ({secs}s, Ctrl-C to stop)", printable(label));
        // Redrawn in place with `\r`: a line wider than the terminal would wrap, and each
        // frame would then leave a row behind. The last column stays free for the cursor.
        let columns = width().map_or(usize::MAX, |w| w.saturating_sub(1).max(1));
        let _ = write!(out, "\r\x1b[2K{}", fit(&line, columns));
        let _ = out.flush();
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = write!(out, "\r\x1b[2K");
    let _ = out.flush();
}
