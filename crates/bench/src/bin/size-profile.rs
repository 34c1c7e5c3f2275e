//! What each crate costs in the widget's wasm:
//! `cargo run -p bench --bin size-profile -- <twiggy top --format csv output> [dist]`.
//!
//! Input: `twiggy top -n 1000000 --format csv` of a wasm built like the shipped one but with
//! its name section kept (`scripts/bench.sh` makes it: wasm-bindgen, then `wasm-opt -Oz
//! --debuginfo`). Each function is attributed to the crate its name starts with (for
//! `<Type as Trait>::f`, the crate of `Type`); the name section itself is left out (the
//! shipped wasm has none). With `dist`, the shares are also scaled to the shipped wasm's
//! brotli size, an estimate: brotli does not compress every crate's code equally.

use std::collections::HashMap;
use std::path::PathBuf;

use anyhow::Context;

/// The fields of one CSV line (quoted fields may hold commas and doubled quotes).
fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(std::mem::take(&mut field)),
            _ => field.push(c),
        }
    }
    fields.push(field);
    fields
}

/// The crate an item of the wasm belongs to, from its (demangled) name.
fn crate_of(name: &str) -> String {
    if name.starts_with("data segment") || name.starts_with("data[") {
        return "(data segments: strings, tables)".to_owned();
    }
    if name.starts_with("__wbg")
        || name.starts_with("__wbindgen")
        || name.starts_with("__externref")
    {
        return "wasm-bindgen (glue)".to_owned();
    }
    if name.starts_with("code[") || name.starts_with("elem[") || name.contains("subsection") {
        return "(unnamed, tables, sections)".to_owned();
    }
    // `<Type as Trait>::f` and `<impl ...>`: the type's crate.
    let trimmed = name.trim_start_matches('<').trim_start_matches('&');
    let trimmed = trimmed.strip_prefix("mut ").unwrap_or(trimmed);
    let trimmed = trimmed.strip_prefix("dyn ").unwrap_or(trimmed);
    let first = trimmed
        .split(['<', ' ', '(', '['])
        .next()
        .unwrap_or(trimmed)
        .split("::")
        .next()
        .unwrap_or(trimmed);
    // A generic or primitive type (`<T as tachys::…>`, `<f64 as core::…>`, `<str>::…`): the
    // trait's crate, else the standard library.
    let bare = !trimmed
        .split(['<', ' ', '(', '>', '['])
        .next()
        .unwrap_or("")
        .contains("::");
    if bare && name.starts_with('<') {
        return match name.split_once(" as ") {
            Some((_, tr)) => crate_of(tr),
            None => "core/alloc/std".to_owned(),
        };
    }
    match first {
        "" => "(other)".to_owned(),
        "import" => "(imports from JS)".to_owned(),
        "core" | "alloc" | "std" => "core/alloc/std".to_owned(),
        other => other.replace('_', "-"),
    }
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let csv = args
        .next()
        .map(PathBuf::from)
        .context("usage: size-profile <twiggy-top.csv> [dist]")?;
    let dist = args.next().map(PathBuf::from);
    let text = std::fs::read_to_string(&csv)
        .with_context(|| format!("Failed to read {}", csv.display()))?;
    let mut by_crate: HashMap<String, usize> = HashMap::new();
    let mut serde_bytes = 0;
    let mut total = 0;
    for line in text.lines().skip(1) {
        let fields = csv_fields(line);
        let (Some(name), Some(size)) = (fields.first(), fields.get(1)) else {
            continue;
        };
        let Ok(size) = size.parse::<usize>() else {
            continue;
        };
        if name.contains("function names") || name.contains("subsection") {
            continue;
        }
        if name.contains("serde") {
            serde_bytes += size;
        }
        total += size;
        *by_crate.entry(crate_of(name)).or_default() += size;
    }
    anyhow::ensure!(total > 0, "no sizes in {}", csv.display());
    let shipped_brotli = match dist {
        Some(dist) => bench::page_files(&dist)?
            .into_iter()
            .find(|f| f.name.ends_with(".wasm"))
            .map(|f| f.brotli),
        None => None,
    };
    let mut rows: Vec<(String, usize)> = by_crate.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let kib = |bytes: f64| format!("{:.1} KiB", bytes / 1024.0);
    println!(
        "{:<40} {:>12} {:>7} {:>16}",
        "crate", "wasm bytes", "share", "≈ brotli share"
    );
    for (name, size) in rows.iter().take(25) {
        let share = *size as f64 / total as f64;
        println!(
            "{:<40} {:>12} {:>6.1}% {:>16}",
            name,
            kib(*size as f64),
            share * 100.0,
            shipped_brotli.map_or_else(String::new, |b| kib(b as f64 * share))
        );
    }
    println!(
        "{:<40} {:>12}   (name section left out)",
        "total",
        kib(total as f64)
    );
    println!(
        "of which serde (de)serialisation code, in whichever crate: {} ({:.1}%)",
        kib(serde_bytes as f64),
        serde_bytes as f64 * 100.0 / total as f64
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quoted_field_keeps_its_commas_and_quotes() {
        assert_eq!(
            csv_fields(r#""a, ""b""",12,0.5"#),
            vec!["a, \"b\"".to_owned(), "12".to_owned(), "0.5".to_owned()]
        );
    }

    #[test]
    fn a_trait_impl_belongs_to_the_implementing_type_crate() {
        assert_eq!(
            crate_of("<serde::private::de::Content as core::fmt::Debug>::fmt::h12"),
            "serde"
        );
        assert_eq!(crate_of("tachys::view::Render::build::h1"), "tachys");
        assert_eq!(
            crate_of("core[c5930c85a12de822]::fmt::write"),
            "core/alloc/std"
        );
        assert_eq!(crate_of("agent_adapter::stream::open"), "agent-adapter");
        assert_eq!(
            crate_of("<T as tachys::view::any_view::IntoAny>::into_any::h1"),
            "tachys"
        );
        assert_eq!(
            crate_of("<f64 as core[c59]::fmt::Display>::fmt"),
            "core/alloc/std"
        );
        assert_eq!(crate_of("<str>::to_lowercase"), "core/alloc/std");
    }
}
