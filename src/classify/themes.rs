//! The theme catalogue: which themes exist and what each one means.
//!
//! Why a config file and not an enum: the ombudsman's themes change with policy (a new
//! *hersteloperatie*, a new law). Adding a theme must be a matter of editing
//! `models/themes.toml`, labelling examples and retraining — no code lists theme names. The
//! descriptions are the researchers' definition of each theme's scope (what belongs in it and
//! what does not); they are what a labeller reads, and the examples are typical phrasings.
//!
//! File format (`[[theme]]` tables, in the order reports should list them):
//!
//! ```toml
//! [[theme]]
//! name = "wonen"                       # lowercase ascii identifier: [a-z][a-z0-9_]*
//! description = "Klachten over …"       # one paragraph, Dutch
//! examples = ["al zes jaar ingeschreven", "urgentie afgewezen"]
//! ```
//!
//! Contract: a loaded [`ThemeSet`] has at least one theme, unique valid names, non-empty
//! descriptions and at least one non-empty example per theme. The name [`NO_THEME`] (`geen`) is
//! reserved: reports use it for "no theme".

use std::path::Path;

use serde::{Deserialize, Serialize};

/// Reserved label used in reports and confusion tables for a complaint without any theme.
pub const NO_THEME: &str = "geen";

/// Longest accepted theme name (they end up in facets, file names and table headers).
pub const MAX_NAME_LEN: usize = 32;

/// One theme: a label, its scope in words, and typical phrasings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    /// Lowercase ascii identifier, `[a-z][a-z0-9_]*`, at most [`MAX_NAME_LEN`] bytes.
    pub name: String,
    /// The scope of the theme in Dutch: what belongs to it and what does not.
    pub description: String,
    /// A few typical Dutch phrasings from complaints of this theme.
    pub examples: Vec<String>,
}

/// Errors loading or validating a theme catalogue. Every variant names its origin (the file path,
/// or `<string>`/`<code>` for catalogues not read from a file).
#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    #[error("theme file {origin}: cannot read it: {source}")]
    Read { origin: String, source: std::io::Error },
    #[error("theme file {origin}: not valid TOML for a theme list: {source}")]
    Parse { origin: String, source: toml::de::Error },
    #[error("theme file {origin}: no themes; add at least one [[theme]] table")]
    Empty { origin: String },
    #[error("theme file {origin}: theme name {name:?} is not a lowercase ascii identifier ([a-z][a-z0-9_]*, at most {MAX_NAME_LEN} characters)")]
    InvalidName { origin: String, name: String },
    #[error(
        "theme file {origin}: theme name {name:?} is reserved for 'no theme' in reports; choose another name"
    )]
    ReservedName { origin: String, name: String },
    #[error("theme file {origin}: theme {name:?} is defined more than once")]
    Duplicate { origin: String, name: String },
    #[error("theme file {origin}: theme {name:?} has an empty {field}")]
    EmptyField { origin: String, name: String, field: &'static str },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    #[serde(default)]
    theme: Vec<Theme>,
}

/// A validated, ordered list of themes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeSet {
    themes: Vec<Theme>,
}

impl ThemeSet {
    /// Reads and validates a theme file. Errors name the file.
    pub fn load(path: impl AsRef<Path>) -> Result<Self, ThemeError> {
        let path = path.as_ref();
        let origin = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|source| ThemeError::Read { origin: origin.clone(), source })?;
        Self::parse(&text, &origin)
    }

    /// Parses and validates a theme list given as TOML text (errors say `<string>`).
    pub fn from_toml_str(text: &str) -> Result<Self, ThemeError> {
        Self::parse(text, "<string>")
    }

    /// Validates themes built in code (errors say `<code>`).
    pub fn new(themes: Vec<Theme>) -> Result<Self, ThemeError> {
        Self::validate(themes, "<code>")
    }

    fn parse(text: &str, origin: &str) -> Result<Self, ThemeError> {
        let file: ThemeFile =
            toml::from_str(text).map_err(|source| ThemeError::Parse { origin: origin.to_owned(), source })?;
        Self::validate(file.theme, origin)
    }

    fn validate(themes: Vec<Theme>, origin: &str) -> Result<Self, ThemeError> {
        if themes.is_empty() {
            return Err(ThemeError::Empty { origin: origin.to_owned() });
        }
        let mut seen = std::collections::BTreeSet::new();
        for t in &themes {
            if !is_identifier(&t.name) {
                return Err(ThemeError::InvalidName { origin: origin.to_owned(), name: t.name.clone() });
            }
            if t.name == NO_THEME {
                return Err(ThemeError::ReservedName { origin: origin.to_owned(), name: t.name.clone() });
            }
            if !seen.insert(t.name.as_str()) {
                return Err(ThemeError::Duplicate { origin: origin.to_owned(), name: t.name.clone() });
            }
            let empty =
                |field| ThemeError::EmptyField { origin: origin.to_owned(), name: t.name.clone(), field };
            if t.description.trim().is_empty() {
                return Err(empty("description"));
            }
            if t.examples.is_empty() || t.examples.iter().any(|e| e.trim().is_empty()) {
                return Err(empty("examples list (or an empty example)"));
            }
        }
        Ok(Self { themes })
    }

    /// The theme names, in file order.
    pub fn names(&self) -> Vec<String> {
        self.themes.iter().map(|t| t.name.clone()).collect()
    }

    /// The themes, in file order.
    pub fn themes(&self) -> &[Theme] {
        &self.themes
    }

    /// The theme called `name`, if any.
    pub fn get(&self, name: &str) -> Option<&Theme> {
        self.themes.iter().find(|t| t.name == name)
    }

    /// Number of themes (at least 1).
    pub fn len(&self) -> usize {
        self.themes.len()
    }

    /// Always false: a validated set has at least one theme. Present for API symmetry.
    pub fn is_empty(&self) -> bool {
        self.themes.is_empty()
    }
}

/// `[a-z][a-z0-9_]*`, at most [`MAX_NAME_LEN`] bytes.
pub fn is_identifier(name: &str) -> bool {
    let mut bytes = name.bytes();
    matches!(bytes.next(), Some(b'a'..=b'z'))
        && name.len() <= MAX_NAME_LEN
        && bytes.all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'_'))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHIPPED: &str = include_str!("../../models/themes.toml");

    fn theme(name: &str) -> String {
        format!("[[theme]]\nname = \"{name}\"\ndescription = \"Omschrijving van {name}.\"\nexamples = [\"voorbeeld\"]\n\n")
    }

    #[test]
    fn the_shipped_catalogue_loads_with_three_described_themes() {
        let set = ThemeSet::from_toml_str(SHIPPED).unwrap();
        assert_eq!(set.len(), 3);
        for t in set.themes() {
            assert!(t.description.split_whitespace().count() >= 30, "{} is described too briefly", t.name);
            assert!(t.examples.len() >= 3, "{} has too few examples", t.name);
        }
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/models/themes.toml");
        assert_eq!(ThemeSet::load(path).unwrap(), set);
    }

    #[test]
    fn a_fourth_theme_needs_only_configuration() {
        let text = format!("{}{}{}{}", theme("jeugd"), theme("wonen"), theme("toeslagen"), theme("schulden"));
        let set = ThemeSet::from_toml_str(&text).unwrap();
        assert_eq!(set.names(), vec!["jeugd", "wonen", "toeslagen", "schulden"]);
        assert!(set.get("schulden").is_some());
    }

    #[test]
    fn rejects_duplicates_and_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("themes.toml");
        std::fs::write(&path, format!("{}{}", theme("wonen"), theme("wonen"))).unwrap();
        let err = ThemeSet::load(&path).unwrap_err();
        assert!(matches!(&err, ThemeError::Duplicate { name, .. } if name == "wonen"), "{err}");
        assert!(err.to_string().contains(&path.display().to_string()), "{err}");
    }

    #[test]
    fn rejects_bad_names_empty_fields_unknown_keys_and_empty_files() {
        for bad in ["Wonen", "1wonen", "wo-nen", "", "wönen"] {
            let err = ThemeSet::from_toml_str(&theme(bad)).unwrap_err();
            assert!(matches!(err, ThemeError::InvalidName { .. }), "{bad}: {err}");
        }
        assert!(matches!(ThemeSet::from_toml_str(&theme("geen")), Err(ThemeError::ReservedName { .. })));
        assert!(matches!(ThemeSet::from_toml_str(""), Err(ThemeError::Empty { .. })));
        let no_desc = "[[theme]]\nname = \"wonen\"\ndescription = \" \"\nexamples = [\"x\"]\n";
        assert!(matches!(ThemeSet::from_toml_str(no_desc), Err(ThemeError::EmptyField { .. })));
        let no_examples = "[[theme]]\nname = \"wonen\"\ndescription = \"d\"\nexamples = []\n";
        assert!(matches!(ThemeSet::from_toml_str(no_examples), Err(ThemeError::EmptyField { .. })));
        let typo = format!("{}descriptoin = \"x\"\n", theme("wonen").trim_end());
        assert!(matches!(ThemeSet::from_toml_str(&typo), Err(ThemeError::Parse { .. })));
        assert!(matches!(ThemeSet::load("/nonexistent/themes.toml"), Err(ThemeError::Read { .. })));
    }
}
