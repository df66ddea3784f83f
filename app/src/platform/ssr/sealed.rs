//! Secrets the portal uses again but never shows (an identity provider's client secret): sealed
//! with AES-256-GCM under the server's `PORTAL_SECRET_KEY`, kept outside the database, and bound
//! to what they belong to, so that a sealed value copied to another row does not open.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use rand::RngCore;

const PREFIX: &str = "v1.";

/// The server's key; never printed.
#[derive(Clone, Copy)]
pub struct Key(pub [u8; 32]);

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key(…)")
    }
}

/// Reads `PORTAL_SECRET_KEY`: 64 hexadecimal characters (32 bytes).
pub fn parse_key(text: &str) -> Option<Key> {
    let bytes = hex::decode(text.trim()).ok()?;
    bytes.try_into().ok().map(Key)
}

/// `secret` sealed for `bound_to` (a random nonce each time).
pub fn seal(key: &Key, bound_to: &str, secret: &str) -> String {
    let cipher = Aes256Gcm::new((&key.0).into());
    let mut nonce = [0u8; 12];
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    // Encrypting into a Vec fails only when the message is longer than AES-GCM allows (64 GB).
    let sealed = cipher.encrypt(Nonce::from_slice(&nonce), Payload { msg: secret.as_bytes(), aad: bound_to.as_bytes() }).unwrap_or_default();
    let mut all = nonce.to_vec();
    all.extend_from_slice(&sealed);
    format!("{PREFIX}{}", base64::engine::general_purpose::STANDARD.encode(all))
}

/// The secret, when `sealed` was sealed with `key` for `bound_to` and not altered since.
pub fn open(key: &Key, bound_to: &str, sealed: &str) -> Option<String> {
    let all = base64::engine::general_purpose::STANDARD.decode(sealed.strip_prefix(PREFIX)?).ok()?;
    if all.len() < 12 + 16 {
        return None;
    }
    let (nonce, body) = all.split_at(12);
    let cipher = Aes256Gcm::new((&key.0).into());
    let plain = cipher.decrypt(Nonce::from_slice(nonce), Payload { msg: body, aad: bound_to.as_bytes() }).ok()?;
    String::from_utf8(plain).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_secret_opens_only_with_its_key_for_what_it_is_bound_to() {
        let key = parse_key(&"0f".repeat(32)).unwrap();
        let other = parse_key(&"a1".repeat(32)).unwrap();
        let sealed = seal(&key, "org-1", "client-secret-value");
        assert!(!sealed.contains("client-secret-value"));
        assert_ne!(sealed, seal(&key, "org-1", "client-secret-value"), "a fresh nonce each time");
        assert_eq!(open(&key, "org-1", &sealed).as_deref(), Some("client-secret-value"));
        assert_eq!(open(&key, "org-2", &sealed), None, "bound to its organization");
        assert_eq!(open(&other, "org-1", &sealed), None, "another key");
        let mut tampered = sealed.clone();
        tampered.replace_range(10..11, if &sealed[10..11] == "A" { "B" } else { "A" });
        assert_eq!(open(&key, "org-1", &tampered), None);
        assert_eq!(open(&key, "org-1", "v1.AAAA"), None);
        assert!(parse_key("abc").is_none());
        assert!(parse_key(&"zz".repeat(32)).is_none());
        assert_eq!(format!("{key:?}"), "Key(…)");
    }
}
