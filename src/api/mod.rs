//! What the API is, apart from how it is reached: the operations (declared once in
//! `operations.rs`, their bodies in `params.rs`), what each row of their table holds
//! (`spec.rs`), the models (the API's, `models.rs`, and the library's own answers,
//! `flow_models.rs`), the pure advice on what to do next (`next_step.rs`, with why a
//! verification ended, `outcome.rs`, and the emojis named, `emoji.rs`), and how an option
//! object is read from JSON (`json.rs`). Nothing here makes a call: the resources the typed
//! methods hang on live in `resources.rs`.

mod emoji;
mod flow_models;
mod json;
mod model_spec;
pub mod models;
mod next_step;
mod operations;
mod outcome;
mod params;
mod spec;

pub use emoji::comparison;
pub use flow_models::{
    Alternative, Change, Comparison, EmojiEntry, NextAction, NextStep, Outcome, OutcomeKind, Step,
};
pub(crate) use json::object_or_default;
pub use next_step::{next_step, next_step_json, next_step_json_with, next_step_with, StepOptions};
pub(crate) use operations::typed_methods;
pub use operations::Operation;
pub(crate) use operations::{custom_spec, secret_fields};
pub use spec::{Auth, Field, FieldType, Method, Spec};
