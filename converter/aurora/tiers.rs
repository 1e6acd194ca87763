//! The client's tier backfill (`client/cli/context.py _get_config_with_production_and_tier`):
//! after a job has passed every check, the client fills its `tier` (when the job sets none) or
//! recomputes its `production` (when it does) from the scheduler's tier list. [`Tiers`] is that
//! list, read from a file in the shape of Aurora's `tiers.json`; [`Tiers::backfill`] is the
//! client's rule on the job document.
//!
//! The file's order stands in for the scheduler's set order (which Aurora's pick depends on
//! when several tiers match): the first match in the file is taken, with a warning.

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::Value as J;
use std::fmt;

/// One tier: its name and its two settings, as pystachio's `Boolean.coerce` reads them.
#[derive(Clone, Debug, PartialEq)]
pub struct Tier {
    pub name: String,
    pub preemptible: bool,
    pub revocable: bool,
}

/// The scheduler's tier list: its default tier's name and the tiers in the file's order.
#[derive(Clone, Debug, PartialEq)]
pub struct Tiers {
    pub default: String,
    pub tiers: Vec<Tier>,
}

/// Why a tier file was refused: the message, and the byte offset it points at (if any).
#[derive(Clone, Debug, PartialEq)]
pub struct TierError {
    pub message: String,
    pub offset: Option<usize>,
}

/// The shape of a tier file, for messages.
const SHAPE: &str =
    r#"{"default": NAME, "tiers": {NAME: {"preemptible": BOOL, "revocable": BOOL}, ...}}"#;

/// The settings a tier has, in the order they are reported missing.
const SETTINGS: [&str; 2] = ["preemptible", "revocable"];

/// A JSON value as messages show it (compact, as the differential harness prints it too).
fn shown(v: &J) -> String {
    v.to_string()
}

/// pystachio 0.8.5's `Boolean.coerce` of a JSON value: a boolean is itself, a number is
/// whether it is non-zero, a string is `true`/`1` or `false`/`0` in any case; anything else
/// is refused.
fn coerce_boolean(v: &J) -> Option<bool> {
    match v {
        J::Bool(b) => Some(*b),
        J::Number(n) => Some(n.as_f64().is_some_and(|f| f != 0.0)),
        J::String(s) => match s.to_lowercase().as_str() {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// One tier's settings, read in the file's order, so that a refusal points at its value.
struct TierSeed<'a>(&'a str);

impl<'de> de::DeserializeSeed<'de> for TierSeed<'_> {
    type Value = Tier;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Tier, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TierSeed<'_> {
    type Value = Tier;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "the settings of tier {:?}: {{\"preemptible\": BOOL, \"revocable\": BOOL}}",
            self.0
        )
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Tier, A::Error> {
        let name = self.0;
        let mut values: [Option<bool>; 2] = [None; 2];
        while let Some(key) = map.next_key::<String>()? {
            let Some(i) = SETTINGS.iter().position(|s| *s == key) else {
                return Err(de::Error::custom(format!(
                    "tier {name:?} has an unknown setting {key:?}: a tier has \"preemptible\" and \"revocable\""
                )));
            };
            if values[i].is_some() {
                return Err(de::Error::custom(format!(
                    "tier {name:?} gives {key:?} twice"
                )));
            }
            let v: J = map.next_value()?;
            values[i] = Some(coerce_boolean(&v).ok_or_else(|| {
                de::Error::custom(format!(
                    "tier {name:?}: {key:?} is {}, which is not a boolean (pystachio's Boolean takes true, false, a number, or \"true\", \"false\", \"1\", \"0\" in any case)",
                    shown(&v)
                ))
            })?);
        }
        let get = |i: usize| {
            values[i].ok_or_else(|| {
                let key = SETTINGS[i];
                de::Error::custom(format!(
                    "tier {name:?} has no {key:?} setting (Aurora's client would fail with KeyError: '{key}')"
                ))
            })
        };
        Ok(Tier {
            name: name.to_string(),
            preemptible: get(0)?,
            revocable: get(1)?,
        })
    }
}

/// `"tiers"`: an object of tier names to settings, in the file's order, each name once.
struct TierList(Vec<Tier>);

impl<'de> Deserialize<'de> for TierList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = TierList;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of tier names to their settings")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TierList, A::Error> {
                let mut out: Vec<Tier> = Vec::new();
                while let Some(name) = map.next_key::<String>()? {
                    if out.iter().any(|t| t.name == name) {
                        return Err(de::Error::custom(format!("tier {name:?} is defined twice")));
                    }
                    out.push(map.next_value_seed(TierSeed(&name))?);
                }
                Ok(TierList(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// The whole file.
impl<'de> Deserialize<'de> for Tiers {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Tiers;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                write!(f, "a tier file: {SHAPE}")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Tiers, A::Error> {
                let (mut default, mut tiers) = (None, None);
                while let Some(key) = map.next_key::<String>()? {
                    let twice = || de::Error::custom(format!("{key:?} is given twice"));
                    match key.as_str() {
                        "default" => {
                            if default.is_some() {
                                return Err(twice());
                            }
                            let v: J = map.next_value()?;
                            let J::String(name) = v else {
                                return Err(de::Error::custom(format!(
                                    "\"default\" is {}, not the name of a tier (a string)",
                                    shown(&v)
                                )));
                            };
                            default = Some(name);
                        }
                        "tiers" => {
                            if tiers.is_some() {
                                return Err(twice());
                            }
                            tiers = Some(map.next_value::<TierList>()?.0);
                        }
                        _ => {
                            return Err(de::Error::custom(format!(
                            "unknown key {key:?}: a tier file has only \"default\" and \"tiers\""
                        )))
                        }
                    }
                }
                let default = default.ok_or_else(|| {
                    de::Error::custom(
                        "the tier file has no \"default\" (the name of the tier for jobs no tier matches)",
                    )
                })?;
                let tiers = tiers.ok_or_else(|| {
                    de::Error::custom(
                        "the tier file has no \"tiers\" (an object of tier names to their settings)",
                    )
                })?;
                if !tiers.iter().any(|t| t.name == default) {
                    let names: Vec<&str> = tiers.iter().map(|t| t.name.as_str()).collect();
                    return Err(de::Error::custom(format!(
                        "the default tier {default:?} is not one of the tiers ({})",
                        names.join(", ")
                    )));
                }
                Ok(Tiers { default, tiers })
            }
        }
        d.deserialize_any(V)
    }
}

impl Tiers {
    /// Aurora's default tier file (`tiers.json` of the scheduler's resources).
    pub fn aurora_default() -> Tiers {
        let t = |name: &str, preemptible, revocable| Tier {
            name: name.into(),
            preemptible,
            revocable,
        };
        Tiers {
            default: "preemptible".into(),
            tiers: vec![
                t("preferred", false, false),
                t("preemptible", true, false),
                t("revocable", true, true),
            ],
        }
    }

    /// Reads a tier file's text.
    pub fn parse(text: &str) -> Result<Tiers, TierError> {
        serde_json::from_str(text).map_err(|e| {
            let full = e.to_string();
            // serde_json appends " at line L column C"; the location is shown apart.
            let message = match full.rfind(" at line ") {
                Some(i) if e.line() > 0 => full[..i].to_string(),
                _ => full,
            };
            let message = match e.classify() {
                serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
                    format!("the tier file is not JSON: {message}")
                }
                _ if message.starts_with("invalid type") => {
                    format!("{message}; a tier file is {SHAPE}")
                }
                _ => message,
            };
            TierError {
                message,
                offset: (e.line() > 0).then(|| offset_of(text, e.line(), e.column())),
            }
        })
    }

    /// The client's backfill on one job document (which has passed every check): a job without
    /// `tier` gets the first tier whose `preemptible` is `not production` and that is not
    /// revocable (else the default tier); a job with `tier` gets `production = not
    /// preemptible` of the tier of that name (unchanged when there is none). Returns a warning
    /// when several tiers match, since Aurora's choice then depends on the scheduler's set order.
    pub fn backfill(&self, job: &mut J) -> Option<String> {
        let J::Object(m) = job else { return None };
        let production = m.get("production").and_then(J::as_bool).unwrap_or(false);
        match m.get("tier") {
            None => {
                let matching: Vec<&Tier> = self
                    .tiers
                    .iter()
                    .filter(|t| t.preemptible != production && !t.revocable)
                    .collect();
                let name = matching.first().map_or(&self.default, |t| &t.name);
                m.insert("tier".into(), J::String(name.clone()));
                (matching.len() > 1).then(|| ambiguous(production, &matching))
            }
            Some(tier) => {
                let name = tier.as_str();
                if let Some(t) = self.tiers.iter().find(|t| Some(t.name.as_str()) == name) {
                    m.insert("production".into(), J::Bool(!t.preemptible));
                }
                None
            }
        }
    }
}

/// The warning for a choice Aurora leaves to the scheduler's set order.
fn ambiguous(production: bool, matching: &[&Tier]) -> String {
    let names: Vec<&str> = matching.iter().map(|t| t.name.as_str()).collect();
    format!(
        "several tiers match a job with no tier and production {production}: {}; the first in the tier file ({}) is taken, but Aurora takes the first in the scheduler's set order, which may differ: set the job's tier to choose",
        names.join(", "),
        names[0]
    )
}

/// The byte offset of serde_json's 1-based line and column (which count bytes), on a character
/// boundary.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum();
    let line_len = text[start.min(text.len())..]
        .split('\n')
        .next()
        .map_or(0, str::len);
    let mut at = (start + column.saturating_sub(1).min(line_len)).min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const DEFAULT: &str = r#"{"default": "preemptible",
 "tiers": {"preferred": {"preemptible": false, "revocable": false},
           "preemptible": {"preemptible": true, "revocable": false},
           "revocable": {"preemptible": true, "revocable": true}}}"#;

    fn backfilled(t: &Tiers, job: J) -> (J, Option<String>) {
        let mut job = job;
        let w = t.backfill(&mut job);
        (job, w)
    }

    #[test]
    fn aurora_default_file_reads_as_the_default_tiers() {
        assert_eq!(Tiers::parse(DEFAULT).unwrap(), Tiers::aurora_default());
    }

    #[test]
    fn backfill_follows_the_client() {
        let t = Tiers::aurora_default();
        let (j, w) = backfilled(&t, json!({"production": false}));
        assert_eq!(
            (j, w),
            (json!({"production": false, "tier": "preemptible"}), None)
        );
        let (j, _) = backfilled(&t, json!({"production": true}));
        assert_eq!(j, json!({"production": true, "tier": "preferred"}));
        let (j, _) = backfilled(&t, json!({"production": true, "tier": "revocable"}));
        assert_eq!(j, json!({"production": false, "tier": "revocable"}));
        let (j, _) = backfilled(&t, json!({"production": false, "tier": "preferred"}));
        assert_eq!(j, json!({"production": true, "tier": "preferred"}));
        // A tier the list does not have leaves production as it is.
        let (j, _) = backfilled(&t, json!({"production": true, "tier": "gold"}));
        assert_eq!(j, json!({"production": true, "tier": "gold"}));
    }

    #[test]
    fn no_match_takes_the_default_and_several_matches_warn() {
        let t = Tiers::parse(
            r#"{"default": "spare", "tiers": {"spare": {"preemptible": true, "revocable": false},
                "cheap": {"preemptible": "TRUE", "revocable": 0}}}"#,
        )
        .unwrap();
        let (j, w) = backfilled(&t, json!({"production": true}));
        assert_eq!((j, w), (json!({"production": true, "tier": "spare"}), None));
        let (j, w) = backfilled(&t, json!({"production": false}));
        assert_eq!(j["tier"], "spare");
        assert!(w
            .unwrap()
            .contains("spare, cheap; the first in the tier file (spare)"));
    }

    #[test]
    fn any_prefix_of_a_file_is_an_error_inside_it_never_a_panic() {
        let text = DEFAULT.replace("preferred", "prÉférée");
        for (i, _) in text.char_indices() {
            let e = error(&text[..i]);
            assert!(
                e.offset.is_some_and(|o| o <= i && text.is_char_boundary(o)),
                "{i}: {e:?}"
            );
        }
        let nested = format!(
            r#"{{"default": "a", "tiers": {{"a": {{"preemptible": {}{}}}}}}}"#,
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        assert!(error(&nested).message.contains("recursion limit"));
    }

    fn error(text: &str) -> TierError {
        Tiers::parse(text).unwrap_err()
    }

    #[test]
    fn bad_files_say_what_is_wrong_and_where() {
        let e = error("{\"default\": \"a\",\n \"tiers\": {\"a\": {\"preemptible\": tru}}}");
        assert!(
            e.message
                .starts_with("the tier file is not JSON: expected ident"),
            "{e:?}"
        );
        assert_eq!(e.offset, Some(52), "serde_json points after `tru`");
        let e = error(r#"{"tiers": {"a": {"preemptible": true, "revocable": true}}}"#);
        assert!(e.message.contains("no \"default\""), "{e:?}");
        let e = error(r#"{"default": "a"}"#);
        assert!(e.message.contains("no \"tiers\""), "{e:?}");
        let e =
            error(r#"{"default": "b", "tiers": {"a": {"preemptible": true, "revocable": true}}}"#);
        assert_eq!(
            e.message,
            "the default tier \"b\" is not one of the tiers (a)"
        );
        let e = error(r#"{"default": "a", "tiers": {"a": {"preemptible": true}}}"#);
        assert!(e.message.contains("KeyError: 'revocable'"), "{e:?}");
        let e =
            error(r#"{"default": "a", "tiers": {"a": {"preemptible": "yes", "revocable": true}}}"#);
        assert!(
            e.message
                .starts_with("tier \"a\": \"preemptible\" is \"yes\", which is not a boolean"),
            "{e:?}"
        );
        let e =
            error(r#"{"default": "a", "tiers": {"a": {"preemptible": null, "revocable": true}}}"#);
        assert!(e.message.contains("is null"), "{e:?}");
        let e =
            error(r#"{"default": "a", "tiers": {"a": {"preemptable": true, "revocable": true}}}"#);
        assert!(
            e.message.contains("unknown setting \"preemptable\""),
            "{e:?}"
        );
        let e = error(
            r#"{"default": "a", "tiers": {"a": {"preemptible": true, "revocable": true}, "a": {}}}"#,
        );
        assert_eq!(e.message, "tier \"a\" is defined twice");
        let e = error(r#"{"default": "a", "tiers": {"a": 3}}"#);
        assert!(
            e.message
                .starts_with("invalid type: integer `3`, expected the settings of tier \"a\""),
            "{e:?}"
        );
        let e =
            error(r#"{"default": "a", "tiers": {"a": {"revocable": true, "revocable": false}}}"#);
        assert_eq!(e.message, "tier \"a\" gives \"revocable\" twice");
        let e = error(r#"{"default": 1, "tiers": {}}"#);
        assert!(e.message.starts_with("\"default\" is 1"), "{e:?}");
        let e = error(r#"["default"]"#);
        assert!(e.message.starts_with("invalid type: sequence"), "{e:?}");
        let e = error(r#"{"default": "a", "tier": {}}"#);
        assert!(e.message.starts_with("unknown key \"tier\""), "{e:?}");
        let e = error("");
        assert!(e.message.starts_with("the tier file is not JSON"), "{e:?}");
    }
}
