//! What the API is, apart from how it is reached: the operations (declared once in
//! `operations.rs`), what each row of their table holds (`spec.rs`), the models, the resources
//! the typed methods hang on, and the pure advice on what to do next (`next_step.rs`).

mod model_spec;
pub mod models;
mod next_step;
mod operations;
mod resources;
mod spec;

pub use next_step::{next_step, next_step_json, NextStep, Step};
pub(crate) use operations::custom_spec;
pub use operations::Operation;
pub use resources::{RecoveryKeyApi, SetupApi, VerificationsApi};
pub use spec::{Auth, Field, FieldType, Method, Spec};
