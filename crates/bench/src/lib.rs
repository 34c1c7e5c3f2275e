//! Measurements of agent-adapter, kept apart from the tests (speed and size are measured and
//! recorded in `docs/performance.md`, never asserted in timed tests).
//!
//! - `cargo run -p bench --bin size-report [dist]`: what one adapter page downloads (the
//!   widget's wasm, JS and CSS from trunk's `dist/`), raw, gzip and brotli, against the budget.
//! - `cargo run --release -p bench --bin loadgen [secs]`: the gateway under load on loopback.
//! - `cargo run --release -p bench --bin browser-bench [runs] [events]`: adapter ready, event
//!   latency to the host page and the 10,000-message transcript, in headless Chromium.
//! - `cargo run -p bench --bin size-profile -- twiggy.csv`: the wasm's size by crate.
//!
//! Every measurement binary also prints one `BUDGET\t<what>\t<budget>\t<measured>\t<met>`
//! line per budget it measures; `scripts/bench.sh` collects them into one table.

use std::path::Path;

/// The download budget of one adapter page (wasm + JS + CSS), brotli-compressed.
pub const BUDGET_BROTLI_BYTES: usize = 90 * 1024;

/// One file of the page and its sizes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileSize {
    /// File name.
    pub name: String,
    /// Bytes as built.
    pub raw: usize,
    /// Bytes gzip -9.
    pub gzip: usize,
    /// Bytes brotli quality 11.
    pub brotli: usize,
}

/// Brotli (quality 11, window 22) size of `bytes`.
pub fn brotli_size(bytes: &[u8]) -> usize {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    let mut input = bytes;
    match brotli::BrotliCompress(&mut input, &mut out, &params) {
        Ok(_) => out.len(),
        Err(_) => bytes.len(),
    }
}

/// Gzip (level 9) size of `bytes`.
pub fn gzip_size(bytes: &[u8]) -> usize {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    if encoder.write_all(bytes).is_err() {
        return bytes.len();
    }
    encoder.finish().map_or(bytes.len(), |out| out.len())
}

/// The wasm, JS and CSS files of `dist`, by name.
pub fn page_files(dist: &Path) -> anyhow::Result<Vec<FileSize>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dist)? {
        let path = entry?.path();
        let wanted = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e, "wasm" | "js" | "css"));
        if !wanted {
            continue;
        }
        let bytes = std::fs::read(&path)?;
        files.push(FileSize {
            name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            raw: bytes.len(),
            gzip: gzip_size(&bytes),
            brotli: brotli_size(&bytes),
        });
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(files)
}

/// Percentiles of a set of measurements, in milliseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Summary {
    /// How many measurements.
    pub n: usize,
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
    /// 99th percentile.
    pub p99: f64,
    /// Largest.
    pub max: f64,
}

impl Summary {
    /// The percentiles of `values` (nearest rank; NaNs are left out).
    pub fn of(values: &[f64]) -> Self {
        let mut sorted: Vec<f64> = values.iter().copied().filter(|v| !v.is_nan()).collect();
        sorted.sort_by(f64::total_cmp);
        let at = |p: f64| {
            if sorted.is_empty() {
                return 0.0;
            }
            let rank = ((sorted.len() as f64) * p).ceil() as usize;
            sorted[rank.clamp(1, sorted.len()) - 1]
        };
        Self {
            n: sorted.len(),
            p50: at(0.50),
            p95: at(0.95),
            p99: at(0.99),
            max: sorted.last().copied().unwrap_or(0.0),
        }
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "n {} · p50 {:.2} ms · p95 {:.2} ms · p99 {:.2} ms · max {:.2} ms",
            self.n, self.p50, self.p95, self.p99, self.max
        )
    }
}

/// Prints the line `scripts/bench.sh` turns into a row of its table.
pub fn budget_line(what: &str, budget: &str, measured: &str, met: bool) {
    println!(
        "BUDGET\t{what}\t{budget}\t{measured}\t{}",
        if met { "met" } else { "NOT met" }
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repetitive_text_compresses_below_its_size() {
        let text = "agent-adapter ".repeat(1000);
        assert!(brotli_size(text.as_bytes()) < text.len() / 10);
        assert!(gzip_size(text.as_bytes()) < text.len() / 10);
    }

    #[test]
    fn percentiles_are_nearest_rank() {
        let values: Vec<f64> = (1..=100).map(f64::from).collect();
        let summary = Summary::of(&values);
        assert_eq!(summary.n, 100);
        assert_eq!(summary.p50, 50.0);
        assert_eq!(summary.p99, 99.0);
        assert_eq!(summary.max, 100.0);
    }

    #[test]
    fn no_measurements_summarise_to_zero() {
        assert_eq!(Summary::of(&[]), Summary::default());
    }
}
