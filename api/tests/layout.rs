//! The shape of the code, read from its imports: no two files of api/src depend on each other,
//! directly or around a circle, and the leaves (`domain/`, `notify/`) import nothing from the
//! layers above them. Run it alone with `cargo test -p intake --test layout`.
//!
//! An import is any `crate::…` or `super::…` path in a file (in `use` lines, braces expanded, and
//! in code), resolved to the file of the longest module it names, and through a module's
//! `pub use` to the file that defines the name. Test modules (`#[cfg(test)]` to the end of the
//! file) are left out: a test may reach anywhere.

// A test may stop with a message.
#![allow(clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn source_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            source_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `service/case/list.rs` → `service::case::list`; `service/mod.rs` → `service`; `lib.rs` → ``.
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap_or(file);
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().trim_end_matches(".rs").to_owned()).collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib" || p == "main") {
        parts.pop();
    }
    parts
}

/// The code without comments and without the test module at the end.
fn code_of(text: &str) -> String {
    let text = match text.find("#[cfg(test)]") {
        Some(at) => &text[..at],
        None => text,
    };
    text.lines().map(|l| l.split("//").next().unwrap_or_default()).collect::<Vec<_>>().join("\n")
}

/// Expands `a::{b, c::{d, e}}` into `a::b`, `a::c::d`, `a::c::e`.
fn expand(path: &str) -> Vec<String> {
    let path = path.trim();
    let Some(open) = path.find('{') else { return vec![path.to_owned()] };
    let prefix = &path[..open];
    let inner = path[open + 1..].trim_end().trim_end_matches('}');
    let mut items = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&inner[start..]);
    items
        .into_iter()
        .filter(|i| !i.trim().is_empty())
        .flat_map(|i| expand(i.trim()))
        .map(|tail| if tail == "self" { prefix.trim_end_matches("::").to_owned() } else { format!("{prefix}{tail}") })
        .collect()
}

/// Every `crate::…` and `super::…` path of a file's code.
fn paths_of(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("use ") {
        let before_ok = at == 0 || !rest.as_bytes()[at - 1].is_ascii_alphanumeric();
        let tail = &rest[at + 4..];
        let end = tail.find(';').unwrap_or(tail.len());
        if before_ok && (tail.starts_with("crate::") || tail.starts_with("super::")) {
            let statement: String = tail[..end].split_whitespace().collect::<Vec<_>>().join(" ");
            let statement = statement.split(" as ").next().unwrap_or_default().to_owned();
            out.extend(expand(&statement));
        }
        rest = &tail[end.min(tail.len())..];
    }
    let bytes = code.as_bytes();
    for start in ["crate::", "super::"] {
        let mut from = 0;
        while let Some(i) = code[from..].find(start).map(|i| i + from) {
            let mut end = i;
            while end < bytes.len() && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'_' || bytes[end] == b':')
            {
                end += 1;
            }
            out.push(code[i..end].trim_end_matches(':').to_owned());
            from = end.max(i + 1);
        }
    }
    out
}

struct Tree {
    files: BTreeMap<Vec<String>, PathBuf>,
    code: BTreeMap<PathBuf, String>,
}

impl Tree {
    /// The file a path leads to, following `pub use` re-exports of the module it lands in.
    fn resolve(&self, from: &[String], path: &str, depth: usize) -> Option<PathBuf> {
        let mut segments: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
        // `super` is the parent of the module the file is (of `a::x` for a/x.rs, of `a` for a/mod.rs).
        let mut base: Vec<String> = Vec::new();
        if segments.first() == Some(&"crate") {
            segments.remove(0);
        } else {
            base = from.to_vec();
            while segments.first() == Some(&"super") {
                segments.remove(0);
                base.pop();
            }
        }
        let full: Vec<String> = base.into_iter().chain(segments.iter().map(|s| (*s).to_owned())).collect();
        let mut len = full.len();
        while len > 0 && !self.files.contains_key(&full[..len]) {
            len -= 1;
        }
        let module = full[..len].to_vec();
        let file = self.files.get(&module)?.clone();
        // A name the module only re-exports is the file that defines it.
        if let Some(name) = full.get(len)
            && depth < 4
            && let Some(code) = self.code.get(&file)
        {
            for statement in code.split(';').filter(|s| s.trim_start().starts_with("pub use ")) {
                let body = statement.trim_start().trim_start_matches("pub use ");
                for target in expand(&body.split_whitespace().collect::<Vec<_>>().join(" ")) {
                    if target.rsplit("::").next() == Some(name.as_str()) {
                        return self.resolve(&module, &target, depth + 1).or(Some(file));
                    }
                }
            }
        }
        Some(file)
    }
}

fn graph() -> (BTreeMap<PathBuf, BTreeSet<PathBuf>>, PathBuf) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    source_files(&src, &mut files);
    let mut tree = Tree { files: BTreeMap::new(), code: BTreeMap::new() };
    for file in &files {
        if file.ends_with("main.rs") {
            continue;
        }
        let module = module_of(&src, file);
        tree.code.insert(file.clone(), code_of(&std::fs::read_to_string(file).unwrap_or_default()));
        tree.files.insert(module, file.clone());
    }
    let mut edges: BTreeMap<PathBuf, BTreeSet<PathBuf>> = BTreeMap::new();
    for (module, file) in &tree.files {
        let code = tree.code.get(file).cloned().unwrap_or_default();
        for path in paths_of(&code) {
            if let Some(target) = tree.resolve(module, &path, 0)
                && &target != file
            {
                edges.entry(file.clone()).or_default().insert(target);
            }
        }
    }
    (edges, src)
}

fn find_cycle(edges: &BTreeMap<PathBuf, BTreeSet<PathBuf>>) -> Option<Vec<PathBuf>> {
    fn visit(
        node: &PathBuf,
        edges: &BTreeMap<PathBuf, BTreeSet<PathBuf>>,
        state: &mut BTreeMap<PathBuf, u8>,
        stack: &mut Vec<PathBuf>,
    ) -> Option<Vec<PathBuf>> {
        state.insert(node.clone(), 1);
        stack.push(node.clone());
        for next in edges.get(node).into_iter().flatten() {
            match state.get(next) {
                Some(1) => {
                    let at = stack.iter().position(|n| n == next).unwrap_or(0);
                    return Some(stack[at..].to_vec());
                }
                Some(_) => {}
                None => {
                    if let Some(cycle) = visit(next, edges, state, stack) {
                        return Some(cycle);
                    }
                }
            }
        }
        stack.pop();
        state.insert(node.clone(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in edges.keys() {
        if !state.contains_key(node)
            && let Some(cycle) = visit(node, edges, &mut state, &mut Vec::new())
        {
            return Some(cycle);
        }
    }
    None
}

#[test]
fn no_two_files_depend_on_each_other() {
    let (edges, src) = graph();
    assert!(edges.len() > 50, "the imports were read: {} files with imports", edges.len());
    let name = |p: &PathBuf| p.strip_prefix(&src).unwrap_or(p).display().to_string();
    if let Some(cycle) = find_cycle(&edges) {
        panic!("an import cycle: {}", cycle.iter().map(name).collect::<Vec<_>>().join(" → "));
    }
}

#[test]
fn the_leaves_import_nothing_from_above() {
    let (edges, src) = graph();
    let above = ["service", "http", "jobs", "app.rs", "startup.rs"];
    for (file, targets) in &edges {
        let rel = file.strip_prefix(&src).unwrap_or(file);
        if !(rel.starts_with("domain") || rel.starts_with("notify")) {
            continue;
        }
        for target in targets {
            let to = target.strip_prefix(&src).unwrap_or(target);
            assert!(!above.iter().any(|a| to.starts_with(a)), "{} imports {}", rel.display(), to.display());
        }
    }
}

#[test]
fn a_known_cycle_would_be_found() {
    let a = PathBuf::from("a.rs");
    let b = PathBuf::from("b.rs");
    let edges = BTreeMap::from([(a.clone(), BTreeSet::from([b.clone()])), (b.clone(), BTreeSet::from([a.clone()]))]);
    assert!(find_cycle(&edges).is_some_and(|c| c.len() == 2));
    assert_eq!(expand("crate::service::{AppState, case::{list, detail::CaseDetail}}").len(), 3);
}
