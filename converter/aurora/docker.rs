//! Aurora's Docker binding helper (`client/binding_helpers/docker_helper.py`): every
//! `{{docker.image[NAME][TAG]}}` ref left in a job is bound, after `validate_job` and the
//! standard bindings and before `validate_config`, to the image reference the cluster's
//! registry resolves `NAME:TAG` to (`[HOST[:PORT]/]NAME@sha256:…`). The client asks the
//! registry at submit time; aurora2nix binds what `aurora2nix.lock` pinned (the pins reach
//! this layer as a plain map, keyed by [`pin_key`]) and leaves an unpinned ref as written.

use pystachio::refs::Comp;
use pystachio::Ref;

/// The ref Aurora's helper binds for an image: `docker.image[NAME][TAG]`.
pub fn address(name: &str, tag: &str) -> String {
    format!("docker.image[{name}][{tag}]")
}

/// How a pin is keyed: `NAME:TAG`, as Docker names an image.
pub fn pin_key(name: &str, tag: &str) -> String {
    format!("{name}:{tag}")
}

/// The `(NAME, TAG)` of a ref that `Matcher('docker').image[Any][Any]` matches: its first four
/// components are `.docker`, `.image`, `[NAME]`, `[TAG]` (pystachio's matcher compares only as
/// many components as the pattern has, so a longer ref matches too, and the helper binds its
/// first four).
pub fn image_of(r: &Ref) -> Option<(String, String)> {
    match r.comps.as_slice() {
        [Comp::Deref(d), Comp::Deref(i), Comp::Index(name), Comp::Index(tag), ..]
            if &**d == "docker" && &**i == "image" =>
        {
            Some((name.to_string(), tag.to_string()))
        }
        _ => None,
    }
}

/// The images the unbound `refs` of a job name, each once, in order.
pub fn images(refs: &[Ref]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for image in refs.iter().filter_map(image_of) {
        if !out.contains(&image) {
            out.push(image);
        }
    }
    out
}

/// What the unpinned-image warning (`W0012`) says.
pub fn unpinned_message(name: &str, tag: &str) -> String {
    format!(
        "{{{{{}}}}} is left as written: Aurora's client resolves it when the job is submitted, from the cluster's Docker registry",
        address(name, tag)
    )
}

/// The warning's hint.
pub fn unpinned_hint(name: &str, tag: &str) -> String {
    format!(
        "`aurora2nix lock` pins {} in aurora2nix.lock (the digest the registry serves now)",
        pin_key(name, tag)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs(addresses: &[&str]) -> Vec<Ref> {
        addresses.iter().map(|a| Ref::parse(a).unwrap()).collect()
    }

    #[test]
    fn the_matcher_takes_the_first_four_components() {
        let found = images(&refs(&[
            "docker.image[library/nginx][1.25]",
            "docker.image[acme/web][2.0].x",
            "docker.image[library/nginx][1.25]",
            "docker.image[only_name]",
            "docker.tag[a][b]",
            "docker[image][a][b]",
            "mesos.instance",
        ]));
        assert_eq!(
            found,
            vec![
                ("library/nginx".to_string(), "1.25".to_string()),
                ("acme/web".to_string(), "2.0".to_string()),
            ]
        );
        assert_eq!(address("a/b", "c"), "docker.image[a/b][c]");
        assert_eq!(pin_key("a/b", "c"), "a/b:c");
        assert!(unpinned_message("a", "b").starts_with("{{docker.image[a][b]}} is left"));
    }
}
