//! The Swift binding's generated files: the table of operations (`Operations.swift`), the
//! models (`Models.swift`: the types, their memberwise initialisers, `Codable`, descriptions that
//! hide secrets, and the reading of the library's answers) and the library's own answers
//! (`FlowModels.swift`, the same way). The Swift names of the models live here, not in the Rust
//! declaration.

use crate::text::{
    generated_from, lower_camel, paragraph, without_default_first, wrapped, CHECKED, FLOW_MODELS,
    MODELS, OPERATIONS,
};
use beeper_setup::models::{catalog, FieldSpec, ModelSpec, Origin, Shape, Ty, Variant};
use beeper_setup::{FieldType, Operation};
use std::fmt::Write;

/// Where the package's sources are.
pub(crate) const SOURCES: &str = "bindings/swift/Sources/BeeperSetup";

/// The Swift name of each model of the declaration (by its Rust name), where it differs.
const NAMES: &[(&str, &str)] = &[
    ("SessionState", "SetupState"),
    ("Secrets", "E2EESecrets"),
    ("E2ee", "E2EE"),
    ("MatrixAccount", "Matrix"),
    ("OtherDevice", "VerificationOtherDevice"),
    ("Qr", "VerificationQR"),
    ("Sas", "VerificationSAS"),
    ("StartResponse", "SetupStartResponse"),
    ("SignedIn", "SignInSuccess"),
    ("RegistrationCopy", "RegistrationRequiredCopy"),
    // MatrixRustSDK, which a Beeper app is likely to import too, declares `Session` and
    // `VerificationState`: these names keep both modules usable unqualified.
    ("Session", "SetupSession"),
    ("VerificationState", "DeviceVerificationState"),
    ("Outcome", "VerificationOutcome"),
    ("Change", "SetupChange"),
];

/// Former Swift names, kept as deprecated aliases (only those that collide with no module an
/// app imports beside this one): (old, new).
const RENAMED: &[(&str, &str)] = &[("SetupResponseResponse", "SignInResponse")];

/// The Swift name of a model.
pub(crate) fn name(rust: &str) -> &str {
    NAMES
        .iter()
        .find(|(k, _)| *k == rust)
        .map_or(rust, |(_, v)| v)
}

/// A Rust variant's name as a Swift case: `SasReady` -> `sasReady`.
fn case_name(variant: &str) -> String {
    let mut chars = variant.chars();
    chars
        .next()
        .map(|c| c.to_ascii_lowercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

/// Every file, as (path from the repository's root, text).
pub fn files() -> Vec<(String, String)> {
    let all = catalog();
    vec![
        (format!("{SOURCES}/Operations.swift"), operations()),
        (format!("{SOURCES}/Models.swift"), models(&all)),
        (format!("{SOURCES}/FlowModels.swift"), flow_models(&all)),
    ]
}

fn operations() -> String {
    let mut out = format!(
        "// {}\n// {CHECKED}\n\n\
         /// A builder for each operation of the library's table: its name, id and params.\n\
         extension Operation {{\n",
        generated_from(OPERATIONS)
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
                &format!("`{}`: {}", spec.name, paragraph(spec.doc)),
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

const MODELS_HEAD: &str = "
import Foundation

// The API's results. Property names are the wire names (camelCase), so Codable needs no keys;
// fields a newer server adds are ignored, and enum values it adds decode as `.unknown`. Types
// holding a secret (an access token, a lead token, a recovery key) show it as \"***\" in
// description, debugDescription and reflection (dump, Mirror). Every type has a memberwise
// initializer, so that tests and previews can make one without JSON. The library's answers are
// read by `init(wire:)` (below, over WireDecoding.swift), which reads what `Decodable` reads, by
// the same rules.
";

/// The Swift type of a field.
fn swift_type(ty: &Ty) -> String {
    match ty {
        Ty::Bool | Ty::True => "Bool".into(),
        Ty::String | Ty::Secret => "String".into(),
        Ty::Number => "Double".into(),
        Ty::Integer => "Int".into(),
        Ty::Time => "Date".into(),
        Ty::Named(n) => name(n).into(),
        Ty::List(inner) => format!("[{}]", swift_type(inner)),
        Ty::Optional(inner) => format!("{}?", swift_type(inner)),
    }
}

/// A wire JSON value as a Swift literal of type `ty` (a declared default).
fn literal(json: &str, ty: &Ty, models: &[ModelSpec]) -> String {
    let json = json.trim();
    if let Some(items) = json.strip_prefix('[').and_then(|j| j.strip_suffix(']')) {
        let Ty::List(inner) = ty else {
            panic!("a list default for a field that is not a list")
        };
        let items: Vec<String> = items
            .split(',')
            .filter(|i| !i.trim().is_empty())
            .map(|i| literal(i, inner, models))
            .collect();
        return format!("[{}]", items.join(", "));
    }
    match ty {
        Ty::Named(n) => {
            let wire = json.trim_matches('"');
            let values = match &model(models, n).shape {
                Shape::Enum(values) => values,
                _ => panic!("a string default for {n}, which is not an enum"),
            };
            let value = values
                .iter()
                .find(|v| v.wire == wire)
                .expect("a known value");
            format!(".{}", case_name(value.name))
        }
        _ => json.to_owned(),
    }
}

fn model<'a>(models: &'a [ModelSpec], name: &str) -> &'a ModelSpec {
    models
        .iter()
        .find(|m| m.name == name)
        .expect("a declared model")
}

/// What a memberwise initialiser takes when the argument is left out, if anything.
fn default(field: &FieldSpec, models: &[ModelSpec]) -> Option<String> {
    if let Some(json) = field.default {
        return Some(literal(json, &field.ty, models));
    }
    match &field.ty {
        Ty::Bool => Some("false".into()),
        Ty::True => Some("true".into()),
        Ty::Optional(_) => Some("nil".into()),
        Ty::List(_) => Some("[]".into()),
        Ty::Named(n) => match &model(models, n).shape {
            Shape::Struct(fields) if fields.iter().all(|f| default(f, models).is_some()) => {
                Some(format!("{}()", name(n)))
            }
            _ => None,
        },
        _ => None,
    }
}

fn doc_lines(indent: &str, doc: &str) -> String {
    wrapped(&format!("{indent}/// "), &paragraph(doc), 110)
}

/// The Swift code of some models of the declaration: the types, then their `init(wire:)`, then
/// the descriptions that hide their secrets.
#[derive(Default)]
struct Code {
    types: String,
    decoding: String,
    secrets: String,
}

fn models(all: &[ModelSpec]) -> String {
    let code = declarations(all, Origin::Server);
    let mut out = format!("// {}\n// {CHECKED}\n{MODELS_HEAD}", generated_from(MODELS));
    out.push_str(&code.types);
    out.push_str("\n// MARK: - Former names\n");
    for (old, new) in RENAMED {
        write!(
            out,
            "\n/// The former name of ``{new}``.\n\
             @available(*, deprecated, renamed: {new:?})\npublic typealias {old} = {new}\n"
        )
        .unwrap();
    }
    out.push_str("\n// MARK: - Reading the library's answers\n");
    out.push_str(&code.decoding);
    out.push_str("\n// MARK: - Secrets stay out of descriptions\n");
    out.push_str(&code.secrets);
    out.push_str(
        "\nprivate let hidden = \"***\"\n\n\
         /// \"Type(name: value, ...)\" from fields whose secret values are already masked.\n\
         private func describe(_ type: Any.Type, _ fields: KeyValuePairs<String, Any>) -> String {\n    \
         let shown = fields.map { \"\\($0.key): \\(String(reflecting: $0.value))\" }\n    \
         return \"\\(type)(\\(shown.joined(separator: \", \")))\"\n}\n",
    );
    out
}

const FLOW_MODELS_HEAD: &str = "
import Foundation

// The library's own answers: what `nextStep` advises and what a watch yields. The library writes
// them and this version reads them, so their enums list the values this version writes (an
// enum's `unknown` also holds what the library writes as \"unknown\"). Initializers take the
// fields without a default first; a field with a default reads as it when it is missing. Their
// behaviour (`isDone`, `emojiList`, `Identifiable`, ...) is written beside them, in extensions.
";

fn flow_models(all: &[ModelSpec]) -> String {
    let code = declarations(all, Origin::Library);
    let mut out = format!(
        "// {}\n// {CHECKED}\n{FLOW_MODELS_HEAD}",
        generated_from(FLOW_MODELS)
    );
    out.push_str(&code.types);
    out.push_str("\n// MARK: - Reading the library's answers\n");
    out.push_str(&code.decoding);
    out
}

/// Whether a field has a default (`default` gives it).
fn has_default(field: &FieldSpec, models: &[ModelSpec]) -> bool {
    default(field, models).is_some()
}

/// The code of the models of `origin`; `models` holds every model, to look names up in.
fn declarations(models: &[ModelSpec], origin: Origin) -> Code {
    let mut code = Code::default();
    for m in models.iter().filter(|m| m.origin == origin) {
        let swift = name(m.name);
        let out = &mut code.types;
        out.push('\n');
        out.push_str(&doc_lines("", m.doc));
        match &m.shape {
            Shape::Enum(values) => {
                // The library's "unknown" is the open case, which every enum has.
                let (unknown, values): (Vec<_>, Vec<_>) = values
                    .iter()
                    .partition(|v| origin == Origin::Library && v.wire == "unknown");
                let unknown_doc = unknown
                    .first()
                    .map_or("A value this version does not know, as sent.", |v| v.doc);
                writeln!(out, "public enum {swift}: OpenEnum {{").unwrap();
                for v in &values {
                    out.push_str(&doc_lines("    ", v.doc));
                    writeln!(out, "    case {}", case_name(v.name)).unwrap();
                }
                out.push_str(&doc_lines("    ", unknown_doc));
                out.push_str("    case unknown(String)\n\n");
                let cases: Vec<String> = values
                    .iter()
                    .map(|v| format!(".{}", case_name(v.name)))
                    .collect();
                let sender = match origin {
                    Origin::Server => "server",
                    Origin::Library => "library",
                };
                write!(
                    out,
                    "    /// The cases this version knows (never `.unknown`).\n    \
                     public static let allCases: [{swift}] = [{}]\n\n    \
                     /// The value as the {sender} sends it.\n    public var rawValue: String {{\n        \
                     switch self {{\n",
                    cases.join(", ")
                )
                .unwrap();
                for v in &values {
                    writeln!(out, "        case .{}: {:?}", case_name(v.name), v.wire).unwrap();
                }
                out.push_str("        case .unknown(let value): value\n        }\n    }\n}\n");
                writeln!(code.decoding, "\nextension {swift}: WireDecodable {{}}").unwrap();
            }
            Shape::Union(variants) => union(&mut code, models, swift, variants),
            Shape::Struct(fields) => {
                let fields: Vec<&FieldSpec> = match origin {
                    Origin::Server => fields.iter().collect(),
                    Origin::Library => without_default_first(fields, |f| has_default(f, models)),
                };
                structure(&mut code, models, m, swift, &fields);
            }
        }
    }
    code
}

fn union(code: &mut Code, models: &[ModelSpec], swift: &str, variants: &[Variant]) {
    let out = &mut code.types;
    let tagged = variants
        .iter()
        .find(|v| tag(models, v.model).is_some())
        .expect("a union tells its variants apart by a `True` field");
    let other = variants.iter().find(|v| v.model != tagged.model).unwrap();
    let key = tag(models, tagged.model).unwrap();
    writeln!(out, "public enum {swift}: Codable, Hashable, Sendable {{").unwrap();
    for v in variants {
        out.push_str(&doc_lines("    ", v.doc));
        writeln!(out, "    case {}({})", case_name(v.name), name(v.model)).unwrap();
    }
    let (t, o) = (case_name(tagged.name), case_name(other.name));
    let (tm, om) = (name(tagged.model), name(other.model));
    write!(
        out,
        "\n    private enum Keys: String, CodingKey {{ case {key} }}\n\n    \
         /// Decodes either answer, by its `{key}` flag.\n    \
         /// - Parameter decoder: The decoder.\n    \
         /// - Throws: `DecodingError` when neither shape fits.\n    \
         public init(from decoder: Decoder) throws {{\n        \
         let flag = try decoder.container(keyedBy: Keys.self).decodeIfPresent(Bool.self, forKey: .{key})\n        \
         self = flag == true ? .{t}(try {tm}(from: decoder)) : .{o}(try {om}(from: decoder))\n    }}\n\n    \
         /// Encodes the answer as the server sent it.\n    \
         /// - Parameter encoder: The encoder.\n    \
         /// - Throws: What the encoder throws.\n    \
         public func encode(to encoder: Encoder) throws {{\n        \
         switch self {{\n"
    )
    .unwrap();
    for v in variants {
        writeln!(
            out,
            "        case .{}(let value): try value.encode(to: encoder)",
            case_name(v.name)
        )
        .unwrap();
    }
    out.push_str("        }\n    }\n}\n");
    write!(
        code.decoding,
        "\nextension {swift}: WireDecodable {{\n    \
         /// By the `{key}` flag, as its `Decodable` init.\n    \
         init(wire: Wire) throws {{\n        \
         if try wire.object().optional({key:?}, as: Bool.self) == true {{\n            \
         self = .{t}(try {tm}(wire: wire))\n        }} else {{\n            \
         self = .{o}(try {om}(wire: wire))\n        }}\n    }}\n}}\n"
    )
    .unwrap();
}

/// A struct, its memberwise initializer taking `fields` in their order.
fn structure(
    code: &mut Code,
    models: &[ModelSpec],
    m: &ModelSpec,
    swift: &str,
    fields: &[&FieldSpec],
) {
    let out = &mut code.types;
    let identifiable = fields.iter().any(|f| f.wire == "id" && f.ty == Ty::String);
    writeln!(
        out,
        "public struct {swift}: Codable, Hashable, Sendable{} {{",
        if identifiable { ", Identifiable" } else { "" }
    )
    .unwrap();
    for f in fields {
        out.push_str(&doc_lines("    ", f.doc));
        writeln!(out, "    public var {}: {}", f.wire, swift_type(&f.ty)).unwrap();
    }
    out.push_str("\n    /// Makes one from its fields.\n");
    match fields {
        [f] => out.push_str(&doc_lines(
            "    ",
            &format!("- Parameter {}: {}", f.wire, paragraph(f.doc)),
        )),
        _ => {
            out.push_str("    /// - Parameters:\n");
            for f in fields {
                // Nested under `- Parameters:`, continuation lines indented.
                let item = wrapped(
                    "    ///     ",
                    &format!("{}: {}", f.wire, paragraph(f.doc)),
                    110,
                );
                out.push_str(&item.replacen("    ///     ", "    ///   - ", 1));
            }
        }
    }
    let params: Vec<String> = fields
        .iter()
        .map(|f| match default(f, models) {
            Some(d) => format!("{}: {} = {d}", f.wire, swift_type(&f.ty)),
            None => format!("{}: {}", f.wire, swift_type(&f.ty)),
        })
        .collect();
    let one_line = format!("    public init({}) {{", params.join(", "));
    match one_line.len() <= 110 {
        true => writeln!(out, "{one_line}").unwrap(),
        false => writeln!(
            out,
            "    public init(\n        {}\n    ) {{",
            params.join(",\n        ")
        )
        .unwrap(),
    }
    for f in fields {
        writeln!(out, "        self.{0} = {0}", f.wire).unwrap();
    }
    out.push_str("    }\n");
    // The library's answers read a missing field that has a default as that default.
    let defaulted: Vec<(&FieldSpec, String)> = match m.origin {
        Origin::Server => vec![],
        Origin::Library => fields
            .iter()
            .filter(|f| !matches!(f.ty, Ty::Optional(_)))
            .filter_map(|f| default(f, models).map(|d| (*f, d)))
            .collect(),
    };
    if fields.iter().any(|f| is_time(&f.ty)) {
        out.push_str(&time_codable(fields));
    } else if !defaulted.is_empty() {
        out.push_str(&defaults_decodable(fields, &defaulted));
    }
    out.push_str("}\n");
    code.decoding
        .push_str(&wire_init(swift, fields, &defaulted));
    if fields.iter().any(|f| f.ty == Ty::Secret) {
        code.secrets.push_str(&hidden_secrets(swift, fields));
    }
}

/// `Decodable` by hand for a model whose missing fields read as their defaults.
fn defaults_decodable(fields: &[&FieldSpec], defaulted: &[(&FieldSpec, String)]) -> String {
    let mut out = String::from(
        "\n    /// Decodes the library's JSON; a missing field that has a default reads as it.\n    \
         /// - Parameter decoder: The decoder.\n    \
         /// - Throws: `DecodingError` when a field does not fit.\n    \
         public init(from decoder: Decoder) throws {\n        \
         let c = try decoder.container(keyedBy: CodingKeys.self)\n",
    );
    for f in fields {
        let line = match (&f.ty, defaulted.iter().find(|(d, _)| d.wire == f.wire)) {
            (Ty::Optional(inner), _) => format!(
                "try c.decodeIfPresent({}.self, forKey: .{})",
                swift_type(inner),
                f.wire
            ),
            (ty, Some((_, d))) => format!(
                "try c.decodeIfPresent({}.self, forKey: .{}) ?? {d}",
                swift_type(ty),
                f.wire
            ),
            (ty, None) => format!("try c.decode({}.self, forKey: .{})", swift_type(ty), f.wire),
        };
        writeln!(out, "        {} = {line}", f.wire).unwrap();
    }
    out.push_str("    }\n");
    out
}

/// The wire name of the `True` field that tells `model` apart in a union.
fn tag(models: &[ModelSpec], model_name: &str) -> Option<&'static str> {
    let Shape::Struct(fields) = &model(models, model_name).shape else {
        return None;
    };
    fields.iter().find(|f| f.ty == Ty::True).map(|f| f.wire)
}

fn is_time(ty: &Ty) -> bool {
    match ty {
        Ty::Time => true,
        Ty::Optional(inner) => is_time(inner),
        _ => false,
    }
}

/// `Codable` by hand for a model with a time: seconds since 1970 whatever the coder's date
/// strategy.
fn time_codable(fields: &[&FieldSpec]) -> String {
    let names: Vec<&str> = fields.iter().map(|f| f.wire).collect();
    let mut out = format!(
        "\n    private enum CodingKeys: String, CodingKey {{\n        case {}\n    }}\n\n    \
         /// Decodes the wire form; times are read as seconds since 1970 whatever the decoder's\n    \
         /// date strategy.\n    /// - Parameter decoder: The decoder.\n    \
         /// - Throws: `DecodingError` for a missing field or a wrong type.\n    \
         public init(from decoder: Decoder) throws {{\n        \
         let c = try decoder.container(keyedBy: CodingKeys.self)\n",
        names.join(", ")
    );
    for f in fields {
        let line = match &f.ty {
            Ty::Time => format!(
                "Date(timeIntervalSince1970: try c.decode(Double.self, forKey: .{}))",
                f.wire
            ),
            Ty::Optional(inner) if **inner == Ty::Time => format!(
                "try c.decodeIfPresent(Double.self, forKey: .{})\n            .map(Date.init(timeIntervalSince1970:))",
                f.wire
            ),
            Ty::Optional(inner) => format!(
                "try c.decodeIfPresent({}.self, forKey: .{})",
                swift_type(inner),
                f.wire
            ),
            ty => format!("try c.decode({}.self, forKey: .{})", swift_type(ty), f.wire),
        };
        writeln!(out, "        {} = {line}", f.wire).unwrap();
    }
    out.push_str(
        "    }\n\n    /// Encodes the wire form (times as seconds since 1970).\n    \
         /// - Parameter encoder: The encoder.\n    /// - Throws: What the encoder throws.\n    \
         public func encode(to encoder: Encoder) throws {\n        \
         var c = encoder.container(keyedBy: CodingKeys.self)\n",
    );
    for f in fields {
        let line = match &f.ty {
            Ty::Time => format!(
                "try c.encode({0}.timeIntervalSince1970, forKey: .{0})",
                f.wire
            ),
            Ty::Optional(inner) if **inner == Ty::Time => format!(
                "try c.encodeIfPresent({0}?.timeIntervalSince1970, forKey: .{0})",
                f.wire
            ),
            Ty::Optional(_) => format!("try c.encodeIfPresent({0}, forKey: .{0})", f.wire),
            _ => format!("try c.encode({0}, forKey: .{0})", f.wire),
        };
        writeln!(out, "        {line}").unwrap();
    }
    out.push_str("    }\n");
    out
}

/// `init(wire:)`: what the `Decodable` init reads, from the library's parsed answer.
fn wire_init(swift: &str, fields: &[&FieldSpec], defaulted: &[(&FieldSpec, String)]) -> String {
    let args: Vec<String> = fields
        .iter()
        .map(|f| {
            let value = match &f.ty {
                Ty::Time => format!(
                    "Date(timeIntervalSince1970: try o.required({:?}, as: Double.self))",
                    f.wire
                ),
                Ty::Optional(inner) if **inner == Ty::Time => format!(
                    "try o.optional({:?}, as: Double.self).map(Date.init(timeIntervalSince1970:))",
                    f.wire
                ),
                Ty::Optional(_) => format!("try o.optional({:?})", f.wire),
                _ => match defaulted.iter().find(|(d, _)| d.wire == f.wire) {
                    Some((_, d)) => format!("try o.optional({:?}) ?? {d}", f.wire),
                    None => format!("try o.required({:?})", f.wire),
                },
            };
            format!("{}: {value}", f.wire)
        })
        .collect();
    format!(
        "\nextension {swift}: WireDecodable {{\n    init(wire: Wire) throws {{\n        \
         let o = try wire.object()\n        self.init(\n            {}\n        )\n    }}\n}}\n",
        args.join(",\n            ")
    )
}

/// `description`, `debugDescription` and `customMirror` with the secret fields as "***".
fn hidden_secrets(swift: &str, fields: &[&FieldSpec]) -> String {
    let shown: Vec<String> = fields
        .iter()
        .map(|f| match &f.ty {
            Ty::Secret => format!("{:?}: hidden", f.wire),
            Ty::Optional(_) => format!("{:?}: {} as Any", f.wire, f.wire),
            _ => format!("{:?}: {}", f.wire, f.wire),
        })
        .collect();
    format!(
        "\nextension {swift}: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {{\n    \
         private var shownFields: KeyValuePairs<String, Any> {{\n        [{}]\n    }}\n    \
         /// The fields, the secret one as \"***\".\n    \
         public var description: String {{ describe(Self.self, shownFields) }}\n    \
         /// The fields, the secret one as \"***\".\n    \
         public var debugDescription: String {{ description }}\n    \
         /// The fields for `dump` and `Mirror`, the secret one as \"***\".\n    \
         public var customMirror: Mirror {{ Mirror(self, children: shownFields) }}\n}}\n",
        shown.join(", ")
    )
}
