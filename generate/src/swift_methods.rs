//! The Swift binding's per-operation methods (`ResourceMethods.swift`): each operation's method on
//! its resource (`client.app.setup.verifications.sas.start(verificationID:options:)`, async) and
//! on the resource's blocking twin (`client.blocking.app...`, `noasync`), as extensions of the
//! hand-written resources (`Resources.swift`, `BlockingResources.swift`). The signature (the
//! verification id, each body field under its wire name, `options`), the documentation and the
//! call of the operation's builder (`Operations.swift`) come from the declaration. And the flat
//! protocol's (`SetupAPIMethods.swift`): each operation's form of `BeeperSetupAPI` without
//! `options`, its default that throws for a fake, and `LiveSetupAPI`'s forwarding to the tree,
//! beside the protocol's hand-written requirements (`SetupAPI.swift`). The Swift names of the
//! resources and the flat names of the operations live here.

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

/// Each operation's name on the flat protocol (`BeeperSetupAPI`), by its dotted name, where it
/// is not the tree's method's (the operations of `client.app.setup` keep theirs), and whether
/// its first body field is passed without a label (`verifyRecoveryKey(_:options:)`).
const FLAT: &[(&str, &str, bool)] = &[
    ("recoveryKey.verify", "verifyRecoveryKey", true),
    ("recoveryKey.reset.create", "createRecoveryKey", false),
    ("recoveryKey.reset.confirm", "confirmRecoveryKey", true),
    ("verifications.list", "listVerifications", false),
    ("verifications.create", "createVerification", false),
    ("verifications.retrieve", "retrieveVerification", false),
    ("verifications.accept", "acceptVerification", false),
    ("verifications.cancel", "cancelVerification", false),
    ("verifications.qr.scan", "scanQR", false),
    ("verifications.qr.confirmScanned", "confirmQRScanned", false),
    ("verifications.sas.start", "startSAS", false),
    ("verifications.sas.confirm", "confirmSAS", false),
];

/// The generated files, as (path from the repository's root, text).
pub fn files() -> Vec<(String, String)> {
    vec![
        (format!("{SOURCES}/ResourceMethods.swift"), methods()),
        (format!("{SOURCES}/SetupAPIMethods.swift"), flat_methods()),
    ]
}

/// An operation's flat name and whether its first body field has no label.
fn flat_name(spec: &Spec) -> (&'static str, bool) {
    match place(spec) {
        ("setup", method) => (method, false),
        _ => FLAT
            .iter()
            .find(|(op, _, _)| *op == spec.name)
            .map(|(_, flat, unlabeled)| (*flat, *unlabeled))
            .unwrap_or_else(|| panic!("no flat Swift name for `{}`: add it to FLAT", spec.name)),
    }
}

/// The flat protocol's operations, beside its declaration (`SetupAPI.swift`, which declares
/// each as a requirement): the forms without `options`, the defaults that throw for a fake, and
/// `LiveSetupAPI`'s forwarding to the tree.
fn flat_methods() -> String {
    let mut out = format!(
        "// {}\n// {CHECKED}\n\n\
         // The operations of BeeperSetupAPI (whose requirements SetupAPI.swift declares): the forms\n\
         // without `options`, the default of each requirement, which throws for a fake that does not\n\
         // implement it, and LiveSetupAPI's, which forwards to the resource tree.\n",
        generated_from(OPERATIONS)
    );
    let specs: Vec<&Spec> = Operation::ALL.iter().map(|op| op.spec()).collect();
    let parts: [(&str, Part); 3] = [
        ("BeeperSetupAPI", short_form),
        ("BeeperSetupAPI", throwing_default),
        ("LiveSetupAPI", forwarding),
    ];
    for (ty, part) in parts {
        let methods: Vec<String> = specs.iter().map(|spec| part(spec)).collect();
        write!(out, "\nextension {ty} {{\n{}}}\n", methods.join("\n")).unwrap();
    }
    out
}

/// What writes one of the flat protocol's methods of an operation.
type Part = fn(&Spec) -> String;

/// A flat method's parameters and the arguments that pass them on (`(label: value)`, or the
/// value alone for an unlabeled first field), with `options` when `options` and each optional
/// field defaulted to `nil` when `defaulted`.
fn flat_signature(spec: &Spec, options: bool, defaulted: bool) -> (Vec<String>, Vec<String>) {
    let (_, unlabeled) = flat_name(spec);
    let mut params = Vec::new();
    let mut args = Vec::new();
    if spec.takes_id() {
        params.push("verificationID: String".to_owned());
        args.push("verificationID: verificationID".to_owned());
    }
    for (i, f) in spec.body.unwrap_or_default().iter().enumerate() {
        let bare = unlabeled && i == 0;
        params.push(flat_parameter(f, defaulted, bare));
        args.push(match bare {
            true => f.name.to_owned(),
            false => format!("{0}: {0}", f.name),
        });
    }
    if options {
        params.push("options: CallOptions?".into());
    }
    (params, args)
}

/// A flat method's selector: `verifyRecoveryKey(_:options:)`.
fn flat_selector(spec: &Spec) -> String {
    let (flat, _) = flat_name(spec);
    let (params, _) = flat_signature(spec, true, false);
    let labels: Vec<String> = params
        .iter()
        .map(|p| format!("{}:", p.split([':', ' ']).next().unwrap()))
        .collect();
    format!("{flat}({})", labels.concat())
}

/// ` -> Answer`, or nothing for an operation that answers nothing.
fn returns(spec: &Spec) -> String {
    match spec.answer {
        "()" => String::new(),
        answer => format!(" -> {}", name(answer)),
    }
}

/// The `- Returns:` line, when the operation answers something: the answer's type.
fn returns_doc(spec: &Spec) -> String {
    match spec.answer {
        "()" => String::new(),
        answer => format!("    /// - Returns: The answer, a ``{}``.\n", name(answer)),
    }
}

/// The form without `options`: `try await api.start()`.
fn short_form(spec: &Spec) -> String {
    let (flat, _) = flat_name(spec);
    let (params, args) = flat_signature(spec, false, true);
    let mut out = format!("    /// ``{}`` with no options.\n", flat_selector(spec));
    out.push_str(&parameter_docs(spec, false));
    out.push_str(&returns_doc(spec));
    out.push_str("    /// - Throws: ``BeeperSetupError``.\n");
    out.push_str(&aligned(
        &format!("    public func {flat}("),
        &params,
        &format!(") async throws{} {{", returns(spec)),
    ));
    let mut args = args;
    args.push("options: nil".into());
    out.push_str(&aligned(
        &format!("        try await self.{flat}("),
        &args,
        ")",
    ));
    out.push_str("    }\n");
    out
}

/// The default of a requirement: a fake that does not implement it throws, naming itself and
/// the operation.
fn throwing_default(spec: &Spec) -> String {
    let (flat, _) = flat_name(spec);
    let (params, _) = flat_signature(spec, true, false);
    let mut out = format!(
        "    /// Default for a fake that does not implement `{}`: throws.\n",
        spec.name
    );
    out.push_str(&parameter_docs(spec, true));
    if spec.answer != "()" {
        out.push_str("    /// - Returns: Never.\n");
    }
    out.push_str(
        "    /// - Throws: ``BeeperSetupError`` of kind `.internal`, naming the operation.\n",
    );
    out.push_str(&aligned(
        &format!("    public func {flat}("),
        &params,
        &format!(") async throws{} {{", returns(spec)),
    ));
    out.push_str("        throw notImplemented()\n    }\n");
    out
}

/// `LiveSetupAPI`'s method: the tree's operation of the same meaning.
fn forwarding(spec: &Spec) -> String {
    let (path, method) = place(spec);
    let (flat, _) = flat_name(spec);
    let (params, _) = flat_signature(spec, true, false);
    let mut out = wrapped(
        "    /// ",
        &format!(
            "`{}`: {} See ``{}/{}``.",
            spec.name,
            paragraph(spec.doc),
            resource(path).replace('.', "/"),
            selector(spec)
        ),
        100,
    );
    out.push_str(&parameter_docs(spec, true));
    out.push_str(&returns_doc(spec));
    out.push_str(&throws_doc(spec, true));
    out.push_str(&aligned(
        &format!("    public func {flat}("),
        &params,
        &format!(") async throws{} {{", returns(spec)),
    ));
    let target = match path {
        "setup" => format!("setup.{method}"),
        _ => format!("setup.{path}.{method}"),
    };
    let args = tree_parameters(spec, |name| format!("{name}: {name}"));
    out.push_str(&aligned(
        &format!("        try await {target}("),
        &args,
        ")",
    ));
    out.push_str("    }\n");
    out
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
    flat_parameter(field, true, false)
}

/// As [`parameter`], with `= nil` only when `defaulted`, and without a label when `unlabeled`.
fn flat_parameter(field: &Field, defaulted: bool, unlabeled: bool) -> String {
    let ty = match (field.model, field.ty) {
        (Some(model), _) => name(model).to_owned(),
        (None, FieldType::True) => "Bool".into(),
        (None, _) => "String".into(),
    };
    let label = if unlabeled { "_ " } else { "" };
    match (field.required, defaulted) {
        (true, _) => format!("{label}{}: {ty}", field.name),
        (false, true) => format!("{label}{}: {ty}? = nil", field.name),
        (false, false) => format!("{label}{}: {ty}?", field.name),
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
    let labels = tree_parameters(spec, |name| format!("{name}:"));
    format!("{}({})", place(spec).1, labels.concat())
}

/// The names of the tree method's parameters (the verification id, each body field, `options`),
/// each as `write` writes it.
fn tree_parameters(spec: &Spec, write: impl Fn(&str) -> String) -> Vec<String> {
    let mut names = Vec::new();
    if spec.takes_id() {
        names.push("verificationID");
    }
    names.extend(spec.body.unwrap_or_default().iter().map(|f| f.name));
    names.push("options");
    names.into_iter().map(write).collect()
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
    out.push_str(&parameter_docs(spec, true));
    out.push_str(&returns_doc(spec));
    out.push_str(&throws_doc(spec, !blocking));
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

/// The `- Parameters:` of an operation's method: the verification id, each body field, and
/// `options` when the method takes it.
fn parameter_docs(spec: &Spec, options: bool) -> String {
    let mut docs: Vec<(String, String)> = Vec::new();
    if spec.takes_id() {
        docs.push((
            "verificationID".into(),
            "The verification's ``Verification/id`` (\"active\" names the one in progress).".into(),
        ));
    }
    for f in spec.body.unwrap_or_default() {
        docs.push((f.name.into(), paragraph(f.doc)));
    }
    if options {
        docs.push((
            "options".into(),
            "Per-call options (timeout, retries, extra headers, query, body).".into(),
        ));
    }
    match docs.as_slice() {
        [] => String::new(),
        [(param, doc)] => wrapped("    /// - Parameter ", &format!("{param}: {doc}"), 100),
        _ => {
            let mut out = "    /// - Parameters:\n".to_owned();
            for (param, doc) in &docs {
                out.push_str(&hanging(
                    "    ///   - ",
                    "    ///     ",
                    &format!("{param}: {doc}"),
                ));
            }
            out
        }
    }
}

/// The `- Throws:` of an operation's method: the server's errors an app is most likely to
/// handle, and, for an async method, the Task's cancellation.
fn throws_doc(spec: &Spec, cancellable: bool) -> String {
    let mut throws = vec!["``BeeperSetupError``".to_owned()];
    if let Some((_, error)) = THROWS.iter().find(|(op, _)| *op == spec.name) {
        throws[0].push_str(&format!(": {error}"));
    }
    if spec.takes_id() {
        throws.push("`.invalidArgument` for an empty id".into());
    }
    if cancellable {
        throws.push("`CancellationError` when the awaiting Task is cancelled".into());
    }
    let throws = format!("{}.", throws.join("; "));
    hanging("    /// - Throws: ", "    ///   ", &throws)
}

/// `doc` wrapped at 100 columns, its first line after `first`, the others after `rest`.
fn hanging(first: &str, rest: &str, doc: &str) -> String {
    wrapped(first, doc, 100).replace(&format!("\n{first}"), &format!("\n{rest}"))
}
