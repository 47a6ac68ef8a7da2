//! An endpoint with its token profile, as the command line and the desktop app use it.

pub mod paths;
pub mod profiles;
