//! What `make generate` writes from the declarations of the operations (`src/api/operations.rs`)
//! and the models (the API's, `src/api/models.rs`, and the library's own answers,
//! `src/api/flow_models.rs`): the C function of each operation, the Python and Swift tables of
//! operations, the Python and Swift methods of the operations (`python_methods.rs`,
//! `swift_methods.rs`), and the Python and Swift models. Each binding's names live with its
//! generator (`python.rs`, `swift.rs`); the declarations name things once, in Rust.
//!
//! To add a model or a field, declare it in `src/api/models.rs` or `src/api/flow_models.rs`
//! (`declare_models!` says how), give it a Python and a Swift name in `NAMES` of `python.rs` and
//! `swift.rs` when the official SDK's or Swift's differs from the Rust one, and run `make
//! generate`. The drift test (`tests/drift.rs`) fails until the generated files are committed.

mod c;
mod python;
mod python_methods;
mod swift;
mod swift_methods;
mod text;

/// Every generated file, as (path from the repository's root, text).
pub fn files() -> Vec<(String, String)> {
    let mut files = vec![("src/ffi/operations.rs".to_owned(), c::functions())];
    files.extend(python::files());
    files.push(python_methods::file());
    files.extend(swift::files());
    files.extend(swift_methods::files());
    files
}
