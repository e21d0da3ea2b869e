//! The review state, without any terminal: the rows of the two-column diff built from an
//! alignment file, the reviewer's decisions with their undo stack, filters, navigation
//! and search.
//!
//! ## Row order
//!
//! The pairs are grouped by document pair (French document, Arabic document), in the order
//! of the documents in the file. Inside a group:
//!
//! - pairs and French-only sentences follow the French text: ordered by their first French
//!   sentence, so the left column always reads in order;
//! - an Arabic-only sentence comes right after the pair holding the Arabic sentence
//!   before it (the nearest aligned one above it in its document); one with no aligned
//!   sentence above comes first in the group.
//!
//! In parallel mode the pairs are monotone and this is exactly `diff -y`. In comparable
//! mode pairs may cross; the French side then stays in order and the Arabic side jumps,
//! which the reviewer sees from the sentence numbers.
//!
//! An unaligned sentence belongs to the group of its nearest aligned neighbour in its
//! document (the one above, else the one below), so it is shown once, next to its
//! context. Documents that are in no pair at all come last, one group each.

use crate::Lang;
use crate::output::{AlignmentFile, Pair, Status};
use std::collections::{BTreeMap, HashMap};

/// One row of the diff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// The title of a group: its French and Arabic documents (indices into `documents`).
    Header {
        /// The French document, if the group has one.
        fr: Option<usize>,
        /// The Arabic document, if the group has one.
        ar: Option<usize>,
    },
    /// An aligned pair (index into `pairs`).
    Pair(usize),
    /// A sentence in no pair: French on the left, or Arabic on the right.
    Unaligned {
        /// Its language.
        lang: Lang,
        /// Its document (index into `documents`).
        doc: usize,
        /// Its index in the document.
        sentence: usize,
    },
}

/// Which rows are shown. Decided once, when the review starts, so that rows do not vanish
/// under the cursor when the reviewer changes a status.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filters {
    /// Show only pairs with one of these statuses (empty: all).
    pub status: Vec<Status>,
    /// Show only pairs scoring strictly below this.
    pub below: Option<f64>,
    /// Show only groups with one of these documents (empty: all).
    pub docs: Vec<String>,
}

impl Filters {
    /// Whether the filters select pairs; unaligned sentences, which have neither status
    /// nor score, are then hidden.
    pub fn selects_pairs(&self) -> bool {
        !self.status.is_empty() || self.below.is_some()
    }

    fn keeps(&self, pair: &Pair) -> bool {
        (self.status.is_empty() || self.status.contains(&pair.status))
            && self.below.is_none_or(|b| pair.score < b)
    }
}

/// One decision, as kept for undo: the pair and the status it had before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision {
    /// The pair (index into `pairs`).
    pub pair: usize,
    /// Its status before the decision.
    pub before: Status,
}

/// The review: the file, its rows, the decisions taken.
#[derive(Debug, Clone)]
pub struct Review {
    /// The alignment file, with the decisions applied to its pairs' `status`.
    pub file: AlignmentFile,
    /// The rows shown, in order.
    pub rows: Vec<Row>,
    /// The statuses as last saved (or loaded), to tell what is unsaved.
    saved: Vec<Status>,
    /// Decisions, most recent last.
    undo: Vec<Decision>,
}

impl Review {
    /// Builds the rows of `file` (which must pass [`AlignmentFile::validate`]) under
    /// `filters`.
    pub fn new(file: AlignmentFile, filters: &Filters) -> Result<Review, String> {
        file.validate()?;
        let rows = build_rows(&file, filters);
        let saved = file.pairs.iter().map(|p| p.status).collect();
        Ok(Review {
            file,
            rows,
            saved,
            undo: Vec::new(),
        })
    }

    /// The pair at `row`, if that row is a pair.
    pub fn pair_at(&self, row: usize) -> Option<usize> {
        match self.rows.get(row) {
            Some(Row::Pair(p)) => Some(*p),
            _ => None,
        }
    }

    /// The row showing pair `pair`, if it is shown.
    pub fn row_of(&self, pair: usize) -> Option<usize> {
        self.rows.iter().position(|r| *r == Row::Pair(pair))
    }

    /// Sets the status of `pair`; returns whether it changed (a decision to undo).
    pub fn decide(&mut self, pair: usize, status: Status) -> bool {
        let Some(p) = self.file.pairs.get_mut(pair) else {
            return false;
        };
        if p.status == status {
            return false;
        }
        self.undo.push(Decision {
            pair,
            before: p.status,
        });
        p.status = status;
        true
    }

    /// Takes back the last decision; returns its pair.
    pub fn undo(&mut self) -> Option<usize> {
        let d = self.undo.pop()?;
        if let Some(p) = self.file.pairs.get_mut(d.pair) {
            p.status = d.before;
        }
        Some(d.pair)
    }

    /// How many decisions can be undone.
    pub fn undo_depth(&self) -> usize {
        self.undo.len()
    }

    /// How many pairs have a status other than the one saved.
    pub fn unsaved(&self) -> usize {
        self.file
            .pairs
            .iter()
            .zip(&self.saved)
            .filter(|(p, s)| p.status != **s)
            .count()
    }

    /// Records that the current statuses are saved.
    pub fn mark_saved(&mut self) {
        self.saved = self.file.pairs.iter().map(|p| p.status).collect();
    }

    /// How many pairs have each status: (auto, accepted, rejected).
    pub fn counts(&self) -> (usize, usize, usize) {
        let mut c = (0, 0, 0);
        for p in &self.file.pairs {
            match p.status {
                Status::Auto => c.0 += 1,
                Status::Accepted => c.1 += 1,
                Status::Rejected => c.2 += 1,
            }
        }
        c
    }

    /// The first row after `from` (or before it, when `forward` is false) that is a
    /// pair for which `want` holds.
    pub fn find_pair(
        &self,
        from: usize,
        forward: bool,
        want: impl Fn(&Pair) -> bool,
    ) -> Option<usize> {
        let hit = |r: &usize| {
            self.pair_at(*r)
                .and_then(|p| self.file.pairs.get(p))
                .is_some_and(&want)
        };
        if forward {
            (from.saturating_add(1)..self.rows.len()).find(hit)
        } else {
            (0..from.min(self.rows.len())).rev().find(hit)
        }
    }

    /// The next (or previous) pair row after `from`.
    pub fn next_pair(&self, from: usize, forward: bool) -> Option<usize> {
        self.find_pair(from, forward, |_| true)
    }

    /// The next (or previous) pair row after `from` scoring below `threshold`.
    pub fn next_below(&self, from: usize, forward: bool, threshold: f64) -> Option<usize> {
        self.find_pair(from, forward, |p| p.score < threshold)
    }

    /// The French and Arabic text of `row` (empty for the missing side).
    pub fn texts(&self, row: usize) -> (&str, &str) {
        match self.rows.get(row) {
            Some(Row::Pair(p)) => match self.file.pairs.get(*p) {
                Some(p) => (p.fr.text.as_str(), p.ar.text.as_str()),
                None => ("", ""),
            },
            Some(Row::Unaligned {
                lang,
                doc,
                sentence,
            }) => {
                let text = self
                    .file
                    .documents
                    .get(*doc)
                    .and_then(|d| d.sentences.get(*sentence))
                    .map_or("", |s| s.text.as_str());
                match lang {
                    Lang::Fr => (text, ""),
                    Lang::Ar => ("", text),
                }
            }
            _ => ("", ""),
        }
    }

    /// The next row after `from` (wrapping around, `from` itself last) whose text
    /// contains `query`, ignoring case, accents, Arabic vowels and digit forms (see
    /// [`fold`](super::fold)); headers are not searched.
    pub fn search(&self, from: usize, query: &str, forward: bool) -> Option<usize> {
        let q = super::fold::fold_str(query.trim());
        if q.is_empty() || self.rows.is_empty() {
            return None;
        }
        let n = self.rows.len();
        let from = from.min(n - 1);
        (1..=n)
            .map(|k| {
                if forward {
                    (from + k) % n
                } else {
                    (from + n - k % n) % n
                }
            })
            .find(|&r| {
                let (fr, ar) = self.texts(r);
                super::fold::fold_str(fr).contains(&q) || super::fold::fold_str(ar).contains(&q)
            })
    }
}

/// A group's key: (French document, Arabic document), either missing for a document in
/// no pair.
type GroupKey = (Option<usize>, Option<usize>);

/// Builds the diff rows; see the module documentation for the order.
fn build_rows(file: &AlignmentFile, filters: &Filters) -> Vec<Row> {
    // Same lookup as `validate` (the last document of an id wins), so indices that
    // passed validation are in range here.
    let by_id: HashMap<&str, usize> = file
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();
    let doc_of = |id: &str| by_id.get(id).copied();

    // Pairs by group, and for every sentence the first pair that covers it.
    let mut groups: BTreeMap<GroupKey, Vec<usize>> = BTreeMap::new();
    let mut cover: Vec<Vec<Option<usize>>> = file
        .documents
        .iter()
        .map(|d| vec![None; d.sentences.len()])
        .collect();
    let mut pair_group: Vec<GroupKey> = Vec::with_capacity(file.pairs.len());
    for (i, pair) in file.pairs.iter().enumerate() {
        let (Some(fd), Some(ad)) = (doc_of(&pair.fr.doc), doc_of(&pair.ar.doc)) else {
            pair_group.push((None, None));
            continue;
        };
        let key = (Some(fd), Some(ad));
        pair_group.push(key);
        groups.entry(key).or_default().push(i);
        for (d, side) in [(fd, &pair.fr), (ad, &pair.ar)] {
            for &s in &side.sentences {
                if let Some(slot) = cover.get_mut(d).and_then(|c| c.get_mut(s)) {
                    slot.get_or_insert(i);
                }
            }
        }
    }

    // Each unaligned sentence goes to the group of its nearest aligned neighbour.
    let mut fr_only: BTreeMap<GroupKey, Vec<usize>> = BTreeMap::new();
    let mut ar_only: BTreeMap<GroupKey, Vec<(usize, usize)>> = BTreeMap::new();
    let mut orphans: Vec<usize> = Vec::new();
    for (d, doc) in file.documents.iter().enumerate() {
        let covers = &cover[d];
        if by_id.get(doc.id.as_str()) != Some(&d) {
            continue; // shadowed by a later document with the same id
        }
        if covers.iter().all(Option::is_none) {
            orphans.push(d);
            continue;
        }
        let first = covers.iter().flatten().next().copied();
        let mut above: Option<usize> = None;
        for (s, c) in covers.iter().enumerate() {
            if let Some(p) = c {
                above = Some(*p);
                continue;
            }
            let Some(p) = above.or(first) else { continue };
            let key = pair_group.get(p).copied().unwrap_or((None, None));
            match doc.lang {
                Lang::Fr => fr_only.entry(key).or_default().push(s),
                Lang::Ar => ar_only.entry(key).or_default().push((s, d)),
            }
        }
    }

    let doc_kept = |d: Option<usize>| {
        d.and_then(|d| file.documents.get(d))
            .is_some_and(|doc| filters.docs.contains(&doc.id))
    };
    let group_kept = |key: &GroupKey| filters.docs.is_empty() || doc_kept(key.0) || doc_kept(key.1);
    let show_unaligned = !filters.selects_pairs();

    let mut rows = Vec::new();
    for (key, mut pairs) in groups {
        if !group_kept(&key) {
            continue;
        }
        let (Some(fd), Some(ad)) = key else { continue };
        let first_fr = |p: usize| file.pairs[p].fr.sentences.first().copied().unwrap_or(0);
        let first_ar = |p: usize| file.pairs[p].ar.sentences.first().copied().unwrap_or(0);
        let last_ar = |p: usize| file.pairs[p].ar.sentences.last().copied().unwrap_or(0);
        pairs.sort_by_key(|&p| (first_fr(p), first_ar(p), p));

        // Arabic-only sentences hang after the pair holding the Arabic sentence above.
        let mut leading: Vec<usize> = Vec::new();
        let mut after: HashMap<usize, Vec<usize>> = HashMap::new();
        let mut by_ar: Vec<usize> = pairs.clone();
        by_ar.sort_by_key(|&p| (last_ar(p), p));
        for &(s, d) in ar_only.get(&key).map_or(&[][..], Vec::as_slice) {
            if d != ad {
                continue;
            }
            let k = by_ar.partition_point(|&p| last_ar(p) < s);
            match k.checked_sub(1).and_then(|k| by_ar.get(k)) {
                Some(&p) => after.entry(p).or_default().push(s),
                None => leading.push(s),
            }
        }

        let mut group_rows = Vec::new();
        let unaligned = |lang, doc, sentence| Row::Unaligned {
            lang,
            doc,
            sentence,
        };
        if show_unaligned {
            group_rows.extend(leading.iter().map(|&s| unaligned(Lang::Ar, ad, s)));
        }
        let frs = fr_only.get(&key).map_or(&[][..], Vec::as_slice);
        let mut f = 0;
        for &p in &pairs {
            while f < frs.len() && frs[f] < first_fr(p) {
                if show_unaligned {
                    group_rows.push(unaligned(Lang::Fr, fd, frs[f]));
                }
                f += 1;
            }
            if filters.keeps(&file.pairs[p]) {
                group_rows.push(Row::Pair(p));
            }
            if show_unaligned {
                for &s in after.get(&p).map_or(&[][..], Vec::as_slice) {
                    group_rows.push(unaligned(Lang::Ar, ad, s));
                }
            }
        }
        if show_unaligned {
            group_rows.extend(frs[f..].iter().map(|&s| unaligned(Lang::Fr, fd, s)));
        }
        if !group_rows.is_empty() {
            rows.push(Row::Header {
                fr: Some(fd),
                ar: Some(ad),
            });
            rows.extend(group_rows);
        }
    }

    if show_unaligned {
        for d in orphans {
            let doc = &file.documents[d];
            let key = match doc.lang {
                Lang::Fr => (Some(d), None),
                Lang::Ar => (None, Some(d)),
            };
            if !group_kept(&key) || doc.sentences.is_empty() {
                continue;
            }
            rows.push(Row::Header {
                fr: key.0,
                ar: key.1,
            });
            rows.extend((0..doc.sentences.len()).map(|s| Row::Unaligned {
                lang: doc.lang,
                doc: d,
                sentence: s,
            }));
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{DocumentRecord, PairSide, SentenceRecord};

    fn doc(id: &str, lang: Lang, n: usize) -> DocumentRecord {
        DocumentRecord {
            id: id.into(),
            path: format!("{id}.txt"),
            lang,
            sentences: (0..n)
                .map(|i| SentenceRecord {
                    text: format!("{id} s{i}"),
                    start: 0,
                    end: 0,
                    id: None,
                })
                .collect(),
        }
    }

    fn pair(ar: &[usize], fr: &[usize], score: f64) -> Pair {
        Pair {
            ar: PairSide {
                doc: "A".into(),
                sentences: ar.to_vec(),
                text: format!("A {ar:?}"),
            },
            fr: PairSide {
                doc: "F".into(),
                sentences: fr.to_vec(),
                text: format!("F {fr:?}"),
            },
            score,
            anchors: vec![],
            status: Status::Auto,
        }
    }

    fn file(pairs: Vec<Pair>) -> AlignmentFile {
        AlignmentFile {
            version: 1,
            documents: vec![doc("A", Lang::Ar, 6), doc("F", Lang::Fr, 5)],
            pairs,
            document_pairs: Vec::new(),
        }
    }

    /// Rows as a compact string: `P0` pair, `a3` Arabic-only, `f2` French-only, `H` header.
    fn shape(r: &Review) -> String {
        r.rows
            .iter()
            .map(|row| match row {
                Row::Header { .. } => "H".to_string(),
                Row::Pair(p) => format!("P{p}"),
                Row::Unaligned {
                    lang: Lang::Ar,
                    sentence,
                    ..
                } => format!("a{sentence}"),
                Row::Unaligned { sentence, .. } => format!("f{sentence}"),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn monotone_pairs_read_like_diff_y() {
        let f = file(vec![
            pair(&[0], &[0], 0.9),
            pair(&[2, 3], &[1], 0.8),
            pair(&[4], &[3], 0.3),
        ]);
        let r = Review::new(f, &Filters::default()).unwrap();
        assert_eq!(shape(&r), "H P0 a1 P1 f2 P2 a5 f4");
    }

    #[test]
    fn crossing_pairs_follow_the_french_order() {
        // P0 = ar4/fr0, P1 = ar1/fr2: they cross.
        let f = file(vec![pair(&[4], &[0], 0.9), pair(&[1], &[2], 0.8)]);
        let r = Review::new(f, &Filters::default()).unwrap();
        // a0 has no aligned Arabic above it: first. a2, a3 follow P1 (ar1 above them),
        // a5 follows P0 (ar4 above it).
        assert_eq!(shape(&r), "H a0 P0 a5 f1 P1 a2 a3 f3 f4");
    }

    #[test]
    fn every_sentence_is_shown_once() {
        let f = file(vec![pair(&[4], &[0], 0.9), pair(&[1], &[2, 3], 0.8)]);
        let r = Review::new(f, &Filters::default()).unwrap();
        let unaligned = r
            .rows
            .iter()
            .filter(|r| matches!(r, Row::Unaligned { .. }))
            .count();
        assert_eq!(unaligned, (6 - 2) + (5 - 3));
    }

    #[test]
    fn documents_without_pairs_come_last() {
        let mut f = file(vec![pair(&[0], &[0], 0.9)]);
        f.documents.push(doc("G", Lang::Fr, 2));
        let r = Review::new(f, &Filters::default()).unwrap();
        assert_eq!(shape(&r), "H P0 a1 a2 a3 a4 a5 f1 f2 f3 f4 H f0 f1");
    }

    #[test]
    fn filters_select_pairs_and_hide_unaligned() {
        let mut f = file(vec![
            pair(&[0], &[0], 0.9),
            pair(&[2], &[1], 0.4),
            pair(&[4], &[3], 0.3),
        ]);
        f.pairs[2].status = Status::Accepted;
        let below = Filters {
            below: Some(0.5),
            ..Filters::default()
        };
        assert_eq!(shape(&Review::new(f.clone(), &below).unwrap()), "H P1 P2");
        let accepted = Filters {
            status: vec![Status::Accepted],
            ..Filters::default()
        };
        assert_eq!(shape(&Review::new(f.clone(), &accepted).unwrap()), "H P2");
        let nothing = Filters {
            docs: vec!["nope".into()],
            ..Filters::default()
        };
        assert_eq!(shape(&Review::new(f.clone(), &nothing).unwrap()), "");
        let by_doc = Filters {
            docs: vec!["F".into()],
            ..Filters::default()
        };
        assert_eq!(
            shape(&Review::new(f, &by_doc).unwrap()),
            "H P0 a1 P1 a3 f2 P2 a5 f4"
        );
    }

    #[test]
    fn decisions_undo_and_unsaved_count() {
        let f = file(vec![pair(&[0], &[0], 0.9), pair(&[2], &[1], 0.4)]);
        let mut r = Review::new(f, &Filters::default()).unwrap();
        assert!(r.decide(0, Status::Accepted));
        assert!(!r.decide(0, Status::Accepted), "same status is no decision");
        assert!(r.decide(1, Status::Rejected));
        assert_eq!(r.unsaved(), 2);
        assert_eq!(r.counts(), (0, 1, 1));
        assert_eq!(r.undo(), Some(1));
        assert_eq!(r.file.pairs[1].status, Status::Auto);
        assert_eq!(r.unsaved(), 1);
        r.mark_saved();
        assert_eq!(r.unsaved(), 0);
        assert_eq!(r.undo(), Some(0));
        assert_eq!(r.unsaved(), 1, "undoing a saved decision is a change");
        assert_eq!(r.undo(), None);
        assert!(!r.decide(99, Status::Accepted));
    }

    #[test]
    fn navigation_and_search() {
        let f = file(vec![
            pair(&[0], &[0], 0.9),
            pair(&[2], &[1], 0.4),
            pair(&[4], &[3], 0.3),
        ]);
        let r = Review::new(f, &Filters::default()).unwrap();
        assert_eq!(shape(&r), "H P0 a1 P1 a3 f2 P2 a5 f4");
        assert_eq!(r.next_pair(1, true), Some(3));
        assert_eq!(r.next_pair(3, false), Some(1));
        assert_eq!(r.next_pair(6, true), None);
        assert_eq!(r.next_below(0, true, 0.35), Some(6));
        assert_eq!(r.next_below(6, false, 0.35), None);
        assert_eq!(r.search(1, "a s5", true), Some(7));
        assert_eq!(r.search(7, "F [0]", true), Some(1), "wraps around");
        assert_eq!(r.search(1, "f [0]", false), Some(1), "ignores case");
        assert_eq!(r.search(1, "absent", true), None);
        assert_eq!(r.search(1, "", true), None);
    }

    #[test]
    fn invalid_file_is_refused() {
        let mut f = file(vec![pair(&[9], &[0], 0.9)]);
        assert!(Review::new(f.clone(), &Filters::default()).is_err());
        f.pairs[0].ar.sentences = vec![0];
        f.pairs[0].score = 2.0;
        assert!(Review::new(f, &Filters::default()).is_err());
    }
}
