//! Property tests: mutated data files and front matter never panic, and every rejected input
//! comes with an error that names a file and a position.

use proptest::prelude::*;

use crate::common::TestSite;

/// Files of the fixture that a mutation may hit.
const FILES: &[&str] = &[
    "data/site.toml",
    "data/units.toml",
    "data/2024/quotas.toml",
    "data/2024/reports/2024-07.toml",
    "data/2024/reports/2024-08.toml",
    "data/2024/actions.toml",
    "content/notices/2024-1.md",
    "content/city-tech-brochure.md",
];

/// Pieces a clerk's typo might leave behind.
const PIECES: &[&str] = &[
    "\"",
    "'",
    "=",
    "[",
    "]",
    "[[",
    "]]",
    "\n",
    "#",
    "-",
    "+++",
    "0",
    "-1",
    "99999999999999999999",
    "1.5",
    "2024-02-30",
    "true",
    "unit",
    "quota",
    "total",
    "东区",
    "“",
    "，",
    "\t",
    "{",
    "}",
    ".",
    "\\",
    "\u{feff}",
    "\u{0}",
    "\r\n",
];

#[derive(Debug, Clone)]
enum Mutation {
    Delete { at: usize, len: usize },
    Insert { at: usize, piece: usize },
    DuplicateLine { line: usize },
    SwapLines { a: usize, b: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1usize..12).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (any::<usize>(), 0..PIECES.len()).prop_map(|(at, piece)| Mutation::Insert { at, piece }),
        any::<usize>().prop_map(|line| Mutation::DuplicateLine { line }),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines { a, b }),
    ]
}

fn boundary(text: &str, at: usize) -> usize {
    let mut at = at % (text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn apply(text: &str, m: &Mutation) -> String {
    match m {
        Mutation::Delete { at, len } => {
            let start = boundary(text, *at);
            let end = boundary(text, (start + len).min(text.len()));
            format!("{}{}", &text[..start], &text[end.max(start)..])
        }
        Mutation::Insert { at, piece } => {
            let at = boundary(text, *at);
            format!("{}{}{}", &text[..at], PIECES[*piece], &text[at..])
        }
        Mutation::DuplicateLine { line } => {
            let mut lines: Vec<&str> = text.lines().collect();
            if !lines.is_empty() {
                let i = line % lines.len();
                lines.insert(i, lines[i]);
            }
            lines.join("\n")
        }
        Mutation::SwapLines { a, b } => {
            let mut lines: Vec<&str> = text.lines().collect();
            if !lines.is_empty() {
                let (a, b) = (a % lines.len(), b % lines.len());
                lines.swap(a, b);
            }
            lines.join("\n")
        }
    }
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(192)
}

proptest! {
    // 192 cases in every test run; PROPTEST_CASES=5000 for a longer hunt.
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_data_never_panics_and_every_rejection_is_located(
        file in 0..FILES.len(),
        mutations in proptest::collection::vec(mutation(), 1..4),
    ) {
        let site = TestSite::new("valid");
        let path = FILES[file];
        let mut text = site.read(path);
        for m in &mutations {
            text = apply(&text, m);
        }
        site.write(path, &text);
        let checked = sunshine::check(site.root()).expect("the files are readable");
        match &checked.site {
            None => {
                let errors: Vec<_> = checked.errors().collect();
                prop_assert!(!errors.is_empty(), "rejected without an error");
                for e in errors {
                    prop_assert!(!e.path.is_empty() && e.line >= 1 && e.col >= 1, "unlocated: {e}");
                    prop_assert!(!e.message.is_empty() && !e.hint.is_empty(), "no message or hint: {e}");
                }
            }
            Some(model) => {
                prop_assert!(checked.errors().next().is_none());
                // An accepted site also renders.
                let rendered = sunshine::render::render(model, &checked.raw.templates);
                prop_assert!(rendered.is_ok(), "accepted but not rendered: {:?}", rendered.err());
            }
        }
    }
}
