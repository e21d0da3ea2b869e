//! The built-in lexicon separates translations from non-translations.
//!
//! `hand_written_pairs_separate`, `vendored_ntrex_slice_separates` (four NTREX documents
//! under `tests/data/lexicon-ntrex`, see its NOTICE) and the dictionary tests run
//! everywhere. The ignored ones read the NTREX development split when
//! `../shared/data/ntrex-ar-fr-dev` is present (`cargo test --test lexicon -- --ignored
//! --nocapture`): `measure_on_dev` prints coverage and separation for each matching
//! mode (and with a FreeDict pivot when `LEX_FREEDICT_DIR` holds its files),
//! `comparable_retrieval_on_dev` the retrieval accuracy on the comparable pools
//! (`LEX_FAILS=1` lists the misses), `uncovered_on_dev` and `noise_on_dev` guide the
//! data work, `spans_on_dev` (`LEX_SPANS=label`) and `probe` (`LEX_PROBE=text`) show
//! matches.

use mizan::Lang;
use mizan::anchor::lexicon::{ConceptId, Lexicon, Matching};
use mizan::text::tokenize::tokenize;
use std::collections::BTreeSet;
use std::path::Path;

/// News sentence pairs written for this test (not from any corpus).
const PAIRS: &[(&str, &str)] = &[
    (
        "أعلن وزير الداخلية يوم الثلاثاء عن خطة جديدة لمكافحة الجريمة في المدن الكبرى.",
        "Le ministre de l'Intérieur a annoncé mardi un nouveau plan de lutte contre la criminalité dans les grandes villes.",
    ),
    (
        "فاز المنتخب المغربي على نظيره الإسباني بهدفين مقابل هدف واحد في مباراة ودية.",
        "L'équipe nationale marocaine a battu l'Espagne deux buts à un lors d'un match amical.",
    ),
    (
        "ارتفعت أسعار النفط في الأسواق العالمية بسبب المخاوف من نقص الإمدادات.",
        "Les prix du pétrole ont augmenté sur les marchés mondiaux en raison des craintes de pénurie d'approvisionnement.",
    ),
    (
        "قالت الشرطة إن رجلا اعتقل بعد حادث سير أسفر عن مقتل امرأة وإصابة طفلين.",
        "La police a déclaré qu'un homme avait été arrêté après un accident de la route qui a tué une femme et blessé deux enfants.",
    ),
    (
        "استقبل رئيس الحكومة وفدا من رجال الأعمال الفرنسيين في العاصمة.",
        "Le chef du gouvernement a reçu une délégation d'hommes d'affaires français dans la capitale.",
    ),
    (
        "نقل المصابون إلى المستشفى حيث تلقوا العلاج من قبل الأطباء.",
        "Les blessés ont été transportés à l'hôpital où ils ont été soignés par les médecins.",
    ),
    (
        "صوت البرلمان على مشروع قانون يهدف إلى حماية البيئة والحد من التلوث.",
        "Le Parlement a voté un projet de loi visant à protéger l'environnement et à réduire la pollution.",
    ),
    (
        "تستضيف قطر كأس العالم لكرة القدم في شهر نوفمبر المقبل.",
        "Le Qatar accueillera la Coupe du monde de football en novembre prochain.",
    ),
    (
        "أظهرت دراسة جديدة أن الأطفال الذين ينامون أقل يعانون من مشاكل في المدرسة.",
        "Une nouvelle étude a montré que les enfants qui dorment moins ont des problèmes à l'école.",
    ),
    (
        "قررت الشركة إغلاق مصنعها وتسريح ألف عامل بسبب تراجع المبيعات.",
        "L'entreprise a décidé de fermer son usine et de licencier mille ouvriers en raison de la baisse des ventes.",
    ),
    (
        "اندلع حريق كبير في غابة قرب القرية وتمكن رجال الإطفاء من السيطرة عليه.",
        "Un grand incendie s'est déclaré dans une forêt près du village et les pompiers ont réussi à le maîtriser.",
    ),
    (
        "حكمت المحكمة على المتهم بالسجن خمس سنوات بتهمة السرقة.",
        "Le tribunal a condamné l'accusé à cinq ans de prison pour vol.",
    ),
    (
        "أطلقت وكالة الفضاء صاروخا يحمل قمرا صناعيا لدراسة المناخ.",
        "L'agence spatiale a lancé une fusée transportant un satellite pour étudier le climat.",
    ),
    (
        "يعاني الاقتصاد البريطاني من ارتفاع التضخم وتباطؤ النمو.",
        "L'économie britannique souffre d'une inflation élevée et d'un ralentissement de la croissance.",
    ),
    (
        "أصدرت المغنية ألبوما جديدا حقق نجاحا كبيرا لدى الجمهور.",
        "La chanteuse a sorti un nouvel album qui a connu un grand succès auprès du public.",
    ),
    (
        "دعا الأمين العام للأمم المتحدة إلى وقف إطلاق النار فورا.",
        "Le secrétaire général des Nations unies a appelé à un cessez-le-feu immédiat.",
    ),
];

/// The content concepts (function words left out) of a sentence, with the parts of
/// multiword matches (as a pair scorer would use them).
fn concepts(lex: &Lexicon, text: &str, lang: Lang) -> BTreeSet<ConceptId> {
    // LEX_ALL=1 keeps the function words (as a scorer that ignores the tag would).
    let all = std::env::var_os("LEX_ALL").is_some();
    // LEX_NOPARTS=1 measures plain `annotate` (whole multiword matches only).
    let matches = if std::env::var_os("LEX_NOPARTS").is_some() {
        lex.annotate(text, lang)
    } else {
        lex.annotate_with_parts(text, lang)
    };
    matches
        .into_iter()
        .map(|m| m.concept)
        .filter(|&c| all || !lex.is_function(c))
        .collect()
}

fn dice(a: &BTreeSet<ConceptId>, b: &BTreeSet<ConceptId>) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    2.0 * a.intersection(b).count() as f64 / (a.len() + b.len()) as f64
}

/// Separation of aligned pairs from the other pairs of the same set.
#[derive(Debug, Default)]
struct Separation {
    /// Mean Dice of aligned pairs.
    gold: f64,
    /// Mean Dice of non-aligned pairs.
    other: f64,
    /// Share of Arabic sentences whose translation has the strictly highest Dice.
    top1: f64,
    /// Mean number of shared concepts of aligned / non-aligned pairs.
    shared_gold: f64,
    shared_other: f64,
}

fn separation(lex: &Lexicon, pairs: &[(String, String)]) -> Separation {
    let ar: Vec<_> = pairs
        .iter()
        .map(|(a, _)| concepts(lex, a, Lang::Ar))
        .collect();
    let fr: Vec<_> = pairs
        .iter()
        .map(|(_, f)| concepts(lex, f, Lang::Fr))
        .collect();
    let mut s = Separation::default();
    let (mut n_other, mut top) = (0usize, 0usize);
    for i in 0..ar.len() {
        let g = dice(&ar[i], &fr[i]);
        s.gold += g;
        s.shared_gold += ar[i].intersection(&fr[i]).count() as f64;
        let mut best_other = f64::NEG_INFINITY;
        for (j, fr_j) in fr.iter().enumerate() {
            if j != i {
                let d = dice(&ar[i], fr_j);
                s.other += d;
                s.shared_other += ar[i].intersection(fr_j).count() as f64;
                best_other = best_other.max(d);
                n_other += 1;
            }
        }
        if g > best_other {
            top += 1;
        }
    }
    let n = ar.len().max(1) as f64;
    s.gold /= n;
    s.shared_gold /= n;
    s.other /= n_other.max(1) as f64;
    s.shared_other /= n_other.max(1) as f64;
    s.top1 = top as f64 / n;
    s
}

#[test]
fn hand_written_pairs_separate() {
    let lex = Lexicon::builtin();
    let pairs: Vec<(String, String)> = PAIRS
        .iter()
        .map(|(a, f)| (a.to_string(), f.to_string()))
        .collect();
    let s = separation(&lex, &pairs);
    eprintln!("hand-written pairs: {s:?}");
    assert!(s.gold >= 0.35, "aligned pairs share too little: {s:?}");
    assert!(s.other <= 0.05, "unrelated pairs share too much: {s:?}");
    assert!(s.top1 >= 0.9, "translations not ranked first: {s:?}");
}

/// Reads the documents of a parallel folder and its gold beads: the (ar, fr) texts of
/// every bead with both sides, per document.
fn read_beads(dir: &Path) -> Vec<(String, Vec<(String, String)>)> {
    let gold = std::fs::read_to_string(dir.join("gold.jsonl")).expect("gold.jsonl");
    let mut docs = Vec::new();
    for line in gold.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("gold line");
        let doc = v["doc"].as_str().expect("doc").to_string();
        let read = |lang: &str| -> Vec<String> {
            std::fs::read_to_string(dir.join(format!("{doc}.{lang}.txt")))
                .expect("document")
                .lines()
                .map(str::to_string)
                .collect()
        };
        let (ar, fr) = (read("ar"), read("fr"));
        let join = |lines: &[String], ids: &serde_json::Value| -> String {
            ids.as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|i| lines.get(i.as_u64()? as usize).cloned())
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .unwrap_or_default()
        };
        let mut beads = Vec::new();
        for b in v["beads"].as_array().expect("beads") {
            let (a, f) = (join(&ar, &b[0]), join(&fr, &b[1]));
            if !a.is_empty() && !f.is_empty() {
                beads.push((a, f));
            }
        }
        docs.push((doc, beads));
    }
    docs
}

/// Separation averaged over documents (pairs compared within their document).
fn doc_separation(lex: &Lexicon, docs: &[(String, Vec<(String, String)>)]) -> Separation {
    let mut total = Separation::default();
    let mut n = 0.0;
    for (_, beads) in docs {
        if beads.len() < 2 {
            continue;
        }
        let s = separation(lex, beads);
        let w = beads.len() as f64;
        total.gold += s.gold * w;
        total.other += s.other * w;
        total.top1 += s.top1 * w;
        total.shared_gold += s.shared_gold * w;
        total.shared_other += s.shared_other * w;
        n += w;
    }
    let n: f64 = if n > 0.0 { n } else { 1.0 };
    total.gold /= n;
    total.other /= n;
    total.top1 /= n;
    total.shared_gold /= n;
    total.shared_other /= n;
    total
}

#[test]
fn vendored_ntrex_slice_separates() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/lexicon-ntrex");
    let docs = read_beads(&dir);
    assert!(!docs.is_empty());
    let s = doc_separation(&Lexicon::builtin(), &docs);
    eprintln!("vendored NTREX slice: {s:?}");
    assert!(s.gold >= 3.0 * s.other, "{s:?}");
    assert!(s.top1 >= 0.6, "{s:?}");
}

const AR_STOP: &[&str] = &[
    "في",
    "من",
    "الى",
    "إلى",
    "على",
    "عن",
    "مع",
    "ان",
    "أن",
    "إن",
    "التي",
    "الذي",
    "الذين",
    "هذا",
    "هذه",
    "ذلك",
    "تلك",
    "كان",
    "كانت",
    "قد",
    "لقد",
    "ما",
    "لا",
    "لم",
    "لن",
    "او",
    "أو",
    "ثم",
    "هو",
    "هي",
    "هم",
    "كما",
    "بين",
    "حيث",
    "عند",
    "كل",
    "بعد",
    "قبل",
    "منذ",
    "حتى",
    "اي",
    "أي",
    "وقد",
    "وفي",
    "ومن",
    "وهو",
    "وهي",
    "الا",
    "إلا",
    "أيضا",
    "ايضا",
    "فقط",
    "به",
    "بها",
    "له",
    "لها",
    "فيه",
    "فيها",
    "منه",
    "منها",
    "عليه",
    "عليها",
    "إنه",
    "انه",
    "أنه",
    "أنها",
];
const FR_STOP: &[&str] = &[
    "le", "la", "les", "l", "un", "une", "des", "de", "du", "d", "et", "à", "a", "au", "aux", "en",
    "dans", "par", "pour", "sur", "avec", "ne", "pas", "que", "qu", "qui", "ce", "cette", "ces",
    "se", "s", "sa", "son", "ses", "leur", "leurs", "il", "elle", "ils", "elles", "on", "nous",
    "vous", "je", "j", "y", "est", "sont", "ont", "été", "être", "avoir", "plus", "ou", "mais",
    "comme", "n", "c", "lui", "aussi", "dont", "où", "si", "tout", "tous", "avait", "était",
    "fait", "m", "t", "même", "sous", "entre", "après", "avant", "selon",
];

/// Share of content tokens (letters, not a stop word) covered by a content concept.
fn coverage(lex: &Lexicon, texts: &[&str], lang: Lang) -> (usize, usize) {
    let stop = match lang {
        Lang::Ar => AR_STOP,
        Lang::Fr => FR_STOP,
    };
    let (mut covered, mut total) = (0, 0);
    for text in texts {
        let matches: Vec<_> = lex
            .annotate(text, lang)
            .into_iter()
            .filter(|m| !lex.is_function(m.concept))
            .collect();
        for t in tokenize(text, lang) {
            let word = text[t.start..t.end].to_lowercase();
            if !word.chars().any(char::is_alphabetic)
                || stop.contains(&word.as_str())
                || word.chars().count() < 2
                || word.ends_with(['\'', '’'])
            {
                continue;
            }
            total += 1;
            if matches.iter().any(|m| m.start <= t.start && t.end <= m.end) {
                covered += 1;
            }
        }
    }
    (covered, total)
}

#[test]
#[ignore = "needs ../shared/data/ntrex-ar-fr-dev; prints figures"]
fn measure_on_dev() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/ntrex-ar-fr-dev/parallel");
    if !dir.exists() {
        eprintln!("no dev data at {}", dir.display());
        return;
    }
    let docs = read_beads(&dir);
    let ar: Vec<&str> = docs
        .iter()
        .flat_map(|(_, b)| b.iter().map(|p| p.0.as_str()))
        .collect();
    let fr: Vec<&str> = docs
        .iter()
        .flat_map(|(_, b)| b.iter().map(|p| p.1.as_str()))
        .collect();
    eprintln!("{} documents, {} two-sided beads", docs.len(), ar.len());
    // FreeDict pivot, when its files are found (LEX_FREEDICT_DIR or Debian's place).
    let freedict_dir = std::env::var("LEX_FREEDICT_DIR").unwrap_or("/usr/share/dictd".into());
    let freedict = Path::new(&freedict_dir);
    let (ae, ef) = (
        freedict.join("freedict-ara-eng.index"),
        freedict.join("freedict-eng-fra.index"),
    );
    let mut runs = vec![
        ("stems+clitics", Matching::Stems, false),
        ("stems, no clitics", Matching::StemsNoClitics, false),
        ("surface", Matching::Surface, false),
    ];
    if ae.exists() && ef.exists() {
        runs.push(("+ FreeDict pivot", Matching::Stems, true));
    }
    for (name, m, pivot) in runs {
        let mut lex = Lexicon::builtin_with(m);
        if pivot {
            let n = lex.load_freedict_pivot(&ae, &ef).expect("FreeDict");
            eprintln!("FreeDict pivot added {n} pairs");
        }
        let (ca, ta) = coverage(&lex, &ar, Lang::Ar);
        let (cf, tf) = coverage(&lex, &fr, Lang::Fr);
        let s = doc_separation(&lex, &docs);
        eprintln!(
            "{name:18} entries {} concepts {} | coverage ar {:.1}% ({ca}/{ta}) fr {:.1}% ({cf}/{tf}) | Dice gold {:.3} other {:.3} ratio {:.1} | shared gold {:.2} other {:.2} | top1 {:.3}",
            lex.len(),
            lex.concept_count(),
            100.0 * ca as f64 / ta.max(1) as f64,
            100.0 * cf as f64 / tf.max(1) as f64,
            s.gold,
            s.other,
            s.gold / s.other.max(1e-9),
            s.shared_gold,
            s.shared_other,
            s.top1
        );
    }
}

#[test]
#[ignore = "needs ../shared/data/ntrex-ar-fr-dev; prints the most frequent uncovered words"]
fn uncovered_on_dev() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/ntrex-ar-fr-dev/parallel");
    if !dir.exists() {
        return;
    }
    let lex = Lexicon::builtin();
    let docs = read_beads(&dir);
    for (lang, stop) in [(Lang::Ar, AR_STOP), (Lang::Fr, FR_STOP)] {
        let mut counts: std::collections::HashMap<String, usize> = Default::default();
        for (_, beads) in &docs {
            for (a, f) in beads {
                let text = if lang == Lang::Ar { a } else { f };
                let matches = lex.annotate(text, lang);
                for t in tokenize(text, lang) {
                    let word = text[t.start..t.end].to_lowercase();
                    if !word.chars().any(char::is_alphabetic)
                        || stop.contains(&word.as_str())
                        || word.ends_with(['\'', '’'])
                    {
                        continue;
                    }
                    if !matches.iter().any(|m| m.start <= t.start && t.end <= m.end) {
                        *counts
                            .entry(mizan::text::stem::stem(&t.norm, lang))
                            .or_default() += 1;
                    }
                }
            }
        }
        let mut v: Vec<_> = counts.into_iter().filter(|(_, n)| *n >= 3).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let line: Vec<String> = v
            .iter()
            .take(400)
            .map(|(w, n)| format!("{w}:{n}"))
            .collect();
        eprintln!("{lang} uncovered: {}", line.join(" "));
    }
}

#[test]
#[ignore = "needs ../shared/data/ntrex-ar-fr-dev; prints concepts shared by non-aligned pairs and one-sided concepts of aligned pairs"]
fn noise_on_dev() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/ntrex-ar-fr-dev/parallel");
    if !dir.exists() {
        return;
    }
    let lex = Lexicon::builtin();
    let docs = read_beads(&dir);
    let mut noise: std::collections::HashMap<ConceptId, (usize, usize)> = Default::default();
    let mut ar_only: std::collections::HashMap<ConceptId, usize> = Default::default();
    let mut fr_only: std::collections::HashMap<ConceptId, usize> = Default::default();
    for (_, beads) in &docs {
        let ar: Vec<_> = beads
            .iter()
            .map(|(a, _)| concepts(&lex, a, Lang::Ar))
            .collect();
        let fr: Vec<_> = beads
            .iter()
            .map(|(_, f)| concepts(&lex, f, Lang::Fr))
            .collect();
        for i in 0..ar.len() {
            for (j, fr_j) in fr.iter().enumerate() {
                for c in ar[i].intersection(fr_j) {
                    let e = noise.entry(*c).or_default();
                    if i == j { e.0 += 1 } else { e.1 += 1 }
                }
            }
            for c in ar[i].difference(&fr[i]) {
                *ar_only.entry(*c).or_default() += 1;
            }
            for c in fr[i].difference(&ar[i]) {
                *fr_only.entry(*c).or_default() += 1;
            }
        }
    }
    let label = |c: ConceptId| {
        let (a, f) = lex.concept_label(c);
        format!("{a}={f}")
    };
    let mut v: Vec<_> = noise.into_iter().collect();
    v.sort_by_key(|(_, (g, o))| std::cmp::Reverse(*o as i64 - 3 * *g as i64));
    let line: Vec<String> = v
        .iter()
        .take(60)
        .map(|(c, (g, o))| format!("{}:{g}/{o}", label(*c)))
        .collect();
    eprintln!("noisy (gold/other): {}", line.join(" "));
    for (name, m) in [("ar-only", ar_only), ("fr-only", fr_only)] {
        let mut v: Vec<_> = m.into_iter().collect();
        v.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
        let line: Vec<String> = v
            .iter()
            .take(80)
            .map(|(c, n)| format!("{}:{n}", label(*c)))
            .collect();
        eprintln!("{name}: {}", line.join(" "));
    }
}

#[test]
#[ignore = "needs ../shared/data/ntrex-ar-fr-dev; LEX_SPANS=<fr label> prints the matched spans"]
fn spans_on_dev() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/ntrex-ar-fr-dev/parallel");
    let Ok(want) = std::env::var("LEX_SPANS") else {
        return;
    };
    let lex = Lexicon::builtin();
    let mut seen: std::collections::BTreeMap<String, usize> = Default::default();
    for (_, beads) in read_beads(&dir) {
        for (a, f) in &beads {
            for (text, lang) in [(a, Lang::Ar), (f, Lang::Fr)] {
                for m in lex.annotate(text, lang) {
                    let (la, lf) = lex.concept_label(m.concept);
                    if la == want || lf == want {
                        *seen
                            .entry(format!("{lang}:{}", &text[m.start..m.end]))
                            .or_default() += 1;
                    }
                }
            }
        }
    }
    eprintln!("spans: {seen:?}");
}

#[test]
fn user_dictionaries_load_and_match() {
    let dir = tempfile::tempdir().unwrap();
    let tsv = dir.path().join("user.tsv");
    std::fs::write(
        &tsv,
        "ar\tfr\n# my terms\nمسيرة خضراء\tmarche verte\textra column\n\nحموشي\tHammouchi\n",
    )
    .unwrap();
    let dic = dir.path().join("user.dic");
    std::fs::write(&dic, "cyberattaque @ هجوم سيبراني\n").unwrap();
    let mut lex = Lexicon::default();
    assert_eq!(lex.load_dict(&tsv).unwrap(), 2);
    assert_eq!(lex.load_dict(&dic).unwrap(), 1);
    assert_eq!(lex.len(), 3);
    let ar = concepts(&lex, "زار حموشي المسيرة الخضراء", Lang::Ar);
    let fr = concepts(&lex, "Hammouchi a évoqué la Marche verte", Lang::Fr);
    assert_eq!(ar, fr);
    assert_eq!(ar.len(), 2);
    // A dictionary adds to the built-in lexicon.
    let mut lex = Lexicon::builtin();
    let before = lex.len();
    lex.load_dict(&dic).unwrap();
    assert_eq!(lex.len(), before + 1);
}

#[test]
fn bad_dictionaries_name_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.tsv");
    std::fs::write(&bad, "ملعب\tstade\nno separator here\n").unwrap();
    let err = Lexicon::default().load_dict(&bad).unwrap_err().to_string();
    assert!(err.contains("bad.tsv") && err.contains("line 2"), "{err}");
    let latin = dir.path().join("latin.tsv");
    std::fs::write(&latin, "stade\tstadium\n").unwrap();
    let err = Lexicon::default()
        .load_dict(&latin)
        .unwrap_err()
        .to_string();
    assert!(err.contains("line 1"), "{err}");
    let missing = dir.path().join("missing.tsv");
    let err = Lexicon::default()
        .load_dict(&missing)
        .unwrap_err()
        .to_string();
    assert!(err.contains("missing.tsv"), "{err}");
    let binary = dir.path().join("binary.tsv");
    std::fs::write(&binary, [0xff, 0xfe, 0x00, 0x41]).unwrap();
    assert!(Lexicon::default().load_dict(&binary).is_err());
}

#[test]
fn builtin_is_fast_enough() {
    let start = std::time::Instant::now();
    let lex = Lexicon::builtin();
    let build = start.elapsed();
    let start = std::time::Instant::now();
    let mut n = 0;
    for _ in 0..20 {
        for (a, f) in PAIRS {
            n += lex.annotate(a, Lang::Ar).len() + lex.annotate(f, Lang::Fr).len();
        }
    }
    let per_sentence = start.elapsed() / (20 * 2 * PAIRS.len() as u32);
    eprintln!("build {build:?}, annotate {per_sentence:?} per sentence ({n} matches)");
    // Generous bounds (debug build, shared machine): building must not dominate a run.
    assert!(build.as_secs() < 30);
    assert!(per_sentence.as_millis() < 20);
}

#[test]
#[ignore = "needs ../shared/data/ntrex-ar-fr-dev; prints retrieval accuracy on the comparable pools"]
fn comparable_retrieval_on_dev() {
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/ntrex-ar-fr-dev/comparable");
    if !dir.exists() {
        return;
    }
    let read = |name: &str| -> Vec<(String, String)> {
        std::fs::read_to_string(dir.join(name))
            .expect("pool")
            .lines()
            .filter_map(|l| l.split_once('\t'))
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    let (ar, fr, gold) = (read("ar.tsv"), read("fr.tsv"), read("gold.tsv"));
    for m in [Matching::Stems, Matching::StemsNoClitics, Matching::Surface] {
        retrieval(
            &Lexicon::builtin_with(m),
            &format!("{m:?}"),
            &ar,
            &fr,
            &gold,
        );
    }
}

/// Prints how often the gold French partner of an Arabic sentence has the best Dice.
fn retrieval(
    lex: &Lexicon,
    name: &str,
    ar: &[(String, String)],
    fr: &[(String, String)],
    gold: &[(String, String)],
) {
    let ar_c: std::collections::HashMap<&str, BTreeSet<ConceptId>> = ar
        .iter()
        .map(|(id, t)| (id.as_str(), concepts(lex, t, Lang::Ar)))
        .collect();
    let fr_c: Vec<(&str, BTreeSet<ConceptId>)> = fr
        .iter()
        .map(|(id, t)| (id.as_str(), concepts(lex, t, Lang::Fr)))
        .collect();
    let mut top1 = 0;
    for (a, f) in gold {
        let Some(ac) = ar_c.get(a.as_str()) else {
            continue;
        };
        let best = fr_c
            .iter()
            .max_by(|x, y| dice(ac, &x.1).total_cmp(&dice(ac, &y.1)))
            .map(|x| x.0);
        if best == Some(f.as_str()) {
            top1 += 1;
        } else if std::env::var_os("LEX_FAILS").is_some() && name == "Stems" {
            let text = |pool: &[(String, String)], id: &str| {
                pool.iter()
                    .find(|p| p.0 == id)
                    .map(|p| p.1.clone())
                    .unwrap_or_default()
            };
            let labels = |c: &BTreeSet<ConceptId>| {
                c.iter()
                    .map(|&c| lex.concept_label(c).1.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let fc = &fr_c.iter().find(|x| x.0 == f).expect("gold French").1;
            eprintln!(
                "FAIL\n  {}\n  {}\n  ar: {}\n  fr: {}",
                text(ar, a),
                text(fr, f),
                labels(ac),
                labels(fc)
            );
        }
    }
    eprintln!(
        "comparable {name}: {} gold pairs, the French partner has the best Dice among {} French sentences for {top1} ({:.1}%)",
        gold.len(),
        fr.len(),
        100.0 * top1 as f64 / gold.len().max(1) as f64
    );
}

#[test]
#[ignore = "LEX_PROBE=<text> LEX_LANG=ar|fr prints the concepts of a text"]
fn probe() {
    let Ok(text) = std::env::var("LEX_PROBE") else {
        return;
    };
    let lang = if std::env::var("LEX_LANG").as_deref() == Ok("fr") {
        Lang::Fr
    } else {
        Lang::Ar
    };
    let lex = Lexicon::builtin();
    for m in lex.annotate(&text, lang) {
        let (a, f) = lex.concept_label(m.concept);
        eprintln!(
            "probe: {} -> {a} = {f}{}",
            &text[m.start..m.end],
            if lex.is_function(m.concept) {
                " (func)"
            } else {
                ""
            }
        );
    }
}
