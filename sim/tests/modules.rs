//! The simulator's modules use one another one way only: a cycle would mean two modules that
//! can only be read, changed and tested together. A module is a file of `src/` or a folder
//! (`src/state/`, whose files see one another through `super::`).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

type Graph = BTreeMap<String, BTreeSet<String>>;

/// The modules that `source` names as `crate::name` or `crate::{a, b::{c, d}}`.
fn uses(source: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (at, _) in source.match_indices("crate::") {
        let rest = &source[at + "crate::".len()..];
        match rest.strip_prefix('{') {
            Some(group) => found.extend(top_level_items(group).into_iter().map(ident)),
            None => {
                found.insert(ident(rest));
            }
        }
    }
    found.retain(|name| !name.is_empty() && name != "self");
    found
}

/// The items of a `{...}` group (given without its `{`) split at its own commas only.
fn top_level_items(group: &str) -> Vec<&str> {
    let (mut items, mut depth, mut start) = (Vec::new(), 0, 0);
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                items.push(&group[start..i]);
                break;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&group[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items
}

fn ident(s: &str) -> String {
    s.trim_start()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

fn module_graph(src: &Path) -> Graph {
    let mut graph = Graph::new();
    for entry in fs::read_dir(src).unwrap() {
        let path = entry.unwrap().path();
        let (name, files) = if path.is_dir() {
            let files: Vec<_> = fs::read_dir(&path)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "rs"))
                .collect();
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                files,
            )
        } else if path.extension().is_some_and(|e| e == "rs") {
            (
                path.file_stem().unwrap().to_string_lossy().into_owned(),
                vec![path],
            )
        } else {
            continue;
        };
        let used = graph.entry(name.clone()).or_default();
        for file in files {
            used.extend(uses(&fs::read_to_string(file).unwrap()));
        }
        used.remove(&name);
    }
    graph
}

/// The modules that reach themselves by the uses of the modules they use.
fn on_a_cycle(graph: &Graph) -> BTreeSet<String> {
    let reaches = |from: &String| {
        let mut seen = BTreeSet::new();
        let mut todo: Vec<&String> = graph[from].iter().collect();
        while let Some(m) = todo.pop() {
            if seen.insert(m.clone()) {
                todo.extend(graph.get(m).into_iter().flatten());
            }
        }
        seen.contains(from)
    };
    graph.keys().filter(|m| reaches(m)).cloned().collect()
}

#[test]
fn the_simulator_has_no_module_cycle() {
    let graph = module_graph(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    for module in ["control", "server", "shared", "endpoints", "state"] {
        assert!(
            graph.contains_key(module),
            "{module} missing from {graph:?}"
        );
    }
    assert_eq!(on_a_cycle(&graph), BTreeSet::new(), "{graph:#?}");
}

#[test]
fn a_cycle_through_a_grouped_use_is_found() {
    let graph: Graph = [
        ("a", "use crate::{b, c::X};"),
        ("b", "fn f() { crate::c::g() }"),
        ("c", "use crate::{\n    http::{self, Request},\n    a,\n};"),
        ("d", "use crate::a;"),
    ]
    .into_iter()
    .map(|(name, source)| (name.to_string(), uses(source)))
    .collect();
    assert_eq!(
        graph["c"],
        BTreeSet::from(["http".to_string(), "a".to_string()])
    );
    let cycle = ["a", "b", "c"].map(String::from);
    assert_eq!(on_a_cycle(&graph), BTreeSet::from(cycle));
}
