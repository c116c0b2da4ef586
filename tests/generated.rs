//! The files generated from the declaration of the operations (src/api/operations.rs) must be
//! exactly what it makes now: the C functions (src/ffi/operations.rs, from which cbindgen
//! writes the header), the Python table and the Swift table. `make generate`
//! (BEEPER_UPDATE_GENERATED=1) rewrites them.

use beeper_setup::{FieldType, Operation, Spec};
use std::fmt::Write;
use std::path::Path;

const C_FILE: &str = "src/ffi/operations.rs";
const PYTHON_FILE: &str = "bindings/python/src/beeper_setup/_operations.py";
const SWIFT_FILE: &str = "bindings/swift/Sources/BeeperSetup/Operations.swift";
const SOURCE: &str = "src/api/operations.rs";

#[test]
fn generated_files_match_the_declaration() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let update = std::env::var_os("BEEPER_UPDATE_GENERATED").is_some();
    let mut stale = Vec::new();
    for (file, text) in [
        (C_FILE, c_functions()),
        (PYTHON_FILE, python_table()),
        (SWIFT_FILE, swift_table()),
    ] {
        let path = root.join(file);
        if update {
            std::fs::write(&path, &text).unwrap();
        } else if std::fs::read_to_string(&path).unwrap_or_default() != text {
            stale.push(file);
        }
    }
    assert!(
        stale.is_empty(),
        "{stale:?} out of date with {SOURCE}: run `make generate` and commit them"
    );
}

/// `recoveryKey` -> `recovery_key`, `setupRequestID` -> `setup_request_id`.
fn snake(camel: &str) -> String {
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
fn lower_camel(dotted: &str) -> String {
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

/// The declaration's text as one paragraph.
fn doc_line(spec: &Spec) -> String {
    spec.doc.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `doc` as comment lines of at most `width` characters, each starting with `prefix`.
fn wrapped(prefix: &str, doc: &str, width: usize) -> String {
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

/// Said at the top of each generated file (after the language's comment marker).
const GENERATED: &str = "Generated from src/api/operations.rs by `make generate`: do not edit.";
const CHECKED: &str = "`cargo test` fails when it is out of date.";

fn c_functions() -> String {
    let mut out = format!(
        "//! The C function of each operation, one line over `operation`.\n//! {GENERATED}\n//! {CHECKED}\n\
         #![allow(clippy::missing_safety_doc)] // The safety contract is the header's, at its top.\n\n\
         use super::boundary::{{operation, BeeperClient}};\n\
         use crate::Operation;\nuse std::ffi::c_char;\nuse std::ptr;\n"
    );
    for op in Operation::ALL {
        let spec = op.spec();
        let mut summary = format!("{} {}", spec.method.as_str(), spec.path);
        if let Some(fields) = spec.body {
            let names: Vec<String> = fields
                .iter()
                .map(|f| format!("{}{}", f.name, if f.required { "" } else { "?" }))
                .collect();
            write!(summary, " with {{{}}}", names.join(", ")).unwrap();
            if !spec.requires_params() {
                summary.push_str(" (params_json may be NULL)");
            }
        }
        let doc = doc_line(spec);
        let mut doc = doc.chars();
        let first = doc.next().map(|c| c.to_ascii_lowercase());
        let doc = format!("{summary}: {}{}", first.unwrap_or_default(), doc.as_str());
        let name = format!("beeper_{}", snake(&spec.name.replace('.', "_")));
        let mut params = vec!["c: *const BeeperClient".to_owned()];
        let id = match spec.takes_id() {
            true => {
                params.push("verification_id: *const c_char".to_owned());
                "verification_id"
            }
            false => "ptr::null()",
        };
        let body = match spec.body {
            Some(_) => {
                params.push("params_json: *const c_char".to_owned());
                "params_json"
            }
            None => "ptr::null()",
        };
        params.push("out_json: *mut *mut c_char".to_owned());
        // As rustfmt lays it out: arguments on one line when they fit in 60 characters.
        let args = format!("Operation::{op:?}, c, {id}, {body}, out_json");
        let call = match args.len() <= 60 {
            true => format!("    operation({args})\n"),
            false => format!(
                "    operation(\n        {},\n    )\n",
                args.replace(", ", ",\n        ")
            ),
        };
        write!(
            out,
            "\n{}#[no_mangle]\npub unsafe extern \"C\" fn {name}(\n    {},\n) -> i32 {{\n{call}}}\n",
            wrapped("/// ", &doc, 100),
            params.join(",\n    "),
        )
        .unwrap();
    }
    out
}

/// What the Python table's file says before its rows.
const PYTHON_HEAD: &str = r#"
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Dict, Optional, Tuple


class Field:
    """A body field: the method's argument, its wire key, whether it is required."""

    __slots__ = ("arg", "wire", "required")

    def __init__(self, arg: str, wire: str, required: bool) -> None:
        self.arg, self.wire, self.required = arg, wire, required


class Operation:
    """One operation: ``name`` is the dotted path of its method under ``client.app``,
    ``abi`` the name ``beeper_client_call`` knows it by (UTF-8, as C takes it), ``result``
    the result model in :mod:`beeper_setup.types` (``None``: no body), ``fields`` its body
    fields in the method's argument order (``None``: it sends no body)."""

    __slots__ = ("name", "abi", "method", "path", "result", "fields")

    def __init__(self, name: str, abi: str, method: str, path: str, result: "Optional[str]",
                 fields: "Optional[Tuple[Field, ...]]") -> None:
        self.name, self.abi, self.method, self.path = name, abi.encode(), method, path
        self.result, self.fields = result, fields

    def __repr__(self) -> str:
        return f"Operation({self.name!r}, {self.method} {self.path})"


OPERATIONS: "Tuple[Operation, ...]" = (
"#;

fn python_table() -> String {
    let mut out = format!(
        "\"\"\"The operations of the app-setup API, as the resource methods of ``_client`` run them.\n\n\
         {GENERATED}\n{CHECKED}\n\"\"\"\n{PYTHON_HEAD}"
    );
    for op in Operation::ALL {
        let spec = op.spec();
        let name = match spec.name.strip_prefix("setup.") {
            Some(_) => snake(spec.name),
            None => format!("setup.{}", snake(spec.name)),
        };
        let result = spec
            .python_result
            .map_or("None".to_owned(), |r| format!("{r:?}"));
        write!(
            out,
            "    Operation(\n        {name:?}, {:?},\n        {:?}, {:?},\n        {result},\n",
            spec.name,
            spec.method.as_str(),
            spec.path,
        )
        .unwrap();
        match spec.body {
            None => out.push_str("        None,\n"),
            Some(fields) => {
                out.push_str("        (\n");
                for f in fields {
                    let required = if f.required { "True" } else { "False" };
                    let (arg, wire) = (snake(f.name), f.name);
                    writeln!(out, "            Field({arg:?}, {wire:?}, {required}),").unwrap();
                }
                out.push_str("        ),\n");
            }
        }
        out.push_str("    ),\n");
    }
    out.push_str(")\n\n#: The operations by ``name``.\nBY_NAME: \"Dict[str, Operation]\" = {op.name: op for op in OPERATIONS}\n");
    out
}

fn swift_table() -> String {
    let mut out = format!(
        "// {GENERATED}\n// {CHECKED}\n\n\
         /// A builder for each operation of the library's table: its name, id and params.\n\
         extension Operation {{\n"
    );
    for op in Operation::ALL {
        let spec = op.spec();
        let fields = spec.body.unwrap_or_default();
        let mut params = Vec::new();
        if spec.takes_id() {
            params.push("id: String".to_owned());
        }
        for f in fields {
            let ty = match f.ty {
                FieldType::True => "Bool",
                FieldType::String | FieldType::NonEmptyString => "String",
            };
            let optional = if f.required { "" } else { "?" };
            params.push(format!("{}: {ty}{optional}", f.name));
        }
        writeln!(
            out,
            "{}    static func {}({}) -> Self {{",
            wrapped(
                "    /// ",
                &format!("`{}`: {}", spec.name, doc_line(spec)),
                100
            ),
            lower_camel(spec.name),
            params.join(", "),
        )
        .unwrap();
        let id = if spec.takes_id() { ", id: id" } else { "" };
        if spec.body.is_none() {
            writeln!(out, "        Self(name: {:?}{id})", spec.name).unwrap();
        } else {
            out.push_str("        var params: [String: JSONValue] = [:]\n");
            for f in fields {
                let value = match (f.ty, f.required) {
                    (FieldType::True, _) => format!(".bool({})", f.name),
                    (_, true) => format!(".string({})", f.name),
                    (_, false) => format!("{}.map(JSONValue.string)", f.name),
                };
                writeln!(out, "        params[{:?}] = {value}", f.name).unwrap();
            }
            let params = match spec.requires_params() {
                true => "params",
                false => "params.isEmpty ? nil : params",
            };
            writeln!(
                out,
                "        return Self(name: {:?}{id}, params: {params})",
                spec.name
            )
            .unwrap();
        }
        out.push_str("    }\n\n");
    }
    out.truncate(out.len() - 1);
    out.push_str("}\n");
    out
}
