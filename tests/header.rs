//! The committed C header must be exactly what cbindgen generates from the code now, and hold
//! nothing but the C interface. `make header` (BEEPER_UPDATE_HEADER=1) rewrites it.

use std::path::Path;

#[test]
fn committed_header_matches_the_code() {
    header_matches_its_crate(".", "src/ffi/mod.rs", "include/beeper_setup.h");
}

/// The testing library's header (libbeeper_setup_sim), generated the same way from sim/.
#[test]
fn committed_simulator_header_matches_the_code() {
    header_matches_its_crate("sim", "src/ffi.rs", "include/beeper_setup_sim.h");
}

/// `interface`: the module of the crate that is its C interface, which cbindgen reads (with its
/// submodules) and nothing else.
fn header_matches_its_crate(crate_dir: &str, interface: &str, header: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let crate_dir = root.join(crate_dir);
    let config =
        cbindgen::Config::from_file(crate_dir.join("cbindgen.toml")).expect("cbindgen.toml");
    let mut generated = Vec::new();
    // The allow-list: cbindgen reads the C interface and nothing else of the crate, so no
    // constant or type of the Rust core can reach the header.
    cbindgen::Builder::new()
        .with_src(crate_dir.join(interface))
        .with_config(config)
        .generate()
        .expect("cbindgen failed")
        .write(&mut generated);
    let generated = String::from_utf8(generated).unwrap();
    let path = root.join(header);
    if std::env::var_os("BEEPER_UPDATE_HEADER").is_some() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{header} is out of date with its crate: run `make header` and commit it"
    );
}

/// Every name the header declares at file scope is the library's: it starts with `beeper_`,
/// `Beeper` or `BEEPER_`, so that it cannot collide with a name of the program including it.
#[test]
fn every_name_at_file_scope_is_prefixed() {
    let header = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("include/beeper_setup.h"),
    )
    .unwrap();
    let mut names = Vec::new();
    for line in header.lines() {
        let line = line.trim_end();
        if let Some(rest) = line.strip_prefix("#define ") {
            names.extend(rest.split_whitespace().next());
        } else if let Some(rest) = line.strip_prefix("typedef ") {
            // `typedef struct X X;`, `typedef T (*X)(...);`, `typedef enum { ... } X;`.
            let name = match rest.split_once("(*") {
                Some((_, after)) => after.split(')').next(),
                None => rest.trim_end_matches(';').split_whitespace().last(),
            };
            names.extend(name);
        } else if line.starts_with("struct ") || line.starts_with("enum ") {
            names.extend(line.split_whitespace().nth(1));
        } else if !line.starts_with([' ', '*', '/', '#', '}', '{', '\t']) && line.contains('(') {
            // A function: the word before its argument list.
            let before = line.split('(').next().unwrap_or_default();
            names.extend(
                before
                    .split_whitespace()
                    .last()
                    .map(|n| n.trim_start_matches('*')),
            );
        }
    }
    assert!(
        names.len() >= 40,
        "only {} names found: {names:?}",
        names.len()
    );
    let foreign: Vec<_> = names
        .iter()
        .filter(|n| {
            !["beeper_", "Beeper", "BEEPER_"]
                .iter()
                .any(|p| n.starts_with(p))
        })
        .collect();
    assert!(
        foreign.is_empty(),
        "names the library does not own: {foreign:?}"
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

/// What clang itself attaches (as clangd and Xcode Quick Help show it): every function and type
/// of the header has a doc comment in clang's AST. Skipped, saying so, where no clang is
/// installed (the Swift toolchain brings one).
#[test]
fn clang_attaches_a_doc_comment_to_every_function_and_type() {
    let header = Path::new(env!("CARGO_MANIFEST_DIR")).join("include/beeper_setup.h");
    let output = std::process::Command::new("clang")
        .args(["-x", "c", "-fsyntax-only", "-fno-color-diagnostics"])
        .args(["-Xclang", "-ast-dump"])
        .arg(&header)
        .output();
    let Ok(output) = output else {
        eprintln!("SKIPPED: no clang on PATH");
        return;
    };
    assert!(output.status.success(), "clang failed on the header");
    // Top-level declarations start with "|-" or "`-"; a comment clang attached to one is its
    // direct child "FullComment".
    let mut declarations: Vec<(String, bool)> = Vec::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        if let Some(decl) = line.strip_prefix("|-").or_else(|| line.strip_prefix("`-")) {
            let name = decl
                .split_whitespace()
                .find(|w| w.starts_with("beeper_") || w.starts_with("Beeper"));
            let ours = decl.starts_with("FunctionDecl") || decl.starts_with("TypedefDecl");
            if let (true, Some(name)) = (ours, name) {
                declarations.push((name.to_owned(), false));
                continue;
            }
            declarations.push((String::new(), false));
        } else if let Some(child) = line.get(2..) {
            if child.starts_with("`-FullComment") || child.starts_with("|-FullComment") {
                if let Some(last) = declarations.last_mut() {
                    last.1 = true;
                }
            }
        }
    }
    let ours: Vec<_> = declarations.iter().filter(|(n, _)| !n.is_empty()).collect();
    let bare: Vec<_> = ours
        .iter()
        .filter(|(_, doc)| !doc)
        .map(|(n, _)| n)
        .collect();
    assert!(ours.len() >= 29, "only {} declarations found", ours.len());
    assert!(
        bare.is_empty(),
        "clang attaches no doc comment to: {bare:?}"
    );
}
