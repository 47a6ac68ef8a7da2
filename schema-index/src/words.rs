//! Words: how a name splits into its camelCase words, and how descriptions become an inverted
//! index of stemmed words, so that a query finds descriptions without scanning them.
//!
//! The stemmer is deliberately simple and English-only: it folds plurals (`-s`, `-es`, `-ies`),
//! `-ing`, `-ed` and a final `-e`, which is enough for "repositories" to find "repository" and
//! "created" to find "creates". Both descriptions and queries go through it, so its stems only
//! have to agree with each other; they are never shown.

use crate::index::{Element, ElementId};

/// Names longer than this are split into at most this many words (the rest is the last word), so
/// that a hostile name costs bounded work.
const MAX_NAME_WORDS: usize = 32;

/// The byte ranges of the words of a GraphQL name: `RepositoryVisibility` → `Repository`,
/// `Visibility`; `HTMLUrl` → `HTML`, `Url`; `REPOSITORY_VISIBILITY` and `created_at` split at
/// underscores (which belong to no word); a run of digits is a word (`oauth2Token` → `oauth`,
/// `2`, `Token`).
pub(crate) fn name_words(name: &str) -> Vec<(u32, u32)> {
    let mut words = Vec::new();
    push_name_words(name, &mut words);
    words
}

/// [`name_words`] appended to `words`, which may already hold other names' words.
pub(crate) fn push_name_words(name: &str, words: &mut Vec<(u32, u32)>) {
    let bytes = name.as_bytes();
    let first = words.len();
    let mut start: Option<usize> = None;
    for (position, &byte) in bytes.iter().enumerate() {
        if byte == b'_' {
            if let Some(word_start) = start.take() {
                words.push((as_u32(word_start), as_u32(position)));
            }
            continue;
        }
        let starts_word = match (start, position.checked_sub(1).and_then(|previous| bytes.get(previous))) {
            (None, _) => true,
            (Some(_), Some(&previous)) => {
                let next = bytes.get(position + 1).copied();
                (byte.is_ascii_uppercase() && (previous.is_ascii_lowercase() || previous.is_ascii_digit()))
                    || (byte.is_ascii_uppercase() && previous.is_ascii_uppercase() && next.is_some_and(|next| next.is_ascii_lowercase()))
                    || (byte.is_ascii_digit() != previous.is_ascii_digit())
            }
            (Some(_), None) => false,
        };
        if starts_word && words.len() - first + 1 < MAX_NAME_WORDS {
            if let Some(word_start) = start {
                words.push((as_u32(word_start), as_u32(position)));
            }
            start = Some(position);
        } else if start.is_none() {
            start = Some(position);
        }
    }
    if let Some(word_start) = start {
        words.push((as_u32(word_start), as_u32(bytes.len())));
    }
}

fn as_u32(position: usize) -> u32 {
    u32::try_from(position).unwrap_or(u32::MAX)
}

/// Words too common to say anything about a description.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "if", "in", "is", "it", "its", "of", "on", "or", "that",
    "the", "this", "to", "was", "will", "with",
];

/// Calls `each` with every stemmed word of `text`: words are runs of letters and digits,
/// lowercased; a camelCase word (`pullRequest`) gives its parts and itself joined
/// (`pull`, `request`, `pullrequest`). Stop words and one-letter words are skipped.
pub(crate) fn for_each_word(text: &str, mut each: impl FnMut(&str)) {
    let mut buffer = String::new();
    for raw in text.split(|c: char| !c.is_alphanumeric()) {
        if raw.is_empty() {
            continue;
        }
        // Most words are lowercase or capitalized: only a capital after the first letter
        // (`pullRequest`, `HTTPUrl`) makes a word worth splitting.
        let camel_case = raw.is_ascii() && raw.bytes().skip(1).any(|byte| byte.is_ascii_uppercase());
        if camel_case {
            for (start, end) in name_words(raw) {
                if let Some(part) = raw.get(start as usize..end as usize) {
                    emit(part, &mut buffer, &mut each);
                }
            }
        }
        emit(raw, &mut buffer, &mut each);
    }
}

fn emit(word: &str, buffer: &mut String, each: &mut impl FnMut(&str)) {
    buffer.clear();
    if word.is_ascii() {
        buffer.push_str(word);
        buffer.make_ascii_lowercase();
    } else {
        buffer.extend(word.chars().flat_map(char::to_lowercase));
    }
    if buffer.chars().nth(1).is_none() || STOP_WORDS.contains(&buffer.as_str()) {
        return;
    }
    stem(buffer);
    each(buffer);
}

/// Folds a lowercase word to its stem in place (see the module's documentation for the rules).
pub(crate) fn stem(word: &mut String) {
    let length = word.len();
    if length > 4 && word.ends_with("ies") {
        word.truncate(length - 3);
        word.push('y');
    } else if length > 4 && ["sses", "xes", "ches", "shes", "zes"].iter().any(|suffix| word.ends_with(suffix)) {
        word.truncate(length - 2);
    } else if length > 3 && word.ends_with('s') && !["ss", "us", "is"].iter().any(|suffix| word.ends_with(suffix)) {
        word.truncate(length - 1);
    }
    let length = word.len();
    if length > 5 && word.ends_with("ing") {
        word.truncate(length - 3);
        undouble(word);
    } else if length > 4 && word.ends_with("ed") {
        word.truncate(length - 2);
        undouble(word);
    }
    let length = word.len();
    if length > 4 && word.ends_with('e') {
        word.truncate(length - 1);
    }
}

/// `stopp` → `stop`, `runn` → `run`; but `bill`, `pass` and `buzz` keep their double letter.
fn undouble(word: &mut String) {
    let bytes = word.as_bytes();
    if let [.., before, last] = bytes
        && before == last
        && last.is_ascii_lowercase()
        && !b"aeioulsz".contains(last)
    {
        word.pop();
    }
}

/// The inverted index of description words: each stem with the elements whose description has it.
#[derive(Debug, Default)]
pub(crate) struct DescriptionIndex {
    /// Sorted, so that a prefix is a range.
    words: Vec<Box<str>>,
    /// `postings[i]` are the elements whose description has `words[i]`, in schema order.
    postings: Vec<Vec<ElementId>>,
}

/// A word typed at the end of a query (no space after it yet) also matches the description words
/// it begins, when it is at least this long: a search box is typed a key at a time.
const MIN_PREFIX_WORD: usize = 3;
/// At most this many description words are taken for one typed prefix.
const MAX_PREFIX_EXPANSIONS: usize = 200;
/// At most this many words of a query are looked up.
const MAX_QUERY_WORDS: usize = 16;

impl DescriptionIndex {
    pub(crate) fn build(elements: &[Element]) -> DescriptionIndex {
        let mut by_word: std::collections::HashMap<Box<str>, Vec<ElementId>> = std::collections::HashMap::new();
        for (position, element) in elements.iter().enumerate() {
            let Some(description) = element.definition.description() else { continue };
            let id = ElementId::at(position);
            for_each_word(description, |word| {
                if let Some(postings) = by_word.get_mut(word) {
                    if postings.last() != Some(&id) {
                        postings.push(id);
                    }
                } else {
                    by_word.insert(word.into(), vec![id]);
                }
            });
        }
        let mut entries: Vec<(Box<str>, Vec<ElementId>)> = by_word.into_iter().collect();
        entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let (words, postings) = entries.into_iter().unzip();
        DescriptionIndex { words, postings }
    }

    /// The elements whose description has some of the query's words, each with how many of them
    /// it has (`counts`, indexed by element), and how many words the query has.
    pub(crate) fn matches(&self, query: &str, n_elements: usize) -> DescriptionMatches {
        let mut query_words: Vec<String> = Vec::new();
        for_each_word(query, |word| {
            if query_words.len() < MAX_QUERY_WORDS && !query_words.iter().any(|known| known == word) {
                query_words.push(word.to_owned());
            }
        });
        let last_is_unfinished = !query.ends_with(|c: char| c.is_whitespace());
        let mut counts = vec![0u8; n_elements];
        // The last query word (numbered from 1) that counted each element: an element counts
        // once per query word, however many of the word's forms its description has.
        let mut counted_for = vec![0u8; n_elements];
        let mut elements = Vec::new();
        for (position, word) in query_words.iter().enumerate() {
            let word_number = (position + 1) as u8;
            let mut ranges = Vec::new();
            if let Ok(found) = self.words.binary_search_by(|known| (**known).cmp(word.as_str())) {
                ranges.push(found..found + 1);
            }
            let is_last = position + 1 == query_words.len();
            if is_last && last_is_unfinished && word.len() >= MIN_PREFIX_WORD {
                let start = self.words.partition_point(|known| **known < **word);
                let limit = self.words.len().min(start + MAX_PREFIX_EXPANSIONS);
                let end = (start..limit).find(|index| !self.words[*index].starts_with(word.as_str())).unwrap_or(limit);
                ranges.push(start..end);
            }
            for range in ranges {
                for id in self.postings[range].iter().flatten() {
                    let (Some(count), Some(counted)) = (counts.get_mut(id.index()), counted_for.get_mut(id.index())) else {
                        continue;
                    };
                    if *counted == word_number {
                        continue;
                    }
                    *counted = word_number;
                    if *count == 0 {
                        elements.push(*id);
                    }
                    *count += 1;
                }
            }
        }
        DescriptionMatches { elements, counts, n_query_words: query_words.len() }
    }
}

/// What [`DescriptionIndex::matches`] found.
pub(crate) struct DescriptionMatches {
    /// The elements with at least one of the query's words, in no particular order.
    pub(crate) elements: Vec<ElementId>,
    /// How many of the query's words each element's description has, indexed by element.
    pub(crate) counts: Vec<u8>,
    pub(crate) n_query_words: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_into_their_words() {
        let cases: &[(&str, &[&str])] = &[
            ("RepositoryVisibility", &["Repository", "Visibility"]),
            ("repositoryVisibility", &["repository", "Visibility"]),
            ("HTMLUrl", &["HTML", "Url"]),
            ("REPOSITORY_VISIBILITY", &["REPOSITORY", "VISIBILITY"]),
            ("created_at", &["created", "at"]),
            ("oauth2Token", &["oauth", "2", "Token"]),
            ("__typename", &["typename"]),
            ("id", &["id"]),
            ("ID", &["ID"]),
            ("", &[]),
        ];
        for (name, expected) in cases {
            let words: Vec<&str> = name_words(name).iter().map(|(start, end)| &name[*start as usize..*end as usize]).collect();
            assert_eq!(words, *expected, "{name}");
        }
    }

    #[test]
    fn words_of_one_family_share_a_stem() {
        let families: &[&[&str]] = &[
            &["repository", "repositories"],
            &["create", "creates", "created", "creating"],
            &["issue", "issues", "issued"],
            &["branch", "branches"],
            &["address", "addresses"],
            &["star", "stars", "starred"],
            &["label", "labels", "labeled", "labeling"],
            &["status"],
            &["query", "queries"],
        ];
        for family in families {
            let stems: Vec<String> = family
                .iter()
                .map(|word| {
                    let mut stemmed = word.to_string();
                    stem(&mut stemmed);
                    stemmed
                })
                .collect();
            assert!(stems.iter().all(|stem| *stem == stems[0]), "{family:?} stem to {stems:?}");
        }
        let mut status = "status".to_owned();
        stem(&mut status);
        assert_eq!(status, "status", "a word ending in -us is not a plural");
    }

    #[test]
    fn camel_case_words_in_descriptions_give_their_parts() {
        let mut words = Vec::new();
        for_each_word("The pullRequest of a Repository's owner.", |word| words.push(word.to_owned()));
        assert_eq!(words, ["pull", "request", "pullrequest", "repository", "owner"]);
    }
}
