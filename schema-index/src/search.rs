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

use serde::Serialize;

use crate::coordinates::CoordinateText;
use crate::index::{Element, ElementId, ElementKind, SchemaIndex};
use crate::words::name_words;

/// The longest query read, in bytes; the rest is ignored.
const MAX_QUERY_BYTES: usize = 256;
/// Queries shorter than this match only by coordinate, name and prefix.
const MIN_FUZZY_QUERY: usize = 2;
/// Queries shorter than this are not checked for typos.
const MIN_TYPO_QUERY: usize = 4;
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
/// scans these (about 4,500 on GitHub's schema) rather than every element.
#[derive(Debug, Default)]
pub(crate) struct NameTable {
    groups: Vec<NameGroup>,
}

#[derive(Debug)]
struct NameGroup {
    lowercase: Box<str>,
    /// Byte ranges of the name's camelCase words.
    words: Box<[(u32, u32)]>,
    elements: Vec<ElementId>,
}

impl NameTable {
    pub(crate) fn build(elements: &[Element]) -> NameTable {
        let mut group_of: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        let mut groups: Vec<NameGroup> = Vec::new();
        for (position, element) in elements.iter().enumerate() {
            let name = element.definition.name().as_str();
            let group = *group_of.entry(name).or_insert_with(|| {
                groups.push(NameGroup {
                    lowercase: name.to_ascii_lowercase().into(),
                    words: name_words(name).into(),
                    elements: Vec::new(),
                });
                groups.len() - 1
            });
            groups[group].elements.push(ElementId::at(position));
        }
        NameTable { groups }
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

        // The best match of each element, then the best elements.
        ranked.sort_unstable();
        let mut seen = vec![false; self.len()];
        let mut hits = Vec::with_capacity(options.limit.min(ranked.len()));
        for candidate in ranked {
            let Some(already) = seen.get_mut(candidate.element.index()) else { continue };
            if !*already {
                *already = true;
                hits.push(SearchHit { element: candidate.element, tier: candidate.tier });
                if hits.len() == options.limit {
                    break;
                }
            }
        }
        hits
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
                    .groups
                    .iter()
                    .filter(|group| *group.lowercase == *lowercase)
                    .flat_map(|group| group.elements.iter().copied())
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
        let in_scope = |id: ElementId| match (scope.members_of, scope.directives_only) {
            (Some(parent), _) => self.parent(id) == Some(parent),
            (None, true) => self.kind(id) == ElementKind::Directive,
            (None, false) => true,
        };
        let original = original_query.trim();
        let compact: String = name_query.chars().filter(|c| *c != '_').collect();
        for group in &self.names.groups {
            let Some((tier, closeness)) = match_name(name_query, &compact, group) else { continue };
            for &id in &group.elements {
                if wanted(id) && in_scope(id) {
                    let case_differs = self.name(id) != original;
                    ranked.push(self.ranked(id, tier, closeness, case_differs));
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
fn match_name(query: &str, compact: &str, group: &NameGroup) -> Option<(MatchTier, u32)> {
    let name = &*group.lowercase;
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
    let mut budget = WORD_MATCH_BUDGET;
    if !compact.is_empty()
        && let Some(skipped) = match_word_starts(compact.as_bytes(), name.as_bytes(), &group.words, 0, 0, &mut budget)
    {
        return Some((MatchTier::WordStarts, skipped));
    }
    let inside_one_word = |start: usize| {
        let end = start + query.len();
        group.words.iter().any(|(word_start, word_end)| *word_start as usize <= start && end <= *word_end as usize)
    };
    if name.match_indices(query).any(|(start, _)| inside_one_word(start)) {
        return Some((MatchTier::Substring, crate::index::saturating_u32(name.len() - query.len())));
    }
    if query.len() >= MIN_TYPO_QUERY && name.len() <= MAX_TYPO_NAME {
        let allowed = if query.len() >= TWO_TYPOS_QUERY { 2 } else { 1 };
        if name.len().abs_diff(query.len()) <= allowed {
            let distance = strsim::osa_distance(query, name);
            if distance <= allowed {
                return Some((MatchTier::Typo, crate::index::saturating_u32(distance)));
            }
        }
    }
    None
}

/// Whether `query[query_at..]` is a sequence of beginnings of `words[word_at..]`, in order
/// (words may be skipped); if so, how many words were skipped before and between the matched
/// ones. After a skipped word the next beginning must have two letters at least, so that `viewr`
/// is a typo of `viewer` rather than `viewer` + `Can` skipped + `R` of `viewerCanReact`. Longer
/// beginnings are tried first; `budget` bounds the backtracking.
fn match_word_starts(
    query: &[u8],
    name: &[u8],
    words: &[(u32, u32)],
    query_at: usize,
    word_at: usize,
    budget: &mut u32,
) -> Option<u32> {
    if query_at == query.len() {
        return Some(0);
    }
    if *budget == 0 {
        return None;
    }
    *budget -= 1;
    for (word_index, (start, end)) in words.iter().enumerate().skip(word_at) {
        let word = name.get(*start as usize..*end as usize).unwrap_or_default();
        let rest = &query[query_at..];
        let common = rest.iter().zip(word).take_while(|(a, b)| a == b).count();
        let shortest = if word_index > word_at { 2 } else { 1 };
        for take in (shortest..=common).rev() {
            if let Some(skipped) = match_word_starts(query, name, words, query_at + take, word_index + 1, budget) {
                return Some(skipped + crate::index::saturating_u32(word_index - word_at));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(name: &str) -> NameGroup {
        NameGroup { lowercase: name.to_ascii_lowercase().into(), words: name_words(name).into(), elements: Vec::new() }
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
            ("repostory", "Repository", Some(MatchTier::Typo)),
            ("xyz", "Repository", None),
            ("r", "Issue", None),
            ("abc", "abd", None),
        ];
        for (query, name, tier) in cases {
            let compact: String = query.chars().filter(|c| *c != '_').collect();
            assert_eq!(match_name(query, &compact, &group(name)).map(|(tier, _)| tier), *tier, "{query:?} against {name:?}");
        }
    }

    #[test]
    fn word_starts_count_skipped_words() {
        let name = group("PullRequestReviewComment");
        let mut budget = WORD_MATCH_BUDGET;
        assert_eq!(match_word_starts(b"prrc", name.lowercase.as_bytes(), &name.words, 0, 0, &mut budget), Some(0));
        let mut budget = WORD_MATCH_BUDGET;
        assert_eq!(match_word_starts(b"prcomm", name.lowercase.as_bytes(), &name.words, 0, 0, &mut budget), Some(1));
        let mut budget = WORD_MATCH_BUDGET;
        assert_eq!(match_word_starts(b"prc", name.lowercase.as_bytes(), &name.words, 0, 0, &mut budget), None, "one letter after a skipped word");
        let mut budget = WORD_MATCH_BUDGET;
        assert_eq!(match_word_starts(b"comment", name.lowercase.as_bytes(), &name.words, 0, 0, &mut budget), Some(3));
    }

    #[test]
    fn a_hostile_name_costs_bounded_work() {
        let name = "a".repeat(10_000) + &"Ab".repeat(1_000);
        let query = "a".repeat(200);
        let _ = match_name(&query, &query, &group(&name));
    }
}
