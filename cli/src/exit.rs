//! Why the wizard stops early, and the exit code for each reason (documented in `--help`).

use beeper_setup::{Error, ErrorKind};

#[derive(Debug)]
pub enum Exit {
    /// The server or the library said no (exit 1).
    Library(Error),
    /// Something else went wrong on the way (exit 1).
    Failed { kind: &'static str, message: String },
    /// A bad command line (exit 2).
    Usage(String),
    /// An answer is needed, no flag gave it, and nobody is at a terminal to ask (exit 3).
    NeedsInput(String),
    /// The user said no (exit 4).
    Declined(String),
    /// Ctrl-C at a hidden prompt, where the wizard reads keys itself (exit 130).
    Interrupted,
}

impl Exit {
    pub fn code(&self) -> i32 {
        match self {
            Exit::Library(_) | Exit::Failed { .. } => 1,
            Exit::Usage(_) => 2,
            Exit::NeedsInput(_) => 3,
            Exit::Declined(_) => 4,
            Exit::Interrupted => 130,
        }
    }

    /// The `kind` of the JSON error event: the library's error kinds, or one of the wizard's own.
    pub fn kind(&self) -> &str {
        match self {
            Exit::Library(e) => e.kind.as_str(),
            Exit::Failed { kind, .. } => kind,
            Exit::Usage(_) => "usage",
            Exit::NeedsInput(_) => "needs-input",
            Exit::Declined(_) => "declined",
            Exit::Interrupted => "interrupted",
        }
    }

    pub fn message(&self) -> String {
        match self {
            Exit::Library(e) => library_message(e),
            Exit::Failed { message, .. }
            | Exit::Usage(message)
            | Exit::NeedsInput(message)
            | Exit::Declined(message) => message.clone(),
            Exit::Interrupted => "interrupted".into(),
        }
    }
}

impl From<Error> for Exit {
    fn from(e: Error) -> Self {
        Exit::Library(e)
    }
}

/// The library's message, with a hint for the errors a person can do something about.
fn library_message(e: &Error) -> String {
    let hint = match (e.kind, e.status) {
        (ErrorKind::Connection, _) => " (is Beeper running? --base-url says where it is)",
        (ErrorKind::Api, Some(401)) => {
            " (this device is already signed in: pass --token-file with its saved token, or set \
             BEEPER_ACCESS_TOKEN, to continue its setup)"
        }
        _ => "",
    };
    format!("{}{hint}", e.message)
}
