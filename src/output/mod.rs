//! Writing results: the contract's JSON and TMX, each file written atomically.

pub mod export;
pub mod json;
pub mod tmx;

use crate::{Error, Result};
use rayon::prelude::*;
use std::io::{BufWriter, Write};
use std::path::Path;
use tempfile::{NamedTempFile, TempPath};

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
    // Each old file is linked aside before its new one takes its place (the target
    // never goes missing), so that a rename failing half-way (a target that is a
    // folder) can put every old file back.
    let mut done: Vec<(&Path, Option<TempPath>)> = Vec::with_capacity(staged.len());
    for (tmp, path) in staged {
        let step = set_aside(path).and_then(|old| match tmp.persist(path) {
            Ok(_) => Ok(old),
            Err(e) => Err(e.error),
        });
        match step {
            Ok(old) => done.push((path, old)),
            Err(e) => {
                for (path, old) in done.into_iter().rev() {
                    match old {
                        // If it cannot go back, the old file stays under its
                        // temporary name rather than being lost.
                        Some(old) => {
                            if std::fs::rename(&old, path).is_err() {
                                let _ = old.keep();
                            }
                        }
                        None => {
                            let _ = std::fs::remove_file(path);
                        }
                    }
                }
                return Err(Error::file(
                    path,
                    format!("cannot write: {}", io_message(&e)),
                ));
            }
        }
    }
    // The old files set aside are deleted as `done` drops.
    Ok(())
}

/// Links an existing file at `path` under a temporary name beside it (the link is
/// removed when the returned path drops); nothing when there is no file there.
fn set_aside(path: &Path) -> std::io::Result<Option<TempPath>> {
    if !path.is_file() {
        return Ok(None);
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let aside = tempfile::Builder::new()
        .prefix(".mizan-")
        .suffix(".old")
        // A copy where the file system has no hard links.
        .make_in(dir, |aside| {
            std::fs::hard_link(path, aside).or_else(|e| match e.kind() {
                std::io::ErrorKind::AlreadyExists => Err(e),
                _ => std::fs::copy(path, aside).map(drop),
            })
        })?
        .into_temp_path();
    Ok(Some(aside))
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
    if e.kind() == std::io::ErrorKind::IsADirectory {
        return "is a folder".to_string();
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The names in `dir`, sorted.
    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_failed_rename_puts_every_old_file_back() {
        let dir = tempfile::tempdir().unwrap();
        let (json, tmx, txt) = (
            dir.path().join("a.json"),
            dir.path().join("a.tmx"),
            dir.path().join("a.txt"),
        );
        std::fs::write(&json, "OLD").unwrap();
        // The last target is a folder: its rename fails after the others succeeded.
        std::fs::create_dir(&tmx).unwrap();
        let files = [
            (json.as_path(), b"NEW".to_vec()),
            (txt.as_path(), b"NEW".to_vec()),
            (tmx.as_path(), b"NEW".to_vec()),
        ];
        let err = write_all_atomic(&files).unwrap_err().to_string();
        assert!(err.ends_with("a.tmx: cannot write: is a folder"), "{err}");
        assert_eq!(std::fs::read_to_string(&json).unwrap(), "OLD");
        assert!(
            !txt.exists(),
            "a file that was not there is not left behind"
        );
        assert_eq!(names(dir.path()), ["a.json", "a.tmx"]);
        // Once the folder is gone, both files are replaced and nothing else is left.
        std::fs::remove_dir(&tmx).unwrap();
        write_all_atomic(&files).unwrap();
        for path in [&json, &txt, &tmx] {
            assert_eq!(std::fs::read_to_string(path).unwrap(), "NEW");
        }
        assert_eq!(names(dir.path()), ["a.json", "a.tmx", "a.txt"]);
    }
}
