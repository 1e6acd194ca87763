//! Resolving a Docker image `NAME:TAG` to the reference Aurora's client binds
//! `{{docker.image[NAME][TAG]}}` to, the way its registry client
//! (`client/docker/docker_client.py`) asks a registry (Docker Registry HTTP API v2):
//!
//! 1. `HEAD {registry}/v2/`, the version check; on `401`, the auth challenge is solved and the
//!    check repeated with the token;
//! 2. `HEAD {registry}/v2/{NAME}/manifests/{TAG}` accepting a v2 manifest; on `401` the
//!    challenge is solved and the request repeated; a second `401` is a private repository;
//! 3. the result is `NAME@` + the `Docker-Content-Digest` header, after the registry's
//!    `HOST[:PORT]/` when the registry is not Docker Hub's.
//!
//! A challenge is `Www-Authenticate: Bearer realm="…",service="…",scope="…"`: `GET realm`
//! with the other parameters as the query answers `{"token": "…"}`, sent back as
//! `Authorization: Bearer …`. A `Basic` challenge is not supported (nor by Aurora).

/// The registry Aurora's clusters use when `clusters.json` names none (`docker_registry`).
pub const DEFAULT_REGISTRY: &str = "https://registry-1.docker.io";

const MANIFEST_V2: &str = "application/vnd.docker.distribution.manifest.v2+json";

/// The largest token response read.
const MAX_TOKEN_RESPONSE: u64 = 1 << 20;

/// A registry URL as written, without a trailing `/`; it must be `http://` or `https://`
/// with a host.
pub fn registry_url(url: &str) -> Result<String, String> {
    let trimmed = url.trim_end_matches('/');
    match netloc(trimmed) {
        Some(host) if !host.is_empty() => Ok(trimmed.to_string()),
        _ => Err(format!(
            "{url:?} is not a registry URL (https://HOST[:PORT], as clusters.json's docker_registry)"
        )),
    }
}

/// The `HOST[:PORT]` of an `http(s)://` URL.
fn netloc(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    Some(rest.split(['/', '?', '#']).next().unwrap_or(""))
}

/// The reference a registry's digest makes: `NAME@DIGEST`, after `HOST[:PORT]/` for any
/// registry but the default one.
pub fn reference(registry: &str, name: &str, digest: &str) -> String {
    if registry == DEFAULT_REGISTRY {
        format!("{name}@{digest}")
    } else {
        format!("{}/{name}@{digest}", netloc(registry).unwrap_or(registry))
    }
}

/// A `Bearer` challenge's parameters (`realm` and the rest, in order), from a
/// `Www-Authenticate` header.
pub fn bearer_challenge(header: &str) -> Result<Vec<(String, String)>, String> {
    let header = header.trim();
    let (scheme, params) = header.split_once(' ').unwrap_or((header, ""));
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err(format!(
            "the registry asks for {scheme} authentication, which is not supported (only Bearer tokens)"
        ));
    }
    let mut out = Vec::new();
    let mut rest = params.trim();
    while !rest.is_empty() {
        let (key, after) = rest
            .split_once('=')
            .ok_or_else(|| format!("cannot read the registry's challenge {header:?}"))?;
        let (value, after) = match after.strip_prefix('"') {
            Some(quoted) => {
                let end = quoted
                    .find('"')
                    .ok_or_else(|| format!("cannot read the registry's challenge {header:?}"))?;
                (&quoted[..end], &quoted[end + 1..])
            }
            None => after.split_once(',').map_or((after, ""), |(v, a)| (v, a)),
        };
        out.push((key.trim().to_string(), value.to_string()));
        rest = after.trim_start_matches([',', ' ']).trim();
    }
    if !out.iter().any(|(k, _)| k == "realm") {
        return Err(format!(
            "the registry's challenge {header:?} names no realm"
        ));
    }
    Ok(out)
}

/// One registry conversation (an agent with the timeouts of downloads, statuses read, not
/// raised).
struct Registry {
    agent: ureq::Agent,
    url: String,
}

impl Registry {
    fn head(
        &self,
        url: &str,
        token: Option<&str>,
    ) -> Result<ureq::http::Response<ureq::Body>, String> {
        let mut r = self.agent.head(url).header("Accept", MANIFEST_V2);
        if let Some(t) = token {
            r = r.header("Authorization", format!("Bearer {t}"));
        }
        r.call().map_err(|e| format!("cannot reach {url}: {e}"))
    }

    /// Solves the challenge of a `401` response: the token its realm gives.
    fn token(&self, response: &ureq::http::Response<ureq::Body>) -> Result<String, String> {
        let header = response
            .headers()
            .get("www-authenticate")
            .and_then(|v| v.to_str().ok())
            .ok_or("the registry answers 401 without a Www-Authenticate challenge")?;
        let params = bearer_challenge(header)?;
        let realm = &params
            .iter()
            .find(|(k, _)| k == "realm")
            .expect("checked")
            .1;
        let mut get = self.agent.get(realm.as_str());
        for (k, v) in params.iter().filter(|(k, _)| k != "realm") {
            get = get.query(k, v);
        }
        let mut got = get
            .call()
            .map_err(|e| format!("cannot get a token from {realm}: {e}"))?;
        if got.status() != 200 {
            return Err(format!(
                "the token service {realm} answers {}",
                got.status()
            ));
        }
        let body = got
            .body_mut()
            .with_config()
            .limit(MAX_TOKEN_RESPONSE)
            .read_to_string()
            .map_err(|e| format!("cannot read the token from {realm}: {e}"))?;
        let json: serde_json::Value = serde_json::from_str(&body)
            .map_err(|e| format!("the token service {realm} answers no JSON: {e}"))?;
        json.get("token")
            .and_then(|t| t.as_str())
            .map(String::from)
            .ok_or_else(|| format!("the token service {realm} answers no \"token\""))
    }

    /// `HEAD url`, solving one challenge; the final response.
    fn head_authorized(&self, url: &str) -> Result<ureq::http::Response<ureq::Body>, String> {
        let first = self.head(url, None)?;
        if first.status() != 401 {
            return Ok(first);
        }
        let token = self.token(&first)?;
        self.head(url, Some(&token))
    }
}

/// Resolves `NAME:TAG` on `registry` (a [`registry_url`]) to `[HOST[:PORT]/]NAME@sha256:…`.
pub fn resolve(registry: &str, name: &str, tag: &str) -> Result<String, String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_connect(Some(super::lock::STALL))
        .timeout_recv_response(Some(super::lock::STALL))
        .timeout_per_read(Some(super::lock::STALL))
        .build()
        .into();
    let r = Registry {
        agent,
        url: registry.to_string(),
    };
    let version = format!("{}/v2/", r.url);
    let v = r.head_authorized(&version)?;
    if v.status() != 200 {
        return Err(format!(
            "{} is not a Docker registry (v2): {version} answers {}",
            r.url,
            v.status()
        ));
    }
    let manifest = format!("{}/v2/{name}/manifests/{tag}", r.url);
    let m = r.head_authorized(&manifest)?;
    match m.status().as_u16() {
        200 => {}
        401 => return Err(format!("Private Docker repository - {name}:{tag}")),
        404 => {
            return Err(format!(
                "{name}:{tag} is not in {} ({manifest} answers 404)",
                r.url
            ))
        }
        s => return Err(format!("{manifest} answers {s}")),
    }
    let digest = m
        .headers()
        .get("docker-content-digest")
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| format!("{manifest} answers without a Docker-Content-Digest"))?;
    let pinned = reference(&r.url, name, digest);
    super::lock::check_image_pin(&format!("{name}:{tag}"), &pinned)
        .map_err(|e| format!("the registry's digest: {e}"))?;
    Ok(pinned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn challenges_and_references() {
        let c = bearer_challenge(
            r#"Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull""#,
        )
        .unwrap();
        assert_eq!(
            c,
            vec![
                ("realm".into(), "https://auth.docker.io/token".into()),
                ("service".into(), "registry.docker.io".into()),
                ("scope".into(), "repository:library/nginx:pull".into()),
            ]
        );
        assert!(bearer_challenge(r#"Basic realm="x""#)
            .unwrap_err()
            .contains("not supported"));
        assert!(bearer_challenge(r#"Bearer service="x""#).is_err());
        assert_eq!(
            reference(DEFAULT_REGISTRY, "library/nginx", "sha256:ab"),
            "library/nginx@sha256:ab"
        );
        assert_eq!(
            reference("http://127.0.0.1:5000", "acme/web", "sha256:ab"),
            "127.0.0.1:5000/acme/web@sha256:ab"
        );
        assert_eq!(
            registry_url("https://registry.example.com/").unwrap(),
            "https://registry.example.com"
        );
        assert!(registry_url("registry.example.com").is_err());
        assert!(registry_url("https://").is_err());
    }
}
