//! The Python binding's generated files: the table of operations (`_operations.py`), the models
//! (`types/__init__.py`), the official SDK's module for each result
//! (`types/app/setup/verification_list_response.py`, ...) and the library's own answers
//! (`_flow_models.py`). The Python names of the models are the official SDK's, and live here,
//! not in the Rust declaration.

use crate::text::{
    generated_from, paragraph, snake, without_default_first, wrapped, CHECKED, FLOW_MODELS, MODELS,
    OPERATIONS,
};
use beeper_setup::models::{catalog, FieldSpec, ModelSpec, Origin, Shape, Ty};
use beeper_setup::{Operation, Spec};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// Where the package's sources are.
pub(crate) const PACKAGE: &str = "bindings/python/src/beeper_setup";

/// The official SDK's name of each model of the declaration (by its Rust name), where it differs.
const NAMES: &[(&str, &str)] = &[
    ("Secrets", "E2EESecrets"),
    ("E2ee", "E2EE"),
    ("MatrixAccount", "Matrix"),
    ("OtherDevice", "VerificationOtherDevice"),
    ("Qr", "VerificationQR"),
    ("Sas", "VerificationSAS"),
    ("StartResponse", "SetupStartResponse"),
    ("SignedIn", "Success"),
    ("RegistrationCopy", "RegistrationRequiredCopy"),
    ("SignInResponse", "SetupResponseResponse"),
    ("RecoveryKeyCreated", "ResetCreateResponse"),
    ("VerificationList", "VerificationListResponse"),
    ("Outcome", "VerificationOutcome"),
];

/// The hand-written classes (in `_flow_behaviour.py`) whose behaviour a generated model of the
/// library's answers takes on: (model, class).
const BEHAVIOUR: &[(&str, &str)] = &[("Change", "ChangeBehaviour")];

/// Field names that would hide a method of the models (pydantic's `copy`): the official SDK's
/// spelling.
const FIELD_NAMES: &[(&str, &str)] = &[("copy", "copy_")];

/// Each operation's result: the official SDK's module (under `types/`) and class name.
const RESULTS: &[(&str, &str, &str)] = &[
    (
        "setup.retrieve",
        "app/setup_retrieve_response",
        "SetupRetrieveResponse",
    ),
    (
        "setup.start",
        "app/setup_start_response",
        "SetupStartResponse",
    ),
    (
        "setup.response",
        "app/setup_response_response",
        "SetupResponseResponse",
    ),
    (
        "setup.register",
        "app/setup_register_response",
        "SetupRegisterResponse",
    ),
    (
        "recoveryKey.verify",
        "app/setup/recovery_key_verify_response",
        "RecoveryKeyVerifyResponse",
    ),
    (
        "recoveryKey.reset.create",
        "app/setup/recovery_key/reset_create_response",
        "ResetCreateResponse",
    ),
    (
        "recoveryKey.reset.confirm",
        "app/setup/recovery_key/reset_confirm_response",
        "ResetConfirmResponse",
    ),
    (
        "verifications.list",
        "app/setup/verification_list_response",
        "VerificationListResponse",
    ),
    (
        "verifications.create",
        "app/setup/verification_create_response",
        "VerificationCreateResponse",
    ),
    (
        "verifications.retrieve",
        "app/setup/verification_retrieve_response",
        "VerificationRetrieveResponse",
    ),
    (
        "verifications.accept",
        "app/setup/verification_accept_response",
        "VerificationAcceptResponse",
    ),
    (
        "verifications.cancel",
        "app/setup/verification_cancel_response",
        "VerificationCancelResponse",
    ),
    (
        "verifications.qr.scan",
        "app/setup/verifications/qr_scan_response",
        "QRScanResponse",
    ),
    (
        "verifications.qr.confirmScanned",
        "app/setup/verifications/qr_confirm_scanned_response",
        "QRConfirmScannedResponse",
    ),
    (
        "verifications.sas.start",
        "app/setup/verifications/sas_start_response",
        "SASStartResponse",
    ),
    (
        "verifications.sas.confirm",
        "app/setup/verifications/sas_confirm_response",
        "SASConfirmResponse",
    ),
];

/// The names of the readers of each union (by its Rust name): `parse_...` and `_wrap_...`.
const UNION_READERS: &[(&str, &str)] = &[("SignInResponse", "response_union")];

fn lookup<'a>(table: &[(&'a str, &'a str)], key: &'a str) -> &'a str {
    table
        .iter()
        .find(|(k, _)| *k == key)
        .map_or(key, |(_, v)| v)
}

/// The Python name of a model.
fn name(rust: &str) -> &str {
    lookup(NAMES, rust)
}

/// The official SDK's result class of an operation (`None`: it answers nothing).
pub(crate) fn result_class(op: &str) -> Option<&'static str> {
    RESULTS.iter().find(|r| r.0 == op).map(|r| r.2)
}

/// Every file, as (path from the repository's root, text).
pub fn files() -> Vec<(String, String)> {
    let (models, answers): (Vec<ModelSpec>, Vec<ModelSpec>) = catalog()
        .into_iter()
        .partition(|m| m.origin == Origin::Server);
    let mut files = vec![
        (format!("{PACKAGE}/_operations.py"), operations()),
        (format!("{PACKAGE}/_views.py"), views()),
        (
            format!("{PACKAGE}/types/__init__.py"),
            types(&models, &answers),
        ),
        (
            format!("{PACKAGE}/_flow_models.py"),
            flow_models(&models, &answers),
        ),
    ];
    files.extend(official_modules(&models));
    files
}

/// What the Python table's file says before its rows.
const OPERATIONS_HEAD: &str = r#"
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

fn operations() -> String {
    let mut out = format!(
        "\"\"\"The operations of the app-setup API, as the resource methods of ``_client`` run them.\n\n\
         {}\n{CHECKED}\n\"\"\"\n{OPERATIONS_HEAD}",
        generated_from(OPERATIONS)
    );
    for op in Operation::ALL {
        let spec = op.spec();
        let name = python_name(spec);
        let result = match spec.has_empty_response() {
            true => "None".to_owned(),
            false => format!(
                "{:?}",
                result_class(spec.name).expect("a Python result name")
            ),
        };
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

/// The operation's dotted name in Python's tree, under `client.app`: `setup.recovery_key.verify`.
pub(crate) fn python_name(spec: &Spec) -> String {
    match spec.name.strip_prefix("setup.") {
        Some(_) => snake(spec.name),
        None => format!("setup.{}", snake(spec.name)),
    }
}

/// A Python resource's class name from its attribute: `recovery_key` -> `RecoveryKey`.
fn python_class(attribute: &str) -> String {
    match attribute {
        "qr" | "sas" => attribute.to_ascii_uppercase(),
        _ => attribute
            .split('_')
            .map(|word| word[..1].to_ascii_uppercase() + &word[1..])
            .collect(),
    }
}

/// Python's resource tree: each resource's path under `client.app` (`""` for `client.app`
/// itself, `setup.recovery_key`), its child resources' attributes and its methods' names.
pub(crate) fn resource_tree() -> Vec<(String, Vec<String>, Vec<String>)> {
    let mut resources: Vec<(String, Vec<String>, Vec<String>)> =
        vec![(String::new(), vec![], vec![])];
    for op in Operation::ALL {
        let name = python_name(op.spec());
        let (path, method) = name.rsplit_once('.').unwrap();
        let mut parent = String::new();
        for segment in path.split('.') {
            let child = if parent.is_empty() {
                segment.to_owned()
            } else {
                format!("{parent}.{segment}")
            };
            if !resources.iter().any(|(p, _, _)| *p == child) {
                resources
                    .iter_mut()
                    .find(|(p, _, _)| *p == parent)
                    .unwrap()
                    .1
                    .push(segment.into());
                resources.push((child.clone(), vec![], vec![]));
            }
            parent = child;
        }
        resources
            .iter_mut()
            .find(|(p, _, _)| p == path)
            .unwrap()
            .2
            .push(method.into());
    }
    resources
}

/// The class name of the resource at `path` in [`resource_tree`], without `Resource`:
/// `setup.recovery_key` -> `RecoveryKey`, `""` -> `App`.
pub(crate) fn resource_class(path: &str) -> String {
    python_class(
        path.rsplit('.')
            .next()
            .filter(|s| !s.is_empty())
            .unwrap_or("app"),
    )
}

/// The typed views of Python's resources for `with_raw_response` and `with_streaming_response`,
/// sync and async, as the official SDK names them: each operation of the resource through the
/// wrapper that types its answer, and each child resource's view.
fn views() -> String {
    let resources = resource_tree();
    let class = resource_class;
    let mut out = format!(
        "\"\"\"What ``with_raw_response`` and ``with_streaming_response`` are to a type checker.\n\n\
         {}\n{CHECKED}\n\n\
         A view of each resource whose methods answer an :class:`APIResponse` of the plain method's\n\
         result (in a ``with`` block when streaming), with the plain method's arguments. At run time\n\
         they are the resources themselves, answering in that mode; this module is never imported.\n\
         \"\"\"\n\n\
         from __future__ import annotations\n\n\
         TYPE_CHECKING = False\n\
         if TYPE_CHECKING:\n",
        generated_from(OPERATIONS)
    );
    let names: Vec<String> = resources.iter().map(|(p, _, _)| class(p)).collect();
    for (module, prefix) in [("_client", ""), ("_async_resources", "Async")] {
        writeln!(out, "    from .{module} import (").unwrap();
        for name in &names {
            writeln!(out, "        {prefix}{name}Resource,").unwrap();
        }
        out.push_str("    )\n");
    }
    out.push_str(
        "    from ._response import (\n        async_to_raw_response_wrapper,\n        \
         async_to_streamed_response_wrapper,\n        to_raw_response_wrapper,\n        \
         to_streamed_response_wrapper,\n    )\n",
    );
    for (prefix, mode, wrapper) in [
        ("", "RawResponse", "to_raw_response_wrapper"),
        ("", "StreamingResponse", "to_streamed_response_wrapper"),
        ("Async", "RawResponse", "async_to_raw_response_wrapper"),
        (
            "Async",
            "StreamingResponse",
            "async_to_streamed_response_wrapper",
        ),
    ] {
        for (path, children, methods) in &resources {
            let name = class(path);
            let attribute = if path.is_empty() {
                "app".to_owned()
            } else {
                format!("app.{path}")
            };
            let snake_mode = snake(mode);
            write!(
                out,
                "\n    class {prefix}{name}ResourceWith{mode}:\n        \
                 \"\"\"``client.{attribute}.with_{snake_mode}``.\"\"\"\n\n        \
                 def __init__(self, resource: {prefix}{name}Resource) -> None:\n"
            )
            .unwrap();
            for child in children {
                let child_class = python_class(child);
                writeln!(out, "            self.{child} = {prefix}{child_class}ResourceWith{mode}(resource.{child})").unwrap();
            }
            for method in methods {
                writeln!(
                    out,
                    "            self.{method} = {wrapper}(resource.{method})"
                )
                .unwrap();
            }
        }
    }
    out
}

/// The Rust name of each model, by its shape.
fn shapes(models: &[ModelSpec]) -> BTreeMap<&'static str, &Shape> {
    models.iter().map(|m| (m.name, &m.shape)).collect()
}

/// A field's annotation: closed `Literal` sets for enums, as the official SDK types them (the
/// server's by their alias in `types`, the library's written out, as `types` has no alias for
/// them). A list of the library's enum values is a list of `str`: `List` is invariant, and a
/// list of literals could not be passed where a list of strings is taken.
fn annotation(ty: &Ty, answers: &[ModelSpec]) -> String {
    match ty {
        Ty::Bool | Ty::True => "bool".into(),
        Ty::String | Ty::Secret => "str".into(),
        Ty::Number | Ty::Time => "float".into(),
        Ty::Integer => "int".into(),
        Ty::Named(n) => match answers.iter().find(|m| m.name == *n).map(|m| &m.shape) {
            Some(Shape::Enum(values)) => {
                let wires: Vec<String> = values.iter().map(|v| format!("{:?}", v.wire)).collect();
                sequence("Literal[", &wires, "]", 4)
            }
            _ => name(n).into(),
        },
        Ty::List(inner) => match &**inner {
            Ty::Named(n) if is_enum(answers, n) => "List[str]".into(),
            _ => format!("List[{}]", annotation(inner, answers)),
        },
        Ty::Optional(inner) => format!("Optional[{}]", annotation(inner, answers)),
    }
}

fn is_enum(models: &[ModelSpec], model: &str) -> bool {
    models
        .iter()
        .any(|m| m.name == model && matches!(m.shape, Shape::Enum(_)))
}

/// A field's kind in `_define`: how a wire value becomes the attribute. `shapes` holds every
/// model; `local`, those of the module being written.
fn kind(ty: &Ty, shapes: &BTreeMap<&str, &Shape>, local: &[ModelSpec]) -> String {
    match ty {
        Ty::Optional(inner) => kind(inner, shapes, local),
        Ty::Number | Ty::Time => "float".into(),
        // A model of another module, by name (resolved when first read): `types` imports
        // `_flow_models`, which therefore cannot import `types`.
        Ty::Named(n)
            if matches!(shapes[n], Shape::Struct(_)) && !local.iter().any(|m| m.name == *n) =>
        {
            format!("{:?}", name(n))
        }
        Ty::Named(n) if matches!(shapes[n], Shape::Struct(_)) => name(n).into(),
        Ty::List(inner) => match &**inner {
            Ty::Named(n) if matches!(shapes[n], Shape::Struct(_)) => format!("({},)", name(n)),
            _ => "list".into(),
        },
        _ => "None".into(),
    }
}

/// What `types/__init__.py` says after the generated-file lines.
const TYPES_DOC: &str = "
Attribute names are the official SDK's (snake_case: ``setup_request_id``, ``e2ee.cross_signing``,
``matrix.access_token``, ``verification.available_actions``, ...). Each result keeps the JSON the
server sent: ``to_dict()`` returns it (camelCase, unknown fields included), ``model_extra`` holds
the fields this version does not know, and enum values this version does not know are kept as
plain strings (typed, as by the official SDK, as the closed set of values this version knows).
Access tokens, recovery keys and lead tokens never appear in ``repr()``. The official SDK's
module of each result (``beeper_setup.types.app.setup.verification_list_response``, ...) holds
the same classes.
";

/// The classes of the library's own answers (`_flow_models.py`), which `types` offers too.
fn answer_classes(answers: &[ModelSpec]) -> Vec<&'static str> {
    answers
        .iter()
        .filter(|m| matches!(m.shape, Shape::Struct(_)))
        .map(|m| name(m.name))
        .collect()
}

fn types(models: &[ModelSpec], answers: &[ModelSpec]) -> String {
    let shapes = shapes(models);
    let mut flow = answer_classes(answers);
    flow.sort_unstable();
    let mut out = format!(
        "\"\"\"Typed, immutable results: the models of the app-setup API, under the official SDK's names.\n\n\
         {}\n{CHECKED}\n{TYPES_DOC}\"\"\"\n\n\
         from __future__ import annotations\n\n\
         from .._models import BaseModel, _define, _union_parsers\n\
         from .._models import _raw_of as _raw_of  # noqa: F401 - read by _next_step, _arguments\n\
         from .._flow_models import {}\n\n\
         TYPE_CHECKING = False\n\
         if TYPE_CHECKING:\n    from typing import Any, List, Literal, Optional, Union\n",
        generated_from(MODELS),
        flow.join(", ")
    );
    // The enums and unions as type aliases the checkers see; at run time they are made on first
    // use (below), so that importing the package does not import `typing`.
    let mut aliases = Vec::new();
    // The unions name models, so they come after them.
    let mut unions = String::from("\n\nif TYPE_CHECKING:");
    for m in models {
        match &m.shape {
            Shape::Enum(values) => {
                let wires: Vec<String> = values.iter().map(|v| format!("{:?}", v.wire)).collect();
                write!(out, "\n{}", wrapped("    #: ", &paragraph(m.doc), 100)).unwrap();
                let alias = format!("    {} = ", name(m.name));
                writeln!(out, "{alias}{}", sequence("Literal[", &wires, "]", 4)).unwrap();
                aliases.push((name(m.name), format!("Literal[{}]", wires.join(", "))));
            }
            Shape::Union(variants) => {
                let names: Vec<&str> = variants.iter().map(|v| name(v.model)).collect();
                writeln!(
                    unions,
                    "\n    {} = Union[{}]",
                    name(m.name),
                    names.join(", ")
                )
                .unwrap();
                aliases.push((name(m.name), format!("Union[{}]", names.join(", "))));
            }
            Shape::Struct(_) => {}
        }
    }
    let mut all = vec!["BaseModel".to_owned()];
    all.extend(models.iter().map(|m| name(m.name).to_owned()));
    let aliased: Vec<(&str, &str)> = RESULTS
        .iter()
        .filter_map(|(op, _, class)| {
            let answer = Operation::ALL
                .into_iter()
                .find(|o| o.spec().name == *op)
                .map(|o| o.spec().answer)?;
            (name(answer) != *class).then_some((*class, name(answer)))
        })
        .collect();
    all.extend(aliased.iter().map(|(a, _)| a.to_string()));
    all.extend(answer_classes(answers).iter().map(|m| m.to_string()));
    all.dedup();
    out.push_str("\n__all__ = [\n");
    for n in &all {
        writeln!(out, "    {n:?},").unwrap();
    }
    out.push_str("]\n");
    for m in models {
        let Shape::Struct(fields) = &m.shape else {
            if let Shape::Union(variants) = &m.shape {
                let tagged = variants
                    .iter()
                    .find(|v| tag_of(models, v.model).is_some())
                    .expect("a union tells its variants apart by a `True` field");
                let other = variants.iter().find(|v| v.model != tagged.model).unwrap();
                let tag = tag_of(models, tagged.model).unwrap();
                let readers = lookup(UNION_READERS, m.name);
                write!(
                    out,
                    "\n\n#: Reads {} answer: ``{}`` when ``{tag}`` is true, else ``{}``.\n\
                     parse_{readers}, _wrap_{readers} = _union_parsers({tag:?}, {}, {})\n",
                    name(m.name),
                    name(tagged.model),
                    name(other.model),
                    name(tagged.model),
                    name(other.model),
                )
                .unwrap();
            }
            continue;
        };
        let fields: Vec<&FieldSpec> = fields.iter().collect();
        out.push_str(&class(m, "BaseModel", &fields, &shapes, models, &[]));
    }
    out.push_str(&unions);
    out.push_str("\n\n# The official SDK's name for each operation's result.\n");
    for (alias, model) in &aliased {
        writeln!(out, "{alias} = {model}").unwrap();
    }
    out.push_str(
        "\n# The type aliases, made on first use (this imports `typing`, which importing the\n\
         # package does not). Type checkers read the declarations above instead.\n",
    );
    let names: Vec<String> = aliases.iter().map(|(n, _)| format!("{n:?}")).collect();
    writeln!(out, "_ALIASES = {}", sequence("(", &names, ",)", 0)).unwrap();
    out.push_str(
        "\nif not TYPE_CHECKING:\n\n    def __getattr__(name: str) -> Any:\n        \
         if name not in _ALIASES:\n            \
         raise AttributeError(f\"module {__name__!r} has no attribute {name!r}\")\n        \
         from typing import Literal, Union  # noqa: F401 - read by eval\n\n        \
         value = eval(_ALIAS_TEXT[name])\n        globals()[name] = value\n        return value\n\n    \
         _ALIAS_TEXT = {\n",
    );
    for (n, text) in &aliases {
        writeln!(out, "        {n:?}: {text:?},").unwrap();
    }
    out.push_str("    }\n");
    out
}

/// A model's class and its `_define` table, the fields in `fields`' order. `shapes` holds every
/// model, `local` those of the module being written, `answers` the library's own.
fn class(
    m: &ModelSpec,
    bases: &str,
    fields: &[&FieldSpec],
    shapes: &BTreeMap<&str, &Shape>,
    local: &[ModelSpec],
    answers: &[ModelSpec],
) -> String {
    let mut out = format!(
        "\n\nclass {}({bases}):\n{}",
        name(m.name),
        docstring("    ", &paragraph(m.doc))
    );
    for f in fields {
        write!(
            out,
            "\n    {}: {}\n{}",
            lookup(FIELD_NAMES, f.name),
            annotation(&f.ty, answers),
            docstring("    ", &paragraph(f.doc))
        )
        .unwrap();
    }
    write!(out, "\n\n_define({},\n", name(m.name)).unwrap();
    let rows: Vec<String> = fields
        .iter()
        .map(|f| {
            let py = lookup(FIELD_NAMES, f.name);
            let wire = match f.wire == py {
                true => "None".to_owned(),
                false => format!("{:?}", f.wire),
            };
            let mut flags = String::new();
            if optional(m, f) {
                flags.push_str(", \"?\"");
            }
            if matches!(f.ty, Ty::Secret) {
                flags.push_str(", \"secret\"");
            }
            format!(
                "        ({py:?}, {wire}, {}{flags})",
                kind(&f.ty, shapes, local)
            )
        })
        .collect();
    writeln!(out, "{})", rows.join(",\n")).unwrap();
    out
}

/// Whether a field may be left out of a model's initialiser: an optional one, and for the
/// library's answers one with a default.
fn optional(m: &ModelSpec, f: &FieldSpec) -> bool {
    match m.origin {
        Origin::Server => matches!(f.ty, Ty::Optional(_)),
        Origin::Library => has_default(f),
    }
}

/// Whether a field has a default: declared, or its type's own (none, an empty list, false).
fn has_default(f: &FieldSpec) -> bool {
    f.default.is_some() || matches!(f.ty, Ty::Optional(_) | Ty::List(_) | Ty::Bool)
}

/// What `_flow_models.py` says after the generated-file lines.
const FLOW_DOC: &str = "
Offered under ``beeper_setup.types`` too. The library writes them and this version reads them,
so their enums are closed sets (``Literal``); a model takes the fields without a default first.
";

/// `_flow_models.py`: the library's own answers, and the hand-written behaviour they take on.
fn flow_models(models: &[ModelSpec], answers: &[ModelSpec]) -> String {
    let all: Vec<ModelSpec> = models.iter().chain(answers).cloned().collect();
    let shapes = shapes(&all);
    let classes = answer_classes(answers);
    let mut body = String::new();
    for m in answers {
        let Shape::Struct(fields) = &m.shape else {
            continue;
        };
        let fields = without_default_first(fields, has_default);
        let bases = match BEHAVIOUR.iter().find(|(model, _)| *model == m.name) {
            Some((_, behaviour)) => format!("{behaviour}, BaseModel"),
            None => "BaseModel".to_owned(),
        };
        body.push_str(&class(m, &bases, &fields, &shapes, answers, answers));
    }
    // What the annotations name from `typing` and from `types`, for the type checkers.
    let annotations: Vec<String> = answers
        .iter()
        .flat_map(|m| match &m.shape {
            Shape::Struct(fields) => fields.iter().map(|f| annotation(&f.ty, answers)).collect(),
            _ => vec![],
        })
        .collect();
    let words: BTreeSet<&str> = annotations
        .iter()
        .flat_map(|a| a.split(|c: char| !c.is_alphanumeric()))
        .collect();
    let typing: Vec<&str> = ["List", "Literal", "Optional"]
        .into_iter()
        .filter(|t| words.contains(t))
        .collect();
    let mut named: Vec<&str> = models
        .iter()
        .map(|m| name(m.name))
        .filter(|n| words.contains(n))
        .collect();
    named.sort_unstable();
    let mut behaviours: Vec<&str> = BEHAVIOUR.iter().map(|(_, b)| *b).collect();
    behaviours.sort_unstable();
    let mut out = format!(
        "\"\"\"The library's own answers: what ``next_step`` advises and what a watch yields.\n\n\
         {}\n{CHECKED}\n{FLOW_DOC}\"\"\"\n\n\
         from __future__ import annotations\n\n\
         from ._flow_behaviour import {}\n\
         from ._models import BaseModel, _define\n\n\
         TYPE_CHECKING = False\n\
         if TYPE_CHECKING:\n    from typing import {}\n\n    from .types import {}\n\n\
         __all__ = [\n",
        generated_from(FLOW_MODELS),
        behaviours.join(", "),
        typing.join(", "),
        named.join(", "),
    );
    for c in classes {
        writeln!(out, "    {c:?},").unwrap();
    }
    out.push_str("]\n");
    out.push_str(&body);
    out
}

/// The wire name of the `True` field that tells `model` apart in a union.
fn tag_of(models: &[ModelSpec], model: &str) -> Option<&'static str> {
    let m = models.iter().find(|m| m.name == model)?;
    let Shape::Struct(fields) = &m.shape else {
        return None;
    };
    fields.iter().find(|f| f.ty == Ty::True).map(|f| f.wire)
}

/// `open` items `close` on one line when it fits in 80 characters, else one item a line.
fn sequence(open: &str, items: &[String], close: &str, indent: usize) -> String {
    let one = format!("{open}{}{close}", items.join(", "));
    if one.len() + indent <= 80 {
        return one;
    }
    let pad = " ".repeat(indent + 4);
    let rows: Vec<String> = items.iter().map(|i| format!("{pad}{i},\n")).collect();
    format!(
        "{open}\n{}{}{}",
        rows.concat(),
        " ".repeat(indent),
        close.trim_start_matches(',')
    )
}

pub(crate) fn docstring(indent: &str, doc: &str) -> String {
    let one = format!("{indent}\"\"\"{doc}\"\"\"");
    if one.len() <= 100 {
        return format!("{one}\n");
    }
    format!(
        "{indent}\"\"\"\n{}{indent}\"\"\"\n",
        wrapped(indent, doc, 100)
    )
}

/// The models reachable from a model (itself included), in declaration order.
fn reachable(models: &[ModelSpec], root: &str) -> Vec<&'static str> {
    fn visit(models: &[ModelSpec], name: &str, seen: &mut Vec<&'static str>) {
        let Some(m) = models.iter().find(|m| m.name == name) else {
            return;
        };
        if seen.contains(&m.name) {
            return;
        }
        seen.push(m.name);
        match &m.shape {
            Shape::Struct(fields) => {
                for f in fields {
                    let mut ty = &f.ty;
                    while let Ty::List(inner) | Ty::Optional(inner) = ty {
                        ty = inner;
                    }
                    if let Ty::Named(n) = ty {
                        visit(models, n, seen);
                    }
                }
            }
            Shape::Union(variants) => {
                for v in variants {
                    visit(models, v.model, seen);
                }
            }
            Shape::Enum(_) => {}
        }
    }
    let mut seen = Vec::new();
    visit(models, root, &mut seen);
    let order: Vec<&str> = models.iter().map(|m| m.name).collect();
    seen.sort_by_key(|n| order.iter().position(|o| o == n));
    seen
}

/// The official SDK's modules: one per result, and a package per folder that imports them.
fn official_modules(models: &[ModelSpec]) -> Vec<(String, String)> {
    let mut files = Vec::new();
    let mut packages: BTreeMap<String, Vec<(String, &str)>> = BTreeMap::new();
    for (op, path, class) in RESULTS {
        let answer = Operation::ALL
            .into_iter()
            .find(|o| o.spec().name == *op)
            .expect("an operation of the table")
            .spec()
            .answer;
        let (folder, module) = path.rsplit_once('/').unwrap();
        let dotted = format!("beeper_setup.types.{}", path.replace('/', "."));
        let depth = path.matches('/').count() + 1;
        let mut names: Vec<String> = vec![class.to_string()];
        for n in reachable(models, answer) {
            if name(n) != *class {
                names.push(name(n).to_owned());
            }
        }
        let imports: Vec<String> = names.iter().map(|n| format!("{n} as {n}")).collect();
        let mut text = format!(
            "\"\"\"``{dotted}``: the official SDK's module of the answer of ``{op}``.\n\n{}\n{CHECKED}\n\"\"\"\n\n\
             from {} import (\n",
            generated_from(MODELS),
            ".".repeat(depth),
        );
        for i in &imports {
            writeln!(text, "    {i},").unwrap();
        }
        text.push_str(")\n\n__all__ = [\n");
        for n in &names {
            writeln!(text, "    {n:?},").unwrap();
        }
        text.push_str("]\n");
        files.push((format!("{PACKAGE}/types/{path}.py"), text));
        packages
            .entry(folder.to_owned())
            .or_default()
            .push((module.to_owned(), class));
    }
    // Every folder is a package, including those holding only folders.
    let folders: Vec<String> = packages.keys().cloned().collect();
    for folder in folders {
        let mut parent = folder.as_str();
        while let Some((up, _)) = parent.rsplit_once('/') {
            packages.entry(up.to_owned()).or_default();
            parent = up;
        }
    }
    for (folder, modules) in packages {
        let dotted = format!("beeper_setup.types.{}", folder.replace('/', "."));
        let mut text = format!(
            "\"\"\"``{dotted}``: the official SDK's package of these results.\n\n{}\n{CHECKED}\n\"\"\"\n",
            generated_from(MODELS)
        );
        if !modules.is_empty() {
            text.push('\n');
            let mut modules = modules;
            modules.sort();
            for (module, class) in &modules {
                writeln!(text, "from .{module} import {class} as {class}").unwrap();
            }
        }
        files.push((format!("{PACKAGE}/types/{folder}/__init__.py"), text));
    }
    files
}
