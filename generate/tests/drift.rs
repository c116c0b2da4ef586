//! The files generated from the declarations of the operations and models must be exactly what
//! they make now (the C functions, from which cbindgen writes the header; the Python and Swift
//! tables and models). `make generate` rewrites them.

use std::path::Path;

#[test]
fn generated_files_match_the_declarations() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let stale: Vec<String> = beeper_setup_generate::files()
        .into_iter()
        .filter(|(file, text)| {
            std::fs::read_to_string(root.join(file)).ok().as_deref() != Some(text.as_str())
        })
        .map(|(file, _)| file)
        .collect();
    assert!(
        stale.is_empty(),
        "{stale:?} out of date with src/api/operations.rs, models.rs and flow_models.rs: \
         run `make generate` and commit them"
    );
}

/// Generated files say so in their first lines, in each language's comment.
#[test]
fn every_generated_file_says_it_is_generated() {
    for (file, text) in beeper_setup_generate::files() {
        let head: String = text.lines().take(4).collect::<Vec<_>>().join("\n");
        assert!(
            head.contains("by `make generate`: do not edit"),
            "{file} does not say it is generated"
        );
    }
}
