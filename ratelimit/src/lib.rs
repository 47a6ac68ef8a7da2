//! Rate-limit budgets, as pure logic: what a response says about the budget ([`headers`]), and the
//! last known budget per endpoint and token profile with the `Retry-After` gate ([`book`]).
//!
//! Nothing here sends requests or reads a clock: callers pass the time in.

pub mod book;
pub mod headers;

pub use book::{Budget, BudgetBook, BudgetKey, Gate};
pub use headers::{Observation, observe};
