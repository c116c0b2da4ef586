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

/// What the server said about a rejected answer, as a sentence a person reads at a prompt: its
/// own message without the status ("HTTP 400: the code is wrong" reads "The code is wrong.").
pub fn rejection(e: &Error) -> String {
    let said = e
        .body
        .as_ref()
        .and_then(|b| b.get("message"))
        .and_then(|m| m.as_str())
        .filter(|m| !m.trim().is_empty());
    sentence(said.unwrap_or(&e.message))
}

/// `text` as a sentence: a capital first letter, and a full stop unless it ends with one.
pub fn sentence(text: &str) -> String {
    let text = text.trim();
    let mut chars = text.chars();
    let mut out: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => return String::new(),
    };
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rejection_reads_as_a_sentence_without_the_status() {
        let mut e = Error::new(
            ErrorKind::Api,
            "HTTP 400: the code is wrong; check the latest email",
        );
        e.status = Some(400);
        e.body = Some(serde_json::json!({"code": "INVALID_CODE",
            "message": "the code is wrong; check the latest email"}));
        assert_eq!(rejection(&e), "The code is wrong; check the latest email.");
        e.body = None;
        assert_eq!(sentence("Done!"), "Done!");
        assert_eq!(sentence("  "), "");
    }
}
