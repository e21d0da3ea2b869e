//! Criterion benchmarks of each stage (issue 6), on data kept in the repository
//! (tests/data/ntrex-dev), so that `cargo bench` runs in a fresh clone:
//! segment, normalize, features (anchors), scoring context (name matching), parallel
//! DP, comparable mining, document pairing. The large inputs and the end-to-end
//! figures are bench/run.sh's.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use mizan::align::comparable::MineSettings;
use mizan::align::docpair::{DocPairSettings, pair_documents};
use mizan::align::parallel::align_pair;
use mizan::anchor::lexicon::Lexicon;
use mizan::ingest::read_collection;
use mizan::pipeline::{AlignOptions, Mode, Split, align_documents, context, prepare};
use mizan::score::Model;
use mizan::text::normalize::normalize;
use mizan::text::segment::segment;
use mizan::{Lang, features::FeatureStore};
use std::hint::black_box;
use std::path::PathBuf;

const DEV: &str = "tests/data/ntrex-dev";

/// Every parallel dev document of one language as running text, joined.
fn running_text(lang: Lang) -> String {
    let dir = PathBuf::from(DEV).join("parallel");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.to_string_lossy()
                .ends_with(&format!(".{}.txt", lang.code()))
        })
        .collect();
    names.sort();
    names
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap().replace('\n', " "))
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn text_stages(c: &mut Criterion) {
    let lexicon = Lexicon::builtin();
    for lang in [Lang::Ar, Lang::Fr] {
        let text = running_text(lang);
        let mut g = c.benchmark_group(format!("text-{}", lang.code()));
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.sample_size(10);
        g.bench_function("segment", |b| b.iter(|| segment(black_box(&text), lang)));
        g.bench_function("normalize", |b| {
            b.iter(|| normalize(black_box(&text), lang))
        });
        let sentences: Vec<&str> = segment(&text, lang)
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect();
        g.bench_function("features", |b| {
            b.iter(|| {
                let mut x = mizan::features::Extractor::new(&lexicon);
                sentences
                    .iter()
                    .map(|s| x.extract(s, lang).items.len())
                    .sum::<usize>()
            })
        });
        g.finish();
    }
}

fn align_stages(c: &mut Criterion) {
    let lexicon = Lexicon::builtin();
    let model = Model::builtin();
    // Parallel: all dev documents as one long pair (about 900 sentences a side).
    let docs = read_collection(&[PathBuf::from(DEV).join("parallel")], u64::MAX)
        .unwrap()
        .documents;
    let (prepared, interner) = prepare(&docs, Split::Lines, &lexicon);
    let ctx = context(&prepared, &interner, &model);
    let side = |lang: Lang| -> FeatureStore {
        prepared
            .iter()
            .filter(|p| p.doc.lang == lang)
            .flat_map(|p| p.features.iter().map(|f| f.to_owned()))
            .collect()
    };
    let (ar, fr) = (side(Lang::Ar), side(Lang::Fr));
    let mut g = c.benchmark_group("align");
    g.sample_size(10);
    // The scoring context: key weights, and every French name matched against the
    // Arabic names (blocking keys, then the bounded edit distance).
    g.bench_function("context-900", |b| {
        b.iter(|| context(black_box(&prepared), &interner, &model))
    });
    g.bench_function("parallel-dp-900", |b| {
        b.iter(|| {
            let (ar, fr) = (black_box(&ar).sentences(), black_box(&fr).sentences());
            align_pair(ar, fr, &ctx, &model).len()
        })
    });
    // Document pairing over the dev documents.
    let lists = |lang: Lang| -> Vec<&FeatureStore> {
        prepared
            .iter()
            .filter(|p| p.doc.lang == lang)
            .map(|p| &p.features)
            .collect()
    };
    let (ar_docs, fr_docs) = (lists(Lang::Ar), lists(Lang::Fr));
    g.bench_function("docpair-31x31", |b| {
        b.iter(|| pair_documents(&ar_docs, &fr_docs, &ctx, &DocPairSettings::default()).len())
    });
    let _ = MineSettings::from_model(&model);
    // Comparable mining, whole run, on the dev pools (620 × 669 sentences).
    let pools = read_collection(
        &[
            PathBuf::from(DEV).join("comparable/ar.tsv"),
            PathBuf::from(DEV).join("comparable/fr.tsv"),
        ],
        u64::MAX,
    )
    .unwrap()
    .documents;
    let options = AlignOptions {
        mode: Mode::Comparable,
        split: Split::Auto,
        self_train: true,
    };
    g.bench_function("comparable-run-620x669", |b| {
        b.iter(|| {
            align_documents(&pools, &options, &lexicon, &model)
                .unwrap()
                .pairs
                .len()
        })
    });
    g.finish();
}

criterion_group!(benches, text_stages, align_stages);
criterion_main!(benches);
