//! ARCHITECTURE.md names real things: every file or folder it names exists, and every function,
//! method, type or macro it names by a qualified name (`call::entry::call`, `NativeClient.call`,
//! `declare_models!`, `beeper_client_call`) is defined somewhere in the repository's source.
//! Code moves and is renamed; this test names the sentence to fix when it does.

use std::path::{Path, PathBuf};

/// The folders whose files the page may name (build output and caches left out).
const FOLDERS: [&str; 8] = [
    "src", "bindings", "sim", "cli", "generate", "tests", "include", "bench",
];

/// How the names of the files the page names end.
const FILE_ENDINGS: [&str; 5] = [".rs", ".py", ".swift", ".h", ".md"];

/// What begins the definition of a name in Rust, Python or Swift (a property, not a local).
const DEFINED_BY: [&str; 15] = [
    "fn ",
    "def ",
    "func ",
    "struct ",
    "class ",
    "enum ",
    "trait ",
    "type ",
    "mod ",
    "const ",
    "static ",
    "static let ",
    "public var ",
    "macro_rules! ",
    "protocol ",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under the folders, as a path from the root with `/` between its parts.
fn files(root: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut todo: Vec<PathBuf> = FOLDERS.iter().map(|f| root.join(f)).collect();
    while let Some(dir) = todo.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || name == "target" || name == "__pycache__" {
                continue;
            }
            if path.is_dir() {
                todo.push(path);
            } else if let Ok(relative) = path.strip_prefix(root) {
                let parts: Vec<_> = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                found.push(parts.join("/"));
            }
        }
    }
    found
}

/// The text between backticks, outside fenced blocks.
fn spans(doc: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut fenced = false;
    for line in doc.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        out.extend(line.split('`').skip(1).step_by(2).map(str::to_owned));
    }
    out
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The name a span defines, if it names code: the last part of a qualified name before its
/// arguments (`NativeClient.call(...)` names `call`), a macro (`declare_models!`), a C function
/// (`beeper_client_call`); `None` for a word, a file, a command or a JSON value.
fn named(span: &str) -> Option<String> {
    let span = span.trim_start_matches("try ").trim_start_matches("await ");
    if span.contains(' ') && !span.contains('(') || span.starts_with('"') || span.contains('/') {
        return None;
    }
    let head = span.split(['(', '<', '{', ' ']).next().unwrap_or_default();
    if FILE_ENDINGS.iter().any(|end| head.ends_with(end)) {
        return None;
    }
    let qualified = head.contains("::") || head.contains('.');
    let mut name = head.split([':', '.']).rfind(|p| !p.is_empty())?.to_owned();
    let is_macro = name.ends_with('!');
    name = name.trim_end_matches('!').to_owned();
    let called = span.contains('(');
    let is_c = name.starts_with("beeper_");
    if name.is_empty() || !name.chars().all(is_ident_char) || name.starts_with(char::is_numeric) {
        return None;
    }
    (qualified || is_macro || is_c || called).then_some(name)
}

/// Whether `name` is defined in `source` (or, for Swift's `init`, declared as an initializer).
fn defines(source: &str, name: &str) -> bool {
    if name == "init" {
        return source.contains("init(");
    }
    source.match_indices(name).any(|(at, _)| {
        let after = source[at + name.len()..].chars().next();
        !after.is_some_and(is_ident_char)
            && DEFINED_BY
                .iter()
                .any(|keyword| source[..at].ends_with(keyword))
    })
}

#[test]
fn every_file_and_name_the_architecture_page_gives_exists() {
    let root = root();
    let doc = std::fs::read_to_string(root.join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let files = files(&root);
    let source: String = files
        .iter()
        .filter(|f| f.ends_with(".rs") || f.ends_with(".py") || f.ends_with(".swift"))
        .filter_map(|f| std::fs::read_to_string(root.join(f)).ok())
        .collect::<Vec<_>>()
        .join("\n");
    let mut missing = Vec::new();
    let mut checked = 0;
    for span in spans(&doc) {
        let paths = span
            .split([' ', ',', '(', ')'])
            .map(|p| p.trim_end_matches(':'))
            .filter(|p| {
                (p.contains('/') || p.contains('.'))
                    && (p.ends_with('/') || FILE_ENDINGS.iter().any(|end| p.ends_with(end)))
            });
        for path in paths {
            checked += 1;
            let exists = root.join(path).exists()
                || files.iter().any(|f| {
                    f.ends_with(&format!("/{path}"))
                        || (path.ends_with('/') && f.contains(&format!("/{path}")))
                });
            if !exists {
                missing.push(format!("file {path} (in `{span}`)"));
            }
        }
        if let Some(name) = named(&span) {
            checked += 1;
            if !defines(&source, &name) {
                missing.push(format!("{name} (in `{span}`)"));
            }
        }
    }
    assert!(
        checked > 100,
        "only {checked} names found: is the page still there?"
    );
    assert!(
        missing.is_empty(),
        "ARCHITECTURE.md names what the code no longer has:\n  {}",
        missing.join("\n  ")
    );
}

#[test]
fn a_renamed_function_is_caught() {
    let source = "pub(crate) fn call_with_ready(\nfunc callAsync<T>(\ndef _invoke(self";
    for span in [
        "call::entry::call_with_ready",
        "BeeperSetupClient.callAsync",
        "_BaseClient._invoke",
    ] {
        let name = named(span).expect(span);
        assert!(defines(source, &name), "{span}");
    }
    for span in ["call::entry::call_ready", "NativeClient.startCall(...)"] {
        let name = named(span).expect(span);
        assert!(!defines(source, &name), "{span}");
    }
    for span in [
        "options_json",
        "\"null\"",
        "make generate",
        "src/call/plan.rs",
    ] {
        assert_eq!(named(span), None, "{span}");
    }
}
