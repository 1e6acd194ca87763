//! `aurora2nix.lock`: the human-edited map from what a config fetches to where Nix fetches it.
//!
//! Sources no Nix fetcher can reach (`hdfs://...`, `host:/path`, Packer templates, URLs that are
//! still `{{templates}}`) are mapped here to a fetchable URL and a hash. `aurora2nix lock` fills
//! missing hashes by downloading. The file is JSON with sorted keys, reviewed like gomod2nix's.
//!
//! `docker` pins the images `{{docker.image[NAME][TAG]}}` refs name: `NAME:TAG` → the
//! reference the registry resolved it to, `[HOST[:PORT]/]NAME@sha256:<64 hex>`, which every
//! evaluation binds the ref to (Aurora's client asks the registry at submit time). A file
//! without `docker` (written before it existed) reads as pinning no image, and a lock without
//! images is written without the key.
//!
//! ```json
//! {
//!   "version": 1,
//!   "sources": {
//!     "hdfs://nn/apps/app-1.0.tar.gz": {
//!       "url": "https://artifacts.example.com/app-1.0.tar.gz",
//!       "hash": "sha256-..."
//!     }
//!   },
//!   "docker": {
//!     "library/nginx:1.25": "library/nginx@sha256:..."
//!   }
//! }
//! ```

use base64::Engine;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The lock file's name, looked up in the directory `convert` is pointed at.
pub const FILE_NAME: &str = "aurora2nix.lock";

/// One mapped source.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct LockEntry {
    /// Where Nix fetches the content.
    pub url: String,
    /// SRI hash (`sha256-<base64>`); empty until `aurora2nix lock` fills it.
    #[serde(default)]
    pub hash: String,
    /// The store path name (default: the file name the config fetched).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl LockEntry {
    /// The hash as (algorithm, lowercase hex).
    pub fn algo_hex(&self) -> Result<(String, String), String> {
        if self.hash.is_empty() {
            return Err("no hash yet: run `aurora2nix lock`".into());
        }
        parse_hash(&self.hash)
    }
}

/// The whole lock file.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Lock {
    pub version: u32,
    pub sources: BTreeMap<String, LockEntry>,
    /// Docker image pins: `NAME:TAG` → `[HOST[:PORT]/]NAME@sha256:<64 hex>`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub docker: BTreeMap<String, String>,
}

impl Lock {
    /// Reads a lock file; a missing file is an empty lock.
    pub fn load(path: &Path) -> Result<Lock, String> {
        match std::fs::read_to_string(path) {
            Ok(text) => {
                let lock: Lock =
                    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
                for (source, entry) in &lock.sources {
                    if let Some(name) = &entry.name {
                        super::store::check_name(name).map_err(|e| {
                            format!("{}: the entry for {source:?}: name {e}", path.display())
                        })?;
                    }
                }
                for (image, reference) in &lock.docker {
                    check_image_pin(image, reference).map_err(|e| {
                        format!("{}: the docker entry {image:?}: {e}", path.display())
                    })?;
                }
                Ok(lock)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Lock {
                version: 1,
                ..Lock::default()
            }),
            Err(e) => Err(format!("{}: {e}", path.display())),
        }
    }

    /// The file's text (pretty, sorted, newline-terminated).
    pub fn to_text(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("lock serializes");
        s.push('\n');
        s
    }
}

/// Whether `text` could be a NAME or TAG inside a pystachio ref (`docker.image[NAME][TAG]`):
/// letters, digits and `_ - . /`, at least one.
fn ref_index(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-./".contains(c))
}

/// Checks a docker pin: `image` is `NAME:TAG`, and `reference` is `NAME@sha256:` and 64
/// lowercase hex digits, optionally after a registry's `HOST[:PORT]/`.
pub fn check_image_pin(image: &str, reference: &str) -> Result<(), String> {
    let (name, _tag) = image
        .rsplit_once(':')
        .filter(|(n, t)| ref_index(n) && ref_index(t))
        .ok_or("is not NAME:TAG (as in {{docker.image[NAME][TAG]}})")?;
    let bad = || {
        format!(
            "{reference:?} is not {name}@sha256:<64 hex digits> (after the registry's HOST[:PORT]/ when it is not Docker Hub)"
        )
    };
    let (before, digest) = reference.rsplit_once('@').ok_or_else(bad)?;
    let hex = digest.strip_prefix("sha256:").ok_or_else(bad)?;
    if hex.len() != 64
        || !hex
            .bytes()
            .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c))
    {
        return Err(bad());
    }
    let host = before.strip_suffix(name).ok_or_else(bad)?;
    let host_ok = host.is_empty()
        || host.strip_suffix('/').is_some_and(|h| {
            !h.is_empty()
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-.:[]".contains(c))
        });
    if !host_ok {
        return Err(bad());
    }
    Ok(())
}

fn digest_len(algo: &str) -> Option<usize> {
    Some(match algo {
        "md5" => 16,
        "sha1" => 20,
        "sha256" => 32,
        "sha512" => 64,
        _ => return None,
    })
}

/// SRI (`algo-base64`) of a hex digest.
pub fn sri(algo: &str, hex: &str) -> Result<String, String> {
    let bytes = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2).unwrap_or("zz"), 16))
        .collect::<Result<Vec<u8>, _>>()
        .map_err(|_| format!("{hex} is not hex"))?;
    if digest_len(algo) != Some(bytes.len()) {
        return Err(format!("{hex} is not a {algo} digest"));
    }
    Ok(format!(
        "{algo}-{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    ))
}

/// Parses `algo-base64` (SRI), `algo:hex` or a bare hex digest (its algorithm told by its
/// length: sha256, sha512 or sha1, as `sha256sum` and friends print them) into (algorithm, hex).
pub fn parse_hash(h: &str) -> Result<(String, String), String> {
    if h.chars().all(|c| c.is_ascii_hexdigit()) {
        if let Some(algo) = ["sha256", "sha512", "sha1"]
            .into_iter()
            .find(|a| digest_len(a).is_some_and(|n| n * 2 == h.len()))
        {
            return Ok((algo.into(), h.to_lowercase()));
        }
    }
    if let Some((algo, hex)) = h.split_once(':') {
        if digest_len(algo)
            .is_some_and(|n| hex.len() == n * 2 && hex.chars().all(|c| c.is_ascii_hexdigit()))
        {
            return Ok((algo.into(), hex.to_lowercase()));
        }
    }
    let (algo, b64) = h
        .split_once('-')
        .ok_or_else(|| format!("{h:?} is not an SRI hash (sha256-...)"))?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .map_err(|_| format!("{h:?} is not an SRI hash"))?;
    if digest_len(algo) != Some(bytes.len()) {
        return Err(format!("{h:?} is not a valid {algo} SRI hash"));
    }
    Ok((
        algo.into(),
        bytes.iter().map(|b| format!("{b:02x}")).collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_names_must_be_store_path_names() {
        let dir = std::env::temp_dir().join(format!("a2n-lock-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(FILE_NAME);
        for (name, ok) in [
            ("app-1.2.tar.gz", true),
            ("a b", false),
            (".hidden", false),
            ("x\\\"; y", false),
        ] {
            let text = format!(
                r#"{{"version": 1, "sources": {{"hdfs://x": {{"url": "https://e/x", "name": "{name}"}}}}}}"#
            );
            std::fs::write(&path, text).unwrap();
            let r = Lock::load(&path);
            assert_eq!(r.is_ok(), ok, "{name}: {r:?}");
        }
        std::fs::write(
            &path,
            format!(
                r#"{{"version": 1, "sources": {{"x": {{"url": "u", "name": "{}"}}}}}}"#,
                "a".repeat(212)
            ),
        )
        .unwrap();
        assert!(Lock::load(&path).is_err(), "too long");
    }

    #[test]
    fn docker_pins_are_checked_and_old_files_read() {
        let d = "a".repeat(64);
        for (image, reference, ok) in [
            (
                "library/nginx:1.25",
                format!("library/nginx@sha256:{d}"),
                true,
            ),
            (
                "acme/web:2.0",
                format!("registry.example.com:5000/acme/web@sha256:{d}"),
                true,
            ),
            ("acme/web:2.0", format!("other/web@sha256:{d}"), false),
            (
                "acme/web:2.0",
                format!("acme/web@sha256:{}", &d[..63]),
                false,
            ),
            (
                "acme/web:2.0",
                format!("acme/web@sha256:{}", d.to_uppercase()),
                false,
            ),
            ("acme/web:2.0", format!("acme/web@sha512:{d}"), false),
            ("acme/web:2.0", format!("acme/web:{d}"), false),
            ("acme/web:2.0", format!("a b/acme/web@sha256:{d}"), false),
            ("acme/web", format!("acme/web@sha256:{d}"), false),
        ] {
            assert_eq!(
                check_image_pin(image, &reference).is_ok(),
                ok,
                "{image} {reference}"
            );
        }
        let old: Lock = serde_json::from_str(r#"{"version": 1, "sources": {}}"#).unwrap();
        assert!(old.docker.is_empty());
        assert!(!old.to_text().contains("docker"), "no key without images");
    }

    #[test]
    fn sri_round_trips() {
        // sha256 of "hello\n", as `nix hash to-sri` prints it.
        let hex = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03";
        let s = sri("sha256", hex).unwrap();
        assert_eq!(s, "sha256-WJG1tSLV3whtD/CxEPvZ0hu0/HFjrzTQgoai6Eb2vgM=");
        assert_eq!(parse_hash(&s).unwrap(), ("sha256".into(), hex.into()));
        assert_eq!(parse_hash(&format!("sha256:{hex}")).unwrap().1, hex);
        assert!(parse_hash("sha256-bad").is_err());
        // A bare hex digest, as sha256sum prints it, in either case.
        assert_eq!(parse_hash(hex).unwrap(), ("sha256".into(), hex.into()));
        assert_eq!(parse_hash(&hex.to_uppercase()).unwrap().1, hex);
        assert!(parse_hash(&hex[..60]).is_err());
        assert!(sri("md5", hex).is_err());
    }
}

/// The largest download `lock` hashes.
pub const MAX_DOWNLOAD: u64 = 4 << 30;
/// How long a server may take to connect, to answer, or between two reads.
pub const STALL: std::time::Duration = std::time::Duration::from_secs(30);
/// After the first minute, a download slower than this on average is abandoned.
const MIN_RATE: u64 = 4 << 10;

/// Downloads `url` and returns the SRI sha256 of its content (streamed, never held in memory),
/// within [`STALL`] per step, at least [`MIN_RATE`] bytes a second after the first minute, and at
/// most [`MAX_DOWNLOAD`] bytes.
pub fn prefetch(url: &str) -> Result<String, String> {
    prefetch_within(url, STALL, MAX_DOWNLOAD)
}

/// [`prefetch`] with other bounds.
pub fn prefetch_within(url: &str, stall: std::time::Duration, max: u64) -> Result<String, String> {
    use std::io::Read;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_connect(Some(stall))
        .timeout_recv_response(Some(stall))
        .timeout_per_read(Some(stall))
        .build()
        .into();
    let response = agent
        .get(url)
        .call()
        .map_err(|e| format!("cannot download {url}: {e}"))?;
    let mut reader = response.into_body().into_with_config().limit(max).reader();
    let mut hasher = <sha2::Sha256 as sha2::Digest>::new();
    let mut buf = vec![0u8; 1 << 16];
    let started = std::time::Instant::now();
    let mut total: u64 = 0;
    loop {
        let n = reader
            .read(&mut buf)
            .map_err(|e| format!("cannot download {url}: {e} (at most {max} bytes are hashed)"))?;
        if n == 0 {
            break;
        }
        total += n as u64;
        let secs = started.elapsed().as_secs();
        if secs >= 60 && total / secs < MIN_RATE {
            return Err(format!(
                "cannot download {url}: {total} bytes in {secs} s is too slow (under {MIN_RATE} bytes/s)"
            ));
        }
        sha2::Digest::update(&mut hasher, &buf[..n]);
    }
    let digest = sha2::Digest::finalize(hasher);
    Ok(format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    ))
}

/// What `aurora2nix lock` did for one source.
#[derive(Debug, Clone, PartialEq)]
pub enum Filled {
    /// Downloaded and hashed.
    Hashed { source: String, hash: String },
    /// Needs a URL from the user.
    NeedsUrl { source: String },
    /// Download failed.
    Failed { source: String, error: String },
}

/// Fills the lock for `sources` (what configs fetch but nothing pins): adds URL sources, asks for
/// a URL for the others, and downloads every entry that has a URL but no hash.
pub fn fill(lock: &mut Lock, sources: &[String]) -> Vec<Filled> {
    lock.version = 1;
    for s in sources {
        if !lock.sources.contains_key(s) {
            let url =
                if (s.starts_with("http://") || s.starts_with("https://")) && !s.contains("{{") {
                    s.clone()
                } else {
                    String::new()
                };
            lock.sources.insert(
                s.clone(),
                LockEntry {
                    url,
                    ..LockEntry::default()
                },
            );
        }
    }
    let mut out = Vec::new();
    for (source, entry) in lock.sources.iter_mut() {
        if !entry.hash.is_empty() {
            continue;
        }
        if entry.url.is_empty() {
            out.push(Filled::NeedsUrl {
                source: source.clone(),
            });
            continue;
        }
        match prefetch(&entry.url) {
            Ok(hash) => {
                entry.hash = hash.clone();
                out.push(Filled::Hashed {
                    source: source.clone(),
                    hash,
                });
            }
            Err(error) => out.push(Filled::Failed {
                source: source.clone(),
                error,
            }),
        }
    }
    out
}
