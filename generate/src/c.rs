//! The C function of each operation (`src/ffi/operations.rs`), from which cbindgen writes the
//! header.

use crate::text::{generated_from, paragraph, snake, wrapped, CHECKED, OPERATIONS};
use beeper_setup::Operation;
use std::fmt::Write;

/// The file's text.
pub fn functions() -> String {
    let mut out = format!(
        "//! The C function of each operation, one line over `operation`.\n//! {}\n//! {CHECKED}\n\
         #![allow(clippy::missing_safety_doc)] // The safety contract is the header's, at its top.\n\n\
         use super::boundary::{{boundary, operation, BeeperClient}};\n\
         use crate::Operation;\nuse std::ffi::c_char;\nuse std::ptr;\n",
        generated_from(OPERATIONS)
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
        let doc = paragraph(spec.doc);
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
        // Behind the one panic boundary of every export; rustfmt leaves a macro's arguments
        // as written, so the call is laid out here: on one line when it fits in 100 characters.
        let args = format!("Operation::{op:?}, c, {id}, {body}, out_json");
        let call = match args.len() <= 62 {
            true => format!("    boundary!(out_json => operation({args}))\n"),
            false => format!(
                "    boundary!(out_json => operation(\n        {},\n    ))\n",
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
