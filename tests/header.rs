//! The committed C header must be exactly what cbindgen generates from the code now.
//! `make header` (BEEPER_UPDATE_HEADER=1) rewrites it.

use std::path::Path;

#[test]
fn committed_header_matches_the_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = cbindgen::Config::from_file(root.join("cbindgen.toml")).expect("cbindgen.toml");
    let mut generated = Vec::new();
    cbindgen::Builder::new()
        .with_crate(root)
        .with_config(config)
        .generate()
        .expect("cbindgen failed")
        .write(&mut generated);
    let generated = String::from_utf8(generated).unwrap();
    let path = root.join("include/beeper_setup.h");
    if std::env::var_os("BEEPER_UPDATE_HEADER").is_some() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "include/beeper_setup.h is out of date with src/ffi: run `make header` and commit it"
    );
}

#[test]
fn version_matches_the_manifest() {
    let v = unsafe { std::ffi::CStr::from_ptr(beeper_setup::ffi::beeper_version()) };
    assert_eq!(v.to_str().unwrap(), env!("CARGO_PKG_VERSION"));
    let manifest =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap();
    assert!(manifest.contains(&format!("version = \"{}\"", v.to_str().unwrap())));
}

/// Every declaration of the header (function, constant, type) carries a documentation comment
/// that clang, clangd, Xcode Quick Help and Doxygen attach to it: `/** ... */` right above it.
#[test]
fn every_declaration_has_a_doc_comment_tools_attach() {
    let header = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("include/beeper_setup.h"),
    )
    .unwrap();
    let lines: Vec<&str> = header.lines().collect();
    let is_declaration = |line: &str| {
        (line.starts_with("#define BEEPER_") || line.starts_with("typedef "))
            || (line.contains("beeper_") && line.contains('(') && !line.starts_with(' '))
    };
    let mut undocumented = Vec::new();
    let mut documented = 0;
    for (i, line) in lines.iter().enumerate() {
        if !is_declaration(line) || line.starts_with("#define BEEPER_SETUP_H") {
            continue;
        }
        // The comment ends on the line above; it must open with `/**`.
        let opening = lines[..i]
            .iter()
            .rev()
            .take_while(|l| !l.trim().is_empty())
            .find(|l| l.trim_start().starts_with("/*"));
        let ends_above = i > 0 && lines[i - 1].trim_end().ends_with("*/");
        match opening {
            Some(open) if ends_above && open.trim_start().starts_with("/**") => documented += 1,
            _ => undocumented.push(line.to_string()),
        }
    }
    assert!(documented >= 29, "only {documented} declarations found");
    assert!(
        undocumented.is_empty(),
        "declarations without a /** */ doc comment:\n{}",
        undocumented.join("\n")
    );
}
