//! Where Sextant keeps its files: configuration (profiles), the schema cache and state (rate-limit
//! budgets). None of them ever holds a secret; secrets live in the OS keychain.

use std::ffi::OsString;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// Holds `profiles.json`.
    pub config_dir: PathBuf,
    /// The schema cache's entries.
    pub schema_cache_dir: PathBuf,
    /// Holds `budgets.json` and `fingerprint.key`.
    pub state_dir: PathBuf,
}

impl Paths {
    /// The directories from the process environment.
    pub fn from_env() -> Option<Paths> {
        Self::from(|name| std::env::var_os(name))
    }

    /// The directories from these environment values. `SEXTANT_CONFIG_DIR` and
    /// `SEXTANT_STATE_DIR` override; otherwise the XDG base directories (absolute values only, as
    /// the XDG spec says), otherwise under `$HOME`. The schema cache follows
    /// `schema_cache::cache::default_dir_from`. `None` when there is no home either.
    pub fn from(env: impl Fn(&str) -> Option<OsString>) -> Option<Paths> {
        let non_empty = |name: &str| env(name).filter(|value| !value.is_empty()).map(PathBuf::from);
        let home = non_empty("HOME");
        let pick = |own: &str, xdg: &str, under_home: &str| -> Option<PathBuf> {
            non_empty(own)
                .or_else(|| non_empty(xdg).filter(|base| base.is_absolute()).map(|base| base.join("sextant")))
                .or_else(|| home.as_ref().map(|home| home.join(under_home).join("sextant")))
        };
        Some(Paths {
            config_dir: pick("SEXTANT_CONFIG_DIR", "XDG_CONFIG_HOME", ".config")?,
            schema_cache_dir: schema_cache::cache::default_dir_from(&env)?,
            state_dir: pick("SEXTANT_STATE_DIR", "XDG_STATE_HOME", ".local/state")?,
        })
    }

    pub fn profiles_file(&self) -> PathBuf {
        self.config_dir.join("profiles.json")
    }

    pub fn budgets_file(&self) -> PathBuf {
        self.state_dir.join("budgets.json")
    }

    /// The installation's random key for credential fingerprints (see `credentials`).
    pub fn fingerprint_key_file(&self) -> PathBuf {
        self.state_dir.join("fingerprint.key")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Environment variables, and the (config, schema cache, state) directories they give.
    type Case<'a> = (&'a [(&'a str, &'a str)], Option<(&'a str, &'a str, &'a str)>);

    #[test]
    fn directories_follow_overrides_then_xdg_then_home() {
        let cases: &[Case] = &[
            (
                &[("HOME", "/home/ada")],
                Some(("/home/ada/.config/sextant", "/home/ada/.cache/sextant/schemas", "/home/ada/.local/state/sextant")),
            ),
            (
                &[("HOME", "/home/ada"), ("XDG_CONFIG_HOME", "/x/config"), ("XDG_STATE_HOME", "relative/ignored")],
                Some(("/x/config/sextant", "/home/ada/.cache/sextant/schemas", "/home/ada/.local/state/sextant")),
            ),
            (
                &[("SEXTANT_CONFIG_DIR", "/t/c"), ("SEXTANT_CACHE_DIR", "/t/k"), ("SEXTANT_STATE_DIR", "/t/s")],
                Some(("/t/c", "/t/k/schemas", "/t/s")),
            ),
            (&[], None),
        ];
        for (environment, expected) in cases {
            let paths = Paths::from(|name| environment.iter().find(|(key, _)| *key == name).map(|(_, value)| value.into()));
            let expected = expected.map(|(config, cache, state)| Paths {
                config_dir: config.into(),
                schema_cache_dir: cache.into(),
                state_dir: state.into(),
            });
            assert_eq!(paths, expected, "{environment:?}");
        }
    }
}
