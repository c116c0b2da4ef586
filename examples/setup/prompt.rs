//! Terminal input: questions, yes/no, and hidden input for the recovery key.
//!
//! Questions go to stderr so that stdout stays clean for `--json`. When stdin is not a terminal
//! nobody can answer, so a question without an answer ends the wizard (exit code 3) instead of
//! waiting forever.

use crate::exit::Exit;
use std::io::{self, BufRead, IsTerminal, Read, Write};
use std::process::{Command, Stdio};

pub struct Term {
    interactive: bool,
}

impl Term {
    pub fn new() -> Term {
        Term {
            interactive: io::stdin().is_terminal(),
        }
    }

    /// Whether a person can answer questions.
    pub fn interactive(&self) -> bool {
        self.interactive
    }

    /// Fails with "needs input" when nobody can answer; `flag` says how to give the answer.
    pub fn require(&self, flag: &str, what: &str) -> Result<(), Exit> {
        if self.interactive {
            Ok(())
        } else {
            Err(Exit::NeedsInput(format!(
                "{what} is needed: pass {flag} (stdin is not a terminal, so the wizard cannot ask)"
            )))
        }
    }

    /// Asks for a line of text (trimmed); asks again while the answer is empty and there is no
    /// `default`.
    pub fn ask(&self, question: &str, flag: &str, default: Option<&str>) -> Result<String, Exit> {
        self.require(flag, question.trim_end_matches([':', ' ']))?;
        loop {
            let answer = read_line(question)?;
            match (answer.trim(), default) {
                ("", Some(d)) => return Ok(d.to_owned()),
                ("", None) => continue,
                (text, _) => return Ok(text.to_owned()),
            }
        }
    }

    /// A yes/no question. `--yes` answers yes without asking; `default` is what Enter means.
    pub fn confirm(&self, question: &str, yes_flag: bool, default: bool) -> Result<bool, Exit> {
        if yes_flag {
            eprintln!("{question} yes (--yes)");
            return Ok(true);
        }
        self.require("--yes", &format!("an answer to {question:?}"))?;
        let choices = if default { "[Y/n]" } else { "[y/N]" };
        loop {
            let answer = read_line(&format!("{question} {choices} "))?;
            match answer.trim().to_ascii_lowercase().as_str() {
                "" => return Ok(default),
                "y" | "yes" => return Ok(true),
                "n" | "no" => return Ok(false),
                _ => eprintln!("Please answer y or n."),
            }
        }
    }

    /// Reads a secret without showing it. The terminal's settings are restored before this
    /// returns, whatever happens; Ctrl-C here ends the wizard with exit code 130.
    /// `default` is what Enter alone means (asks again when there is none).
    pub fn ask_hidden(
        &self,
        question: &str,
        flag: &str,
        default: Option<&str>,
    ) -> Result<String, Exit> {
        self.require(flag, question.trim_end_matches([':', ' ']))?;
        loop {
            let answer = read_hidden(question)?;
            match (answer.trim(), default) {
                ("", Some(d)) => return Ok(d.to_owned()),
                ("", None) => continue,
                (text, _) => return Ok(text.to_owned()),
            }
        }
    }
}

/// One line from stdin after showing `question`; end of input is "no answer".
fn read_line(question: &str) -> Result<String, Exit> {
    eprint!("{question}");
    let _ = io::stderr().flush();
    let mut line = String::new();
    match io::stdin().lock().read_line(&mut line) {
        Ok(0) => {
            eprintln!();
            Err(Exit::NeedsInput("no answer (end of input)".into()))
        }
        Ok(_) => Ok(line.trim_end_matches(['\r', '\n']).to_owned()),
        Err(e) => Err(Exit::Failed {
            kind: "io",
            message: format!("could not read the answer: {e}"),
        }),
    }
}

/// Reads one line from stdin (for `--recovery-key -`).
pub fn read_stdin_line() -> Result<String, Exit> {
    let mut line = String::new();
    io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Exit::Failed {
            kind: "io",
            message: format!("could not read stdin: {e}"),
        })?;
    Ok(line.trim().to_owned())
}

fn stty(args: &[&str]) -> io::Result<String> {
    let out = Command::new("stty")
        .args(args)
        .stdin(Stdio::inherit())
        .stderr(Stdio::null())
        .output()?;
    if !out.status.success() {
        return Err(io::Error::other("stty failed"));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// Puts the terminal back as it was when dropped: on success, on error and on panic.
struct RestoreTerminal(String);

impl Drop for RestoreTerminal {
    fn drop(&mut self) {
        let _ = stty(&[&self.0]);
    }
}

/// Hidden input: echo off, and the terminal delivers keys one by one (with Ctrl-C as a plain
/// key), so the wizard handles Backspace and Ctrl-C itself and can always restore the echo. The
/// default Ctrl-C would kill the process with the echo still off.
fn read_hidden(question: &str) -> Result<String, Exit> {
    eprint!("{question}");
    let _ = io::stderr().flush();
    let Ok(saved) = stty(&["-g"]) else {
        eprint!("(could not hide the input) ");
        return read_line("");
    };
    let restore = RestoreTerminal(saved);
    if stty(&["-echo", "-icanon", "-isig", "min", "1", "time", "0"]).is_err() {
        drop(restore);
        eprint!("(could not hide the input) ");
        return read_line("");
    }
    let result = read_keys();
    drop(restore);
    eprintln!();
    result
}

fn read_keys() -> Result<String, Exit> {
    let mut typed: Vec<u8> = Vec::new();
    let mut in_escape = false;
    let stdin = io::stdin();
    let mut stdin = stdin.lock();
    let mut byte = [0u8; 1];
    loop {
        match stdin.read(&mut byte) {
            Ok(0) => return Err(Exit::NeedsInput("no answer (end of input)".into())),
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => {
                return Err(Exit::Failed {
                    kind: "io",
                    message: format!("could not read the answer: {e}"),
                })
            }
        }
        match byte[0] {
            // Arrow keys and the like: ESC [ ... final byte. Skip them.
            0x1b => in_escape = true,
            b if in_escape => in_escape = b == b'[' || !(0x40..=0x7e).contains(&b),
            0x03 => return Err(Exit::Interrupted),
            0x04 if typed.is_empty() => {
                return Err(Exit::NeedsInput("no answer (end of input)".into()))
            }
            b'\n' | b'\r' => return Ok(String::from_utf8_lossy(&typed).into_owned()),
            0x7f | 0x08 => {
                // Drop one whole UTF-8 character.
                while typed.pop().is_some_and(|b| b & 0xc0 == 0x80) {}
            }
            0x15 => typed.clear(),
            b if b < 0x20 => {}
            b => typed.push(b),
        }
    }
}
