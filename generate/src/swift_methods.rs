//! The Swift binding's per-operation methods (`ResourceMethods.swift`): each operation's method on
//! its resource (`client.app.setup.verifications.sas.start(verificationID:options:)`, async) and
//! on the resource's blocking twin (`client.blocking.app...`, `noasync`), as extensions of the
//! hand-written resources (`Resources.swift`, `BlockingResources.swift`). The signature (the
//! verification id, each body field under its wire name, `options`), the documentation and the
//! call of the operation's builder (`Operations.swift`) come from the declaration; the Swift
//! names of the resources live here.

use crate::swift::{name, SOURCES};
use crate::text::{aligned, generated_from, lower_camel, paragraph, wrapped, CHECKED, OPERATIONS};
use beeper_setup::{Field, FieldType, Operation, Spec};
use std::fmt::Write;

/// The Swift type of each resource below `client.app.setup`, by its dotted path in the
/// operations' names: the top-level resources, then those nested in them.
const RESOURCES: &[(&str, &str)] = &[
    ("setup", "SetupResource"),
    ("recoveryKey", "RecoveryKeyResource"),
    ("recoveryKey.reset", "RecoveryKeyResource.Reset"),
    ("verifications", "VerificationsResource"),
    ("verifications.qr", "VerificationsResource.QR"),
    ("verifications.sas", "VerificationsResource.SAS"),
];

/// The errors of the server an operation's documentation names, by its dotted name: what an
/// app is most likely to handle.
const THROWS: &[(&str, &str)] = &[
    (
        "setup.response",
        "`.api` with ``ServerErrorCode/invalidCode`` for a wrong code",
    ),
    (
        "recoveryKey.verify",
        "`.api` with ``ServerErrorCode/invalidRecoveryKey`` for a wrong key",
    ),
    (
        "recoveryKey.reset.confirm",
        "`.api` with ``ServerErrorCode/recoveryKeyMismatch`` for another key",
    ),
    (
        "verifications.qr.scan",
        "`.api` with ``ServerErrorCode/qrMismatch`` for another code",
    ),
];

/// The generated file, as (path from the repository's root, text).
pub fn file() -> (String, String) {
    (format!("{SOURCES}/ResourceMethods.swift"), methods())
}

/// The resource path of an operation (`verifications.sas`) and its method's name (`start`).
fn place(spec: &Spec) -> (&'static str, &'static str) {
    spec.name.rsplit_once('.').expect("a dotted name")
}

/// The Swift type of the resource at `path`.
fn resource(path: &str) -> &'static str {
    RESOURCES
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, t)| *t)
        .unwrap_or_else(|| panic!("no Swift resource for `{path}`: add it to RESOURCES"))
}

fn methods() -> String {
    let mut out = format!(
        "// {}\n// {CHECKED}\n\n\
         // Each operation's method on its resource (async) and on the resource's blocking twin\n\
         // (noasync), over the builders of Operations.swift.\n",
        generated_from(OPERATIONS)
    );
    for blocking in [false, true] {
        for (path, ty) in RESOURCES {
            let ops: Vec<&Spec> = Operation::ALL
                .iter()
                .map(|op| op.spec())
                .filter(|spec| place(spec).0 == *path)
                .collect();
            if ops.is_empty() {
                continue;
            }
            let ty = match blocking {
                true => format!("{ty}.Blocking"),
                false => ty.to_string(),
            };
            write!(out, "\nextension {ty} {{\n").unwrap();
            let methods: Vec<String> = ops.iter().map(|s| method(s, blocking)).collect();
            out.push_str(&methods.join("\n"));
            out.push_str("}\n");
        }
    }
    out
}

/// A body field's Swift parameter: its wire name, its type (a declared enum's Swift type, `Bool`
/// for a field that must be true, else `String`), `nil` by default when it may be left out.
fn parameter(field: &Field) -> String {
    let ty = match (field.model, field.ty) {
        (Some(model), _) => name(model).to_owned(),
        (None, FieldType::True) => "Bool".into(),
        (None, _) => "String".into(),
    };
    match field.required {
        true => format!("{}: {ty}", field.name),
        false => format!("{}: {ty}? = nil", field.name),
    }
}

/// What the builder is given for a body field: an enum's raw value, else the value.
fn argument(field: &Field) -> String {
    match (field.model, field.required) {
        (Some(_), true) => format!("{0}: {0}.rawValue", field.name),
        (Some(_), false) => format!("{0}: {0}?.rawValue", field.name),
        (None, _) => format!("{0}: {0}", field.name),
    }
}

/// The Swift selector of the async method, as documentation links name it:
/// `cancel(verificationID:code:reason:options:)`.
fn selector(spec: &Spec) -> String {
    let mut labels = Vec::new();
    if spec.takes_id() {
        labels.push("verificationID:".to_owned());
    }
    labels.extend(
        spec.body
            .unwrap_or_default()
            .iter()
            .map(|f| format!("{}:", f.name)),
    );
    labels.push("options:".into());
    format!("{}({})", place(spec).1, labels.concat())
}

/// One method, async or blocking: its documentation, signature and call.
fn method(spec: &Spec, blocking: bool) -> String {
    let (path, method) = place(spec);
    let fields = spec.body.unwrap_or_default();
    let mut params = Vec::new();
    let mut args = Vec::new();
    if spec.takes_id() {
        params.push("verificationID: String".to_owned());
        args.push("id: verificationID".to_owned());
    }
    params.extend(fields.iter().map(parameter));
    args.extend(fields.iter().map(argument));
    params.push("options: CallOptions? = nil".into());
    let answer = match spec.answer {
        "()" => None,
        answer => Some(name(answer)),
    };
    let summary = match blocking {
        true => format!(
            "{} Blocking; see ``{}/{}``.",
            paragraph(spec.doc),
            resource(path).replace('.', "/"),
            selector(spec)
        ),
        false => paragraph(spec.doc),
    };
    let mut out = wrapped("    /// ", &format!("`{}`: {summary}", spec.name), 100);
    let mut docs: Vec<(String, String)> = Vec::new();
    if spec.takes_id() {
        docs.push((
            "verificationID".into(),
            "The verification's ``Verification/id`` (\"active\" names the one in progress).".into(),
        ));
    }
    for f in fields {
        docs.push((f.name.into(), paragraph(f.doc)));
    }
    docs.push((
        "options".into(),
        "Per-call options (timeout, retries, extra headers, query, body).".into(),
    ));
    if docs.len() == 1 {
        out.push_str(&wrapped(
            "    /// - Parameter ",
            &format!("options: {}", docs[0].1),
            100,
        ));
    } else {
        out.push_str("    /// - Parameters:\n");
        for (param, doc) in &docs {
            out.push_str(&hanging(
                "    ///   - ",
                "    ///     ",
                &format!("{param}: {doc}"),
            ));
        }
    }
    if let Some(answer) = answer {
        writeln!(out, "    /// - Returns: The answer, a ``{answer}``.").unwrap();
    }
    let mut throws = vec!["``BeeperSetupError``".to_owned()];
    if let Some((_, error)) = THROWS.iter().find(|(op, _)| *op == spec.name) {
        throws[0].push_str(&format!(": {error}"));
    }
    if spec.takes_id() {
        throws.push("`.invalidArgument` for an empty id".into());
    }
    if !blocking {
        throws.push("`CancellationError` when the awaiting Task is cancelled".into());
    }
    let throws = format!("{}.", throws.join("; "));
    out.push_str(&hanging("    /// - Throws: ", "    ///   ", &throws));
    let tree = match path {
        "setup" => format!("client.app.setup.{method}"),
        _ => format!("client.app.setup.{path}.{method}"),
    };
    let call_args = if spec.takes_id() || !fields.is_empty() {
        "..."
    } else {
        ""
    };
    if blocking {
        writeln!(
            out,
            "    @available(*, noasync, message: \"blocks its thread: use {tree}({call_args}) with await\")"
        )
        .unwrap();
    }
    let effects = if blocking { "throws" } else { "async throws" };
    let returns = answer.map(|a| format!(" -> {a}")).unwrap_or_default();
    out.push_str(&aligned(
        &format!("    public func {method}("),
        &params,
        &format!(") {effects}{returns} {{"),
    ));
    let call = match blocking {
        true => "try client.call",
        false => "try await client.callAsync",
    };
    let bind = if answer.is_none() {
        "let _: Empty = "
    } else {
        ""
    };
    let builder = format!("        {bind}{call}(Operation.{}(", lower_camel(spec.name));
    let built = match args.is_empty() {
        true => format!("{builder}), options: options)\n"),
        false => aligned(&builder, &args, "), options: options)"),
    };
    out.push_str(&built);
    out.push_str("    }\n");
    out
}

/// `doc` wrapped at 100 columns, its first line after `first`, the others after `rest`.
fn hanging(first: &str, rest: &str, doc: &str) -> String {
    wrapped(first, doc, 100).replace(&format!("\n{first}"), &format!("\n{rest}"))
}
