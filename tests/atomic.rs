//! Killing `mizan` in the middle of writing never leaves a truncated file: each output
//! is the old file or the complete new one.
//!
//! A large input makes the writes take a while; each run is killed (SIGKILL) a chosen
//! time after its first temporary file (`.mizan-*.tmp`) appears in the output folder,
//! that is, while it writes. Then every output is compared with the old bytes and with
//! those of an uninterrupted run, and a new one is parsed. No timing is asserted: a run
//! that finishes before its kill is simply a complete run.

#[path = "../fuzz/checks.rs"]
mod checks;

use assert_cmd::cargo::CommandCargoExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A parallel article pair of `lines` long lines each.
fn big_input(dir: &Path, lines: usize) -> PathBuf {
    let docs = dir.join("big");
    std::fs::create_dir_all(&docs).unwrap();
    let mut ar = String::new();
    let mut fr = String::new();
    for i in 0..lines {
        ar.push_str(&format!(
            "زار الوزير ملعب الدوحة يوم الثلاثاء {i} والتقى بقائد شرطة قطر في إطار التحضير لكأس العالم <&> \"{}\".\n",
            i * 7
        ));
        fr.push_str(&format!(
            "Le ministre a visité le stade de Doha mardi {i} et rencontré le chef de la police du Qatar pour la Coupe du monde <&> \"{}\".\n",
            i * 7
        ));
    }
    std::fs::write(docs.join("x.ar.txt"), ar).unwrap();
    std::fs::write(docs.join("x.fr.txt"), fr).unwrap();
    docs
}

fn mizan() -> Command {
    Command::cargo_bin("mizan").unwrap()
}

/// Temporary files `mizan` left in `dir`.
fn temporaries(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with(".mizan-"))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// What the kills found for one output file.
#[derive(Debug, Default)]
struct Outcomes {
    old: usize,
    new: usize,
    killed_while_writing: usize,
}

/// Runs `args` (writing `outputs` in `out`) once per delay, killing it `delay` after
/// its first temporary file appears; checks each output is `old` or `new` (parsed by
/// `parse`) after every kill.
fn kill_while_writing(
    args: &[&std::ffi::OsStr],
    out: &Path,
    outputs: &[(&str, Vec<u8>, Vec<u8>)],
    delays_ms: &[u64],
    parse: &dyn Fn(&str, &Path),
) -> Outcomes {
    let mut outcomes = Outcomes::default();
    for &delay in delays_ms {
        // The old outputs in place, no temporaries.
        std::fs::create_dir_all(out).unwrap();
        for t in temporaries(out) {
            std::fs::remove_file(t).unwrap();
        }
        for (name, old, _) in outputs {
            std::fs::write(out.join(name), old).unwrap();
        }
        let mut child = mizan()
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut seen: Option<Instant> = None;
        loop {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            match seen {
                None if !temporaries(out).is_empty() => seen = Some(Instant::now()),
                Some(t) if t.elapsed() >= Duration::from_millis(delay) => {
                    child.kill().unwrap();
                    outcomes.killed_while_writing += 1;
                    break;
                }
                _ => std::thread::sleep(Duration::from_micros(200)),
            }
        }
        child.wait().unwrap();
        for (name, old, new) in outputs {
            let path = out.join(name);
            let now = std::fs::read(&path).unwrap_or_else(|e| panic!("{name} gone: {e}"));
            if &now == old {
                outcomes.old += 1;
            } else if &now == new {
                outcomes.new += 1;
                parse(name, &path);
            } else {
                panic!(
                    "{name} after a kill {delay} ms into writing is neither old nor new ({} bytes, new has {})",
                    now.len(),
                    new.len()
                );
            }
        }
        // Whatever else is there is a temporary, never a file under another name.
        for e in std::fs::read_dir(out).unwrap().flatten() {
            let n = e.file_name().to_string_lossy().into_owned();
            assert!(
                n.starts_with(".mizan-") || outputs.iter().any(|(o, _, _)| *o == n),
                "stray file {n}"
            );
        }
    }
    outcomes
}

/// Delays after the first temporary file appears; the align test uses the first few.
const DELAYS_MS: &[u64] = &[0, 0, 1, 2, 3, 5, 8, 12, 20, 35, 60, 100, 200];

#[test]
fn align_killed_while_writing_leaves_old_or_new_files() {
    let dir = tempfile::tempdir().unwrap();
    let docs = big_input(dir.path(), 1000);
    // The uninterrupted run gives the new files.
    let reference = dir.path().join("reference");
    let status = mizan()
        .args([
            "align",
            "--mode",
            "parallel",
            "--split",
            "lines",
            "--no-self-train",
        ])
        .args(["--name", "run", "-o"])
        .arg(&reference)
        .arg(&docs)
        .status()
        .unwrap();
    assert!(status.success());
    let new_json = std::fs::read(reference.join("run.json")).unwrap();
    let new_tmx = std::fs::read(reference.join("run.tmx")).unwrap();
    assert!(
        new_json.len() > 2_000_000,
        "input too small to take time writing"
    );
    let out = dir.path().join("out");
    let old_json = b"{\"version\":1,\"documents\":[],\"pairs\":[]}\n".to_vec();
    let old_tmx = b"<?xml version=\"1.0\"?><tmx version=\"1.4\"><body/></tmx>\n".to_vec();
    let args: Vec<&std::ffi::OsStr> = [
        "align",
        "--mode",
        "parallel",
        "--split",
        "lines",
        "--no-self-train",
        "--name",
        "run",
        "-o",
    ]
    .iter()
    .map(std::ffi::OsStr::new)
    .chain([out.as_os_str(), docs.as_os_str()])
    .collect();
    let outcomes = kill_while_writing(
        &args,
        &out,
        &[
            ("run.json", old_json, new_json),
            ("run.tmx", old_tmx, new_tmx),
        ],
        &DELAYS_MS[..5],
        &|name, path| {
            if name.ends_with(".json") {
                mizan::output::AlignmentFile::load(path).unwrap();
            } else {
                checks::read_tmx(&std::fs::read(path).unwrap()).unwrap();
            }
        },
    );
    eprintln!("align: {outcomes:?}");
    assert!(
        outcomes.killed_while_writing > 0,
        "no kill landed while writing"
    );
}

/// A valid alignment file of `n` one-to-one pairs, written to `path` (about 1 KB a pair).
fn big_json(path: &Path, n: usize) {
    let ar: Vec<String> = (0..n)
        .map(|i| {
            format!("زار الوزير ملعب الدوحة يوم الثلاثاء {i} والتقى بقائد شرطة قطر <&> \"{i}\".")
        })
        .collect();
    let fr: Vec<String> = (0..n)
        .map(|i| format!("Le ministre a visité le stade de Doha mardi {i} et vu la police du Qatar <&> \"{i}\"."))
        .collect();
    let mut file = checks::one_pair_file(&ar[0], &fr[0], "x.ar", "x.fr", 0.5);
    let sentences = |texts: &[String]| {
        texts
            .iter()
            .map(|t| mizan::output::SentenceRecord {
                text: t.clone(),
                start: 0,
                end: t.len(),
                id: None,
            })
            .collect()
    };
    file.documents[0].sentences = sentences(&ar);
    file.documents[1].sentences = sentences(&fr);
    let template = file.pairs[0].clone();
    file.pairs = (0..n)
        .map(|i| {
            let mut p = template.clone();
            p.ar.sentences = vec![i];
            p.ar.text = ar[i].clone();
            p.fr.sentences = vec![i];
            p.fr.text = fr[i].clone();
            p
        })
        .collect();
    std::fs::write(path, file.to_json()).unwrap();
}

#[test]
fn export_killed_while_writing_leaves_old_or_new_files() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("big.json");
    big_json(&json, 20_000);
    let reference = dir.path().join("reference");
    let status = mizan()
        .args(["export", "-o"])
        .arg(&reference)
        .arg(&json)
        .status()
        .unwrap();
    assert!(status.success());
    let new_ar = std::fs::read(reference.join("big.ar")).unwrap();
    let new_fr = std::fs::read(reference.join("big.fr")).unwrap();
    let out = dir.path().join("out");
    let args: Vec<&std::ffi::OsStr> = vec![
        "export".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
        json.as_os_str(),
    ];
    let lines = new_ar.iter().filter(|&&b| b == b'\n').count();
    assert_eq!(lines, 20_000);
    let outcomes = kill_while_writing(
        &args,
        &out,
        &[
            ("big.ar", b"old\n".to_vec(), new_ar),
            ("big.fr", b"old\n".to_vec(), new_fr),
        ],
        DELAYS_MS,
        &|_, path| {
            let text = std::fs::read_to_string(path).unwrap();
            assert_eq!(text.lines().count(), lines);
        },
    );
    eprintln!("export: {outcomes:?}");
    assert!(
        outcomes.killed_while_writing > 0,
        "no kill landed while writing"
    );
}
