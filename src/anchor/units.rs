//! Imperial measures converted to metric: `550 رطلاً` reads also as 250 (kg), `40
//! ميلا` as 64 (km), `80 درجة فهرنهايت` as 26 or 27 (°C).
//!
//! News translated from English keeps the miles, feet and pounds on one side and
//! converts them on the other, rounded as the translator saw fit. A number followed
//! by an imperial unit (`data/anchor/units.tsv`) therefore gets the converted value's
//! usual roundings as further readings: the nearest and the lower integer, two
//! significant digits, and one or two decimals for small values.

use crate::Lang;
use std::sync::LazyLock;

/// An imperial unit: its written forms (folded words) and its conversion.
struct Unit {
    factor: f64,
    offset: f64,
    /// Forms of each language, each as its folded words.
    forms: [Vec<Vec<String>>; 2],
}

static UNITS: LazyLock<Vec<Unit>> = LazyLock::new(|| {
    crate::text::data_lines(include_str!("../../data/anchor/units.tsv"))
        .filter_map(|fields| {
            let factor = fields.first()?.parse().ok()?;
            let offset = fields.get(1)?.parse().ok()?;
            let side = |i: usize| -> Vec<Vec<String>> {
                fields
                    .get(i)
                    .unwrap_or(&"")
                    .split('|')
                    .map(|form| form.split_whitespace().map(super::dates::fold).collect())
                    .filter(|words: &Vec<String>| !words.is_empty())
                    .collect()
            };
            Some(Unit {
                factor,
                offset,
                forms: [side(2), side(3)],
            })
        })
        .collect()
});

/// The metric readings of the number `value` (canonical, as
/// [`super::numbers::NumberMention::value`]) when `after`, the text right after it,
/// starts with an imperial unit; empty otherwise.
pub fn metric_readings(value: &str, after: &str, lang: Lang) -> Vec<String> {
    let Ok(number) = value.parse::<f64>() else {
        return Vec::new();
    };
    // The unit follows the number within its clause: punctuation ends the search
    // (`في عام 2019. قدم الوزير` is a year, then the verb قدم).
    let clause = after
        .split(|c: char| {
            !(c.is_alphabetic() || c.is_whitespace() || super::dates::is_mark(c) || c == '°')
        })
        .next()
        .unwrap_or("");
    let words: Vec<String> = clause
        .split_whitespace()
        .take(2)
        .map(super::dates::fold)
        .collect();
    let side = usize::from(lang == Lang::Fr);
    let Some(unit) = UNITS.iter().find(|u| {
        u.forms[side]
            .iter()
            .any(|form| form.len() <= words.len() && form[..] == words[..form.len()])
    }) else {
        return Vec::new();
    };
    roundings(number * unit.factor + unit.offset)
}

/// The roundings of a converted value a translator may write, canonical and unique.
fn roundings(x: f64) -> Vec<String> {
    if !x.is_finite() {
        return Vec::new();
    }
    let mut out = vec![canonical(x.round(), 0), canonical(x.floor(), 0)];
    if x.abs() >= 1.0 {
        let scale = 10f64.powi(x.abs().log10().floor() as i32 - 1);
        out.push(canonical((x / scale).round() * scale, 0));
    }
    if x.abs() < 100.0 {
        out.push(canonical(x, 1));
    }
    if x.abs() < 10.0 {
        out.push(canonical(x, 2));
    }
    out.sort();
    out.dedup();
    out
}

/// `x` with at most `decimals` decimals, without trailing zeros (`1.50` → `1.5`).
fn canonical(x: f64, decimals: usize) -> String {
    let s = format!("{x:.decimals$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        &s
    };
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imperial_measures_read_as_their_metric_roundings() {
        assert!(metric_readings("550", " رطلاً أصاب", Lang::Ar).contains(&"250".to_string()));
        assert!(metric_readings("40", " ميلا", Lang::Ar).contains(&"64".to_string()));
        assert!(metric_readings("385", " ميلا", Lang::Ar).contains(&"620".to_string()));
        let fahrenheit = metric_readings("80", " درجة فهرنهايت", Lang::Ar);
        assert!(fahrenheit.contains(&"26".to_string()) && fahrenheit.contains(&"27".to_string()));
        assert!(metric_readings("6", " pieds", Lang::Fr).contains(&"1.83".to_string()));
        assert!(metric_readings("20", " ميلا بحريا", Lang::Ar).contains(&"37".to_string()));
        assert!(metric_readings("5000", " قدم", Lang::Ar).contains(&"1524".to_string()));
    }

    #[test]
    fn other_words_after_a_number_give_nothing() {
        assert!(metric_readings("80", " درجة", Lang::Ar).is_empty());
        assert!(metric_readings("100", " قدمها", Lang::Ar).is_empty());
        assert!(metric_readings("12", " mois", Lang::Fr).is_empty());
        assert!(metric_readings("12", "", Lang::Fr).is_empty());
        assert!(metric_readings("2019", ". قدم الوزير استقالته", Lang::Ar).is_empty());
        assert!(metric_readings("500", " livres sterling", Lang::Fr).is_empty());
    }
}
