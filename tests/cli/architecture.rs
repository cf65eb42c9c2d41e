//! The stages, obeyed (issue 27): every `crate::…` path in `src/` (outside comments and strings)
//! points down the layers below, never up and never sideways, so that the folders' pipeline
//! (load → validate → model → render → output) is also the imports' one and no import circle can
//! come back. The layers, lowest first:
//!
//! - leaves, in this order, each importing only the leaves before it: `source`, `names`,
//!   `paths`, `placeholders`, `fmt`, `hash`, `vocab`, `tree`, `text_rules`, `diagnostics`;
//! - `load` → the leaves;
//! - `validate` → `load` and the leaves (it parses records into `vocab`'s words, and never reads
//!   the model: warnings that need figures are `model::warnings`);
//! - `model` → `load` and the leaves (never `validate`);
//! - `charts` → `model` and the leaves;
//! - `render` → `model`, `charts`, `load` and the leaves;
//! - `output` → the leaves, and of `render` only the port it implements (`OutputFile`, `Sink`);
//! - `published` → `model`, `load`, `output` and the leaves (it reads the last build's output);
//! - `edit` (records in forms, under the 工作台) → `load`, `validate`, `model`, `render` (its
//!   sanitized markdown, for a preview), `output` (the atomic write), `published` and the leaves;
//! - `error` (the library's one error) → the stages whose errors it carries;
//! - the commands `import`, `serve`, `scaffold`, `workbench` → anything above, and the crate root
//!   (`lib.rs`: the pipeline, `Error`); `import` also uses `scaffold`'s stand-ins, and the
//!   工作台 (`workbench`) is served by `serve` and imports through `import`. No stage below the
//!   commands uses the crate root.
//!
//! `lib.rs` (the pipeline) and the binary (`main.rs` and its own modules) are not checked: the
//! binary sees the library only as `sunshine::…`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The leaves, lowest first: a leaf may import only the ones before it.
const LEAVES: [&str; 10] = [
    "source",
    "names",
    "paths",
    "placeholders",
    "fmt",
    "hash",
    "vocab",
    "tree",
    "text_rules",
    "diagnostics",
];

/// The stages and what each may import besides the leaves, with why.
const STAGES: [(&str, &[&str], &str); 9] = [
    ("load", &[], "stage 1 reads files and knows no later stage"),
    (
        "validate",
        &["load"],
        "stage 2 checks the raw records; the model comes after it",
    ),
    (
        "model",
        &["load"],
        "stage 3 is built from the raw records and does not call validation",
    ),
    ("charts", &["model"], "charts draw the model's figures for render"),
    (
        "render",
        &["load", "model", "charts"],
        "stage 4 reads the model; output comes after it",
    ),
    (
        "output",
        &["render"],
        "stage 5 writes files; of render it implements only the port",
    ),
    (
        "published",
        &["load", "model", "output"],
        "the published record reads the model and the last output",
    ),
    (
        "edit",
        &["load", "validate", "model", "render", "output", "published"],
        "the record editor checks a change with the whole pipeline (and the published record) and writes it atomically; the commands' forms call it",
    ),
    (
        "error",
        &["load", "output", "render"],
        "the library's error carries the stages' errors",
    ),
];

/// What `output` may take from `render`: the port it implements (dependency inversion).
const OUTPUT_PORT: [&str; 2] = ["OutputFile", "Sink"];

/// The commands, on top: they may import every module of the library and the crate root.
const COMMANDS: [&str; 4] = ["import", "serve", "scaffold", "workbench"];

/// Sideways imports between commands that are allowed.
/// The 工作台 (`workbench`) is served by `serve` and imports through `import`; neither knows it.
const COMMANDS_SIDEWAYS: [(&str, &str); 3] = [("import", "scaffold"), ("workbench", "import"), ("workbench", "serve")];

/// One `crate::…` path found in a file, at a line.
#[derive(Debug, PartialEq)]
struct Import {
    line: usize,
    /// Without `crate::`: `render::markdown::too_deep`, `Error`.
    path: String,
}

/// The rule an import breaks, if any; `modules` are the library's top-level modules.
fn broken_rule(from: &str, path: &str, modules: &BTreeSet<String>) -> Option<String> {
    let mut segments = path.split("::");
    let to = segments.next().unwrap_or_default();
    if to == from || to == "self" {
        return None;
    }
    if !modules.contains(to) {
        // An item of lib.rs: the pipeline (`check`, `build`…) or `Error`.
        return (!COMMANDS.contains(&from)).then(|| {
            format!(
                "only the commands ({}) use the crate root (lib.rs: the pipeline, Error)",
                COMMANDS.join(", ")
            )
        });
    }
    if let Some(rank) = LEAVES.iter().position(|l| *l == from) {
        return (!LEAVES[..rank].contains(&to)).then(|| {
            format!(
                "the leaf `{from}` may import only the leaves before it ({})",
                if rank == 0 {
                    "none".to_string()
                } else {
                    LEAVES[..rank].join(", ")
                }
            )
        });
    }
    if let Some((_, may, why)) = STAGES.iter().find(|(s, _, _)| *s == from) {
        if LEAVES.contains(&to) || (may.contains(&to) && (from, to) != ("output", "render")) {
            return None;
        }
        if (from, to) == ("output", "render") && segments.next().is_some_and(|item| OUTPUT_PORT.contains(&item)) {
            return None;
        }
        let mut allowed: Vec<String> = may.iter().map(|m| m.to_string()).collect();
        if from == "output" {
            allowed = vec![format!("render::{{{}}}", OUTPUT_PORT.join(", "))];
        }
        allowed.push("the leaves".into());
        return Some(format!("`{from}` may import only {} — {why}", allowed.join(", ")));
    }
    if COMMANDS.contains(&from) {
        return (COMMANDS.contains(&to) && !COMMANDS_SIDEWAYS.contains(&(from, to)))
            .then(|| format!("the command `{from}` may not import the command `{to}`"));
    }
    Some(format!(
        "`{from}` has no place in the layers: add it to LEAVES, STAGES or COMMANDS in tests/cli/architecture.rs"
    ))
}

/// The code of a Rust file with its comments, strings and character literals blanked (newlines
/// kept, so that lines still count).
fn code_only(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let blank = |out: &mut String, c: char| out.push(if c == '\n' { '\n' } else { ' ' });
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let ident_before = i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    blank(&mut out, chars[i]);
                    i += 1;
                }
            }
        } else if c == 'r' && !ident_before && matches!(next, Some('"' | '#')) {
            // A raw string: r"…", r#"…"#.
            let mut j = i + 1;
            while chars.get(j) == Some(&'#') {
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            let hashes = j - i - 1;
            i = j + 1;
            while i < chars.len() && !(chars[i] == '"' && (0..hashes).all(|k| chars.get(i + 1 + k) == Some(&'#'))) {
                blank(&mut out, chars[i]);
                i += 1;
            }
            i += 1 + hashes;
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                if let Some(&c) = chars.get(i) {
                    blank(&mut out, c);
                }
                i += 1;
            }
            i += 1;
        } else if c == '\'' && (next == Some('\\') || chars.get(i + 2) == Some(&'\'')) {
            // A character literal ('x', '\n', '\u{..}'); a lifetime ('a) is left as it is.
            i += 1;
            while i < chars.len() && chars[i] != '\'' {
                if chars[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Expands a use tree (`a::b::{c, d::{e, f}}`) that starts at `code[0]` into its paths; returns
/// them and how many characters the tree took.
fn use_tree(code: &[char]) -> (Vec<String>, usize) {
    let mut i = 0;
    let mut prefix = String::new();
    loop {
        while code.get(i).is_some_and(|c| c.is_whitespace()) {
            i += 1;
        }
        if code.get(i) == Some(&'{') {
            i += 1;
            let mut paths = Vec::new();
            loop {
                while code.get(i).is_some_and(|c| c.is_whitespace() || *c == ',') {
                    i += 1;
                }
                if code.get(i).is_none_or(|c| *c == '}') {
                    break;
                }
                let (inner, used) = use_tree(&code[i..]);
                paths.extend(inner.into_iter().map(|p| format!("{prefix}{p}")));
                i += used.max(1);
            }
            return (paths, i + 1);
        }
        let start = i;
        while code
            .get(i)
            .is_some_and(|c| c.is_alphanumeric() || *c == '_' || *c == '*')
        {
            i += 1;
        }
        prefix.extend(&code[start..i]);
        if code.get(i) == Some(&':') && code.get(i + 1) == Some(&':') {
            prefix.push_str("::");
            i += 2;
        } else {
            // `as alias` is not part of the path: skipped, so that a group goes on after it.
            let mut j = i;
            while code.get(j).is_some_and(|c| c.is_whitespace()) {
                j += 1;
            }
            if code[j.min(code.len())..].starts_with(&['a', 's']) && code.get(j + 2).is_some_and(|c| c.is_whitespace())
            {
                j += 2;
                while code.get(j).is_some_and(|c| c.is_whitespace()) {
                    j += 1;
                }
                while code.get(j).is_some_and(|c| c.is_alphanumeric() || *c == '_') {
                    j += 1;
                }
                i = j;
            }
            return (vec![prefix], i);
        }
    }
}

/// Every `crate::…` path in a file's code (also `$crate::…` in a macro), with its line.
fn imports(text: &str) -> Vec<Import> {
    let code: Vec<char> = code_only(text).chars().collect();
    let mut found = Vec::new();
    let mut line = 1;
    let mut i = 0;
    while i < code.len() {
        if code[i] == '\n' {
            line += 1;
        }
        let word_start = i == 0 || !(code[i - 1].is_alphanumeric() || code[i - 1] == '_');
        if word_start && code[i..].starts_with(&['c', 'r', 'a', 't', 'e', ':', ':']) {
            // The scan goes on inside the tree, so that the lines of a multi-line group count.
            let (paths, _) = use_tree(&code[i + 7..]);
            found.extend(paths.into_iter().map(|path| Import { line, path }));
            i += 6;
        }
        i += 1;
    }
    found
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The binary's own modules (`mod usage;` in main.rs): their `crate::` is the binary.
fn binary_modules(src: &Path) -> BTreeSet<String> {
    let main = std::fs::read_to_string(src.join("main.rs")).unwrap();
    main.lines()
        .filter_map(|l| l.trim().strip_prefix("mod ")?.strip_suffix(';').map(String::from))
        .collect()
}

/// Every import of `src/` that breaks the layers, as `file:line: …`.
fn violations(src: &Path) -> Vec<String> {
    let binary = binary_modules(src);
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let module_of = |path: &Path| {
        let rel = path.strip_prefix(src).unwrap();
        let first = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .into_owned();
        first.strip_suffix(".rs").map_or(first.clone(), String::from)
    };
    let modules: BTreeSet<String> = files
        .iter()
        .map(|f| module_of(f))
        .filter(|m| m != "lib" && m != "main" && !binary.contains(m))
        .collect();
    let mut found = Vec::new();
    for file in &files {
        let from = module_of(file);
        if !modules.contains(&from) {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        for import in imports(&text) {
            if let Some(rule) = broken_rule(&from, &import.path, &modules) {
                let shown = file.strip_prefix(src.parent().unwrap()).unwrap().display();
                found.push(format!("{shown}:{}: crate::{} — {rule}", import.line, import.path));
            }
        }
    }
    found
}

#[test]
fn every_import_in_src_goes_down_the_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = violations(&src);
    assert!(
        found.is_empty(),
        "{} import(s) against the layers (see tests/cli/architecture.rs):\n{}",
        found.len(),
        found.join("\n")
    );
}

#[test]
fn the_check_reads_paths_as_the_compiler_does() {
    let text = "use crate::{load, output::{atomic::write_atomically, Manifest}};\n\
                // use crate::render;\n\
                /* crate::charts */ let s = \"crate::model\"; let c = '\"';\n\
                use crate::render::{\n    OutputFile,\n    Sink as S,\n};\n\
                x(crate::Error::Usage(r#\"crate::paths\"#.into()));\n";
    let found = imports(text);
    let found: Vec<(usize, &str)> = found.iter().map(|i| (i.line, i.path.as_str())).collect();
    assert_eq!(
        found,
        [
            (1, "load"),
            (1, "output::atomic::write_atomically"),
            (1, "output::Manifest"),
            (4, "render::OutputFile"),
            (4, "render::Sink"),
            (8, "Error::Usage"),
        ]
    );
}

#[test]
fn a_back_import_breaks_a_named_rule() {
    let modules: BTreeSet<String> = LEAVES
        .iter()
        .chain(STAGES.iter().map(|(s, _, _)| s))
        .chain(COMMANDS.iter())
        .map(|m| m.to_string())
        .collect();
    let rule = |from, path| broken_rule(from, path, &modules);
    assert_eq!(
        rule("validate", "render::markdown::too_deep").as_deref(),
        Some("`validate` may import only load, the leaves — stage 2 checks the raw records; the model comes after it")
    );
    assert_eq!(
        rule("paths", "output::MANIFEST_NAME").as_deref(),
        Some("the leaf `paths` may import only the leaves before it (source, names)")
    );
    assert_eq!(
        rule("output", "render::sha256_hex").as_deref(),
        Some("`output` may import only render::{OutputFile, Sink}, the leaves — stage 5 writes files; of render it implements only the port")
    );
    assert_eq!(
        rule("model", "Error").as_deref(),
        Some("only the commands (import, serve, scaffold, workbench) use the crate root (lib.rs: the pipeline, Error)")
    );
    assert_eq!(rule("output", "render::Sink"), None);
    assert_eq!(rule("render", "model::Site"), None);
    assert_eq!(rule("import", "scaffold::is_as_written_by_new"), None);
    assert_eq!(
        rule("serve", "import::write"),
        Some("the command `serve` may not import the command `import`".to_string())
    );
}

/// The allowed imports as README's table (For developers): one row per module, what it may
/// import, and why. Generated from the constants above, so the two cannot drift.
fn matrix() -> String {
    let mut rows = vec![
        "| module | may import (`use crate::…`) | why |".to_string(),
        "|---|---|---|".to_string(),
    ];
    for (rank, leaf) in LEAVES.iter().enumerate() {
        let (before, why) = if rank == 0 {
            (
                "nothing",
                "the leaves, lowest first: each imports only the leaves above it",
            )
        } else {
            ("the leaves above", "")
        };
        rows.push(format!("| `{leaf}` | {before} | {why} |"));
    }
    for (stage, may, why) in STAGES {
        let mut allowed: Vec<String> = may
            .iter()
            .map(|m| {
                if (stage, *m) == ("output", "render") {
                    format!("`render::{{{}}}`", OUTPUT_PORT.join(", "))
                } else {
                    format!("`{m}`")
                }
            })
            .collect();
        allowed.push("the leaves".into());
        rows.push(format!("| `{stage}` | {} | {why} |", allowed.join(", ")));
    }
    for command in COMMANDS {
        let sideways: Vec<String> = COMMANDS_SIDEWAYS
            .iter()
            .filter(|(from, _)| *from == command)
            .map(|(_, to)| format!(", `{to}`"))
            .collect();
        rows.push(format!(
            "| `{command}` (command) | every stage and leaf, the crate root{} | the commands sit on top of the pipeline |",
            sideways.concat()
        ));
    }
    rows.join("\n") + "\n"
}

#[test]
fn readme_shows_the_allowed_imports_as_this_test_holds_them() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let (begin, end) = ("<!-- allowed imports: begin -->\n", "<!-- allowed imports: end -->");
    let start = readme.find(begin).expect("README marks the allowed imports") + begin.len();
    let shown = &readme[start..start + readme[start..].find(end).expect("README ends the allowed imports")];
    assert_eq!(
        shown,
        matrix(),
        "README's table of allowed imports differs from tests/cli/architecture.rs; paste this:\n{}",
        matrix()
    );
}
