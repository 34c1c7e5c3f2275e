//! Prints what one adapter page downloads: `cargo run -p bench --bin size-report [dist]
//! [reference.js]`.
//!
//! With `reference.js` (e.g. the `amazon-connect-streams` npm package's minified library,
//! which `scripts/bench.sh` installs into a temporary folder), also prints that file's brotli
//! size and the ratio of the page's to it, measured in the same run.

use std::path::PathBuf;

use anyhow::Context;
use bench::{BUDGET_BROTLI_BYTES, brotli_size, budget_line, page_files};

fn kib(bytes: usize) -> String {
    format!("{:.1} KiB", bytes as f64 / 1024.0)
}

fn main() -> anyhow::Result<()> {
    let dist = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("dist"));
    let reference = std::env::args().nth(2).map(PathBuf::from);
    let files = page_files(&dist)?;
    anyhow::ensure!(
        !files.is_empty(),
        "no wasm, js or css in {}",
        dist.display()
    );
    println!(
        "{:<48} {:>12} {:>12} {:>12}",
        "file", "raw", "gzip -9", "brotli 11"
    );
    for file in &files {
        println!(
            "{:<48} {:>12} {:>12} {:>12}",
            file.name,
            kib(file.raw),
            kib(file.gzip),
            kib(file.brotli)
        );
    }
    let total = |f: fn(&bench::FileSize) -> usize| files.iter().map(f).sum::<usize>();
    let brotli = total(|f| f.brotli);
    println!(
        "{:<48} {:>12} {:>12} {:>12}",
        "total",
        kib(total(|f| f.raw)),
        kib(total(|f| f.gzip)),
        kib(brotli)
    );
    println!(
        "budget {} brotli: {} ({:.0}% of it)",
        kib(BUDGET_BROTLI_BYTES),
        if brotli <= BUDGET_BROTLI_BYTES {
            "met"
        } else {
            "NOT met"
        },
        brotli as f64 * 100.0 / BUDGET_BROTLI_BYTES as f64
    );
    let mut measured = kib(brotli);
    if let Some(reference) = reference {
        let bytes = std::fs::read(&reference)
            .with_context(|| format!("Failed to read {}", reference.display()))?;
        let reference_brotli = brotli_size(&bytes);
        let ratio = brotli as f64 / reference_brotli as f64;
        println!(
            "reference {}: raw {}, brotli 11 {}; this page is {ratio:.2}× that",
            reference.display(),
            kib(bytes.len()),
            kib(reference_brotli)
        );
        measured = format!(
            "{measured} ({ratio:.2}× amazon-connect-streams' {})",
            kib(reference_brotli)
        );
    }
    budget_line(
        "widget download, wasm + JS + CSS, brotli",
        &format!("≤ {}", kib(BUDGET_BROTLI_BYTES)),
        &measured,
        brotli <= BUDGET_BROTLI_BYTES,
    );
    Ok(())
}
