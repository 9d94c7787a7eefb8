//! Words as the index and the browser see them: split at anything that is not a letter or a
//! digit, lower-cased, and stemmed with a Snowball algorithm when the site's language has one
//! the browser can run too (`templates/search-stem-en.js` is the same algorithm as
//! `rust-stemmers`' English; `tests/browser/stems.txt` holds both to the same stems).

/// How terms are stemmed: by the site's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stemmer {
    /// Snowball's English (Porter 2).
    English,
    /// Words as they are (lower-cased): a language the browser has no stemmer for.
    None,
}

impl Stemmer {
    /// The stemmer for a `language` code of site.yaml (`en`, `en-GB`, `fr`, ...).
    pub(crate) fn for_language(language: &str) -> Stemmer {
        let primary = language.split('-').next().unwrap_or("");
        if primary.eq_ignore_ascii_case("en") {
            Stemmer::English
        } else {
            Stemmer::None
        }
    }

    /// The algorithm's name in the index's `meta.json`.
    pub(crate) fn name(self) -> Option<&'static str> {
        match self {
            Stemmer::English => Some("english"),
            Stemmer::None => None,
        }
    }
}

/// Stems lower-cased words.
pub(crate) struct Stems(Option<rust_stemmers::Stemmer>);

impl Stems {
    pub(crate) fn new(s: Stemmer) -> Stems {
        Stems(match s {
            Stemmer::English => Some(rust_stemmers::Stemmer::create(
                rust_stemmers::Algorithm::English,
            )),
            Stemmer::None => None,
        })
    }

    /// The term of a lower-cased `word`.
    pub(crate) fn term<'w>(&self, word: &'w str) -> std::borrow::Cow<'w, str> {
        match &self.0 {
            Some(s) => s.stem(word),
            None => word.into(),
        }
    }
}

/// Calls `each` with every word of `text`, lower-cased (in `buf`). Words of one character are
/// left out: they match too much to be worth their postings.
pub(crate) fn each_word(text: &str, buf: &mut String, mut each: impl FnMut(&str)) {
    // Most text is ASCII: split it by bytes, and each word as `ascii_word` does.
    if text.is_ascii() {
        for w in text.split(|c: char| !c.is_ascii_alphanumeric()) {
            ascii_word(w, buf, &mut each);
        }
        return;
    }
    for w in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if w.is_ascii() {
            ascii_word(w, buf, &mut each);
        } else if w.chars().count() >= 2 {
            buf.clear();
            buf.extend(w.chars().flat_map(char::to_lowercase));
            each(buf);
        }
    }
}

/// Hands on an ASCII word of two or more letters lower-cased: as it is when it has no capital
/// (no copy), else lower-cased by bytes in `buf`.
fn ascii_word(w: &str, buf: &mut String, each: &mut impl FnMut(&str)) {
    if w.len() < 2 {
        return;
    }
    if w.bytes().any(|b| b.is_ascii_uppercase()) {
        buf.clear();
        buf.push_str(w);
        buf.make_ascii_lowercase();
        each(buf);
    } else {
        each(w);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        each_word(text, &mut String::new(), |w| out.push(w.to_string()));
        out
    }

    #[test]
    fn words_split_at_anything_but_letters_and_digits_and_are_lower_cased() {
        assert_eq!(
            words("Easy 10K, then *Strides*: a runner's Ärger!"),
            ["easy", "10k", "then", "strides", "runner", "ärger"]
        );
    }

    /// The words as the first version found them: every character decoded and lower-cased.
    fn words_by_chars(text: &str) -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 2)
            .map(|w| w.chars().flat_map(char::to_lowercase).collect())
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn the_fast_paths_find_the_same_words(text in "[ -~\\n]{0,80}|[ a-zA-Zé1-9Ä.,İ]{0,40}") {
            proptest::prop_assert_eq!(words(&text), words_by_chars(&text));
        }
    }

    #[test]
    fn english_stems_recovering_and_recovery_alike() {
        let s = Stems::new(Stemmer::English);
        assert_eq!(s.term("recovering"), "recov");
        assert_eq!(s.term("recovered"), "recov");
        assert_eq!(s.term("recovery"), "recoveri");
        assert_eq!(s.term("runs"), "run");
        let none = Stems::new(Stemmer::None);
        assert_eq!(none.term("recovering"), "recovering");
    }

    /// The browser stems queries with its own copy of the algorithm: both must give the stems
    /// of this list (tests/browser/search.mjs checks the script's).
    #[test]
    fn english_stems_are_the_browsers() {
        let s = Stems::new(Stemmer::English);
        let list = include_str!("../../tests/browser/stems.txt");
        let wrong: Vec<String> = list
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once(' '))
            .filter(|(w, stem)| s.term(w) != *stem)
            .map(|(w, stem)| format!("{w}: {} here, {stem} in the browser", s.term(w)))
            .collect();
        assert!(list.lines().count() > 2000);
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    #[test]
    fn the_language_picks_the_stemmer() {
        assert_eq!(Stemmer::for_language("en-GB"), Stemmer::English);
        assert_eq!(Stemmer::for_language("EN"), Stemmer::English);
        assert_eq!(Stemmer::for_language("fr"), Stemmer::None);
    }
}
