//! What the declarations of the models say about each model (the API's, `models.rs`; the
//! library's own answers, `flow_models.rs`), and the macro that turns a declaration into the
//! Rust types and into the table ([`catalog`](super::models::catalog)) that `make generate`
//! reads to write the Python and Swift models.
//!
//! The table names types by their Rust names; what each binding calls them (the official
//! Python SDK's names, Swift's) lives with that binding's generator.

use crate::secret::Secret;

/// One model of the declaration.
#[derive(Clone, Debug, PartialEq)]
pub struct ModelSpec {
    /// The Rust name, which the generators map to each binding's.
    pub name: &'static str,
    /// What it is, as every binding's documentation says it.
    pub doc: &'static str,
    /// Whose answer it is: the server's, or the library's own.
    pub origin: Origin,
    /// An object, a string enum, or a choice between objects.
    pub shape: Shape,
}

/// Who writes a model, which decides how open it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The API's: sent by the server, read by the library and the bindings. A newer server
    /// adds fields (kept) and enum values (kept as sent).
    Server,
    /// The library's own answers (`next_step`, a watch's changes): written by the library,
    /// read by the bindings of the same version, so their enums are closed sets and nothing
    /// unknown is kept. Initialisers take the fields without a default first.
    Library,
}

/// The form of a model on the wire.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    /// A JSON object with these fields, in the order of the JSON the Rust type writes (and,
    /// for the server's models, the order the bindings' initialisers take them).
    Struct(Vec<FieldSpec>),
    /// A string that takes these values (and, for the server's, any value a newer one adds).
    Enum(Vec<EnumValue>),
    /// One of these models: the one holding a field of type [`Ty::True`] when the answer has
    /// that field true, else the other.
    Union(Vec<Variant>),
}

/// A field of an object.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldSpec {
    /// The Rust (snake_case) name.
    pub name: &'static str,
    /// The name on the wire (camelCase).
    pub wire: &'static str,
    /// What it holds.
    pub doc: &'static str,
    /// Its type.
    pub ty: Ty,
    /// The value a binding's initialiser takes when it is left out, as wire JSON (`None`: the
    /// type's own: false, an empty list, nil, the model's defaults; else it must be given).
    pub default: Option<&'static str>,
}

/// A value of a string enum.
#[derive(Clone, Debug, PartialEq)]
pub struct EnumValue {
    /// The Rust variant name (UpperCamelCase).
    pub name: &'static str,
    /// The value on the wire.
    pub wire: &'static str,
    /// What it means.
    pub doc: &'static str,
}

/// A variant of a choice between objects.
#[derive(Clone, Debug, PartialEq)]
pub struct Variant {
    /// The Rust variant name.
    pub name: &'static str,
    /// The model it holds.
    pub model: &'static str,
    /// When it is the answer.
    pub doc: &'static str,
}

/// The type of a field.
#[derive(Clone, Debug, PartialEq)]
pub enum Ty {
    /// `true` or `false`.
    Bool,
    /// The literal `true`: a flag that tells a variant of a union apart.
    True,
    /// Any string.
    String,
    /// A string that is a secret (a token, a key): kept out of every binding's descriptions.
    Secret,
    /// A number.
    Number,
    /// A whole number.
    Integer,
    /// A point in time, sent as seconds since 1970 (a number).
    Time,
    /// A model of the declaration, by its Rust name.
    Named(&'static str),
    /// A JSON array.
    List(Box<Ty>),
    /// May be missing or null.
    Optional(Box<Ty>),
}

impl Ty {
    /// The same type with its innermost value type replaced: `Option<f64>` declared `as Time`.
    pub(crate) fn with_scalar(self, scalar: Ty) -> Ty {
        match self {
            Ty::List(inner) => Ty::List(Box::new(inner.with_scalar(scalar))),
            Ty::Optional(inner) => Ty::Optional(Box::new(inner.with_scalar(scalar))),
            _ => scalar,
        }
    }
}

/// How a Rust type of a field appears in the table.
pub(crate) trait Describe {
    fn ty() -> Ty;

    /// Whether the value is left out of the JSON the Rust types write (a `None`).
    fn absent(&self) -> bool {
        false
    }
}

/// A model of the declaration: its row of the table.
pub(crate) trait Declared {
    fn spec() -> ModelSpec;
}

/// serde's `skip_serializing_if` for every field: only `None` is left out.
pub(crate) fn absent<T: Describe>(value: &T) -> bool {
    value.absent()
}

impl Describe for bool {
    fn ty() -> Ty {
        Ty::Bool
    }
}

impl Describe for String {
    fn ty() -> Ty {
        Ty::String
    }
}

impl Describe for Secret {
    fn ty() -> Ty {
        Ty::Secret
    }
}

impl Describe for f64 {
    fn ty() -> Ty {
        Ty::Number
    }
}

/// The whole numbers the library's own answers hold.
macro_rules! integers {
    ($($t:ty),+) => {$(
        impl Describe for $t {
            fn ty() -> Ty {
                Ty::Integer
            }
        }
    )+};
}
integers!(u8, u16, u64, usize);

impl<T: Describe> Describe for Vec<T> {
    fn ty() -> Ty {
        Ty::List(Box::new(T::ty()))
    }
}

impl<T: Describe> Describe for Option<T> {
    fn ty() -> Ty {
        Ty::Optional(Box::new(T::ty()))
    }

    fn absent(&self) -> bool {
        self.is_none()
    }
}

/// Declares models once: the Rust types and the function (named first) that lists their rows of
/// the table the generators read. The server's models (serde, camelCase wire names, unknown
/// fields kept in `extra`, unknown enum values in `Other`) and the library's own answers
/// (`own`: closed enums, no `extra`). Each item with its documentation:
///
/// ```text
/// fn catalog_name;
///
/// /// What it is.
/// enum Name { /// What it means.
///             Variant = "wire-value", ... }
///
/// /// What it is.
/// struct Name { /// What it holds.
///               rust_name "wireName": RustType, ...        (Option<T>: may be missing)
///               other "other": Option<f64> as Time,        (`as`: the type the bindings see:
///                                                           `Time`, `True` or a declared model)
///               methods "methods": Vec<Method> = r#"["sas"]"#,  (`=`: initialisers' default)
///             }
///
/// /// What it is.
/// union Name { /// When.
///              Variant(Model), ... }
///
/// /// What it is.
/// own enum Name #[non_exhaustive] { ... }        (attributes after the name, for the type)
/// own struct Name #[derive(Eq)] { ... }
/// ```
///
/// A field may carry `#[serde(...)]` attributes after its documentation. The server's models
/// leave out every `None` they write; the library's own say which they leave out, as the JSON
/// they answer has always done.
macro_rules! declare_models {
    (@next $catalog:ident [$($done:ident)*]) => {
        /// The models of this declaration, in declaration order: what `make generate` writes
        /// the Python and Swift models from.
        pub(crate) fn $catalog() -> Vec<ModelSpec> {
            vec![$(<$done as Declared>::spec()),*]
        }
    };

    (@next $catalog:ident [$($done:ident)*]
        $(#[doc = $doc:literal])+
        enum $name:ident { $($(#[doc = $vdoc:literal])+ $variant:ident = $wire:literal,)+ }
        $($rest:tt)*
    ) => {
        open_enum! { $(#[doc = $doc])+ $name { $($(#[doc = $vdoc])+ $variant = $wire,)+ } }
        declare_models!(@enum Server $name [$($doc)+] $($variant $wire [$($vdoc)+])+);
        declare_models!(@next $catalog [$($done)* $name] $($rest)*);
    };

    (@next $catalog:ident [$($done:ident)*]
        $(#[doc = $doc:literal])+
        own enum $name:ident $(#[$attr:meta])*
        { $($(#[doc = $vdoc:literal])+ $variant:ident = $wire:literal,)+ }
        $($rest:tt)*
    ) => {
        $(#[doc = $doc])+
        $(#[$attr])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name {
            $($(#[doc = $vdoc])+ #[serde(rename = $wire)] $variant,)+
        }

        impl $name {
            /// The value as the library writes it.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $wire,)+
                }
            }
        }

        declare_models!(@enum Library $name [$($doc)+] $($variant $wire [$($vdoc)+])+);
        declare_models!(@next $catalog [$($done)* $name] $($rest)*);
    };

    (@next $catalog:ident [$($done:ident)*]
        $(#[doc = $doc:literal])+
        union $name:ident { $($(#[doc = $vdoc:literal])+ $variant:ident($model:ident),)+ }
        $($rest:tt)*
    ) => {
        $(#[doc = $doc])+
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        #[serde(untagged)]
        #[allow(clippy::large_enum_variant)] // Made once per call; boxing would only cost an allocation.
        pub enum $name {
            $($(#[doc = $vdoc])+ $variant($model),)+
        }

        declare_models!(@declared Server $name [$($doc)+] Shape::Union(vec![$(Variant {
            name: stringify!($variant),
            model: stringify!($model),
            doc: concat!($($vdoc, "\n"),+),
        }),+]));

        declare_models!(@next $catalog [$($done)* $name] $($rest)*);
    };

    (@next $catalog:ident [$($done:ident)*]
        $(#[doc = $doc:literal])+
        struct $name:ident {$(
            $(#[doc = $fdoc:literal])+
            $(#[serde($($serde:tt)*)])*
            $field:ident $wire:literal: $ty:ty $(as $scalar:ident)? $(= $default:literal)?,
        )+}
        $($rest:tt)*
    ) => {
        $(#[doc = $doc])+
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        pub struct $name {
            $(
                $(#[doc = $fdoc])+
                #[serde(rename = $wire, skip_serializing_if = "absent")]
                $(#[serde($($serde)*)])*
                pub $field: $ty,
            )+
            /// Fields this version does not know.
            #[serde(flatten)]
            pub extra: Map<String, Value>,
        }

        declare_models!(@struct Server $name [$($doc)+]
            $($field $wire ($ty) [$($scalar)?] [$($default)?] [$($fdoc)+])+);
        declare_models!(@next $catalog [$($done)* $name] $($rest)*);
    };

    (@next $catalog:ident [$($done:ident)*]
        $(#[doc = $doc:literal])+
        own struct $name:ident $(#[$attr:meta])* {$(
            $(#[doc = $fdoc:literal])+
            $(#[serde($($serde:tt)*)])*
            $field:ident $wire:literal: $ty:ty $(as $scalar:ident)? $(= $default:literal)?,
        )+}
        $($rest:tt)*
    ) => {
        $(#[doc = $doc])+
        $(#[$attr])*
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        pub struct $name {
            $(
                $(#[doc = $fdoc])+
                #[serde(rename = $wire)]
                $(#[serde($($serde)*)])*
                pub $field: $ty,
            )+
        }

        declare_models!(@struct Library $name [$($doc)+]
            $($field $wire ($ty) [$($scalar)?] [$($default)?] [$($fdoc)+])+);
        declare_models!(@next $catalog [$($done)* $name] $($rest)*);
    };

    (@enum $origin:ident $name:ident [$($doc:literal)+]
        $($variant:ident $wire:literal [$($vdoc:literal)+])+
    ) => {
        declare_models!(@declared $origin $name [$($doc)+] Shape::Enum(vec![$(EnumValue {
            name: stringify!($variant),
            wire: $wire,
            doc: concat!($($vdoc, "\n"),+),
        }),+]));
    };

    (@struct $origin:ident $name:ident [$($doc:literal)+] $(
        $field:ident $wire:literal ($ty:ty) [$($scalar:ident)?] [$($default:literal)?]
        [$($fdoc:literal)+]
    )+) => {
        declare_models!(@declared $origin $name [$($doc)+] Shape::Struct(vec![$(FieldSpec {
            name: stringify!($field),
            wire: $wire,
            doc: concat!($($fdoc, "\n"),+),
            ty: <$ty as Describe>::ty() $(.with_scalar(declare_models!(@scalar $scalar)))?,
            default: declare_models!(@default $($default)?),
        }),+]));
    };

    // A model's row of the table, and its type in the rows of others.
    (@declared $origin:ident $name:ident [$($doc:literal)+] $shape:expr) => {
        declare_models!(@named $name);

        impl Declared for $name {
            fn spec() -> ModelSpec {
                ModelSpec {
                    name: stringify!($name),
                    doc: concat!($($doc, "\n"),+),
                    origin: Origin::$origin,
                    shape: $shape,
                }
            }
        }
    };

    (@named $name:ident) => {
        impl Describe for $name {
            fn ty() -> Ty {
                Ty::Named(stringify!($name))
            }
        }
    };

    (@scalar Time) => { Ty::Time };
    (@scalar True) => { Ty::True };
    (@scalar $model:ident) => { Ty::Named(stringify!($model)) };

    (@default) => { None };
    (@default $default:literal) => { Some($default) };

    (fn $catalog:ident; $($items:tt)+) => { declare_models!(@next $catalog [] $($items)+); };
}
pub(crate) use declare_models;
