//! The server's two secrets and everything keyed by them: receipt-code hashes, idempotency
//! records (hashed keys, encrypted stored answers) and, later, staff tokens.
//!
//! A secret not given in the settings is generated into the data directory on first start. That
//! serves one instance; instances that share a database must be given the same secrets.

use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::io::Write;
use std::path::Path;

type HmacSha256 = Hmac<Sha256>;

#[derive(Debug, thiserror::Error)]
pub enum SecretsError {
    #[error("cannot read or write the secret file {path}: {source}")]
    File { path: String, source: std::io::Error },
    #[error("the secret file {0} is damaged: delete it only if no data depends on it")]
    Damaged(String),
    #[error("the operating system's random number generator failed: {0}")]
    Random(String),
}

#[derive(Debug, thiserror::Error)]
#[error("a stored answer could not be decrypted")]
pub struct DecryptError;

/// Fills a buffer from the operating system's CSPRNG.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], SecretsError> {
    let mut buf = [0u8; N];
    getrandom::fill(&mut buf).map_err(|e| SecretsError::Random(e.to_string()))?;
    Ok(buf)
}

pub struct Secrets {
    receipt_key: Vec<u8>,
    jwt_secret: Vec<u8>,
    /// Whether any secret came from the data directory rather than the settings.
    pub generated: bool,
}

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Secrets").field("generated", &self.generated).finish_non_exhaustive()
    }
}

fn load_or_generate(data_dir: &Path, name: &str) -> Result<Vec<u8>, SecretsError> {
    let path = data_dir.join(name);
    let shown = path.display().to_string();
    let io = |source| SecretsError::File { path: shown.clone(), source };
    std::fs::create_dir_all(data_dir).map_err(io)?;
    match std::fs::read_to_string(&path) {
        Ok(text) => hex::decode(text.trim()).ok().filter(|k| k.len() >= 32).ok_or(SecretsError::Damaged(shown.clone())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let key = random_bytes::<32>()?;
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            match options.open(&path) {
                Ok(mut file) => {
                    file.write_all(hex::encode(key).as_bytes()).map_err(io)?;
                    file.sync_all().map_err(io)?;
                    Ok(key.to_vec())
                }
                // Another process created it first: use theirs.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => load_or_generate(data_dir, name),
                Err(e) => Err(io(e)),
            }
        }
        Err(e) => Err(io(e)),
    }
}

impl Secrets {
    pub fn load(receipt_key: Option<&str>, jwt_secret: Option<&str>, data_dir: &Path) -> Result<Self, SecretsError> {
        let generated = receipt_key.is_none() || jwt_secret.is_none();
        let receipt_key = match receipt_key {
            Some(k) => k.as_bytes().to_vec(),
            None => load_or_generate(data_dir, "receipt.key")?,
        };
        let jwt_secret = match jwt_secret {
            Some(k) => k.as_bytes().to_vec(),
            None => load_or_generate(data_dir, "jwt.secret")?,
        };
        Ok(Self { receipt_key, jwt_secret, generated })
    }

    /// For tests and tools that need fixed secrets.
    pub fn from_keys(receipt_key: &[u8], jwt_secret: &[u8]) -> Self {
        Self { receipt_key: receipt_key.to_vec(), jwt_secret: jwt_secret.to_vec(), generated: false }
    }

    pub fn jwt_secret(&self) -> &[u8] {
        &self.jwt_secret
    }

    /// HMAC-SHA-256 under the receipt key, with a purpose label so that one use's output can never
    /// stand in for another's.
    fn mac(&self, purpose: &str, parts: &[&[u8]]) -> HmacSha256 {
        // HMAC takes keys of any length: this cannot fail.
        let mut mac = <HmacSha256 as Mac>::new_from_slice(&self.receipt_key).unwrap_or_else(|_| unreachable!());
        mac.update(purpose.as_bytes());
        for part in parts {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part);
        }
        mac
    }

    pub fn receipt_hash(&self, reference: &str, code: &str) -> String {
        hex::encode(self.mac("receipt", &[reference.as_bytes(), code.as_bytes()]).finalize().into_bytes())
    }

    /// The tag of a CSRF token: binds a per-render nonce to the browser's CSRF cookie, so that a
    /// token is worthless in another browser and differs on every page (nothing for a
    /// compression side channel to learn across responses).
    pub fn csrf_tag(&self, cookie: &str, nonce: &str) -> String {
        hex::encode(&self.mac("csrf", &[cookie.as_bytes(), nonce.as_bytes()]).finalize().into_bytes()[..16])
    }

    /// Compares in constant time.
    pub fn csrf_matches(&self, cookie: &str, nonce: &str, tag_hex: &str) -> bool {
        hex::decode(tag_hex).is_ok_and(|tag| {
            tag.len() == 16
                && self.mac("csrf", &[cookie.as_bytes(), nonce.as_bytes()]).verify_truncated_left(&tag).is_ok()
        })
    }

    /// Compares in constant time.
    pub fn receipt_matches(&self, reference: &str, code: &str, stored_hex: &str) -> bool {
        hex::decode(stored_hex).is_ok_and(|stored| {
            self.mac("receipt", &[reference.as_bytes(), code.as_bytes()]).verify_slice(&stored).is_ok()
        })
    }

    /// The database key of an idempotency record: the raw key never reaches the database.
    pub fn idempotency_key_hash(&self, scope: &str, key: &str) -> String {
        hex::encode(self.mac("idempotency-key", &[scope.as_bytes(), key.as_bytes()]).finalize().into_bytes())
    }

    pub fn idempotency_request_hash(&self, scope: &str, body: &[u8]) -> String {
        hex::encode(self.mac("idempotency-request", &[scope.as_bytes(), body]).finalize().into_bytes())
    }

    /// The key that encrypts a stored answer is derived from the Idempotency-Key itself, so the
    /// stored row alone reveals nothing (not the receipt code in it).
    fn idempotency_cipher(&self, key: &str) -> ChaCha20Poly1305 {
        let derived = self.mac("idempotency-cipher", &[key.as_bytes()]).finalize().into_bytes();
        ChaCha20Poly1305::new(Key::from_slice(&derived))
    }

    fn mail_cipher(&self, message_id: &str) -> ChaCha20Poly1305 {
        let derived = self.mac("mail-secret", &[message_id.as_bytes()]).finalize().into_bytes();
        ChaCha20Poly1305::new(Key::from_slice(&derived))
    }

    /// Seals a secret an email carries (a receipt code) to that email's Message-ID.
    pub fn seal_mail_secret(&self, message_id: &str, secret: &str) -> Result<(Vec<u8>, Vec<u8>), SecretsError> {
        let nonce = random_bytes::<12>()?;
        let sealed = self
            .mail_cipher(message_id)
            .encrypt(Nonce::from_slice(&nonce), secret.as_bytes())
            .map_err(|_| SecretsError::Random("encryption failed".into()))?;
        Ok((nonce.to_vec(), sealed))
    }

    pub fn open_mail_secret(&self, message_id: &str, nonce: &[u8], sealed: &[u8]) -> Result<String, DecryptError> {
        if nonce.len() != 12 {
            return Err(DecryptError);
        }
        let plain = self.mail_cipher(message_id).decrypt(Nonce::from_slice(nonce), sealed).map_err(|_| DecryptError)?;
        String::from_utf8(plain).map_err(|_| DecryptError)
    }

    pub fn seal_answer(&self, key: &str, plaintext: &[u8]) -> Result<(Vec<u8>, Vec<u8>), SecretsError> {
        let nonce = random_bytes::<12>()?;
        let sealed = self
            .idempotency_cipher(key)
            .encrypt(Nonce::from_slice(&nonce), plaintext)
            .map_err(|_| SecretsError::Random("encryption failed".into()))?;
        Ok((nonce.to_vec(), sealed))
    }

    pub fn open_answer(&self, key: &str, nonce: &[u8], sealed: &[u8]) -> Result<Vec<u8>, DecryptError> {
        if nonce.len() != 12 {
            return Err(DecryptError);
        }
        self.idempotency_cipher(key).decrypt(Nonce::from_slice(nonce), sealed).map_err(|_| DecryptError)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secrets() -> Secrets {
        Secrets::from_keys(&[7u8; 32], &[9u8; 32])
    }

    #[test]
    fn receipt_hash_verifies_only_the_right_code() {
        let s = secrets();
        let stored = s.receipt_hash("7KQ4-M2XH", "1234567890123456");
        assert!(s.receipt_matches("7KQ4-M2XH", "1234567890123456", &stored));
        assert!(!s.receipt_matches("7KQ4-M2XH", "1234567890123457", &stored));
        assert!(!s.receipt_matches("7KQ4-M2XJ", "1234567890123456", &stored));
        assert!(!stored.contains("1234567890123456"));
    }

    #[test]
    fn sealed_answers_open_only_with_their_key() {
        let s = secrets();
        let (nonce, sealed) = s.seal_answer("key-1", b"{\"receipt_code\":\"1234\"}").unwrap_or_default();
        assert_eq!(s.open_answer("key-1", &nonce, &sealed).ok(), Some(b"{\"receipt_code\":\"1234\"}".to_vec()));
        assert!(s.open_answer("key-2", &nonce, &sealed).is_err());
        assert!(!sealed.windows(4).any(|w| w == b"1234"));
    }

    #[test]
    fn generated_secrets_persist_in_the_data_dir() {
        let dir = std::env::temp_dir()
            .join(format!("intake-secrets-{}", hex::encode(random_bytes::<8>().unwrap_or_default())));
        let first = Secrets::load(None, None, &dir).map(|s| s.receipt_hash("A", "B")).ok();
        let second = Secrets::load(None, None, &dir).map(|s| s.receipt_hash("A", "B")).ok();
        assert!(first.is_some());
        assert_eq!(first, second);
        let _ = std::fs::remove_dir_all(dir);
    }
}
