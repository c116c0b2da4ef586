//! Terminal input: questions, yes/no, and hidden input for the recovery key.
//!
//! Questions go to stderr so that stdout stays clean for `--json`. When stdin is not a terminal
//! nobody can answer, so a question without an answer ends the wizard (exit code 3) instead of
//! waiting forever.

use crate::exit::Exit;
use crate::screen::printable;
use std::io::{self, BufRead, IsTerminal, Read, Write};

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
            eprintln!("{} yes (--yes)", printable(question));
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
    eprint!("{}", printable(question));
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

/// Hidden input: echo off, and the terminal delivers keys one by one (with Ctrl-C as a plain
/// key), so the wizard handles Backspace and Ctrl-C itself and can always restore the echo: when
/// this returns, on error, on panic, and when a signal (SIGTERM, SIGHUP, SIGINT or SIGQUIT from
/// another process) ends the wizard meanwhile. The default Ctrl-C would kill the process with
/// the echo still off.
fn read_hidden(question: &str) -> Result<String, Exit> {
    eprint!("{}", printable(question));
    let _ = io::stderr().flush();
    let Some(hidden) = hidden::Hidden::start() else {
        eprint!("(could not hide the input) ");
        return read_line("");
    };
    let result = read_keys();
    drop(hidden);
    eprintln!();
    result
}

#[cfg(unix)]
mod hidden {
    use std::mem::MaybeUninit;
    use std::sync::atomic::{AtomicBool, Ordering};

    const SIGNALS: [libc::c_int; 4] = [libc::SIGTERM, libc::SIGHUP, libc::SIGINT, libc::SIGQUIT];

    /// The settings to restore, for the signal handler, which can take no lock: written before
    /// `ACTIVE` is set and read only while it is.
    static mut SAVED: MaybeUninit<libc::termios> = MaybeUninit::uninit();
    static ACTIVE: AtomicBool = AtomicBool::new(false);

    /// Echo off until dropped; the signal handlers that restore it meanwhile.
    pub struct Hidden {
        previous: [libc::sigaction; 4],
    }

    impl Hidden {
        pub fn start() -> Option<Hidden> {
            let fd = libc::STDIN_FILENO;
            let mut saved = MaybeUninit::<libc::termios>::uninit();
            // SAFETY: tcgetattr fills the termios it is given when it returns 0.
            if unsafe { libc::tcgetattr(fd, saved.as_mut_ptr()) } != 0 {
                return None;
            }
            // SAFETY: initialised by tcgetattr above.
            let saved = unsafe { saved.assume_init() };
            // SAFETY: no handler runs yet (ACTIVE is false), so nothing reads SAVED meanwhile.
            unsafe { (*std::ptr::addr_of_mut!(SAVED)).write(saved) };
            ACTIVE.store(true, Ordering::SeqCst);
            let previous = SIGNALS.map(|sig| {
                // SAFETY: a zeroed sigaction is a valid value to fill; `restore_then_die` is
                // async-signal-safe (tcsetattr, signal, raise).
                unsafe {
                    let mut action: libc::sigaction = std::mem::zeroed();
                    action.sa_sigaction = restore_then_die as *const () as libc::sighandler_t;
                    libc::sigemptyset(&mut action.sa_mask);
                    let mut old: libc::sigaction = std::mem::zeroed();
                    libc::sigaction(sig, &action, &mut old);
                    old
                }
            });
            let hidden = Hidden { previous };
            let mut raw = saved;
            raw.c_lflag &= !(libc::ECHO | libc::ICANON | libc::ISIG);
            raw.c_cc[libc::VMIN] = 1;
            raw.c_cc[libc::VTIME] = 0;
            // SAFETY: `raw` is a valid termios.
            if unsafe { libc::tcsetattr(fd, libc::TCSANOW, &raw) } != 0 {
                return None; // Dropping `hidden` puts everything back.
            }
            Some(hidden)
        }
    }

    impl Drop for Hidden {
        fn drop(&mut self) {
            // SAFETY: SAVED was written in `start`; the previous actions came from sigaction.
            unsafe {
                libc::tcsetattr(
                    libc::STDIN_FILENO,
                    libc::TCSANOW,
                    (*std::ptr::addr_of!(SAVED)).as_ptr(),
                );
                ACTIVE.store(false, Ordering::SeqCst);
                for (sig, old) in SIGNALS.iter().zip(&self.previous) {
                    libc::sigaction(*sig, old, std::ptr::null_mut());
                }
            }
        }
    }

    /// Puts the terminal back, then lets the signal do what it would have done.
    extern "C" fn restore_then_die(sig: libc::c_int) {
        // SAFETY: only async-signal-safe calls; SAVED is initialised while ACTIVE is set.
        unsafe {
            if ACTIVE.load(Ordering::SeqCst) {
                libc::tcsetattr(
                    libc::STDIN_FILENO,
                    libc::TCSANOW,
                    (*std::ptr::addr_of!(SAVED)).as_ptr(),
                );
            }
            libc::signal(sig, libc::SIG_DFL);
            libc::raise(sig);
        }
    }
}

#[cfg(not(unix))]
mod hidden {
    /// No way to hide input here: the answer is read as a visible line.
    pub struct Hidden;

    impl Hidden {
        pub fn start() -> Option<Hidden> {
            None
        }
    }
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
