use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use rand::Rng;
use zeroize::Zeroizing;

/// Argon2id cost. [`PasswordParams::default`] follows OWASP's first recommendation
/// (19 MiB, 2 passes); tests may use [`PasswordParams::fast_for_tests`].
#[derive(Debug, Clone, Copy)]
pub struct PasswordParams {
    pub memory_kib: u32,
    pub iterations: u32,
}

impl Default for PasswordParams {
    fn default() -> Self {
        Self { memory_kib: 19 * 1024, iterations: 2 }
    }
}

impl PasswordParams {
    pub fn fast_for_tests() -> Self {
        Self { memory_kib: 1024, iterations: 1 }
    }

    fn argon2(self) -> Argon2<'static> {
        let params = Params::new(self.memory_kib, self.iterations, 1, None).expect("valid argon2 parameters");
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
    }
}

/// PHC string of an Argon2id hash. CPU-heavy: call from `spawn_blocking`.
pub fn hash_password(password: &str, params: PasswordParams) -> String {
    let salt = SaltString::generate(&mut OsRng);
    params
        .argon2()
        .hash_password(password.as_bytes(), &salt)
        .expect("hashing cannot fail with valid params")
        .to_string()
}

/// Checks a password against a stored PHC string (its own parameters are used).
/// CPU-heavy: call from `spawn_blocking`.
pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

/// A generated initial password: 20 characters from an alphabet without look-alikes
/// (about 112 bits).
pub fn generate_password() -> Zeroizing<String> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rngs::OsRng;
    Zeroizing::new((0..20).map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_and_verify() {
        let h = hash_password("correct horse", PasswordParams::fast_for_tests());
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &h));
        assert!(!verify_password("wrong horse", &h));
        assert!(!verify_password("correct horse", "not a hash"));
    }

    #[test]
    fn generated_passwords_differ() {
        let a = generate_password();
        assert_eq!(a.len(), 20);
        assert_ne!(*a, *generate_password());
    }
}
