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
