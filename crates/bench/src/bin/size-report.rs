//! Prints what one adapter page downloads: `cargo run -p bench --bin size-report [dist]`.

use std::path::PathBuf;

use bench::{BUDGET_BROTLI_BYTES, page_files};

fn kib(bytes: usize) -> String {
    format!("{:.1} KiB", bytes as f64 / 1024.0)
}

fn main() -> anyhow::Result<()> {
    let dist = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("dist"));
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
    Ok(())
}
