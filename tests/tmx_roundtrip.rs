//! Hostile text through the TMX writer and back through real XML readers: quick-xml
//! here, and translate-toolkit's `tmxfile` when Python has it (`pip install
//! translate-toolkit`; with `MIZAN_REQUIRE_TRANSLATE=1` its absence is a failure).
//!
//! What survives, as documented in README's "Bad input": every character XML 1.0
//! allows comes back unchanged (`<`, `&`, quotes, `]]>`, tabs, line breaks, carriage
//! returns, bidi controls); the characters it forbids (C0 controls but tab, line feed
//! and carriage return; U+FFFE, U+FFFF) are dropped.

#[path = "../fuzz/checks.rs"]
mod checks;

use assert_cmd::Command;
use checks::{one_pair_file, read_tmx, tmx_roundtrip};
use mizan::output::tmx::{to_tmx, xml_safe};
use std::path::Path;

/// Texts made to break XML writers and readers.
const HOSTILE: &[&str] = &[
    "a < b && c > d",
    "\"quoted\" and 'single'",
    "]]> <![CDATA[ x ]]>",
    "&amp; &lt; &#0; &#x1; &nbsp; &unknown;",
    "<?xml version=\"1.0\"?><!-- comment --><seg>",
    "tab\there, line\nbreak, crlf\r\nand lone cr\rend",
    "bell\u{7} backspace\u{8} escape\u{1b}[31mred\u{1b}[0m vt\u{b} ff\u{c} nul\u{0} us\u{1f}",
    "non-characters \u{FFFE}\u{FFFF} and U+FFFD \u{FFFD}",
    "bidi \u{202A}\u{202B}\u{202C}\u{202D}\u{202E} \u{2066}\u{2067}\u{2068}\u{2069} marks \u{200E}\u{200F}",
    "C1 \u{80}\u{85}\u{9F} nel, line sep \u{2028} para sep \u{2029}",
    "emoji 👍🏽 combining e\u{301} zwj 👨\u{200D}👩 private \u{E000} astral \u{10FFFD}",
    "الجزائر «الحرة» & فرنسا <2022>",
    "   leading and trailing spaces   ",
    "",
];

#[test]
fn xml_safe_drops_exactly_what_xml_forbids() {
    assert_eq!(xml_safe("a\u{0}b\u{1}c\u{1f}d"), "abcd");
    assert_eq!(xml_safe("t\tn\nr\r"), "t\tn\nr\r");
    assert_eq!(xml_safe("x\u{FFFE}\u{FFFF}y"), "xy");
    assert_eq!(
        xml_safe("\u{7F}\u{85}\u{202E}\u{FFFD}"),
        "\u{7F}\u{85}\u{202E}\u{FFFD}"
    );
    for c in [
        '\u{0}', '\u{1}', '\u{8}', '\u{b}', '\u{c}', '\u{e}', '\u{1b}', '\u{1f}',
    ] {
        assert_eq!(xml_safe(&format!("a{c}b")), "ab", "{c:?}");
    }
}

#[test]
fn hostile_texts_come_back_through_quick_xml() {
    for ar in HOSTILE {
        for fr in HOSTILE {
            let file = one_pair_file(ar, fr, "doc<&>\"ar\"", "doc\u{1b}fr\r", 0.5);
            let tus = read_tmx(&to_tmx(&file)).unwrap();
            assert_eq!(tus.len(), 1);
            assert_eq!(
                tus[0].segs,
                vec![
                    ("ar".to_string(), xml_safe(ar).into_owned()),
                    ("fr".to_string(), xml_safe(fr).into_owned())
                ],
                "{ar:?} / {fr:?}"
            );
            let prop = |k: &str| tus[0].props.iter().find(|(t, _)| t == k).cloned();
            assert_eq!(
                prop("x-ar-doc"),
                Some(("x-ar-doc".into(), "doc<&>\"ar\"".into()))
            );
            assert_eq!(
                prop("x-fr-doc"),
                Some(("x-fr-doc".into(), "docfr\r".into()))
            );
            assert_eq!(prop("x-score"), Some(("x-score".into(), "0.5000".into())));
        }
    }
}

#[test]
fn the_fuzz_round_trip_check_holds_on_the_hostile_texts() {
    for t in HOSTILE {
        for head in [0u8, 1, 7, 255] {
            let mut data = vec![head];
            data.extend_from_slice(t.as_bytes());
            data.extend_from_slice("و<&".as_bytes());
            tmx_roundtrip(&data);
        }
    }
}

#[test]
fn rejected_pairs_are_left_out() {
    let mut file = one_pair_file("نعم", "oui", "a", "f", 1.0);
    file.pairs.push(file.pairs[0].clone());
    file.pairs[1].status = mizan::output::Status::Rejected;
    assert_eq!(read_tmx(&to_tmx(&file)).unwrap().len(), 1);
}

/// Python with translate-toolkit, if present.
fn translate_toolkit() -> Option<&'static str> {
    let ok = std::process::Command::new("python3")
        .args(["-c", "import translate.storage.tmx"])
        .output()
        .is_ok_and(|o| o.status.success());
    if ok {
        return Some("python3");
    }
    if std::env::var_os("MIZAN_REQUIRE_TRANSLATE").is_some_and(|v| v == "1") {
        panic!("translate-toolkit is required (pip install translate-toolkit)");
    }
    eprintln!("translate-toolkit not installed: its check is skipped");
    None
}

/// The (source, target) of every unit translate-toolkit reads from `tmx`.
fn read_with_translate_toolkit(python: &str, tmx: &Path) -> Vec<(String, String)> {
    let script = "import json, sys\n\
                  from translate.storage import tmx\n\
                  store = tmx.tmxfile.parsefile(sys.argv[1])\n\
                  units = [[u.source, u.target] for u in store.units if not u.isheader()]\n\
                  sys.stdout.write(json.dumps(units))\n";
    let out = std::process::Command::new(python)
        .args(["-c", script])
        .arg(tmx)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "translate-toolkit cannot open {}:\n{}",
        tmx.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn translate_toolkit_opens_hostile_tmx_and_keeps_the_text() {
    let Some(python) = translate_toolkit() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut file = one_pair_file(HOSTILE[0], HOSTILE[0], "a<&>", "f\"'", 0.25);
    let mut expected = Vec::new();
    for (i, ar) in HOSTILE.iter().enumerate() {
        let fr = HOSTILE[(i + 3) % HOSTILE.len()];
        let mut pair = file.pairs[0].clone();
        pair.ar.text = ar.to_string();
        pair.fr.text = fr.to_string();
        file.pairs.push(pair);
        expected.push((xml_safe(ar).into_owned(), xml_safe(fr).into_owned()));
    }
    file.pairs.remove(0);
    let path = dir.path().join("hostile.tmx");
    std::fs::write(&path, to_tmx(&file)).unwrap();
    let got = read_with_translate_toolkit(python, &path);
    assert_eq!(got, expected);
}

#[test]
fn align_output_with_control_characters_opens_everywhere() {
    // Through the binary: a scraped article with control characters, escape sequences
    // and XML specials in its sentences.
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    std::fs::write(
        docs.join("a.fr.txt"),
        "Le ministre <b>Dupont</b> & « l'État » a visité Doha\u{7} en 2022.\n\
         Il a dit \u{1b}[1m\"non\"\u{1b}[0m\u{8} à la police du Qatar le 3 mai.\n",
    )
    .unwrap();
    std::fs::write(
        docs.join("a.ar.txt"),
        "زار الوزير <b>دوبون</b> & الدوحة\u{7} في 2022.\n\
         وقال \u{1b}[1m\"لا\"\u{1b}[0m\u{8} لشرطة قطر يوم 3 ماي.\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    Command::cargo_bin("mizan")
        .unwrap()
        .args(["align", "--mode", "parallel", "-o"])
        .arg(&out)
        .arg(&docs)
        .assert()
        .success();
    let tmx_path = out.join("docs.tmx");
    let tmx = std::fs::read(&tmx_path).unwrap();
    let file = mizan::output::AlignmentFile::load(&out.join("docs.json")).unwrap();
    assert!(!file.pairs.is_empty());
    let tus = read_tmx(&tmx).unwrap();
    let expected: Vec<(String, String)> = file
        .pairs
        .iter()
        .map(|p| {
            (
                xml_safe(&p.ar.text).into_owned(),
                xml_safe(&p.fr.text).into_owned(),
            )
        })
        .collect();
    let got: Vec<(String, String)> = tus
        .iter()
        .map(|t| (t.segs[0].1.clone(), t.segs[1].1.clone()))
        .collect();
    assert_eq!(got, expected);
    assert!(
        got.iter()
            .any(|(_, fr)| fr.contains("<b>Dupont</b> & « l'État »"))
    );
    if let Some(python) = translate_toolkit() {
        assert_eq!(read_with_translate_toolkit(python, &tmx_path), expected);
    }
}
