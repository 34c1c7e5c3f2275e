//! Measurements of agent-adapter, kept apart from the tests (speed and size are measured and
//! recorded in `docs/performance.md`, never asserted in timed tests).
//!
//! - `cargo run -p bench --bin size-report [dist]`: what one adapter page downloads (the
//!   widget's wasm, JS and CSS from trunk's `dist/`), raw, gzip and brotli, against the budget.

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repetitive_text_compresses_below_its_size() {
        let text = "agent-adapter ".repeat(1000);
        assert!(brotli_size(text.as_bytes()) < text.len() / 10);
        assert!(gzip_size(text.as_bytes()) < text.len() / 10);
    }
}
