//! Writing results: the contract's JSON and TMX, each file written atomically.

pub mod export;
pub mod json;
pub mod tmx;

use crate::{Error, Result};
use rayon::prelude::*;
use std::io::{BufWriter, Write};
use std::path::Path;
use tempfile::NamedTempFile;

pub use json::{
    AlignmentFile, DocumentPair, DocumentRecord, Pair, PairSide, SentenceRecord, Status,
};

/// Writes `bytes` to `path` atomically: a temporary file in the same folder, synced,
/// then renamed over the target, so readers see the old file or the new one, never half.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_all_atomic_with(&[(path, &|w: &mut dyn Write| w.write_all(bytes))])
}

/// Writes several files so that either all of them are replaced or, when one fails,
/// none is left changed: every file goes to a temporary first, and the renames happen
/// only once all temporaries are written.
pub fn write_all_atomic(files: &[(&Path, Vec<u8>)]) -> Result<()> {
    let writes: Vec<_> = files
        .iter()
        .map(|(path, bytes)| (*path, move |w: &mut dyn Write| w.write_all(bytes)))
        .collect();
    let renders: Vec<(&Path, Render<'_>)> =
        writes.iter().map(|(p, f)| (*p, f as Render<'_>)).collect();
    write_all_atomic_with(&renders)
}

/// Renders one file's content into a writer (from any thread: files are rendered
/// side by side).
pub type Render<'a> = &'a (dyn Fn(&mut dyn Write) -> std::io::Result<()> + Sync);

/// [`write_all_atomic`] for content rendered straight into each temporary file
/// (buffered), so that large outputs are never held in memory whole. A render that
/// fails leaves every target unchanged, like a failed write; the error reported is
/// that of the first file that failed, in the order given.
pub fn write_all_atomic_with(files: &[(&Path, Render<'_>)]) -> Result<()> {
    // The files are rendered and synced across cores, renamed only once all are.
    let staged: Vec<Result<(NamedTempFile, &Path)>> = files
        .par_iter()
        .map(|&(path, render)| stage(path, render).map(|tmp| (tmp, path)))
        .collect();
    let staged: Vec<(NamedTempFile, &Path)> = staged.into_iter().collect::<Result<_>>()?;
    for (tmp, path) in staged {
        tmp.persist(path)
            .map_err(|e| Error::file(path, format!("cannot write: {}", io_message(&e.error))))?;
    }
    Ok(())
}

/// Renders one file into a synced temporary file beside its target.
fn stage(path: &Path, render: Render<'_>) -> Result<NamedTempFile> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let fail = |e: std::io::Error| Error::file(path, format!("cannot write: {}", io_message(&e)));
    let tmp = tempfile::Builder::new()
        .prefix(".mizan-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(fail)?;
    let mut out = BufWriter::with_capacity(1 << 16, tmp.as_file());
    render(&mut out).map_err(fail)?;
    out.flush().map_err(fail)?;
    drop(out);
    finish(tmp.as_file()).map_err(fail)?;
    Ok(tmp)
}

/// An I/O error for the user: without the temporary file's random name, which
/// `tempfile` appends (`... at path "/out/.mizan-XXXX.tmp"`) and which means nothing.
fn io_message(e: &std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::PermissionDenied {
        return "permission denied".to_string();
    }
    let text = e.to_string();
    match text.find(" at path ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// Gives a finished temporary file the ordinary mode of a new file (temporary files
/// are created private) and flushes it to disk before the rename.
fn finish(file: &std::fs::File) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    file.sync_all()
}
