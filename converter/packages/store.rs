//! Nix store paths, computed as Nix computes them: a flat fixed-output input's path follows
//! from its hash and name alone, so a mapping can name the store path before anything is built.

use sha2::{Digest, Sha256};

const NIXBASE32: &[u8; 32] = b"0123456789abcdfghijklmnpqrsvwxyz";

/// Nix's base-32 encoding.
pub fn nixbase32(bytes: &[u8]) -> String {
    let n = bytes.len();
    let len = (8 * n).div_ceil(5);
    let mut out = String::with_capacity(len);
    for k in (0..len).rev() {
        let b = 5 * k;
        let (i, j) = (b / 8, b % 8);
        let lo = bytes[i] as u16 >> j;
        let hi = if i + 1 < n {
            (bytes[i + 1] as u16) << (8 - j)
        } else {
            0
        };
        out.push(NIXBASE32[((lo | hi) & 31) as usize] as char);
    }
    out
}

/// The longest store path name Nix accepts.
pub const MAX_NAME: usize = 211;

/// Whether Nix accepts `c` in a store path name.
pub fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "+-._?=".contains(c)
}

/// Checks a store path name as Nix does: letters, digits and `+-._?=`, not starting with `.`,
/// at most [`MAX_NAME`] characters.
pub fn check_name(name: &str) -> Result<(), String> {
    if name.is_empty()
        || name.starts_with('.')
        || name.len() > MAX_NAME
        || !name.chars().all(is_name_char)
    {
        return Err(format!(
            "{name:?} is not a valid store path name (letters, digits and + - . _ ? =, not starting with `.`, at most {MAX_NAME} characters)"
        ));
    }
    Ok(())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The store path of a flat fixed-output input (`fetchurl`, `builtins.path { recursive = false; }`).
pub fn store_path_flat(algo: &str, digest_hex: &str, name: &str) -> String {
    let inner = hex(&Sha256::digest(
        format!("fixed:out:{algo}:{digest_hex}:").as_bytes(),
    ));
    let full = Sha256::digest(format!("output:out:sha256:{inner}:/nix/store:{name}").as_bytes());
    let mut c = [0u8; 20];
    for (i, b) in full.iter().enumerate() {
        c[i % 20] ^= b;
    }
    format!("/nix/store/{}-{name}", nixbase32(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_paths_match_nix() {
        // `nix-store --print-fixed-path sha256 <sha256 of "hello\n"> hello.txt` with Nix 2.8.
        let p = store_path_flat(
            "sha256",
            "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03",
            "hello.txt",
        );
        assert_eq!(p, "/nix/store/gy454w1cxaq731grqwylhzf4pp9r5izh-hello.txt");
        // `nix-store --print-fixed-path md5 41a674... hello_world.py`.
        let p = store_path_flat("md5", "41a67498ef7735d00bff7df1fc5d12d2", "hello_world.py");
        assert_eq!(
            p,
            "/nix/store/3m0wj2qpm2sp16h6mqign4vdq2n4wcxm-hello_world.py"
        );
    }
}
