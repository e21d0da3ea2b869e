//! The `mizan` command line: parses arguments, calls the library, maps errors to a
//! one-line `error: ...` and a non-zero exit status.

use clap::{Parser, Subcommand};
use mizan::anchor::lexicon::Lexicon;
use mizan::eval::{self, dev};
use mizan::ingest::{self, DEFAULT_MAX_BYTES};
use mizan::output::{AlignmentFile, tmx::write_tmx, write_all_atomic_with};
use mizan::progress::Progress;
use mizan::score::Model;
use mizan::{AlignOptions, Error, Mode, Result, Split};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Finds the sentences of Arabic and French articles that say the same thing.
#[derive(Debug, Parser)]
#[command(name = "mizan", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Align Arabic and French documents; writes OUT/NAME.json and OUT/NAME.tmx.
    Align(AlignArgs),
    /// Score a run against a gold file, or the aligner against the development data.
    Eval(EvalArgs),
    /// Fit the scoring model on the development data (writes data/model.json).
    Tune(TuneArgs),
    /// Review pairs in a terminal diff view: accept, reject, save.
    Review(mizan::review::ReviewArgs),
    /// Extract a bilingual glossary from aligned pairs.
    Glossary(mizan::glossary::GlossaryArgs),
    /// Export pairs for MT evaluation (plain, jsonl, tsv).
    Export(mizan::output::export::ExportArgs),
}

#[derive(Debug, clap::Args)]
struct AlignArgs {
    /// Files or folders (a folder means every *.txt directly inside). Default: seeds.
    inputs: Vec<PathBuf>,
    /// comparable: mine the pairs that say the same thing; parallel: documents
    /// translate each other (X.ar.txt with X.fr.txt) and align in order.
    #[arg(long, value_enum, default_value = "comparable")]
    mode: Mode,
    /// auto: split into sentences; lines: each non-empty line is one sentence.
    #[arg(long, value_enum, default_value = "auto")]
    split: Split,
    /// Output folder.
    #[arg(short, long, default_value = "aligned")]
    out: PathBuf,
    /// Output name, without extension: the run writes NAME.json and NAME.tmx (default:
    /// the input folder's name, or the first file's id).
    #[arg(long)]
    name: Option<String>,
    /// Extra word list: TSV `ar<TAB>fr` or hunalign `.dic` (`fr @ ar`); repeatable. The
    /// FreeDict pair `freedict-ara-eng.index` + `freedict-eng-fra.index` (dictd, as in
    /// /usr/share/dictd) is pivoted through English and fills the lexicon's gaps.
    #[arg(long)]
    dict: Vec<PathBuf>,
    /// Skip the second pass with word translations learned from the first.
    #[arg(long)]
    no_self_train: bool,
    /// Refuse input files larger than this many bytes.
    #[arg(long, default_value_t = DEFAULT_MAX_BYTES)]
    max_bytes: u64,
    /// Read documents as JSON lines ({"id", "lang", "text", "group"}) from the
    /// inputs or standard input, and write pairs as JSON lines on standard output.
    #[arg(long)]
    jsonl: bool,
    /// No progress bars on stderr. Bars are drawn only when stderr is a terminal, for
    /// stages still running after a second, and never with --jsonl.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Debug, clap::Args)]
struct EvalArgs {
    /// A run's NAME.json to score (with --gold).
    run: Option<PathBuf>,
    /// Gold: gold.jsonl (parallel beads), gold.tsv (comparable pairs), or a
    /// fragment gold (`pair`/`ok`/`none` lines, as tests/data/seeds-gold.tsv).
    #[arg(long)]
    gold: Option<PathBuf>,
    /// Instead: align the development data in this folder and score every task.
    #[arg(long, conflicts_with_all = ["run", "gold"])]
    dev: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
struct TuneArgs {
    /// The development data folder (with parallel/ and comparable/).
    dev: PathBuf,
    /// Where to write the fitted model.
    #[arg(short, long, default_value = "data/model.json")]
    out: PathBuf,
}

/// Keeps glibc's threshold for serving an allocation by its own mapping at 128 KB.
/// By default the threshold rises to the size of every mapped block freed (up to
/// 32 MB), and the lexicon's build frees large ones: after it, the feature chunks and
/// lists of the run all come from the heap, where the holes they leave when replaced
/// (self-training) stay resident. Fixed, a large list's memory goes back to the system
/// when it is freed: parallel 10,000 peaks 5 MB lower, comparable 100,000 57 MB, at
/// the same speed.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn fix_mmap_threshold() {
    unsafe extern "C" {
        fn mallopt(param: i32, value: i32) -> i32;
    }
    /// glibc's `M_MMAP_THRESHOLD` (malloc.h).
    const M_MMAP_THRESHOLD: i32 = -3;
    // SAFETY: mallopt only sets an allocation policy of glibc; it is called first
    // thing in `main`, before any other thread exists. A refusal (0) changes nothing.
    unsafe {
        mallopt(M_MMAP_THRESHOLD, 128 * 1024);
    }
}

/// Other platforms keep their allocator's policy.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn fix_mmap_threshold() {}

fn main() -> ExitCode {
    fix_mmap_threshold();
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Align(args) => align(args),
        Command::Eval(args) => evaluate(args),
        Command::Tune(args) => tune(args),
        Command::Review(args) => mizan::review::run(args),
        Command::Glossary(args) => mizan::glossary::run(args),
        Command::Export(args) => mizan::output::export::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Loads the built-in lexicon plus the user's dictionaries.
fn lexicon_with(dicts: &[PathBuf]) -> Result<Lexicon> {
    // One lexicon per run: parsed, not cloned from a cached copy kept beside it.
    let mut lexicon = Lexicon::builtin_uncached();
    lexicon.load_dicts(dicts)?;
    Ok(lexicon)
}

fn align(args: &AlignArgs) -> Result<()> {
    // JSON lines feed pipelines (Spark's `RDD.pipe`) whose stderr is a log: no bars.
    if args.jsonl {
        let options = AlignOptions {
            mode: args.mode,
            split: args.split,
            self_train: !args.no_self_train,
        };
        let lexicon = lexicon_with(&args.dict)?;
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::new(stdout.lock());
        mizan::stream::run(
            &args.inputs,
            &options,
            &lexicon,
            &Model::builtin(),
            &mut out,
        )?;
        return Ok(());
    }
    let inputs = if args.inputs.is_empty() {
        vec![PathBuf::from("seeds")]
    } else {
        args.inputs.clone()
    };
    let progress = Progress::new(!args.quiet);
    // The lexicon is parsed while the inputs are read (each takes tens of
    // milliseconds); a bad dictionary is still reported before bad input, once the
    // inputs are read.
    let (lexicon, collection) = rayon::join(
        || lexicon_with(&args.dict),
        || ingest::read_collection_with_progress(&inputs, args.max_bytes, &progress),
    );
    let (lexicon, collection) = (lexicon?, collection?);
    for (path, reason) in &collection.skipped {
        eprintln!("warning: {}: {reason}; skipped", path.display());
    }
    for (path, reason) in &collection.warnings {
        eprintln!("warning: {}: {reason}", path.display());
    }
    let options = AlignOptions {
        mode: args.mode,
        split: args.split,
        self_train: !args.no_self_train,
    };
    let name = args.name.clone().unwrap_or_else(|| default_name(&inputs));
    check_name(&name)?;
    // The contract writes NAME.json whatever NAME is; a name that already ends in an
    // output extension is most likely a mistake, so say what will be written.
    if [".json", ".tmx"].iter().any(|e| name.ends_with(e)) {
        eprintln!(
            "warning: --name {name}: NAME is given without extension; writing {name}.json and {name}.tmx"
        );
    }
    check_out_dir(&args.out)?;
    let file = mizan::pipeline::align_documents_with_progress(
        &collection.documents,
        &options,
        &lexicon,
        &Model::builtin(),
        &progress,
    )
    .map_err(|e| match e {
        // A problem of the collection as a whole: name the inputs it came from.
        Error::Input(m) => Error::Input(format!("{}: {m}", input_names(&inputs))),
        e => e,
    })?;
    let (json, tmx) = write_run(&file, &args.out, &name, &progress)?;
    eprintln!(
        "{} pairs from {} documents → {} and {}",
        file.pairs.len(),
        file.documents.len(),
        json.display(),
        tmx.display()
    );
    Ok(())
}

/// The inputs as given on the command line, for an error about all of them.
fn input_names(inputs: &[PathBuf]) -> String {
    let names: Vec<String> = inputs.iter().map(|p| p.display().to_string()).collect();
    names.join(", ")
}

/// Refuses an output name that is empty or would write outside the output folder.
fn check_name(name: &str) -> Result<()> {
    if name.is_empty() || name.contains(['/', '\\']) || name == "." || name == ".." {
        return Err(Error::Input(format!(
            "invalid output name {name:?} (a file name without folders)"
        )));
    }
    if name.chars().any(char::is_control) {
        return Err(Error::Input(format!(
            "invalid output name {name:?} (control characters)"
        )));
    }
    Ok(())
}

/// Fails early, before the alignment, when the output folder can be neither used nor
/// created: an existing file in its place, or a file among its parents.
fn check_out_dir(out: &Path) -> Result<()> {
    let mut dir = Some(out);
    while let Some(d) = dir {
        if !d.as_os_str().is_empty() && d.exists() {
            if !d.is_dir() {
                let what = if d == out {
                    "output folder is a file".to_string()
                } else {
                    format!("cannot create output folder: {} is a file", d.display())
                };
                return Err(Error::file(out, what));
            }
            return Ok(());
        }
        dir = d.parent();
    }
    Ok(())
}

/// The default output name: the first input's folder name, or the first file's id.
fn default_name(inputs: &[PathBuf]) -> String {
    let first = &inputs[0];
    if first.is_dir() {
        let canonical = first.canonicalize().unwrap_or_else(|_| first.clone());
        canonical
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "aligned".into())
    } else {
        ingest::document_id(first)
    }
}

/// Writes NAME.json and NAME.tmx into `out`, both or neither; the `write` stage
/// counts the files as they are rendered, and ends once both are on disk.
fn write_run(
    file: &AlignmentFile,
    out: &Path,
    name: &str,
    progress: &Progress,
) -> Result<(PathBuf, PathBuf)> {
    std::fs::create_dir_all(out)
        .map_err(|e| Error::file(out, format!("cannot create output folder: {e}")))?;
    let json = out.join(format!("{name}.json"));
    let tmx = out.join(format!("{name}.tmx"));
    let bar = progress.stage("write", 2, "files");
    // Rendered straight into the temporary files: the JSON alone is tens of MB on
    // large runs, too much to hold in memory as well as the alignment.
    let render_json = |w: &mut dyn Write| {
        file.write_json(w)?;
        bar.inc(1);
        Ok(())
    };
    let render_tmx = |w: &mut dyn Write| {
        write_tmx(file, w)?;
        bar.inc(1);
        Ok(())
    };
    write_all_atomic_with(&[(&json, &render_json), (&tmx, &render_tmx)])?;
    bar.finish();
    Ok((json, tmx))
}

fn evaluate(args: &EvalArgs) -> Result<()> {
    if let Some(dir) = &args.dev {
        let report = dev::run_dev(dir, &lexicon_with(&[])?, &Model::builtin())?;
        print!("{report}");
        return Ok(());
    }
    let (Some(run), Some(gold)) = (&args.run, &args.gold) else {
        return Err(Error::Input(
            "eval needs RUN.json and --gold FILE, or --dev DIR".into(),
        ));
    };
    let file = AlignmentFile::load(run)?;
    if is_fragment_gold(gold) {
        let score = eval::fragments::score(&file, &eval::fragments::read(gold)?);
        println!(
            "precision {:.4} ({}/{} pairs right)  recall {:.4} ({}/{} required pairs found)",
            score.precision(),
            score.right,
            score.predicted,
            score.recall(),
            score.found,
            score.required
        );
        for (ar, fr) in &score.missed {
            println!("missed: {ar} || {fr}");
        }
        for (ar, fr) in &score.wrong {
            println!("wrong:  {ar} || {fr}");
        }
        return Ok(());
    }
    let prf = if gold.extension().is_some_and(|e| e == "jsonl") {
        let beads = eval::read_gold_beads(gold)?;
        for problem in eval::bead_gold_problems(&file, &beads) {
            eprintln!("warning: {}: {problem}", gold.display());
        }
        eval::score_beads(&file, &beads)
    } else {
        eval::score_pairs(&file, &eval::read_gold_pairs(gold)?)?
    };
    println!("{prf}");
    Ok(())
}

/// True for a fragment gold (`pair`/`ok`/`none` lines), as for the seed articles.
fn is_fragment_gold(path: &Path) -> bool {
    std::fs::read_to_string(path).is_ok_and(|t| {
        t.lines()
            .find(|l| !l.starts_with('#') && !l.trim().is_empty())
            .and_then(|l| l.split('\t').next())
            .is_some_and(|k| matches!(k, "pair" | "ok" | "none"))
    })
}

fn tune(args: &TuneArgs) -> Result<()> {
    let model = dev::tune(&args.dev, &lexicon_with(&[])?, &Model::builtin())?;
    let mut json = serde_json::to_vec_pretty(&model).expect("model serializes");
    json.push(b'\n');
    mizan::output::write_atomic(&args.out, &json)?;
    eprintln!("model written to {}", args.out.display());
    Ok(())
}
