//! Emojis a person can read: the Matrix specification's SAS emoji table, compiled in
//! (`emoji/sas-emoji.json`, Apache-2.0, see `emoji/NOTICE.md`), and a comparison read against it
//! in the user's language.

use super::flow_models::{Comparison, EmojiEntry};
use crate::models::Sas;
use once_cell::sync::Lazy;
use serde::Deserialize;
use std::collections::BTreeMap;

/// One row of the spec's table.
#[derive(Deserialize)]
struct Row {
    number: u8,
    emoji: String,
    description: String,
    translated_descriptions: BTreeMap<String, Option<String>>,
    /// The emoji as compared: without variation selectors, which servers send or leave out.
    #[serde(skip)]
    bare: Vec<char>,
}

static TABLE: Lazy<Vec<Row>> = Lazy::new(|| {
    let mut rows: Vec<Row> = serde_json::from_str(include_str!("emoji/sas-emoji.json"))
        .expect("the compiled-in SAS emoji table is valid JSON (a unit test reads it)");
    for row in &mut rows {
        row.bare = bare(&row.emoji);
    }
    rows
});

/// The rows by the first char they are compared by, so that reading an emoji tries the one or
/// two rows it may be rather than all 64.
static BY_FIRST_CHAR: Lazy<BTreeMap<char, Vec<&'static Row>>> = Lazy::new(|| {
    let mut index: BTreeMap<char, Vec<&'static Row>> = BTreeMap::new();
    for row in TABLE.iter() {
        if let Some(&first) = row.bare.first() {
            index.entry(first).or_default().push(row);
        }
    }
    index
});

/// The name of the table's English, which the table keeps apart from its translations.
const ENGLISH: &str = "en";

const VARIATION_SELECTOR: char = '\u{fe0f}';
const ZERO_WIDTH_JOINER: char = '\u{200d}';

fn bare(emoji: &str) -> Vec<char> {
    emoji.chars().filter(|&c| c != VARIATION_SELECTOR).collect()
}

/// The comparison `sas` holds, named in `language` (a BCP-47 tag such as `de-DE`, `pt-BR`,
/// `zh-Hans`, or a POSIX locale such as `de_DE.UTF-8`; `None` for English).
///
/// ```
/// use beeper_setup::models::Sas;
/// let sas: Sas = serde_json::from_value(serde_json::json!({
///     "emojis": "🐶🍄🍄☎️🐱🌵🔑", "decimals": "1234 5678 9012"}))?;
/// let comparison = beeper_setup::comparison(&sas, Some("de-DE"));
/// assert_eq!(comparison.emojis[1].name.as_deref(), Some("Pilz"));
/// assert_eq!(comparison.emojis[2].position, 2); // the second mushroom, told apart
/// assert_eq!(comparison.emojis[3].english_name.as_deref(), Some("Telephone"));
/// assert_eq!(comparison.decimals, Some(vec![1234, 5678, 9012]));
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn comparison(sas: &Sas, language: Option<&str>) -> Comparison {
    let key = language.and_then(table_language);
    let emojis = split(&sas.emojis)
        .into_iter()
        .enumerate()
        .map(|(position, (emoji, row))| EmojiEntry {
            position,
            emoji: row.map_or(emoji, |r| r.emoji.clone()),
            number: row.map(|r| r.number),
            english_name: row.map(|r| r.description.clone()),
            name: row.map(|r| name_in(r, key)),
        })
        .collect();
    Comparison {
        emojis,
        decimals: sas.decimals.as_deref().and_then(decimals),
        language: key.unwrap_or(ENGLISH).to_owned(),
    }
}

fn name_in(row: &Row, key: Option<&str>) -> String {
    key.and_then(|k| row.translated_descriptions.get(k).cloned().flatten())
        .unwrap_or_else(|| row.description.clone())
}

/// The three decimals, or `None` when the text is not three numbers.
fn decimals(text: &str) -> Option<Vec<u16>> {
    let numbers = text
        .split(|c: char| c.is_whitespace() || c == ',' || c == '-')
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().ok())
        .collect::<Option<Vec<u16>>>()?;
    (numbers.len() == 3).then_some(numbers)
}

/// The emojis of one string (spaced or not) with the table's row of each: the longest row that
/// matches, variation selectors aside, else one emoji as Unicode composes it.
fn split(text: &str) -> Vec<(String, Option<&'static Row>)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() || chars[i] == VARIATION_SELECTOR {
            i += 1;
            continue;
        }
        let (len, row) = match longest_row_at(&chars[i..]) {
            Some((len, row)) => (len, Some(row)),
            None => (cluster_len(&chars[i..]), None),
        };
        out.push((chars[i..i + len].iter().collect(), row));
        i += len;
    }
    out
}

/// The longest table row that `chars` starts with, and how many chars it covers there.
fn longest_row_at(chars: &[char]) -> Option<(usize, &'static Row)> {
    BY_FIRST_CHAR
        .get(chars.first()?)?
        .iter()
        .copied()
        .filter_map(|row| matched_len(chars, &row.bare).map(|len| (len, row)))
        .max_by_key(|(len, _)| *len)
}

/// How many chars of `chars` spell `wanted`, variation selectors in `chars` skipped.
fn matched_len(chars: &[char], wanted: &[char]) -> Option<usize> {
    let mut i = 0;
    for &w in wanted {
        while chars.get(i) == Some(&VARIATION_SELECTOR) {
            i += 1;
        }
        if chars.get(i) != Some(&w) {
            return None;
        }
        i += 1;
    }
    // A trailing selector or skin tone belongs to this emoji, not to the next.
    while chars
        .get(i)
        .is_some_and(|&c| c == VARIATION_SELECTOR || is_modifier(c))
    {
        i += 1;
    }
    Some(i)
}

/// The length of the emoji `chars` starts with: a char and what Unicode attaches to it
/// (variation selectors, skin tones, a keycap, a zero-width joiner and the char it joins).
fn cluster_len(chars: &[char]) -> usize {
    let mut i = 1;
    while let Some(&c) = chars.get(i) {
        if c == ZERO_WIDTH_JOINER && i + 1 < chars.len() {
            i += 2;
        } else if c == VARIATION_SELECTOR || is_modifier(c) || c == '\u{20e3}' {
            i += 1;
        } else {
            break;
        }
    }
    i
}

fn is_modifier(c: char) -> bool {
    ('\u{1f3fb}'..='\u{1f3ff}').contains(&c)
}

/// The table's language for a tag: the tag itself, then shorter (`zh-Hans-CN`, `zh-Hans`),
/// then another variant of the same language (`pt-PT` finds `pt`, `nb` finds `nb_NO`, `zh-TW`
/// finds `zh_Hant`); `None` for English or a language the table does not have.
pub(crate) fn table_language(tag: &str) -> Option<&'static str> {
    // A POSIX locale (`de_DE.UTF-8`, `sr_RS@latin`) names the language the same way.
    let tag = tag.split(['.', '@']).next().unwrap_or_default();
    let subtags: Vec<&str> = tag.split(['-', '_']).filter(|s| !s.is_empty()).collect();
    let primary = subtags.first()?.to_ascii_lowercase();
    let keys = || TABLE[0].translated_descriptions.keys();
    let find = |wanted: &str| keys().find(|k| k.eq_ignore_ascii_case(wanted));
    for n in (1..=subtags.len()).rev() {
        if let Some(key) = find(&subtags[..n].join("_")) {
            return Some(key.as_str());
        }
    }
    // Chinese as written in Taiwan, Hong Kong and Macao is the traditional script.
    let traditional = subtags[1..]
        .iter()
        .any(|s| ["tw", "hk", "mo"].contains(&s.to_ascii_lowercase().as_str()));
    if primary == "zh" && traditional {
        return find("zh_Hant").map(String::as_str);
    }
    keys()
        .find(|k| k.split('_').next() == Some(primary.as_str()))
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sas(emojis: &str) -> Sas {
        serde_json::from_value(serde_json::json!({"emojis": emojis})).unwrap()
    }

    #[test]
    fn the_table_holds_64_numbered_emojis() {
        assert_eq!(TABLE.len(), 64);
        for (i, row) in TABLE.iter().enumerate() {
            assert_eq!(usize::from(row.number), i);
            assert_eq!(split(&row.emoji).len(), 1, "{}", row.emoji);
        }
    }

    #[test]
    fn every_emoji_is_found_with_or_without_its_selector_and_spaces() {
        for row in TABLE.iter() {
            for text in [row.emoji.clone(), row.bare.iter().collect::<String>()] {
                let all = format!("{text}{text} {text}");
                let got = comparison(&sas(&all), Some("fr"));
                assert_eq!(got.emojis.len(), 3, "{all}");
                for entry in &got.emojis {
                    assert_eq!(entry.number, Some(row.number));
                    assert_eq!(entry.emoji, row.emoji);
                }
            }
        }
    }

    #[test]
    fn languages_fall_back_by_language_then_to_english() {
        for (tag, key) in [
            ("de", Some("de")),
            ("de-DE", Some("de")),
            ("de_AT.UTF-8", Some("de")),
            ("pt-BR", Some("pt_BR")),
            ("pt-PT", Some("pt")),
            ("nb", Some("nb_NO")),
            ("zh-Hans-CN", Some("zh_Hans")),
            ("zh-TW", Some("zh_Hant")),
            ("ZH-hant", Some("zh_Hant")),
            ("en-US", None),
            ("C", None),
            ("", None),
            ("xx-YY", None),
        ] {
            assert_eq!(table_language(tag), key, "{tag}");
        }
        let dog = |tag| comparison(&sas("🐶"), Some(tag)).emojis[0].name.clone();
        assert_eq!(dog("ja").as_deref(), Some("犬"));
        assert_eq!(dog("xx").as_deref(), Some("Dog"));
        // The table has no Silesian name for the dog: English stands in.
        assert_eq!(dog("szl").as_deref(), Some("Dog"));
    }

    #[test]
    fn an_emoji_the_table_lacks_is_still_shown() {
        let got = comparison(&sas("👑🐶👨‍👩‍👧x"), None);
        let shown: Vec<_> = got.emojis.iter().map(|e| e.emoji.as_str()).collect();
        assert_eq!(shown, ["👑", "🐶", "👨‍👩‍👧", "x"]);
        assert_eq!(got.emojis[0].number, None);
        assert_eq!(got.emojis[0].name, None);
        assert_eq!(got.emojis[1].name.as_deref(), Some("Dog"));
        assert_eq!(got.language, "en");
    }

    #[test]
    fn decimals_are_three_numbers_or_none() {
        assert_eq!(decimals("1000 9191 4242"), Some(vec![1000, 9191, 4242]));
        assert_eq!(decimals("1000-9191-4242"), Some(vec![1000, 9191, 4242]));
        assert_eq!(decimals("1 2"), None);
        assert_eq!(decimals("one two three"), None);
    }
}
