//! What the API is, apart from how it is reached: the operations (declared once in
//! `operations.rs`), what each row of their table holds (`spec.rs`), the models, and the
//! resources the typed methods hang on.

pub mod models;
mod operations;
mod resources;
mod spec;

pub(crate) use operations::custom_spec;
pub use operations::Operation;
pub use resources::{RecoveryKeyApi, SetupApi, VerificationsApi};
pub use spec::{Auth, Field, FieldType, Method, Spec};
