//! The whole run: documents → sentences → features → pairs → the contract's JSON.

use crate::align::Bead;
use crate::align::comparable::{DocView, MineSettings, mine};
use crate::align::docpair::{DocEvidence, DocPair, DocPairSettings, pair_documents};
use crate::align::learn::{LearnSettings, learn_links};
use crate::align::parallel::{BeadEnd, align_guided, content_scores, guide_path, realign};
use crate::anchor::lexicon::Lexicon;
use crate::anchor::{Anchor, AnchorKind};
use crate::features::{
    CHUNK_SENTENCES, Chunk, Extractor, FeatureStore, Features, Interner, KeyKind, RawChunk,
    StoreBuilder, add_learned_forgetting_stems,
};
use crate::ingest::{Document, Format, pool_spans};
use crate::output::{
    AlignmentFile, DocumentPair, DocumentRecord, Pair, PairSide, SentenceRecord, Status,
};
use crate::progress::{Progress, StageBar};
use crate::score::{Model, ScoreContext};
use crate::text::Strings;
use crate::text::segment::{Span, segment, split_lines};
use crate::{Error, Lang, Result};
use rayon::prelude::*;
use std::borrow::Borrow;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

/// How documents relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Mode {
    /// Any Arabic sentence may pair with any French one; most stay unaligned.
    Comparable,
    /// Documents translate each other (paired by name) and align in order.
    Parallel,
}

/// How text is split into sentences.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Split {
    /// By mizan's segmenter.
    Auto,
    /// One sentence per non-empty line.
    Lines,
}

/// Options of an alignment run.
#[derive(Debug, Clone)]
pub struct AlignOptions {
    /// Comparable or parallel.
    pub mode: Mode,
    /// Sentence splitting.
    pub split: Split,
    /// Realign with stem translations learned from a first pass.
    pub self_train: bool,
}

impl Default for AlignOptions {
    fn default() -> AlignOptions {
        AlignOptions {
            mode: Mode::Comparable,
            split: Split::Auto,
            self_train: true,
        }
    }
}

/// A document cut into sentences with their features.
#[derive(Debug, Clone)]
pub struct Prepared<'d> {
    /// The document.
    pub doc: &'d Document,
    /// Sentence spans in `doc.text`.
    pub spans: Vec<Span>,
    /// Features of each sentence.
    pub features: FeatureStore,
}

impl Prepared<'_> {
    /// The text of sentence `i`.
    pub fn sentence(&self, i: usize) -> &str {
        let s = self.spans[i];
        &self.doc.text[s.start..s.end]
    }
}

/// The indices of the prepared documents in `lang`, in input order.
pub fn docs_in(prepared: &[Prepared<'_>], lang: Lang) -> Vec<usize> {
    (0..prepared.len())
        .filter(|&i| prepared[i].doc.lang == lang)
        .collect()
}

/// Splits documents into sentences.
pub fn segment_documents(docs: &[Document], split: Split) -> Vec<Vec<Span>> {
    segment_counted(docs, split, &StageBar::default())
}

/// [`segment_documents`], counting the documents done on `bar`.
fn segment_counted(docs: &[Document], split: Split, bar: &StageBar) -> Vec<Vec<Span>> {
    docs.par_iter()
        .map(|d| {
            let spans = match (d.format, split) {
                (Format::Pool, _) => pool_spans(&d.text),
                (Format::Text, Split::Auto) => segment(&d.text, d.lang),
                (Format::Text, Split::Lines) => split_lines(&d.text),
            };
            bar.inc(1);
            spans
        })
        .collect()
}

/// Segments the documents and extracts every sentence's features in one key space.
pub fn prepare<'d>(
    docs: &'d [Document],
    split: Split,
    lexicon: &Lexicon,
) -> (Vec<Prepared<'d>>, Interner) {
    prepare_with_progress(docs, split, lexicon, &Progress::hidden())
}

/// [`prepare`], on a `segment+features` progress stage: the documents segmented,
/// then the sentences analysed (per chunk of sentences).
pub fn prepare_with_progress<'d>(
    docs: &'d [Document],
    split: Split,
    lexicon: &Lexicon,
    progress: &Progress,
) -> (Vec<Prepared<'d>>, Interner) {
    // The stage counts documents while segmenting, then sentences.
    let bar = progress.stage("segment+features", docs.len() as u64, "documents");
    let spans = segment_counted(docs, split, &bar);
    bar.restart(spans.iter().map(|s| s.len() as u64).sum(), "sentences");
    // Chunks of sentences are extracted across cores, each with its own interner; the
    // ids are then renumbered in order of first occurrence, chunk after chunk, which
    // is the numbering one sequential pass gives: results do not depend on the cores.
    // A chunk of the extraction is a chunk of the store (see `StoreBuilder::push_chunk`).
    const CHUNK: usize = CHUNK_SENTENCES;
    /// A chunk: a document and a range of its sentences.
    type Job = (usize, Range<usize>);
    /// A chunk's sentences as extracted, and the strings its ids stand for.
    type Extracted = (RawChunk, Strings);
    let jobs: Vec<Job> = spans
        .iter()
        .enumerate()
        .flat_map(|(d, s)| {
            (0..s.len())
                .step_by(CHUNK)
                .map(move |a| (d, a..(a + CHUNK).min(s.len())))
        })
        .collect();
    // Chunks are extracted a batch at a time, and each batch is renumbered while the
    // next one is extracted, so that the chunks' own strings never pile up: the
    // memory a run takes is the features plus two batches. Each chunk keeps only its
    // strings, not its lookup table, until renumbered; the features are grouped once
    // renumbered (`RawChunk::finish`).
    let batch = 4 * rayon::current_num_threads().max(1);
    let mut interner = Interner::default();
    let mut features: Vec<StoreBuilder> = spans.iter().map(|_| StoreBuilder::default()).collect();
    let extract = |jobs: &[Job]| -> Vec<Extracted> {
        jobs.par_iter()
            .map(|(d, range)| {
                let (doc, mut extractor) = (&docs[*d], Extractor::new(lexicon));
                let mut raw = RawChunk::default();
                for s in &spans[*d][range.clone()] {
                    extractor.extract_raw(&doc.text[s.start..s.end], doc.lang, &mut raw);
                }
                bar.inc(range.len() as u64);
                (raw, extractor.interner.into_strings())
            })
            .collect()
    };
    // Interning is sequential (ids in order of first occurrence); each chunk is
    // renumbered on another core as soon as its ids are known.
    let mut renumber = |jobs: &[Job], done: Vec<Extracted>| {
        let mut chunks: Vec<Option<Chunk>> = done.iter().map(|_| None).collect();
        rayon::scope(|scope| {
            for ((raw, local), chunk) in done.into_iter().zip(chunks.iter_mut()) {
                let map: Vec<u32> = local.iter().map(|name| interner.intern(name)).collect();
                scope.spawn(move |_| *chunk = Some(raw.finish(&map)));
            }
        });
        for ((d, _), chunk) in jobs.iter().zip(chunks) {
            features[*d].push_chunk(chunk.expect("every chunk is renumbered"));
        }
    };
    let mut pending: Option<(&[Job], Vec<Extracted>)> = None;
    for jobs in jobs.chunks(batch) {
        let (done, ()) = rayon::join(
            || extract(jobs),
            || {
                if let Some((jobs, done)) = pending.take() {
                    renumber(jobs, done);
                }
            },
        );
        pending = Some((jobs, done));
    }
    if let Some((jobs, done)) = pending {
        renumber(jobs, done);
    }
    crate::features::forget_memos();
    let prepared = docs
        .iter()
        .zip(spans)
        .zip(features)
        .map(|((doc, spans), features)| Prepared {
            doc,
            spans,
            features: features.finish(),
        })
        .collect();
    bar.finish();
    (prepared, interner)
}

/// Pairs Arabic and French documents by name for parallel mode: `X.ar` with `X.fr`
/// (ids without the language suffix equal); a lone Arabic and a lone French document
/// pair whatever their names. Returns index pairs and the documents left without one.
pub fn pair_by_name<D: Borrow<Document>>(docs: &[D]) -> (Vec<(usize, usize)>, Vec<usize>) {
    let docs: Vec<&Document> = docs.iter().map(Borrow::borrow).collect();
    let stem = |d: &Document| {
        let suffix = format!(".{}", d.lang.code());
        d.id.strip_suffix(&suffix).unwrap_or(&d.id).to_string()
    };
    let ar: Vec<usize> = (0..docs.len())
        .filter(|&i| docs[i].lang == Lang::Ar)
        .collect();
    let fr: Vec<usize> = (0..docs.len())
        .filter(|&i| docs[i].lang == Lang::Fr)
        .collect();
    if ar.len() == 1 && fr.len() == 1 {
        return (vec![(ar[0], fr[0])], Vec::new());
    }
    let by_stem: std::collections::HashMap<String, usize> =
        fr.iter().map(|&i| (stem(docs[i]), i)).collect();
    let mut pairs = Vec::new();
    let mut paired_fr = BTreeSet::new();
    let mut lone = Vec::new();
    for &a in &ar {
        match by_stem.get(&stem(docs[a])) {
            Some(&f) => {
                pairs.push((a, f));
                paired_fr.insert(f);
            }
            None => lone.push(a),
        }
    }
    lone.extend(fr.iter().filter(|f| !paired_fr.contains(f)));
    lone.sort_unstable();
    (pairs, lone)
}

/// Lowest score of a first-pass pair that self-training learns from.
const CONFIDENT: f64 = 0.8;

/// Parallel mode: a document pair reads as a translation when at least this share
/// of its pairs have content evidence (probability 0.5 on content alone). On the
/// dev documents every translation has 0.60 or more (--split auto) and every
/// mismatched pair (each Arabic document with the next one's French) 0.25 or less.
const MIN_SUPPORT: f64 = 0.4;

/// Beads scored at a time when a document pair is checked for [`MIN_SUPPORT`].
const CHECK_STRETCH: usize = 1024;

/// Fewest pairs a document pair needs to be judged by [`MIN_SUPPORT`]: one or two
/// short pairs (a headline) say too little either way.
const MIN_JUDGED: usize = 3;

/// Self-training: learns stem translations from the confident pairs of a first pass
/// (`first`) and adds them to every sentence's keys, as the second pass reads them.
/// The stems are then forgotten: once per run.
pub fn learn_from(prepared: &mut [Prepared<'_>], interner: &mut Interner, first: &[Found]) {
    let confident = first.iter().filter(|p| p.score >= CONFIDENT).map(|p| {
        (
            prepared[p.ar_doc].features.sentences().slice(p.ar.clone()),
            prepared[p.fr_doc].features.sentences().slice(p.fr.clone()),
        )
    });
    let links = learn_links(confident, interner, LearnSettings::default());
    prepared
        .par_iter_mut()
        .for_each(|p| add_learned_forgetting_stems(&mut p.features, &links));
}

/// A pair found by either aligner, before it becomes a JSON [`Pair`].
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// Index of the Arabic document.
    pub ar_doc: usize,
    /// Arabic sentences.
    pub ar: Range<usize>,
    /// Index of the French document.
    pub fr_doc: usize,
    /// French sentences.
    pub fr: Range<usize>,
    /// Probability that the pair is right.
    pub score: f64,
}

/// What [`align_prepared_with_progress`] returns.
#[derive(Debug, Clone)]
pub struct Aligned {
    /// The pairs found.
    pub found: Vec<Found>,
    /// The scoring context of the last pass.
    pub ctx: ScoreContext,
    /// The document pairs the aligner worked in, by Arabic then French document
    /// (indices into the prepared documents): parallel mode's documents paired by
    /// name, or comparable mode's candidate pairs when the collection was paired at
    /// the document level first (empty when every pair was a candidate); scored by
    /// [`DocEvidence::score`].
    pub candidates: Vec<DocPair>,
}

/// Aligns prepared documents: the first pass, then (with `self_train`) a second pass
/// with stem translations learned from the first pass's confident pairs.
pub fn align_prepared(
    prepared: &mut [Prepared<'_>],
    interner: &mut Interner,
    options: &AlignOptions,
    model: &Model,
) -> Result<(Vec<Found>, ScoreContext)> {
    let aligned =
        align_prepared_with_progress(prepared, interner, options, model, &Progress::hidden())?;
    Ok((aligned.found, aligned.ctx))
}

/// [`align_prepared`], counting each pass's document pairs (parallel mode) or mining
/// units (comparable mode) on an `align pass 1` / `align pass 2` progress stage, and
/// returning the document pairs it worked in as well.
pub fn align_prepared_with_progress(
    prepared: &mut [Prepared<'_>],
    interner: &mut Interner,
    options: &AlignOptions,
    model: &Model,
    progress: &Progress,
) -> Result<Aligned> {
    let ar_docs = docs_in(prepared, Lang::Ar);
    let fr_docs = docs_in(prepared, Lang::Fr);
    if ar_docs.is_empty() {
        return Err(Error::Input("no Arabic document among the inputs".into()));
    }
    if fr_docs.is_empty() {
        return Err(Error::Input("no French document among the inputs".into()));
    }
    let doc_pairs = match options.mode {
        Mode::Parallel => {
            let docs: Vec<&Document> = prepared.iter().map(|p| p.doc).collect();
            let (pairs, lone) = pair_by_name(&docs);
            for i in lone {
                eprintln!(
                    "warning: {}: no document of the other language with the same name; left out",
                    docs[i].path.display()
                );
            }
            if pairs.is_empty() {
                return Err(Error::Input(
                    "parallel mode: no X.ar.txt / X.fr.txt pair of documents".into(),
                ));
            }
            pairs
        }
        Mode::Comparable => Vec::new(),
    };
    // The parallel aligner's length-only paths (pass 1) read only the sentences'
    // lengths: found while the context is built.
    let (mut ctx, guides) = rayon::join(
        || context(prepared, interner, model),
        || -> Vec<Vec<BeadEnd>> {
            doc_pairs
                .par_iter()
                .map(|&(a, f)| {
                    guide_path(
                        prepared[a].features.sentences(),
                        prepared[f].features.sentences(),
                        model,
                    )
                })
                .collect()
        },
    );
    // Many documents: mine each Arabic document against its candidate French
    // documents only (see `plan_comparable`); few: all against all. Planned once,
    // with the first pass's context.
    let plan = match options.mode {
        Mode::Parallel => ComparablePlan::default(),
        Mode::Comparable => plan_comparable(prepared, &ar_docs, &fr_docs, &ctx),
    };
    let (steps, unit) = match options.mode {
        Mode::Parallel => (doc_pairs.len() as u64, "document pairs"),
        Mode::Comparable => (plan.units.len() as u64, "units"),
    };
    // Parallel mode: each document pair's beads, from its guide path (pass 1) or
    // realigned where pass 1 was unsure (`first`, pass 2).
    let parallel = |prepared: &[Prepared<'_>],
                    ctx: &ScoreContext,
                    first: Option<&[Vec<Bead>]>,
                    bar: &StageBar| {
        let beads: Vec<Vec<Bead>> = doc_pairs
            .par_iter()
            .enumerate()
            .map(|(k, &(a, f))| {
                let (ar, fr) = (
                    prepared[a].features.sentences(),
                    prepared[f].features.sentences(),
                );
                let beads = match first {
                    None => align_guided(ar, fr, &guides[k], ctx, model),
                    Some(first) => realign(ar, fr, &first[k], ctx, model),
                };
                bar.inc(1);
                beads
            })
            .collect();
        bar.finish();
        beads
    };
    // The last pass's beads of each document pair that does not read as a
    // translation (too few pairs with content evidence) are scored on their content
    // alone, with a warning: the DP's scores assume the documents translate each
    // other, and would rate unrelated neighbours as sure pairs.
    let check_translations = |prepared: &[Prepared<'_>],
                              ctx: &ScoreContext,
                              beads: &mut [Vec<Bead>]| {
        for (&(a, f), beads) in doc_pairs.iter().zip(beads.iter_mut()) {
            let (ar, fr) = (
                prepared[a].features.sentences(),
                prepared[f].features.sentences(),
            );
            let pairs = beads.iter().filter(|b| b.is_pair()).count();
            if pairs < MIN_JUDGED {
                continue;
            }
            // Scored a stretch at a time: a translation has its support long before
            // the end, and only a pair that is not one needs every score.
            let enough = |supported: usize| supported as f64 >= MIN_SUPPORT * pairs as f64;
            let mut content: Vec<f64> = Vec::with_capacity(pairs);
            let mut supported = 0;
            for stretch in beads.chunks(CHECK_STRETCH) {
                let scores = content_scores(ar, fr, stretch, ctx, model);
                supported += scores.iter().filter(|&&p| p >= 0.5).count();
                content.extend(scores);
                if enough(supported) {
                    break;
                }
            }
            if enough(supported) {
                continue;
            }
            eprintln!(
                "warning: {} and {}: not translations of each other ({supported} of {} pairs have content evidence); their pairs are scored on content alone",
                prepared[a].doc.path.display(),
                prepared[f].doc.path.display(),
                content.len()
            );
            for (bead, p) in beads.iter_mut().filter(|b| b.is_pair()).zip(content) {
                bead.score = p;
            }
        }
    };
    let found_in = |beads: &[Vec<Bead>]| -> Vec<Found> {
        doc_pairs
            .iter()
            .zip(beads)
            .flat_map(|(&(a, f), beads)| {
                beads.iter().filter(|b| b.is_pair()).map(move |b| Found {
                    ar_doc: a,
                    ar: b.ar.clone(),
                    fr_doc: f,
                    fr: b.fr.clone(),
                    score: b.score,
                })
            })
            .collect()
    };
    let mine_all = |prepared: &[Prepared<'_>], ctx: &ScoreContext, bar: &StageBar| {
        let found = plan
            .units
            .par_iter()
            .flat_map_iter(|(ar_docs, fr_docs)| {
                let found: Vec<Found> = {
                    let view = |d: usize| DocView {
                        sentences: &prepared[d].features,
                        running_text: prepared[d].doc.format == Format::Text,
                    };
                    let ar_lists: Vec<DocView<'_>> = ar_docs.iter().map(|&d| view(d)).collect();
                    let fr_lists: Vec<DocView<'_>> = fr_docs.iter().map(|&d| view(d)).collect();
                    mine(
                        &ar_lists,
                        &fr_lists,
                        ctx,
                        model,
                        &MineSettings::from_model(model),
                    )
                    .into_iter()
                    .map(|m| Found {
                        ar_doc: ar_docs[m.ar_doc],
                        ar: m.ar,
                        fr_doc: fr_docs[m.fr_doc],
                        fr: m.fr,
                        score: m.score,
                    })
                    .collect()
                };
                bar.inc(1);
                found
            })
            .collect::<Vec<Found>>();
        bar.finish();
        found
    };
    let candidates = match options.mode {
        Mode::Parallel => {
            let mut pairs = score_document_pairs(prepared, &doc_pairs, &ctx);
            pairs.sort_unstable_by_key(|p| (p.ar, p.fr));
            pairs
        }
        Mode::Comparable => plan.document_pairs.clone(),
    };
    let pass1 = progress.stage("align pass 1", steps, unit);
    let (first, mut first_beads) = match options.mode {
        Mode::Parallel => {
            let beads = parallel(prepared, &ctx, None, &pass1);
            (found_in(&beads), beads)
        }
        Mode::Comparable => (mine_all(prepared, &ctx, &pass1), Vec::new()),
    };
    if !options.self_train {
        let found = match options.mode {
            Mode::Parallel => {
                check_translations(prepared, &ctx, &mut first_beads);
                found_in(&first_beads)
            }
            Mode::Comparable => first,
        };
        return Ok(Aligned {
            found,
            ctx,
            candidates,
        });
    }
    learn_from(prepared, interner, &first);
    let (ar, fr) = sides(prepared);
    ctx.update_weights(&ar, &fr, interner.len());
    let pass2 = progress.stage("align pass 2", steps, unit);
    let found = match options.mode {
        Mode::Parallel => {
            let mut beads = parallel(prepared, &ctx, Some(&first_beads), &pass2);
            check_translations(prepared, &ctx, &mut beads);
            found_in(&beads)
        }
        Mode::Comparable => mine_all(prepared, &ctx, &pass2),
    };
    Ok(Aligned {
        found,
        ctx,
        candidates,
    })
}

/// How comparable mode mines a collection: the candidate document pairs (indices
/// into the prepared documents; empty when every pair is a candidate) and the units
/// mined apart, each some Arabic and some French documents.
#[derive(Debug, Clone, Default)]
pub struct ComparablePlan {
    /// Candidate document pairs, by Arabic then French document.
    pub document_pairs: Vec<DocPair>,
    /// Units of mining: (Arabic documents, French documents).
    pub units: Vec<(Vec<usize>, Vec<usize>)>,
}

/// Plans comparable mining: a small collection (the seeds, BUCC pools) is one unit
/// with every document; a larger one is first paired at the document level
/// ([`pair_documents`]) and each Arabic document is mined against its candidates.
pub fn plan_comparable(
    prepared: &[Prepared<'_>],
    ar_docs: &[usize],
    fr_docs: &[usize],
    ctx: &ScoreContext,
) -> ComparablePlan {
    let settings = DocPairSettings::default();
    if ar_docs.len() * fr_docs.len() <= settings.all_pairs_limit {
        return ComparablePlan {
            document_pairs: Vec::new(),
            units: vec![(ar_docs.to_vec(), fr_docs.to_vec())],
        };
    }
    let lists = |docs: &[usize]| -> Vec<&FeatureStore> {
        docs.iter().map(|&d| &prepared[d].features).collect()
    };
    let pairs = pair_documents(&lists(ar_docs), &lists(fr_docs), ctx, &settings);
    let mut units: Vec<(Vec<usize>, Vec<usize>)> = Vec::new();
    for p in &pairs {
        if units.last().map(|u| u.0[0]) != Some(ar_docs[p.ar]) {
            units.push((vec![ar_docs[p.ar]], Vec::new()));
        }
        if let Some(unit) = units.last_mut() {
            unit.1.push(fr_docs[p.fr]);
        }
    }
    ComparablePlan {
        document_pairs: pairs
            .iter()
            .map(|p| DocPair {
                ar: ar_docs[p.ar],
                fr: fr_docs[p.fr],
                score: p.score,
            })
            .collect(),
        units,
    }
}

/// Scores document pairs (Arabic, French indices into the prepared documents) with
/// [`DocEvidence::score`], the evidence gathered over the whole collection.
pub fn score_document_pairs(
    prepared: &[Prepared<'_>],
    pairs: &[(usize, usize)],
    ctx: &ScoreContext,
) -> Vec<DocPair> {
    if pairs.is_empty() {
        return Vec::new();
    }
    let (mut ar_docs, mut fr_docs) = (Vec::new(), Vec::new());
    // Position of each document in its language's list.
    let mut at = vec![0; prepared.len()];
    for (i, p) in prepared.iter().enumerate() {
        let list = match p.doc.lang {
            Lang::Ar => &mut ar_docs,
            Lang::Fr => &mut fr_docs,
        };
        at[i] = list.len();
        list.push(&p.features);
    }
    let evidence = DocEvidence::build(&ar_docs, &fr_docs, ctx, &DocPairSettings::default());
    pairs
        .iter()
        .map(|&(ar, fr)| DocPair {
            ar,
            fr,
            score: evidence.score(at[ar], at[fr]),
        })
        .collect()
}

/// The document pairs of a run, for the JSON: every document pair with at least one
/// pair in `found`, and every pair of `candidates` (the document pairs the aligner
/// worked in), each with its number of sentence pairs and its [`DocEvidence::score`],
/// sorted by Arabic then French id.
pub fn document_pairs(
    prepared: &[Prepared<'_>],
    found: &[Found],
    candidates: &[DocPair],
    ctx: &ScoreContext,
) -> Vec<DocumentPair> {
    let mut counts: BTreeMap<(usize, usize), (Option<f64>, usize)> = BTreeMap::new();
    for c in candidates {
        counts.insert((c.ar, c.fr), (Some(c.score), 0));
    }
    for f in found {
        counts.entry((f.ar_doc, f.fr_doc)).or_default().1 += 1;
    }
    let unscored: Vec<(usize, usize)> = counts
        .iter()
        .filter(|(_, (score, _))| score.is_none())
        .map(|(&k, _)| k)
        .collect();
    for p in score_document_pairs(prepared, &unscored, ctx) {
        if let Some(entry) = counts.get_mut(&(p.ar, p.fr)) {
            entry.0 = Some(p.score);
        }
    }
    let mut out: Vec<DocumentPair> = counts
        .into_iter()
        .map(|((ar, fr), (score, pairs))| DocumentPair {
            ar: prepared[ar].doc.id.clone(),
            fr: prepared[fr].doc.id.clone(),
            score: round4(score.unwrap_or(0.0)),
            pairs,
        })
        .collect();
    out.sort_by(|x, y| x.ar.cmp(&y.ar).then_with(|| x.fr.cmp(&y.fr)));
    out
}

/// A score clamped to [0, 1] and rounded to 4 decimals, as the JSON writes scores.
fn round4(score: f64) -> f64 {
    (score.clamp(0.0, 1.0) * 10_000.0).round() / 10_000.0
}

/// Each Arabic document's feature store and each French one's, in document order.
pub fn sides<'p>(prepared: &'p [Prepared<'_>]) -> (Vec<&'p FeatureStore>, Vec<&'p FeatureStore>) {
    let side = |lang: Lang| {
        prepared
            .iter()
            .filter(|p| p.doc.lang == lang)
            .map(|p| &p.features)
            .collect()
    };
    (side(Lang::Ar), side(Lang::Fr))
}

/// The scoring context of prepared documents: key weights and name links.
pub fn context(prepared: &[Prepared<'_>], interner: &Interner, model: &Model) -> ScoreContext {
    let (ar, fr) = sides(prepared);
    ScoreContext::build(&ar, &fr, interner, model.name_threshold)
}

/// The anchors two units share: matched keys (concepts, numbers, dates, Latin
/// tokens, learned links) and names, with their surface forms, sorted and unique.
/// `linked` gives the French name skeletons an Arabic one matches. Each side's
/// distinct surfaces are gathered by key first, so a unit of one very long line,
/// where the same words recur hundreds of times, costs about its length.
pub fn anchors_of<'c>(
    ar: &Prepared<'_>,
    ar_range: Range<usize>,
    fr: &Prepared<'_>,
    fr_range: Range<usize>,
    linked: &dyn Fn(u32) -> &'c [u32],
) -> Vec<Anchor> {
    // Learned links are statistical guesses, not anchors a reviewer can check; they
    // count in the score but are not listed.
    let kind_of = |kind: KeyKind| match kind {
        KeyKind::Number => Some(AnchorKind::Number),
        KeyKind::Date => Some(AnchorKind::Date),
        KeyKind::Latin => Some(AnchorKind::Entity),
        KeyKind::Concept => Some(AnchorKind::Lexicon),
        KeyKind::Learned => None,
    };
    // One side's (key or name skeleton, surface, kind) over the unit, sorted by key
    // and surface and unique: each key's distinct surfaces, one after another.
    type Surfaces<'t> = Vec<(u32, &'t str, KeyKind)>;
    fn gather<'t, I: Iterator<Item = (u32, u32, u32, KeyKind)>>(
        p: &'t Prepared<'_>,
        range: Range<usize>,
        spans: impl Fn(Features<'t>) -> I,
    ) -> Surfaces<'t> {
        let mut out: Surfaces<'t> = Vec::new();
        for i in range {
            let text = p.sentence(i);
            out.extend(
                spans(p.features.get(i)).map(|(key, start, end, kind)| {
                    (key, &text[start as usize..end as usize], kind)
                }),
            );
        }
        out.sort_unstable_by(|x, y| (x.0, x.1).cmp(&(y.0, y.1)));
        out.dedup_by(|x, y| (x.0, x.1) == (y.0, y.1));
        out
    }
    /// The surfaces of `key` in a gathered side.
    fn of<'s, 't>(side: &'s Surfaces<'t>, key: u32) -> &'s [(u32, &'t str, KeyKind)] {
        let start = side.partition_point(|x| x.0 < key);
        let end = start + side[start..].partition_point(|x| x.0 == key);
        &side[start..end]
    }
    let mut out = Vec::new();
    let mut add = |kind: AnchorKind, ar: &[(u32, &str, KeyKind)], fr: &[(u32, &str, KeyKind)]| {
        for a in ar {
            for f in fr {
                out.push(Anchor {
                    kind,
                    ar: a.1.into(),
                    fr: f.1.into(),
                });
            }
        }
    };
    fn items(f: Features<'_>) -> impl Iterator<Item = (u32, u32, u32, KeyKind)> + '_ {
        f.items.iter().map(|x| (x.key, x.start, x.end, x.kind))
    }
    // Names carry no key kind; the one given is never read.
    fn names(f: Features<'_>) -> impl Iterator<Item = (u32, u32, u32, KeyKind)> + '_ {
        f.names
            .iter()
            .map(|n| (n.skeleton, n.start, n.end, KeyKind::Concept))
    }
    let (ar_keys, fr_keys) = (
        gather(ar, ar_range.clone(), items),
        gather(fr, fr_range.clone(), items),
    );
    for group in ar_keys.chunk_by(|x, y| x.0 == y.0) {
        let fr_group = of(&fr_keys, group[0].0);
        if let (Some(kind), false) = (kind_of(group[0].2), fr_group.is_empty()) {
            add(kind, group, fr_group);
        }
    }
    let (ar_names, fr_names) = (gather(ar, ar_range, names), gather(fr, fr_range, names));
    for group in ar_names.chunk_by(|x, y| x.0 == y.0) {
        for &linked_skeleton in linked(group[0].0) {
            add(AnchorKind::Entity, group, of(&fr_names, linked_skeleton));
        }
    }
    out.sort_unstable();
    out.dedup();
    // Kept for the whole output: without the room the duplicates took.
    out.shrink_to_fit();
    out
}

/// Builds the contract's JSON document from a run; its `document_pairs` are those
/// with at least one pair found (see [`to_alignment_file_with`]).
pub fn to_alignment_file(
    prepared: &[Prepared<'_>],
    found: &[Found],
    ctx: &ScoreContext,
) -> AlignmentFile {
    to_alignment_file_with(prepared, found, ctx, &[])
}

/// Builds the contract's JSON document from a run, listing in `document_pairs` the
/// aligner's `candidates` as well as every document pair with a pair found (see
/// [`document_pairs`]).
pub fn to_alignment_file_with(
    prepared: &[Prepared<'_>],
    found: &[Found],
    ctx: &ScoreContext,
    candidates: &[DocPair],
) -> AlignmentFile {
    AlignmentFile {
        version: crate::output::json::VERSION,
        documents: document_records(prepared),
        pairs: pair_records(prepared, found, ctx),
        document_pairs: document_pairs(prepared, found, candidates, ctx),
    }
}

/// The documents of the contract's JSON, with their sentences.
///
/// Built across cores (pairs too): faster, and the memory the passes freed on the
/// pool's threads is reused rather than more taken on this one.
fn document_records(prepared: &[Prepared<'_>]) -> Vec<DocumentRecord> {
    prepared
        .par_iter()
        .map(|p| {
            // A pool's sentences keep their ids (the spans are the pool's lines).
            let ids = match p.doc.format {
                Format::Pool => crate::ingest::pool_ids(&p.doc.text),
                Format::Text => Vec::new(),
            };
            DocumentRecord {
                id: p.doc.id.clone(),
                path: p.doc.path.display().to_string(),
                lang: p.doc.lang,
                sentences: p
                    .spans
                    .par_iter()
                    .enumerate()
                    .map(|(n, s)| SentenceRecord {
                        text: p.doc.text[s.start..s.end].to_string(),
                        start: s.start + p.doc.offset,
                        end: s.end + p.doc.offset,
                        id: ids.get(n).cloned(),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// The pairs found, as the contract's JSON pairs with their anchors.
fn pair_records(prepared: &[Prepared<'_>], found: &[Found], ctx: &ScoreContext) -> Vec<Pair> {
    pairs_with_anchors(prepared, found, pair_anchors(prepared, found, ctx))
}

/// The anchors of each pair found (they need the features and the context).
fn pair_anchors(
    prepared: &[Prepared<'_>],
    found: &[Found],
    ctx: &ScoreContext,
) -> Vec<Vec<Anchor>> {
    found
        .par_iter()
        .map(|f| {
            let (a, b) = (&prepared[f.ar_doc], &prepared[f.fr_doc]);
            anchors_of(a, f.ar.clone(), b, f.fr.clone(), &|skeleton| {
                ctx.ar_name_links.get(&skeleton).map_or(&[], Vec::as_slice)
            })
        })
        .collect()
}

/// The pairs found, as the contract's JSON pairs, given their anchors (they need
/// only the documents and spans).
fn pairs_with_anchors(
    prepared: &[Prepared<'_>],
    found: &[Found],
    anchors: Vec<Vec<Anchor>>,
) -> Vec<Pair> {
    let side = |p: &Prepared<'_>, r: &Range<usize>| PairSide {
        doc: p.doc.id.clone(),
        sentences: r.clone().collect(),
        text: r
            .clone()
            .map(|i| p.sentence(i))
            .collect::<Vec<_>>()
            .join(" "),
    };
    found
        .par_iter()
        .zip(anchors)
        .map(|(f, anchors)| Pair {
            ar: side(&prepared[f.ar_doc], &f.ar),
            fr: side(&prepared[f.fr_doc], &f.fr),
            score: round4(f.score),
            anchors,
            status: Status::Auto,
        })
        .collect()
}

/// Aligns documents end to end and returns the contract's JSON document.
pub fn align_documents(
    docs: &[Document],
    options: &AlignOptions,
    lexicon: &Lexicon,
    model: &Model,
) -> Result<AlignmentFile> {
    align_documents_with_progress(docs, options, lexicon, model, &Progress::hidden())
}

/// [`align_documents`] with progress bars for its stages: `segment+features`,
/// `align pass 1` and `align pass 2`.
pub fn align_documents_with_progress(
    docs: &[Document],
    options: &AlignOptions,
    lexicon: &Lexicon,
    model: &Model,
    progress: &Progress,
) -> Result<AlignmentFile> {
    let (mut prepared, mut interner) =
        prepare_with_progress(docs, options.split, lexicon, progress);
    let aligned =
        align_prepared_with_progress(&mut prepared, &mut interner, options, model, progress)?;
    // As `to_alignment_file_with`, but the features, the key space and the scoring
    // context (most of the memory) are freed once the pairs have their anchors,
    // before any text is copied out.
    let anchors = pair_anchors(&prepared, &aligned.found, &aligned.ctx);
    let document_pairs =
        document_pairs(&prepared, &aligned.found, &aligned.candidates, &aligned.ctx);
    let Aligned { found, .. } = aligned;
    drop(interner);
    for p in &mut prepared {
        p.features = FeatureStore::default();
    }
    Ok(AlignmentFile {
        version: crate::output::json::VERSION,
        documents: document_records(&prepared),
        pairs: pairs_with_anchors(&prepared, &found, anchors),
        document_pairs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Format;

    fn doc(id: &str, lang: Lang) -> Document {
        Document {
            id: id.into(),
            path: format!("{id}.txt").into(),
            lang,
            text: String::new(),
            offset: 0,
            format: Format::Text,
        }
    }

    #[test]
    fn pairs_documents_by_name_and_reports_the_lone_ones() {
        let docs = vec![
            doc("a.ar", Lang::Ar),
            doc("b.fr", Lang::Fr),
            doc("a.fr", Lang::Fr),
            doc("c.ar", Lang::Ar),
        ];
        let (pairs, lone) = pair_by_name(&docs);
        assert_eq!(pairs, vec![(0, 2)]);
        assert_eq!(lone, vec![1, 3]);
    }

    #[test]
    fn a_lone_pair_of_documents_pairs_whatever_their_names() {
        let docs = vec![doc("x", Lang::Fr), doc("y", Lang::Ar)];
        assert_eq!(pair_by_name(&docs), (vec![(1, 0)], vec![]));
    }

    #[test]
    fn a_collection_needs_both_languages() {
        let docs = vec![Document {
            text: "Une phrase. Une autre.".into(),
            ..doc("x.fr", Lang::Fr)
        }];
        let err = align_documents(
            &docs,
            &AlignOptions::default(),
            &Lexicon::default(),
            &Model::builtin(),
        )
        .unwrap_err();
        assert!(err.to_string().contains("no Arabic document"), "{err}");
    }
}
