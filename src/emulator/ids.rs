//! Identifiers and secrets, all from the OS CSPRNG (getrandom).
//!
//! WorkOS IDs are a prefix plus a ULID (`user_01H…`: 26 Crockford base-32 characters, 48 bits of
//! milliseconds then 80 random bits); the emulator mints the same shape so code that parses or
//! pattern-matches IDs sees what production sends. Codes and refresh tokens are opaque; they get
//! 256 bits each, base64url.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

const CROCKFORD: &[u8] = crate::workos::CROCKFORD.as_bytes();

/// `n` random bytes. The OS generator failing is not something the emulator can work around.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut buf = [0u8; N];
    getrandom::fill(&mut buf).expect("the OS random number generator failed");
    buf
}

/// An opaque secret (authorization code, refresh token): 32 random bytes, base64url.
pub fn secret() -> String {
    URL_SAFE_NO_PAD.encode(random_bytes::<32>())
}

/// `prefix_` + a ULID for `unix_ms`; an empty prefix gives the bare ULID (for `jti`).
pub fn ulid(prefix: &str, unix_ms: u64) -> String {
    // 128 bits: 48 of time, 80 random; 26 characters of 5 bits (the first carries 3).
    let random = random_bytes::<10>();
    let mut value: u128 = u128::from(unix_ms & 0xFFFF_FFFF_FFFF) << 80;
    for (i, b) in random.iter().enumerate() {
        value |= u128::from(*b) << (8 * (9 - i));
    }
    let mut out = String::with_capacity(prefix.len() + 27);
    if !prefix.is_empty() {
        out.push_str(prefix);
        out.push('_');
    }
    for i in (0..26).rev() {
        out.push(CROCKFORD[((value >> (5 * i)) & 31) as usize] as char);
    }
    out
}

/// The first `chars` Crockford base-32 characters of `bytes` (5 bits each).
pub fn crockford(bytes: &[u8], chars: usize) -> String {
    let mut out = String::with_capacity(chars);
    let (mut acc, mut bits) = (0u32, 0u32);
    for b in bytes {
        acc = (acc << 8) | u32::from(*b);
        bits += 8;
        while bits >= 5 && out.len() < chars {
            bits -= 5;
            out.push(CROCKFORD[((acc >> bits) & 31) as usize] as char);
        }
        acc &= (1 << bits) - 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ulids_have_workos_shape() {
        let id = ulid("user", 1_700_000_000_000);
        assert_eq!(id.len(), "user_".len() + 26);
        assert!(id.starts_with("user_01H"), "{id}");
        assert_ne!(id, ulid("user", 1_700_000_000_000));
        // The IDs it mints pass the check init and doctor apply, up to the largest timestamp.
        for ms in [0, 1_700_000_000_000, u64::MAX] {
            let id = ulid("client", ms);
            assert_eq!(crate::workos::check_client_id(&id), Ok(()), "{id}");
        }
    }

    #[test]
    fn secrets_are_distinct() {
        assert_ne!(secret(), secret());
        assert_eq!(secret().len(), 43);
    }

    #[test]
    fn crockford_packs_bits() {
        assert_eq!(crockford(&[0xFF, 0xFF], 3), "ZZZ");
        assert_eq!(crockford(&[0, 0], 3), "000");
    }
}
