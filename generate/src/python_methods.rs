//! The Python binding's per-operation methods (`_methods.py`): for each resource, a class of its
//! operations' methods, sync and async, which the hand-written resources (`_client.py`,
//! `_async_resources.py`) inherit. Each method's signature (the verification id, then each
//! body field as a keyword argument, then the per-call options), documentation and call into
//! the table come from the declaration; what every method shares, checking the values and
//! running the call, is the resource's hand-written `_call`.

use crate::python::{docstring, python_name, resource_class, resource_tree, result_class, PACKAGE};
use crate::text::{aligned, generated_from, paragraph, snake, CHECKED, OPERATIONS};
use beeper_setup::models::{catalog, ModelSpec, Shape};
use beeper_setup::{Field, FieldType, Operation, Spec};
use std::fmt::Write;

/// The per-call options every method takes after the body fields, as the official SDK's.
const OPTIONS: &[&str] = &[
    "extra_headers: HeaderMap = None",
    "extra_query: Query = None",
    "extra_body: Body = None",
    "timeout: Any = NOT_GIVEN",
];

/// The generated file, as (path from the repository's root, text).
pub fn file() -> (String, String) {
    (format!("{PACKAGE}/_methods.py"), methods())
}

fn methods() -> String {
    let models = catalog();
    let mut out = format!(
        "\"\"\"The methods of each resource's operations, sync and async.\n\n\
         {}\n{CHECKED}\n\n\
         The resources of ``_client`` and ``_async_resources`` inherit them. Each takes the\n\
         operation's arguments and hands them, with the per-call options, to the resource's\n\
         ``_call``, which checks them against the table (``_operations``) and runs the call.\n\
         \"\"\"\n\n\
         from __future__ import annotations\n\n\
         from ._arguments import NOT_GIVEN, _id_arg\n\n\
         TYPE_CHECKING = False\n\
         if TYPE_CHECKING:\n    \
         from typing import Any, Callable, Literal, Optional, Union\n\n    \
         from ._client import Body, HeaderMap, Query\n    \
         from .types import (\n",
        generated_from(OPERATIONS)
    );
    let mut results: Vec<&str> = Operation::ALL
        .iter()
        .filter_map(|op| result_class(op.spec().name))
        .collect();
    results.sort_unstable();
    results.dedup();
    for result in results {
        writeln!(out, "        {result},").unwrap();
    }
    out.push_str(
        "    )\n\n\n\
         class _Methods:\n    \
         \"\"\"What every method calls: its resource's ``_call`` (``_client._Resource._call``, or\n    \
         ``_async_resources._AsyncResource._call``, awaited).\"\"\"\n\n    \
         _call: Callable[..., Any]\n",
    );
    for prefix in ["", "Async"] {
        for (path, _, _) in resource_tree() {
            let ops: Vec<&Spec> = Operation::ALL
                .iter()
                .map(|op| op.spec())
                .filter(|spec| python_name(spec).rsplit_once('.').map(|(p, _)| p) == Some(&path))
                .collect();
            if ops.is_empty() {
                continue;
            }
            let class = resource_class(&path);
            write!(
                out,
                "\n\nclass _{prefix}{class}Methods(_Methods):\n    \
                 \"\"\"The operations of ``client.app.{path}``{}.\"\"\"\n",
                if prefix.is_empty() { "" } else { ", awaited" }
            )
            .unwrap();
            for spec in ops {
                out.push('\n');
                out.push_str(&method(spec, !prefix.is_empty(), &models));
            }
        }
    }
    out
}

/// One method: its signature, its documentation, and its call.
fn method(spec: &Spec, awaited: bool, models: &[ModelSpec]) -> String {
    let dotted = python_name(spec);
    let method = dotted.rsplit('.').next().unwrap();
    let mut args = vec!["self".to_owned()];
    if spec.takes_id() {
        args.push("verification_id: str".into());
    }
    args.push("*".into());
    let fields = spec.body.unwrap_or_default();
    for field in fields {
        let annotation = annotation(field, models);
        args.push(match field.required {
            true => format!("{}: {annotation}", snake(field.name)),
            false => format!("{}: Optional[{annotation}] = None", snake(field.name)),
        });
    }
    args.extend(OPTIONS.iter().map(|o| o.to_string()));
    let result = result_class(spec.name).unwrap_or("None");
    let def = if awaited { "async def" } else { "def" };
    let mut out = aligned(
        &format!("    {def} {method}("),
        &args,
        &format!(") -> {result}:"),
    );
    let doc = format!(
        "{} {}: {}",
        spec.method.as_str(),
        spec.path,
        paragraph(spec.doc)
    );
    out.push_str(&docstring("        ", &doc));
    let id = match spec.takes_id() {
        true => "_id_arg(verification_id)",
        false => "None",
    };
    let values = match spec.body {
        None => "None".to_owned(),
        Some(fields) => {
            let names: Vec<String> = fields.iter().map(|f| snake(f.name)).collect();
            match names.len() {
                1 => format!("({},)", names[0]),
                _ => format!("({})", names.join(", ")),
            }
        }
    };
    let call = if awaited {
        "await self._call"
    } else {
        "self._call"
    };
    let line = format!("            {dotted:?}, {id}, {values},");
    write!(
        out,
        "        return {call}(  # type: ignore[no-any-return]\n{}",
        match line.len() <= 100 {
            true => format!("{line}\n"),
            false => format!("            {dotted:?}, {id},\n            {values},\n"),
        }
    )
    .unwrap();
    out.push_str("            extra_headers, extra_query, extra_body, timeout)\n");
    out
}

/// A body field's Python type: `Literal[True]` for a field that must be true, the known values
/// of its enum or any other string (a newer server's) for an enum, else `str`.
fn annotation(field: &Field, models: &[ModelSpec]) -> String {
    if field.ty == FieldType::True {
        return "Literal[True]".into();
    }
    let Some(model) = field.model else {
        return "str".into();
    };
    let model = models
        .iter()
        .find(|m| m.name == model)
        .unwrap_or_else(|| panic!("{model} names no declared model"));
    let Shape::Enum(values) = &model.shape else {
        panic!("{} is not an enum", model.name);
    };
    let values: Vec<String> = values.iter().map(|v| format!("{:?}", v.wire)).collect();
    format!("Union[Literal[{}], str]", values.join(", "))
}
