//! Search: elements by name and by the words of their descriptions, ranked so that what a person
//! means comes first.
//!
//! Every match falls in one tier, and tiers rank before anything else:
//!
//! 1. [`MatchTier::Coordinate`]: the query is the element's schema coordinate (`Repository`,
//!    `Query.repository`, `@deprecated`), case-sensitive;
//! 2. [`MatchTier::Name`]: the query is the element's name, ignoring case and spaces;
//! 3. [`MatchTier::Prefix`]: the name starts with the query;
//! 4. [`MatchTier::WordStarts`]: the query is made of beginnings of the name's camelCase words, in
//!    order (`rv`, `repovis` or `visibility` for `RepositoryVisibility`), words skipped only before
//!    a beginning of two letters or more;
//! 5. [`MatchTier::Substring`]: one word of the name contains the query (`ployment` in
//!    `Deployment`; not `viewr` in `reviewRequest`, which straddles two words);
//! 6. [`MatchTier::Typo`]: the name is the query with one typo (queries of 4 to 7 letters) or two
//!    (longer queries), counting a swap of two letters as one;
//! 7. [`MatchTier::Description`]: the description has the query's words (lowercased, simply
//!    stemmed: see `words`), most words first.
//!
//! Within a tier: fewer typos, or more of the query's words in a description, first; then types,
//! directives and the root types' fields before other fields and enum values, and those before
//! arguments and input fields; then the closer match (fewer letters beyond a prefix or around a
//! substring, fewer words skipped); then the exact case; then members of much-used types before
//! those of a payload used once (so `Query.repository` comes first and `Issue.repository` before
//! `UpdateIssuePayload.repository`); then shorter names; then schema order, so results are stable.
//!
//! `Type.partial` searches the members of `Type` by name, and `@partial` the directives.

use std::cmp::Reverse;
use std::ops::Range;

use serde::Serialize;

use crate::coordinates::CoordinateText;
use crate::index::{Element, ElementId, ElementKind, SchemaIndex, saturating_u32};
use crate::words::push_name_words;
#[cfg(test)]
use crate::words::name_words;

/// The longest query read, in bytes; the rest is ignored.
const MAX_QUERY_BYTES: usize = 256;
/// Queries shorter than this match only by coordinate, name and prefix.
const MIN_FUZZY_QUERY: usize = 2;
/// Queries shorter than this are not checked for typos.
const MIN_TYPO_QUERY: usize = 4;
// Queries and names longer than `MAX_TYPO_NAME` are not checked for typos either.
/// From this length a query may have two typos.
const TWO_TYPOS_QUERY: usize = 8;
/// Names longer than this are not checked for typos.
const MAX_TYPO_NAME: usize = 64;
/// Steps allowed to the word-starts matcher per name, so that a hostile name costs bounded work.
const WORD_MATCH_BUDGET: u32 = 256;

/// How an element matched a query; earlier tiers rank first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum MatchTier {
    Coordinate,
    Name,
    Prefix,
    WordStarts,
    Substring,
    Typo,
    Description,
}

/// The kinds of element a search may be limited to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SearchKind {
    /// Any named type.
    Type,
    Field,
    /// Arguments of fields and of directives.
    Argument,
    InputField,
    EnumValue,
    Directive,
}

impl SearchKind {
    pub const ALL: [SearchKind; 6] = [
        SearchKind::Type,
        SearchKind::Field,
        SearchKind::Argument,
        SearchKind::InputField,
        SearchKind::EnumValue,
        SearchKind::Directive,
    ];

    pub fn of(kind: ElementKind) -> SearchKind {
        match kind {
            ElementKind::Field => SearchKind::Field,
            ElementKind::Argument | ElementKind::DirectiveArgument => SearchKind::Argument,
            ElementKind::InputField => SearchKind::InputField,
            ElementKind::EnumValue => SearchKind::EnumValue,
            ElementKind::Directive => SearchKind::Directive,
            _ => SearchKind::Type,
        }
    }

    /// `type`, `field`, `argument`, `inputField`, `enumValue` or `directive` (also with dashes
    /// or underscores, in any case).
    pub fn parse(text: &str) -> Option<SearchKind> {
        let folded: String = text.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
        match folded.as_str() {
            "type" | "types" => Some(SearchKind::Type),
            "field" | "fields" => Some(SearchKind::Field),
            "argument" | "arguments" | "arg" | "args" => Some(SearchKind::Argument),
            "inputfield" | "inputfields" => Some(SearchKind::InputField),
            "enumvalue" | "enumvalues" | "value" | "values" => Some(SearchKind::EnumValue),
            "directive" | "directives" => Some(SearchKind::Directive),
            _ => None,
        }
    }

    fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// What a search looks at and how much it returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchOptions {
    /// The kinds of element wanted; empty means every kind.
    pub kinds: Vec<SearchKind>,
    /// At most this many results.
    pub limit: usize,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions { kinds: Vec::new(), limit: 20 }
    }
}

/// One result: the element (its coordinate, kind and description are the index's to give) and how
/// it matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchHit {
    pub element: ElementId,
    pub tier: MatchTier,
}

/// The distinct names of the schema, lowercased once, with their words and elements; a query
/// scans these (about 4,500 on GitHub's schema) rather than every element. Everything lives in
/// three shared buffers, so building the table allocates a handful of times, not per name.
#[derive(Debug, Default)]
pub(crate) struct NameTable {
    groups: Vec<NameGroup>,
    /// Every distinct name, lowercased, one after another.
    text: String,
    /// The byte ranges of each name's camelCase words, relative to the name's start.
    words: Vec<(u32, u32)>,
    /// The elements of each name, grouped.
    elements: Vec<ElementId>,
    /// The name of each element (its group), indexed by element.
    group_of_element: Vec<u32>,
}

#[derive(Debug)]
struct NameGroup {
    text: Range<u32>,
    words: Range<u32>,
    elements: Range<u32>,
}

/// One distinct name of a [`NameTable`]: lowercased, with its word ranges.
#[derive(Clone, Copy)]
struct NameView<'t> {
    lowercase: &'t str,
    words: &'t [(u32, u32)],
}

impl NameTable {
    pub(crate) fn build(elements: &[Element]) -> NameTable {
        let mut group_of: std::collections::HashMap<&str, u32> = std::collections::HashMap::with_capacity(elements.len() / 2);
        let mut table = NameTable { text: String::with_capacity(elements.len() * 12), ..NameTable::default() };
        let mut group_of_element = Vec::with_capacity(elements.len());
        let mut sizes: Vec<u32> = Vec::new();
        for element in elements {
            let name = element.definition.name().as_str();
            let group = *group_of.entry(name).or_insert_with(|| {
                let text_start = table.text.len();
                table.text.push_str(name);
                if let Some(added) = table.text.get_mut(text_start..) {
                    added.make_ascii_lowercase();
                }
                let words_start = table.words.len();
                push_name_words(name, &mut table.words);
                table.groups.push(NameGroup {
                    text: saturating_u32(text_start)..saturating_u32(table.text.len()),
                    words: saturating_u32(words_start)..saturating_u32(table.words.len()),
                    elements: 0..0,
                });
                sizes.push(0);
                saturating_u32(table.groups.len() - 1)
            });
            sizes[group as usize] += 1;
            group_of_element.push(group);
        }
        // Elements grouped by name, in schema order within a name (a counting sort).
        let mut start = 0;
        for (group, size) in table.groups.iter_mut().zip(&sizes) {
            group.elements = start..start + size;
            start += size;
        }
        let mut next: Vec<u32> = table.groups.iter().map(|group| group.elements.start).collect();
        table.elements = vec![ElementId::at(0); elements.len()];
        for (position, group) in group_of_element.iter().enumerate() {
            let slot = &mut next[*group as usize];
            table.elements[*slot as usize] = ElementId::at(position);
            *slot += 1;
        }
        table.group_of_element = group_of_element;
        table
    }

    /// The name of one element.
    fn name_of(&self, id: ElementId) -> Option<NameView<'_>> {
        let group = self.groups.get(*self.group_of_element.get(id.index())? as usize)?;
        Some(self.view(group))
    }

    fn view(&self, group: &NameGroup) -> NameView<'_> {
        NameView {
            lowercase: self.text.get(group.text.start as usize..group.text.end as usize).unwrap_or_default(),
            words: self.words.get(group.words.start as usize..group.words.end as usize).unwrap_or_default(),
        }
    }

    fn names(&self) -> impl Iterator<Item = (NameView<'_>, &[ElementId])> {
        self.groups.iter().map(|group| {
            (self.view(group), self.elements.get(group.elements.start as usize..group.elements.end as usize).unwrap_or_default())
        })
    }
}

/// A candidate result and what ranks it (lower first), in order of importance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Ranked {
    tier: MatchTier,
    /// For description matches, how many query words the description lacks (a field with every
    /// word comes before a type with one of them); for typos, how many. Zero for other matches.
    distance: u32,
    rank_class: u8,
    closeness: u32,
    case_differs: bool,
    popularity: Reverse<u32>,
    name_length: u32,
    element: ElementId,
}

impl SchemaIndex {
    /// The elements matching `query`, best first (see the module's documentation for the order),
    /// at most `options.limit` of them.
    pub fn search(&self, query: &str, options: &SearchOptions) -> Vec<SearchHit> {
        let query = truncate(query.trim(), MAX_QUERY_BYTES);
        if query.is_empty() || options.limit == 0 {
            return Vec::new();
        }
        let kind_bits =
            if options.kinds.is_empty() { u8::MAX } else { options.kinds.iter().fold(0, |bits, kind| bits | kind.bit()) };
        let wanted = |id: ElementId| kind_bits & SearchKind::of(self.kind(id)).bit() != 0;
        let mut ranked: Vec<Ranked> = Vec::new();

        if let Some(id) = CoordinateText::parse(query).and_then(|coordinate| self.resolve(coordinate))
            && wanted(id)
        {
            ranked.push(self.ranked(id, MatchTier::Coordinate, 0, false));
        }
        let scope = self.scope_of(query);
        let name_query: String = scope.name_query.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
        if !name_query.is_empty() || scope.members_of.is_some() || scope.directives_only {
            self.rank_names(&name_query, scope.name_query, &scope, &wanted, &mut ranked);
        }
        if scope.members_of.is_none() && !scope.directives_only {
            self.rank_descriptions(query, &wanted, &mut ranked);
        }

        // The best match of each element, then the best `limit` elements, sorted: a selection,
        // not a sort of every candidate (a description word can match thousands).
        let mut best_of_element = vec![u32::MAX; self.len()];
        let mut unique: Vec<Ranked> = Vec::with_capacity(ranked.len());
        for candidate in ranked {
            let Some(slot) = best_of_element.get_mut(candidate.element.index()) else { continue };
            match unique.get_mut(*slot as usize) {
                Some(best) if candidate < *best => *best = candidate,
                Some(_) => {}
                None => {
                    *slot = crate::index::saturating_u32(unique.len());
                    unique.push(candidate);
                }
            }
        }
        if unique.len() > options.limit {
            unique.select_nth_unstable(options.limit - 1);
            unique.truncate(options.limit);
        }
        unique.sort_unstable();
        unique.into_iter().map(|candidate| SearchHit { element: candidate.element, tier: candidate.tier }).collect()
    }

    fn ranked(&self, id: ElementId, tier: MatchTier, closeness: u32, case_differs: bool) -> Ranked {
        let element = self.element(id);
        Ranked {
            tier,
            distance: if matches!(tier, MatchTier::Description | MatchTier::Typo) { closeness } else { 0 },
            rank_class: element.rank_class,
            closeness,
            case_differs,
            popularity: Reverse(element.popularity),
            name_length: crate::index::saturating_u32(self.name(id).len()),
            element: id,
        }
    }

    /// Where a query looks: `Type.partial` among the members of `Type` (found ignoring case),
    /// `@partial` among directives, anything else everywhere.
    fn scope_of<'q>(&self, query: &'q str) -> Scope<'q> {
        if let Some(directive) = query.strip_prefix('@') {
            let name = directive.split('(').next().unwrap_or(directive);
            return Scope { name_query: name, members_of: None, directives_only: true };
        }
        if let Some((ty, member)) = query.split_once('.') {
            let ty = ty.trim();
            let found = self.type_named(ty).or_else(|| {
                let lowercase = ty.to_ascii_lowercase();
                self.names
                    .names()
                    .filter(|(name, _)| name.lowercase == lowercase)
                    .flat_map(|(_, elements)| elements.iter().copied())
                    .find(|id| self.kind(*id).is_type())
            });
            if let Some(found) = found {
                let member = member.split('(').next().unwrap_or(member);
                return Scope { name_query: member, members_of: Some(found), directives_only: false };
            }
        }
        Scope { name_query: query, members_of: None, directives_only: false }
    }

    fn rank_names(
        &self,
        name_query: &str,
        original_query: &str,
        scope: &Scope<'_>,
        wanted: &impl Fn(ElementId) -> bool,
        ranked: &mut Vec<Ranked>,
    ) {
        let original = original_query.trim();
        let compact: String = name_query.chars().filter(|c| *c != '_').collect();
        // A scoped query looks only at the type's members, or only at directives.
        let scoped: Option<Vec<ElementId>> = match (scope.members_of, scope.directives_only) {
            (Some(parent), _) => Some(self.children(parent).collect()),
            (None, true) => Some(self.directives_by_name.values().copied().collect()),
            (None, false) => None,
        };
        match scoped {
            Some(ids) => {
                for id in ids {
                    if wanted(id)
                        && let Some(name) = self.names.name_of(id)
                        && let Some((tier, closeness)) = match_name(name_query, &compact, name)
                    {
                        let case_differs = self.name(id) != original;
                        ranked.push(self.ranked(id, tier, closeness, case_differs));
                    }
                }
            }
            None => {
                for (name, elements) in self.names.names() {
                    // One match per name: its elements differ only in kind and rank.
                    let Some((tier, closeness)) = match_name(name_query, &compact, name) else { continue };
                    for &id in elements {
                        if wanted(id) {
                            let case_differs = self.name(id) != original;
                            ranked.push(self.ranked(id, tier, closeness, case_differs));
                        }
                    }
                }
            }
        }
    }

    fn rank_descriptions(&self, query: &str, wanted: &impl Fn(ElementId) -> bool, ranked: &mut Vec<Ranked>) {
        let matches = self.descriptions().matches(query, self.len());
        for id in matches.elements {
            if !wanted(id) {
                continue;
            }
            let count = matches.counts.get(id.index()).copied().unwrap_or(0) as usize;
            let missing = matches.n_query_words.saturating_sub(count);
            ranked.push(self.ranked(id, MatchTier::Description, crate::index::saturating_u32(missing), false));
        }
    }
}

struct Scope<'q> {
    /// The part of the query matched against names.
    name_query: &'q str,
    /// Only the members of this type.
    members_of: Option<ElementId>,
    /// Only directives.
    directives_only: bool,
}

fn truncate(text: &str, max_bytes: usize) -> &str {
    if text.len() <= max_bytes {
        return text;
    }
    let mut end = max_bytes;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The tier and closeness (lower is closer) of a name against a lowercase query with no spaces;
/// `compact` is the query without underscores, which separate words as camelCase does.
fn match_name(query: &str, compact: &str, view: NameView<'_>) -> Option<(MatchTier, u32)> {
    let name = view.lowercase;
    if query.is_empty() {
        return Some((MatchTier::Prefix, 0));
    }
    if name == query {
        return Some((MatchTier::Name, 0));
    }
    if name.starts_with(query) {
        return Some((MatchTier::Prefix, crate::index::saturating_u32(name.len() - query.len())));
    }
    if query.len() < MIN_FUZZY_QUERY {
        return None;
    }
    if let Some(skipped) = word_starts(compact.as_bytes(), name.as_bytes(), view.words) {
        return Some((MatchTier::WordStarts, skipped));
    }
    // Inside one word: a plain scan of each word long enough (names are short; setting up a
    // general substring searcher per name cost more than the scan).
    let needle = query.as_bytes();
    let inside_one_word = view.words.iter().any(|(start, end)| {
        let word = name.as_bytes().get(*start as usize..*end as usize).unwrap_or_default();
        word.len() >= needle.len() && word.windows(needle.len()).any(|window| window == needle)
    });
    if inside_one_word {
        return Some((MatchTier::Substring, crate::index::saturating_u32(name.len() - query.len())));
    }
    if (MIN_TYPO_QUERY..=MAX_TYPO_NAME).contains(&query.len()) && name.len() <= MAX_TYPO_NAME {
        let allowed = if query.len() >= TWO_TYPOS_QUERY { 2 } else { 1 };
        if name.len().abs_diff(query.len()) <= allowed
            && symbol_difference(query.as_bytes(), name.as_bytes()) <= 2 * allowed
            && let Some(distance) = typos_within(query.as_bytes(), name.as_bytes(), allowed)
        {
            return Some((MatchTier::Typo, crate::index::saturating_u32(distance)));
        }
    }
    None
}

/// The symbols of lowercase GraphQL names: `a`-`z`, `0`-`9` and `_` (anything else counts as one
/// more symbol).
const SYMBOLS: usize = 37;

fn symbol(byte: u8) -> usize {
    match byte {
        b'a'..=b'z' => usize::from(byte - b'a'),
        b'0'..=b'9' => 26 + usize::from(byte - b'0'),
        _ => SYMBOLS - 1,
    }
}

/// How far apart the symbol counts of two words are. One typo (a letter inserted, removed,
/// replaced, or two swapped) moves them apart by two at most, so this rejects most names for the
/// typo tier without computing a distance.
fn symbol_difference(a: &[u8], b: &[u8]) -> usize {
    let mut counts = [0i16; SYMBOLS];
    for byte in a {
        counts[symbol(*byte)] += 1;
    }
    for byte in b {
        counts[symbol(*byte)] -= 1;
    }
    counts.iter().map(|count| count.unsigned_abs() as usize).sum()
}

/// The optimal-string-alignment distance between two words (a swap of neighbours is one typo),
/// if it is at most `allowed`; both words are at most `MAX_TYPO_NAME` bytes. Stops as soon as a
/// row shows the distance must exceed `allowed`.
fn typos_within(a: &[u8], b: &[u8], allowed: usize) -> Option<usize> {
    if a.len() > MAX_TYPO_NAME || b.len() > MAX_TYPO_NAME {
        return None;
    }
    let columns = b.len() + 1;
    let mut before = [0usize; MAX_TYPO_NAME + 1];
    let mut previous = [0usize; MAX_TYPO_NAME + 1];
    let mut current = [0usize; MAX_TYPO_NAME + 1];
    for (column, cell) in previous.iter_mut().enumerate().take(columns) {
        *cell = column;
    }
    for row in 1..=a.len() {
        current[0] = row;
        let mut row_minimum = row;
        for column in 1..columns {
            let substitution = previous[column - 1] + usize::from(a[row - 1] != b[column - 1]);
            let mut cost = (previous[column] + 1).min(current[column - 1] + 1).min(substitution);
            if row > 1 && column > 1 && a[row - 1] == b[column - 2] && a[row - 2] == b[column - 1] {
                cost = cost.min(before[column - 2] + 1);
            }
            current[column] = cost;
            row_minimum = row_minimum.min(cost);
        }
        if row_minimum > allowed {
            return None;
        }
        before = previous;
        previous = current;
    }
    let distance = previous[b.len()];
    (distance <= allowed).then_some(distance)
}

/// Queries longer than this are not matched against word beginnings.
const MAX_WORD_QUERY: usize = 64;

/// Whether `query` is a sequence of beginnings of the name's words, in order (words may be
/// skipped); if so, how many words were skipped before and between the matched ones. After a
/// skipped word the next beginning must have two letters at least, so that `viewr` is a typo of
/// `viewer` rather than `viewer` + `Can` skipped + `R` of `viewerCanReact`. Longer beginnings are
/// tried first.
fn word_starts(query: &[u8], name: &[u8], words: &[(u32, u32)]) -> Option<u32> {
    let first = *query.first()?;
    // Most names have no word beginning with the query's first letter: no search at all.
    if query.len() > MAX_WORD_QUERY || !words.iter().any(|(start, _)| name.get(*start as usize) == Some(&first)) {
        return None;
    }
    let mut search = WordSearch { query, name, words, failed: [0; MAX_WORD_QUERY + 1], budget: WORD_MATCH_BUDGET };
    search.from(0, 0)
}

/// The backtracking of [`word_starts`], remembering the (query position, word) pairs that lead
/// nowhere so that none is tried twice, within a step budget besides.
struct WordSearch<'a> {
    query: &'a [u8],
    name: &'a [u8],
    words: &'a [(u32, u32)],
    /// Bit `w` of `failed[q]`: the query from `q` matches nothing from word `w` on. Names have at
    /// most 32 words (`words::MAX_NAME_WORDS`).
    failed: [u64; MAX_WORD_QUERY + 1],
    budget: u32,
}

impl WordSearch<'_> {
    fn from(&mut self, query_at: usize, word_at: usize) -> Option<u32> {
        if query_at == self.query.len() {
            return Some(0);
        }
        let bit = 1u64 << word_at.min(63);
        if self.budget == 0 || self.failed[query_at] & bit != 0 {
            return None;
        }
        self.budget -= 1;
        for (word_index, (start, end)) in self.words.iter().enumerate().skip(word_at) {
            let word = self.name.get(*start as usize..*end as usize).unwrap_or_default();
            let common = self.query[query_at..].iter().zip(word).take_while(|(a, b)| a == b).count();
            let shortest = if word_index > word_at { 2 } else { 1 };
            for take in (shortest..=common).rev() {
                if let Some(skipped) = self.from(query_at + take, word_index + 1) {
                    return Some(skipped + saturating_u32(word_index - word_at));
                }
            }
        }
        self.failed[query_at] |= bit;
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A name as the table keeps it: lowercased, with its words.
    struct Name {
        lowercase: String,
        words: Vec<(u32, u32)>,
    }

    impl Name {
        fn view(&self) -> NameView<'_> {
            NameView { lowercase: &self.lowercase, words: &self.words }
        }
    }

    fn group(name: &str) -> Name {
        Name { lowercase: name.to_ascii_lowercase(), words: name_words(name) }
    }

    #[test]
    fn names_match_in_the_expected_tier() {
        // (lowercase query, name, tier or None)
        let cases: &[(&str, &str, Option<MatchTier>)] = &[
            ("repository", "Repository", Some(MatchTier::Name)),
            ("repo", "Repository", Some(MatchTier::Prefix)),
            ("repovis", "RepositoryVisibility", Some(MatchTier::WordStarts)),
            ("rv", "RepositoryVisibility", Some(MatchTier::WordStarts)),
            ("visibility", "RepositoryVisibility", Some(MatchTier::WordStarts)),
            ("repovis", "REPOSITORY_VISIBILITY", Some(MatchTier::WordStarts)),
            ("repository_vis", "RepositoryVisibility", Some(MatchTier::WordStarts)),
            ("sitory", "Repository", Some(MatchTier::Substring)),
            ("reposiotry", "Repository", Some(MatchTier::Typo)),
            ("viewr", "viewerCanReact", None),
            ("viewr", "viewer", Some(MatchTier::Typo)),
            ("viewr", "reviewRequest", None),
            ("pullreqeust", "PullRequest", Some(MatchTier::Typo)),
            ("pulrequestt", "PullRequest", Some(MatchTier::Typo)),
            ("pxxlrequest", "PullRequest", Some(MatchTier::Typo)),
            ("pxxxrequest", "PullRequest", None),
            ("repostory", "Repository", Some(MatchTier::Typo)),
            ("xyz", "Repository", None),
            ("r", "Issue", None),
            ("abc", "abd", None),
        ];
        for (query, name, tier) in cases {
            let compact: String = query.chars().filter(|c| *c != '_').collect();
            assert_eq!(match_name(query, &compact, group(name).view()).map(|(tier, _)| tier), *tier, "{query:?} against {name:?}");
        }
    }

    #[test]
    fn word_starts_count_skipped_words() {
        let name = group("PullRequestReviewComment");
        assert_eq!(word_starts(b"prrc", name.lowercase.as_bytes(), &name.words), Some(0));
        assert_eq!(word_starts(b"prcomm", name.lowercase.as_bytes(), &name.words), Some(1));
        assert_eq!(word_starts(b"prc", name.lowercase.as_bytes(), &name.words), None, "one letter after a skipped word");
        assert_eq!(word_starts(b"comment", name.lowercase.as_bytes(), &name.words), Some(3));
    }

    #[test]
    fn typo_distances_count_a_swap_as_one() {
        // (a, b, allowed, distance if within)
        let cases: &[(&str, &str, usize, Option<usize>)] = &[
            ("viewer", "viewer", 1, Some(0)),
            ("viewr", "viewer", 1, Some(1)),
            ("veiwer", "viewer", 1, Some(1)),
            ("vxewer", "viewer", 1, Some(1)),
            ("vxxwer", "viewer", 1, None),
            ("vxxwer", "viewer", 2, Some(2)),
            ("", "ab", 2, Some(2)),
            ("abc", "", 2, None),
        ];
        for (a, b, allowed, expected) in cases {
            assert_eq!(typos_within(a.as_bytes(), b.as_bytes(), *allowed), *expected, "{a:?} against {b:?}");
            if let Some(distance) = expected {
                assert!(symbol_difference(a.as_bytes(), b.as_bytes()) <= 2 * distance, "{a:?} against {b:?}");
            }
        }
        let long = "a".repeat(MAX_TYPO_NAME + 1);
        assert_eq!(typos_within(long.as_bytes(), long.as_bytes(), 2), None, "too long to check");
    }

    #[test]
    fn a_hostile_name_costs_bounded_work() {
        let name = "a".repeat(10_000) + &"Ab".repeat(1_000);
        let query = "a".repeat(200);
        let _ = match_name(&query, &query, group(&name).view());
    }
}
