//! Text helpers every generator shares: names in each language's case, documentation as one
//! paragraph or wrapped comment lines, and what the first lines of a generated file say.

use std::fmt::Write;

/// `recoveryKey` -> `recovery_key`, `setupRequestID` -> `setup_request_id`.
pub fn snake(camel: &str) -> String {
    let mut out = String::new();
    let mut after_lower = false;
    for c in camel.chars() {
        if c.is_ascii_uppercase() && after_lower {
            out.push('_');
        }
        after_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// `verifications.qr.confirmScanned` -> `verificationsQrConfirmScanned`.
pub fn lower_camel(dotted: &str) -> String {
    let mut out = String::new();
    for (i, part) in dotted.split('.').enumerate() {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            match i {
                0 => out.push(first),
                _ => out.push(first.to_ascii_uppercase()),
            }
            out.extend(chars);
        }
    }
    out
}

/// A declaration's documentation as one paragraph.
pub fn paragraph(doc: &str) -> String {
    doc.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `doc` as comment lines of at most `width` characters, each starting with `prefix`.
pub fn wrapped(prefix: &str, doc: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = prefix.to_owned();
    for word in doc.split_whitespace() {
        if line.len() > prefix.len() && line.len() + 1 + word.len() > width {
            writeln!(out, "{line}").unwrap();
            line = prefix.to_owned();
        }
        if line.len() > prefix.len() {
            line.push(' ');
        }
        line.push_str(word);
    }
    writeln!(out, "{line}").unwrap();
    out
}

/// `open`, `items` separated by commas, `close`, as signatures and calls are written: as many
/// items a line as fit in 100 columns, the next lines aligned after `open`.
pub fn aligned(open: &str, items: &[String], close: &str) -> String {
    if items.is_empty() {
        return format!("{open}{close}\n");
    }
    let pad = " ".repeat(open.len());
    let mut out = String::new();
    let mut line = open.to_owned();
    let mut line_is_empty = true;
    for (i, item) in items.iter().enumerate() {
        let piece = match i + 1 == items.len() {
            true => format!("{item}{close}"),
            false => format!("{item},"),
        };
        if !line_is_empty && line.len() + 1 + piece.len() > 100 {
            writeln!(out, "{line}").unwrap();
            line.clone_from(&pad);
            line_is_empty = true;
        }
        if !line_is_empty {
            line.push(' ');
        }
        line.push_str(&piece);
        line_is_empty = false;
    }
    writeln!(out, "{line}").unwrap();
    out
}

/// What the first lines of a file generated from `source` say (after the comment marker).
pub fn generated_from(source: &str) -> String {
    format!("Generated from {source} by `make generate`: do not edit.")
}

/// Said after [`generated_from`].
pub const CHECKED: &str = "`cargo test --workspace` fails when it is out of date.";

/// The declarations the generated files come from.
pub const OPERATIONS: &str = "src/api/operations.rs";
/// See [`OPERATIONS`].
pub const MODELS: &str = "src/api/models.rs";
/// See [`OPERATIONS`].
pub const FLOW_MODELS: &str = "src/api/flow_models.rs";

/// The fields as the bindings' initialisers of the library's answers take them: those without a
/// default first (as Python and Swift want them), each group in declaration order.
pub fn without_default_first<T>(fields: &[T], has_default: impl Fn(&T) -> bool) -> Vec<&T> {
    let (mut first, then): (Vec<&T>, Vec<&T>) = fields.iter().partition(|f| !has_default(f));
    first.extend(then);
    first
}
