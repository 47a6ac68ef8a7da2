//! "How do I reach this type": the shortest chains of fields from the root types to a type or a
//! field, several of them, shortest first, each step with the arguments a query must give.
//!
//! A breadth-first walk from the roots gives every type its distance (fields from a root, a type
//! condition costing nothing: a field returning `Node` reaches every type implementing it). Paths
//! are then enumerated backwards from the target through the fields that return each type, never
//! further from a root than the distance allows, so nearly every branch taken ends in a path.
//! GitHub's schema is highly connected (thousands of paths of the shortest length to some types):
//! the number of paths kept per length, the length beyond the shortest and the steps walked are
//! all capped, so a query costs milliseconds at most.

use std::collections::{HashSet, VecDeque};

use apollo_compiler::schema::ExtendedType;

use crate::index::{Definition, ElementId, ElementKind, SchemaIndex};
use crate::references::Relation;

/// No path is longer than this many fields.
const MAX_PATH_FIELDS: usize = 12;
/// Paths at most this many fields longer than the shortest are looked for.
const MAX_EXTRA_FIELDS: usize = 3;
/// The backward walk takes at most this many steps per query.
const MAX_WALK_STEPS: usize = 200_000;
/// At most this many input types are followed from an input type to the arguments that take it.
const MAX_INPUT_TYPES: usize = 1_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathOptions {
    /// At most this many paths.
    pub limit: usize,
}

impl Default for PathOptions {
    fn default() -> Self {
        PathOptions { limit: 5 }
    }
}

/// One way from a root type to the target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaPath {
    /// The fields in the order a query selects them; the first is a root type's field.
    pub steps: Vec<PathStep>,
    /// The type condition (`... on Issue`) that narrows the last field's type to the target type,
    /// when they differ.
    pub then_on: Option<ElementId>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathStep {
    pub field: ElementId,
    /// The type condition this field needs (`... on Repository`), when the previous field's type
    /// is an interface or union rather than the field's own type.
    pub on: Option<ElementId>,
}

/// A field that ends a path: selecting it reaches the target.
#[derive(Debug, Clone, Copy)]
struct Ending {
    field: ElementId,
    parent: ElementId,
}

impl SchemaIndex {
    /// The shortest paths from the root types (query, then mutation, then subscription at equal
    /// length) to `target`: a type, or a field (reached through its type), an argument (its
    /// field), an enum value or input field (its type). A root type is reached by the empty path.
    /// Directives are reached by no path.
    pub fn paths_to(&self, target: ElementId, options: &PathOptions) -> Vec<SchemaPath> {
        if options.limit == 0 {
            return Vec::new();
        }
        let (target_type, target_field) = match self.kind(target) {
            kind if kind.is_type() => (target, None),
            ElementKind::Field => match self.parent(target) {
                Some(parent) => (parent, Some(target)),
                None => return Vec::new(),
            },
            ElementKind::Argument => match self.parent(target).and_then(|field| Some((self.parent(field)?, field))) {
                Some((parent, field)) => (parent, Some(field)),
                None => return Vec::new(),
            },
            ElementKind::EnumValue | ElementKind::InputField => match self.parent(target) {
                Some(parent) => (parent, None),
                None => return Vec::new(),
            },
            _ => return Vec::new(),
        };
        let distance = self.distances();
        let endings = match target_field {
            Some(field) => vec![Ending { field, parent: target_type }],
            None if self.root_order(target_type).is_some() => return vec![SchemaPath { steps: Vec::new(), then_on: None }],
            None => self.endings_for_type(target_type),
        };
        let shortest = endings
            .iter()
            .filter_map(|ending| distance_of(distance, ending.parent)?.checked_add(1))
            .min();
        let Some(shortest) = shortest else { return Vec::new() };

        let narrowed_to = if target_field.is_none() { Some(target_type) } else { None };
        let mut walk = Walk {
            index: self,
            distance,
            steps_left: MAX_WALK_STEPS,
            fields: Vec::new(),
            types: Vec::new(),
            found: Vec::new(),
            keep: options.limit.saturating_mul(4).max(16),
        };
        let mut paths: Vec<Vec<ElementId>> = Vec::new();
        let mut known: HashSet<Vec<ElementId>> = HashSet::new();
        let longest = (shortest + MAX_EXTRA_FIELDS).min(MAX_PATH_FIELDS);
        for length in shortest..=longest {
            walk.found.clear();
            for ending in &endings {
                let Some(parent_distance) = distance_of(distance, ending.parent) else { continue };
                if parent_distance + 1 > length || walk.found.len() >= walk.keep || walk.steps_left == 0 {
                    continue;
                }
                walk.fields.clear();
                walk.types.clear();
                // A path to a type never passes through that type before its end (`Query.node
                // … on Comment → Comment.replyTo` is no way to reach a `Comment`).
                walk.types.extend(narrowed_to);
                walk.fields.push(ending.field);
                walk.backwards(ending.parent, length - 1);
            }
            let mut found: Vec<Vec<ElementId>> = walk.found.drain(..).filter(|path| known.insert(path.clone())).collect();
            found.sort_by_cached_key(|path| self.path_order(path, narrowed_to));
            paths.extend(found);
            if paths.len() >= options.limit || walk.steps_left == 0 {
                break;
            }
        }
        paths.truncate(options.limit);
        paths.into_iter().map(|fields| self.with_type_conditions(fields, narrowed_to)).collect()
    }

    /// The required arguments of a path step written as a coordinate would: `Query.repository(owner:, name:)`.
    pub fn step_text(&self, field: ElementId) -> String {
        let mut text = self.coordinate(field).to_string();
        let required: Vec<&str> = self.required_arguments(field).map(|argument| self.name(argument)).collect();
        if !required.is_empty() {
            text.push('(');
            text.push_str(&required.iter().map(|name| format!("{name}:")).collect::<Vec<_>>().join(", "));
            text.push(')');
        }
        text
    }

    /// The fewest fields from a root type to a value of each type (indexed by element; `u32::MAX`
    /// for types no field reaches, and for everything that is not a type). A 0-1 breadth-first
    /// walk: a field costs one, a type condition from an interface or union to its possible types
    /// costs nothing. Computed once per index, on the first path query.
    pub(crate) fn distances_from_roots(&self) -> Vec<u32> {
        let mut distance = vec![u32::MAX; self.len()];
        let mut queue: VecDeque<ElementId> = VecDeque::new();
        for root in self.roots.iter().flatten() {
            distance[root.index()] = 0;
            queue.push_back(*root);
        }
        while let Some(current) = queue.pop_front() {
            let here = distance[current.index()];
            for possible in self.possible_types(current) {
                if distance[possible.index()] > here {
                    distance[possible.index()] = here;
                    queue.push_front(possible);
                }
            }
            if !matches!(self.kind(current), ElementKind::Object | ElementKind::Interface) {
                continue;
            }
            for field in self.children(current) {
                let Some(returned) = self.named_type_of(field) else { continue };
                if distance[returned.index()] > here + 1 {
                    distance[returned.index()] = here + 1;
                    queue.push_back(returned);
                }
            }
        }
        distance
    }

    /// The object and interface types a value of an interface or union type may also be.
    fn possible_types(&self, type_id: ElementId) -> Vec<ElementId> {
        match self.definition(type_id) {
            Definition::Type(ExtendedType::Union(union)) => {
                union.members.iter().filter_map(|member| self.type_named(member)).collect()
            }
            Definition::Type(ExtendedType::Interface(_)) => self
                .references(type_id)
                .iter()
                .filter(|reference| reference.relation == Relation::Implementation)
                .map(|reference| reference.element)
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The interfaces and unions whose values may be of this type.
    fn containing_types(&self, type_id: ElementId) -> impl Iterator<Item = ElementId> + '_ {
        let unions = self
            .references(type_id)
            .iter()
            .filter(|reference| reference.relation == Relation::UnionMember)
            .map(|reference| reference.element);
        let interfaces: Vec<ElementId> = match self.definition(type_id) {
            Definition::Type(ExtendedType::Object(def)) => {
                def.implements_interfaces.iter().filter_map(|name| self.type_named(name)).collect()
            }
            Definition::Type(ExtendedType::Interface(def)) => {
                def.implements_interfaces.iter().filter_map(|name| self.type_named(name)).collect()
            }
            _ => Vec::new(),
        };
        unions.chain(interfaces)
    }

    /// The fields whose selection reaches a value of `target` (returning it, or an interface or
    /// union it belongs to), or that take it in an argument, directly or inside input objects.
    fn endings_for_type(&self, target: ElementId) -> Vec<Ending> {
        let mut endings = Vec::new();
        let mut seen_fields = HashSet::new();
        let mut add_field = |field: ElementId, endings: &mut Vec<Ending>| {
            if let Some(parent) = self.parent(field)
                && seen_fields.insert(field)
            {
                endings.push(Ending { field, parent });
            }
        };
        let returning = |type_id: ElementId| {
            self.references(type_id).iter().filter(|reference| reference.relation == Relation::Field).map(|reference| reference.element)
        };
        for field in returning(target) {
            add_field(field, &mut endings);
        }
        for container in self.containing_types(target) {
            for field in returning(container) {
                add_field(field, &mut endings);
            }
        }
        // Input types: the arguments that take it, directly or through input objects' fields.
        let mut input_types = vec![target];
        let mut position = 0;
        while position < input_types.len() && input_types.len() < MAX_INPUT_TYPES {
            let current = input_types[position];
            position += 1;
            for reference in self.references(current) {
                match reference.relation {
                    Relation::Argument => {
                        if let Some(field) = self.parent(reference.element) {
                            add_field(field, &mut endings);
                        }
                    }
                    Relation::InputField => {
                        if let Some(input) = self.parent(reference.element)
                            && !input_types.contains(&input)
                        {
                            input_types.push(input);
                        }
                    }
                    _ => {}
                }
            }
        }
        endings
    }

    /// Ranks paths of one length: query before mutation before subscription, then fewer
    /// deprecated fields, fewer type conditions (`narrowed_to`, when given, is the type the path
    /// must end on), fewer required arguments, then by coordinates.
    fn path_order(&self, fields: &[ElementId], narrowed_to: Option<ElementId>) -> (usize, usize, usize, usize, Vec<(String, String)>) {
        let root = fields.first().and_then(|field| self.parent(*field)).and_then(|root| self.root_order(root)).unwrap_or(usize::MAX);
        let deprecated = fields.iter().filter(|field| self.is_deprecated(**field)).count();
        let between = fields.windows(2).filter(|pair| self.named_type_of(pair[0]) != self.parent(pair[1])).count();
        let at_end = match (fields.last(), narrowed_to) {
            (Some(last), Some(target)) => usize::from(self.named_type_of(*last) != Some(target) && self.kind(target).is_output()),
            _ => 0,
        };
        let conditions = between + at_end;
        let required: usize = fields.iter().map(|field| self.required_arguments(*field).count()).sum();
        let names = fields
            .iter()
            .map(|field| {
                let parent = self.parent(*field).map(|parent| self.name(parent).to_owned()).unwrap_or_default();
                (parent, self.name(*field).to_owned())
            })
            .collect();
        (root, deprecated, conditions, required, names)
    }

    /// The steps of a path with the type conditions they need; `target_type` is the type the path
    /// must end on (`None` when it ends with the target field itself).
    fn with_type_conditions(&self, fields: Vec<ElementId>, target_type: Option<ElementId>) -> SchemaPath {
        let mut steps = Vec::with_capacity(fields.len());
        let mut previous_type = None;
        for field in fields {
            let parent = self.parent(field);
            let on = match previous_type {
                Some(previous) if Some(previous) != parent => parent,
                _ => None,
            };
            steps.push(PathStep { field, on });
            previous_type = self.named_type_of(field);
        }
        let reached = steps.last().and_then(|step| self.named_type_of(step.field));
        let then_on = match (reached, target_type) {
            (Some(reached), Some(target)) if reached != target && self.containing_types(target).any(|container| container == reached) => {
                Some(target)
            }
            _ => None,
        };
        SchemaPath { steps, then_on }
    }
}

fn distance_of(distance: &[u32], type_id: ElementId) -> Option<usize> {
    distance.get(type_id.index()).filter(|value| **value != u32::MAX).map(|value| *value as usize)
}

/// The backward enumeration of paths of one length.
struct Walk<'a> {
    index: &'a SchemaIndex,
    distance: &'a [u32],
    steps_left: usize,
    /// The fields chosen so far, from the target back towards a root.
    fields: Vec<ElementId>,
    /// The types passed through, so that no path goes round a cycle.
    types: Vec<ElementId>,
    /// Paths found, from the root.
    found: Vec<Vec<ElementId>>,
    keep: usize,
}

impl Walk<'_> {
    /// Extends the current path backwards from `type_id`, which must be reached from a root in
    /// exactly `fields_left` more fields.
    fn backwards(&mut self, type_id: ElementId, fields_left: usize) {
        if self.steps_left == 0 || self.found.len() >= self.keep {
            return;
        }
        self.steps_left -= 1;
        if self.index.root_order(type_id).is_some() {
            // A root starts a path; no path passes through one.
            if fields_left == 0 {
                self.found.push(self.fields.iter().rev().copied().collect());
            }
            return;
        }
        if fields_left == 0 || self.types.contains(&type_id) {
            return;
        }
        self.types.push(type_id);
        for reference in self.index.references(type_id) {
            if reference.relation != Relation::Field {
                continue;
            }
            let field = reference.element;
            let Some(parent) = self.index.parent(field) else { continue };
            let close_enough = distance_of(self.distance, parent).is_some_and(|distance| distance < fields_left);
            if close_enough && !self.types.contains(&parent) {
                self.fields.push(field);
                self.backwards(parent, fields_left - 1);
                self.fields.pop();
            }
        }
        let containers: Vec<ElementId> = self.index.containing_types(type_id).collect();
        for container in containers {
            let close_enough = distance_of(self.distance, container).is_some_and(|distance| distance <= fields_left);
            if close_enough {
                self.backwards(container, fields_left);
            }
        }
        self.types.pop();
    }
}
