//! Every key the code and the templates ask the catalogs for exists in both languages: a missing
//! key would show its name on a page or in an email, and only a reader would notice.
//!
//! The sources (api/src without its tests, and the expressions of web-form/templates) are read as
//! text when the test runs. A key is
//! - a literal inside the arguments of a call that takes one (`t`, `t1`, `text`, `text_with`, or
//!   `get` on a catalog);
//! - any literal of the page and mail code (http/, notify/, i18n.rs, the templates) that starts
//!   with a namespace of the catalogs (`console-`, `mail-`, …): keys kept in variables, constants
//!   and helpers' arguments;
//! - a key built with `format!` (`"status-{}"`), expanded with every value of the list or enum it
//!   comes from (`dynamic_values`). A new pattern fails the test until its values are declared there.
//!
//! Not seen: a key in a variable whose literal has a namespace the catalogs do not have (a typo
//! in the first word), field codes passed through variables or helper closures, and
//! values of a dynamic key that reach it only at run time (from the database or the address).

use super::catalog;
use crate::domain::language::Language;
use crate::domain::role::StaffRole;
use crate::domain::routing::Role;
use crate::domain::status::ALL_STATUSES;
use crate::domain::tags::ALL_TAGS;
use crate::service::ProblemCode;
use crate::service::document::DocumentKind;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

#[derive(Clone, Debug, PartialEq, Eq)]
enum Tok {
    /// Identifiers, keywords and numbers.
    Word(String),
    Str(String),
    Punct(char),
}

struct Source {
    /// From the repository's root, e.g. `api/src/http/console/queue.rs`.
    path: String,
    toks: Vec<Tok>,
}

impl Source {
    fn is(&self, i: usize, c: char) -> bool {
        self.toks.get(i) == Some(&Tok::Punct(c))
    }

    fn word(&self, i: usize) -> Option<&str> {
        match self.toks.get(i) {
            Some(Tok::Word(w)) => Some(w),
            _ => None,
        }
    }

    /// The index of the bracket that closes the one at `open`.
    fn closing(&self, open: usize) -> usize {
        let mut depth = 0usize;
        for (i, tok) in self.toks.iter().enumerate().skip(open) {
            match tok {
                Tok::Punct('(' | '[' | '{') => depth += 1,
                Tok::Punct(')' | ']' | '}') => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return i;
                    }
                }
                _ => {}
            }
        }
        self.toks.len()
    }

    /// The index of the bracket that opens the one at `close` (0 when there is none).
    fn opening(&self, close: usize) -> usize {
        let mut depth = 0usize;
        for i in (0..=close).rev() {
            match self.toks[i] {
                Tok::Punct(')' | ']' | '}') => depth += 1,
                Tok::Punct('(' | '[' | '{') => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return i;
                    }
                }
                _ => {}
            }
        }
        0
    }

    /// The arguments of the call whose `(` is at `open`, split at top-level commas.
    fn arguments(&self, open: usize) -> Vec<&[Tok]> {
        let close = self.closing(open);
        let mut args = Vec::new();
        let (mut start, mut depth) = (open + 1, 0usize);
        for i in open + 1..close {
            match self.toks[i] {
                Tok::Punct('(' | '[' | '{') => depth += 1,
                Tok::Punct(')' | ']' | '}') => depth = depth.saturating_sub(1),
                Tok::Punct(',') if depth == 0 => {
                    args.push(&self.toks[start..i]);
                    start = i + 1;
                }
                _ => {}
            }
        }
        if start < close {
            args.push(&self.toks[start..close]);
        }
        args
    }

    /// Each call of `name(` (`qualifier::name(` when given), by the index of its `(`.
    fn calls<'a>(&'a self, qualifier: Option<&'a str>, name: &'a str) -> impl Iterator<Item = usize> + 'a {
        (1..self.toks.len()).filter(move |&i| {
            self.is(i, '(')
                && self.word(i - 1) == Some(name)
                && self.word(i.wrapping_sub(2)) != Some("fn")
                && qualifier.is_none_or(|q| i >= 4 && self.is(i - 2, ':') && self.word(i - 4) == Some(q))
        })
    }
}

fn strs(toks: &[Tok]) -> impl Iterator<Item = &str> {
    toks.iter().filter_map(|t| match t {
        Tok::Str(s) => Some(s.as_str()),
        _ => None,
    })
}

/// The literals of an argument that is a literal or chooses between literals (`if a { "x" } else
/// { "y" }`), not of one that computes (`"x".to_owned()`, `format!(…)`).
fn literal_choices(arg: &[Tok]) -> Vec<String> {
    let computes = arg.iter().any(|t| matches!(t, Tok::Punct('.' | '!')));
    if computes { Vec::new() } else { strs(arg).map(str::to_owned).collect() }
}

fn is_code(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_lowercase()) && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `word-word…`: the shape of every catalog key.
fn is_key(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.contains('-')
        && s.split('-').all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
}

/// A `format!` string of key shape, with each placeholder made `{}`: `"draft-{part}-{}"` gives
/// `"draft-{}-{}"`.
fn key_pattern(s: &str) -> Option<String> {
    if !s.contains('{') {
        return None;
    }
    let mut pattern = String::new();
    let mut rest = s;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}')? + open;
        pattern.push_str(&rest[..open]);
        pattern.push_str("{}");
        rest = &rest[close + 1..];
    }
    pattern.push_str(rest);
    is_key(&pattern.replace("{}", "x")).then_some(pattern)
}

/// A raw string (`r"…"`, `r#"…"#`, `br"…"`) starting at `start`: its text and where it ends.
fn raw_string(chars: &[char], start: usize) -> Option<(String, usize)> {
    let mut j = start + usize::from(chars.get(start) == Some(&'b'));
    if chars.get(j) != Some(&'r') {
        return None;
    }
    j += 1;
    let hashes = chars[j..].iter().take_while(|c| **c == '#').count();
    j += hashes;
    if chars.get(j) != Some(&'"') {
        return None;
    }
    let body_start = j + 1;
    let closes =
        |k: &usize| chars[*k] == '"' && chars[k + 1..].iter().take(hashes).filter(|c| **c == '#').count() == hashes;
    let end = (body_start..chars.len()).find(closes).unwrap_or(chars.len());
    Some((chars[body_start..end].iter().collect(), (end + 1 + hashes).min(chars.len())))
}

/// Rust tokens: enough of the language to find calls and literals, comments left out.
fn lex(src: &str) -> Vec<Tok> {
    let chars: Vec<char> = src.chars().collect();
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    let mut toks = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '/' && at(i + 1) == '/' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            let mut depth = 0usize;
            while i < chars.len() {
                if chars[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if c == '"' || (c == 'b' && at(i + 1) == '"') {
            i += if c == 'b' { 2 } else { 1 };
            let mut s = String::new();
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                s.push(at(i));
                i += 1;
            }
            toks.push(Tok::Str(s));
            i += 1;
        } else if let Some((body, end)) = raw_string(&chars, i) {
            toks.push(Tok::Str(body));
            i = end;
        } else if c == '\'' {
            // A character literal ('"', '\'', '\u{…}'), or a lifetime.
            if at(i + 1) == '\\' {
                i += 3;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if at(i + 2) == '\'' {
                i += 3;
            } else {
                i += 1;
            }
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            toks.push(Tok::Word(chars[start..i].iter().collect()));
        } else {
            toks.push(Tok::Punct(c));
            i += 1;
        }
    }
    toks
}

/// The tokens without the items marked `#[cfg(test)]`: tests may ask for keys that do not exist.
fn without_tests(toks: Vec<Tok>) -> Vec<Tok> {
    let marker: Vec<Tok> = lex("#[cfg(test)]");
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if toks[i..].starts_with(&marker) {
            let source = Source { path: String::new(), toks: toks[i..].to_vec() };
            let end = (marker.len()..source.toks.len())
                .find(|&j| source.is(j, ';') || source.is(j, '{'))
                .map_or(source.toks.len(), |j| if source.is(j, '{') { source.closing(j) } else { j });
            i += end + 1;
        } else {
            out.push(toks[i].clone());
            i += 1;
        }
    }
    out
}

/// The expressions of a template (`{{ … }}` and `{% … %}`), lexed as Rust, which they mostly are.
fn template_code(src: &str) -> String {
    let mut code = String::new();
    let mut rest = src;
    while let Some(open) = rest.find(['{']) {
        let after = &rest[open + 1..];
        let close = match after.chars().next() {
            Some('{') => "}}",
            Some('%') => "%}",
            Some('#') => "#}",
            _ => {
                rest = after;
                continue;
            }
        };
        let end = after.find(close).unwrap_or(after.len());
        if !after.starts_with('#') {
            code.push_str(&after[1..end]);
            code.push_str(" ;\n");
        }
        rest = &after[(end + close.len()).min(after.len())..];
    }
    code
}

fn read_tree(dir: &Path, root: &Path, extension: &str, out: &mut Vec<(String, String)>, errors: &mut Vec<String>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => return errors.push(format!("{}: {e}", dir.display())),
    };
    let mut paths: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            read_tree(&path, root, extension, out, errors);
        } else if path.extension().is_some_and(|e| e == extension) {
            match std::fs::read_to_string(&path) {
                Ok(text) => {
                    let name = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
                    out.push((name, text));
                }
                Err(e) => errors.push(format!("{}: {e}", path.display())),
            }
        }
    }
}

/// The Rust sources without their tests, and the templates' expressions; or what could not be read.
fn sources() -> Result<Vec<Source>, Vec<String>> {
    let api = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = api.parent().unwrap_or(api);
    let (mut files, mut templates, mut errors) = (Vec::new(), Vec::new(), Vec::new());
    read_tree(&api.join("src"), root, "rs", &mut files, &mut errors);
    read_tree(&root.join("web-form/templates"), root, "html", &mut templates, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut sources: Vec<Source> = files
        .into_iter()
        // This test's own literals are not keys the service asks for.
        .filter(|(path, _)| !path.starts_with("api/src/i18n/"))
        .map(|(path, text)| Source { toks: without_tests(lex(&text)), path })
        .collect();
    sources.extend(templates.into_iter().map(|(path, text)| Source { toks: lex(&template_code(&text)), path }));
    Ok(sources)
}

/// Where words are chosen: here any literal in a catalog namespace is taken for a key.
fn chooses_words(path: &str) -> bool {
    path.starts_with("api/src/http/")
        || path.starts_with("api/src/notify/")
        || path == "api/src/i18n.rs"
        || path.starts_with("web-form/templates/")
}

const KEY_CALLS: [&str; 4] = ["t", "t1", "text", "text_with"];

/// Keys or patterns, each with the file that asks for it.
type Found = Vec<(String, String)>;

/// The literal keys and the `format!` patterns the sources ask for.
fn asked(sources: &[Source], namespaces: &BTreeSet<&str>) -> (Found, Found) {
    let (mut keys, mut patterns) = (Vec::new(), Vec::new());
    let mut take = |s: &str, path: &str| {
        if is_key(s) {
            keys.push((s.to_owned(), path.to_owned()));
        } else if let Some(p) = key_pattern(s) {
            patterns.push((p, path.to_owned()));
        }
    };
    for src in sources {
        for i in 1..src.toks.len() {
            let Some(name) = src.word(i - 1) else { continue };
            if !src.is(i, '(') {
                continue;
            }
            let on_catalog = name == "get" && i >= 3 && src.is(i - 2, '.') && {
                // `catalog.get(` or `catalog(…).get(`
                let receiver = if src.is(i - 3, ')') { src.opening(i - 3).wrapping_sub(1) } else { i - 3 };
                src.word(receiver) == Some("catalog")
            };
            if KEY_CALLS.contains(&name) || on_catalog {
                for arg in src.arguments(i) {
                    strs(arg).for_each(|s| take(s, &src.path));
                }
            }
        }
        if chooses_words(&src.path) {
            for s in strs(&src.toks) {
                let namespace = s.split('-').next().unwrap_or_default();
                if namespaces.contains(namespace) {
                    take(s, &src.path);
                }
            }
        }
    }
    (keys, patterns)
}

/// The literals of the arguments at `index` of every call of `qualifier::name(`.
fn call_literals(sources: &[Source], qualifier: Option<&str>, name: &str, index: usize) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for src in sources {
        for open in src.calls(qualifier, name) {
            if let Some(arg) = src.arguments(open).get(index) {
                out.extend(literal_choices(arg));
            }
        }
    }
    out
}

/// The literals and numbers in the body of `fn name`.
fn fn_literals(sources: &[Source], name: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for src in sources {
        for i in 1..src.toks.len() {
            if src.word(i - 1) == Some("fn") && src.word(i) == Some(name) {
                let Some(open) = (i..src.toks.len()).find(|&j| src.is(j, '{')) else { continue };
                for tok in &src.toks[open..src.closing(open)] {
                    match tok {
                        Tok::Str(s) => out.insert(s.clone()),
                        Tok::Word(w) if w.chars().all(|c| c.is_ascii_digit()) => out.insert(w.clone()),
                        _ => false,
                    };
                }
            }
        }
    }
    out
}

/// The literals of `const NAME: … = …;`.
fn const_literals(sources: &[Source], name: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for src in sources {
        for i in 1..src.toks.len() {
            if src.word(i - 1) == Some("const") && src.word(i) == Some(name) {
                // The value, after the `=`: the type has a `;` of its own.
                let Some(value) = (i..src.toks.len()).find(|&j| src.is(j, '=')) else { continue };
                let end = if src.is(value + 1, '[') { src.closing(value + 1) } else { value };
                out.extend(strs(&src.toks[value..end]).map(str::to_owned));
            }
        }
    }
    out
}

/// The fields of every `Name { field: value, … }` literal, each value as its tokens.
fn struct_literals<'a>(sources: &'a [Source], name: &str) -> Vec<BTreeMap<String, &'a [Tok]>> {
    let mut out = Vec::new();
    for src in sources {
        for i in 1..src.toks.len() {
            let declares = matches!(src.word(i.wrapping_sub(2)), Some("struct" | "impl" | "for"));
            if src.word(i - 1) != Some(name) || !src.is(i, '{') || declares {
                continue;
            }
            let fields = src
                .arguments(i)
                .into_iter()
                .filter_map(|arg| match arg {
                    [Tok::Word(field), Tok::Punct(':'), value @ ..] if !value.starts_with(&[Tok::Punct(':')]) => {
                        Some((field.clone(), value))
                    }
                    _ => None,
                })
                .collect();
            out.push(fields);
        }
    }
    out
}

/// The values a field of `Name { … }` literals is given as literal codes.
fn field_codes(sources: &[Source], name: &str, field: &str) -> BTreeSet<String> {
    struct_literals(sources, name)
        .iter()
        .filter_map(|fields| fields.get(field))
        .flat_map(|value| strs(value).filter(|s| is_code(s)).map(str::to_owned))
        .collect()
}

/// The literals of the last `matches!(…)` before the literal `anchor`: the filter that lets only
/// known codes (from the address bar) reach a key.
fn matches_before(sources: &[Source], anchor: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for src in sources {
        for i in 0..src.toks.len() {
            if src.toks[i] != Tok::Str(anchor.to_owned()) {
                continue;
            }
            if let Some(m) = (2..i).rev().find(|&j| src.word(j - 2) == Some("matches") && src.is(j - 1, '!')) {
                out.extend(strs(&src.toks[m..src.closing(m)]).map(str::to_owned));
            }
        }
    }
    out
}

/// Every value of the enums (a match: adding a variant fails to compile until it is listed here).
fn staff_roles() -> Vec<&'static str> {
    let all = [StaffRole::Admin, StaffRole::Officer, StaffRole::Volunteer];
    all.iter().for_each(|r| match r {
        StaffRole::Admin | StaffRole::Officer | StaffRole::Volunteer => {}
    });
    all.map(StaffRole::as_str).to_vec()
}

fn routing_roles() -> Vec<&'static str> {
    let all = [Role::Primary, Role::Copy];
    all.iter().for_each(|r| match r {
        Role::Primary | Role::Copy => {}
    });
    all.map(Role::as_str).to_vec()
}

fn languages() -> Vec<Language> {
    let all = [Language::ZhCn, Language::En];
    all.iter().for_each(|l| match l {
        Language::ZhCn | Language::En => {}
    });
    all.to_vec()
}

/// The kinds of case events, and whether the worker may see events of that kind.
fn event_kinds(sources: &[Source]) -> Vec<(String, bool)> {
    struct_literals(sources, "EventInsert")
        .iter()
        .flat_map(|fields| {
            let hidden = fields.get("visible_to_worker").is_some_and(|v| *v == [Tok::Word("false".into())]);
            let kinds: Vec<String> =
                fields.get("kind").map(|v| strs(v).map(str::to_owned).collect()).unwrap_or_default();
            kinds.into_iter().map(move |k| (k, !hidden))
        })
        .collect()
}

fn strings<'a>(values: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    values.into_iter().map(str::to_owned).collect()
}

/// The values of each `format!` pattern, where they come from.
fn dynamic_values(pattern: &str, s: &[Source]) -> Option<Vec<BTreeSet<String>>> {
    let documents = || strings(DocumentKind::ALL.map(DocumentKind::as_str));
    let values = match pattern {
        "status-{}" => vec![strings(ALL_STATUSES.map(|st| st.as_str()))],
        "tag-{}" => vec![strings(ALL_TAGS.map(|t| t.as_str()))],
        "timeline-{}" => vec![event_kinds(s).into_iter().filter(|(_, shown)| *shown).map(|(k, _)| k).collect()],
        "console-event-{}" => vec![event_kinds(s).into_iter().map(|(k, _)| k).collect()],
        "console-done-{}" => vec![matches_before(s, "console-done-{d}")],
        "console-tab-{}" => vec![strings(crate::http::console::queue::VIEWS)],
        "lead-done-{}" => vec![matches_before(s, "lead-done-{d}")],
        "lead-status-{}" => {
            // A lead is open, or settled by one of the decisions the lead page confirms.
            let mut statuses = matches_before(s, "lead-done-{d}");
            statuses.insert(crate::store::leads::OPEN.to_owned());
            vec![statuses]
        }
        "admin-kind-{}" => vec![strings(crate::domain::office::ALL_OFFICE_KINDS.map(|k| k.as_str()))],
        "admin-language-{}" => vec![languages().into_iter().map(|l| l.tag().to_owned()).collect()],
        "admin-action-{}" => {
            let mut actions = const_literals(s, "ACTIONS");
            actions.extend(call_literals(s, None, "audit_entry", 1));
            actions.extend(field_codes(s, "Entry", "action"));
            for (src, open) in s.iter().flat_map(|src| src.calls(None, "audit").map(move |i| (src, i))) {
                for arg in src.arguments(open) {
                    actions.extend(literal_choices(arg).into_iter().filter(|a| is_code(a)));
                }
            }
            vec![actions]
        }
        "admin-staff-role-{}" => {
            let mut roles = strings(staff_roles());
            roles.extend(field_codes(s, "Entry", "actor_role"));
            vec![roles]
        }
        "admin-role-{}" => vec![strings(routing_roles())],
        "admin-level-{}" => vec![strings(["county", "city", "province"])],
        "deadline-basis-{}" => vec![strings(crate::domain::deadline::Basis::ALL.map(|b| b.as_str()))],
        "admin-done-{}" => vec![call_literals(s, None, "done", 1)],
        "dashboard-{}-caption" => vec![call_literals(s, None, "chart", 1)],
        "doc-kind-{}" => vec![documents()],
        "draft-{}-{}" => vec![call_literals(s, None, "part", 0), documents()],
        "behalf-{}" => vec![fn_literals(s, "consent_methods")],
        "error-{}-title" | "error-{}-text" => vec![fn_literals(s, "known")],
        "field-{}" => vec![call_literals(s, Some("FieldError"), "new", 1)],
        "problem-{}-title" | "problem-{}-detail" => vec![strings(ProblemCode::ALL.iter().map(|c| c.as_str()))],
        _ => return None,
    };
    Some(values)
}

/// Every key of a pattern: each combination of its placeholders' values.
fn expand(pattern: &str, values: &[BTreeSet<String>]) -> Vec<String> {
    let mut keys = vec![String::new()];
    let mut parts = pattern.split("{}");
    let first = parts.next().unwrap_or_default();
    keys.iter_mut().for_each(|k| k.push_str(first));
    for (part, choices) in parts.zip(values) {
        keys = keys.iter().flat_map(|k| choices.iter().map(move |c| format!("{k}{c}{part}"))).collect();
    }
    keys
}

#[test]
fn every_key_asked_for_is_in_both_catalogs() {
    let sources = sources();
    assert!(sources.is_ok(), "the sources cannot be read: {:?}", sources.err());
    let sources = sources.unwrap_or_default();
    assert!(sources.iter().any(|s| s.path == "api/src/notify/templates.rs"), "the sources were not found");
    assert!(sources.iter().any(|s| s.path.starts_with("web-form/templates/")), "the templates were not found");
    let zh = catalog(Language::ZhCn);
    let namespaces: BTreeSet<&str> = zh.keys().iter().filter_map(|k| k.split('-').next()).collect();
    let (mut keys, patterns) = asked(&sources, &namespaces);
    let mut undeclared = BTreeSet::new();
    for (pattern, path) in &patterns {
        match dynamic_values(pattern, &sources) {
            Some(values) => {
                assert!(
                    values.iter().all(|v| !v.is_empty()),
                    "no values found for {pattern} ({path}): has the code that lists them changed?"
                );
                let origin = format!("{path}, from \"{pattern}\"");
                keys.extend(expand(pattern, &values).into_iter().map(|k| (k, origin.clone())));
            }
            None => {
                undeclared.insert(format!("\"{pattern}\" in {path}"));
            }
        }
    }
    assert!(
        undeclared.is_empty(),
        "keys built with format! whose values this test does not know (add them to dynamic_values): {undeclared:#?}"
    );
    let mut missing: BTreeMap<&str, BTreeMap<&str, BTreeSet<&str>>> = BTreeMap::new();
    for lang in languages() {
        let catalog = catalog(lang);
        for (key, origin) in &keys {
            if !catalog.keys().contains(key) {
                missing.entry(lang.tag()).or_default().entry(key).or_default().insert(origin);
            }
        }
    }
    assert!(missing.is_empty(), "keys missing from the catalogs, by language: {missing:#?}");
}

#[test]
fn the_scanner_finds_keys_in_calls_variables_and_patterns() {
    let src = r##"
        fn a(page: &Page) -> String {
            // page.t("in-a-comment") is not asked for
            let c = '"';
            let key = if x { "nav-home" } else { "nav-other" };
            page.t1("form-title", "name", &format!("{n}"));
            i18n::catalog(lang).get(&format!("status-{}", s), &[]);
            page.t(r#"raw-key"#)
        }
        #[cfg(test)]
        mod tests { fn b() { page.t("only-in-tests"); } }
    "##;
    let source = Source { path: "api/src/http/x.rs".into(), toks: without_tests(lex(src)) };
    let namespaces = BTreeSet::from(["nav"]);
    let (keys, patterns) = asked(std::slice::from_ref(&source), &namespaces);
    let keys: BTreeSet<&str> = keys.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, BTreeSet::from(["form-title", "nav-home", "nav-other", "raw-key"]));
    assert_eq!(patterns.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(), ["status-{}"]);
    assert_eq!(template_code("<a>{{ page.t(\"x-y\") }}</a>{# page.t(\"no-no\") #}"), " page.t(\"x-y\")  ;\n");
    assert_eq!(expand("draft-{}-{}", &[strings(["a", "b"]), strings(["k"])]), ["draft-a-k", "draft-b-k"]);
}
