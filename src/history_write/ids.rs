//! Values Allure makes up at the moment of writing: a report uuid (Allure 3, `randomUUID`), a
//! result uid (Allure 2, 16 hex digits) and the current time. Random bits come from std's
//! per-process randomly keyed hasher, so no extra crate is needed. No terminal dependencies.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

static COUNTER: AtomicU64 = AtomicU64::new(0);

fn random_u64() -> u64 {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    hasher.finish()
}

/// A random version-4 UUID, lowercase with dashes, as `crypto.randomUUID()` gives.
#[must_use]
pub fn random_uuid() -> String {
    let hi = random_u64();
    let lo = random_u64();
    let hi = (hi & !0xF000) | 0x4000; // version 4
    let lo = (lo & !(0xC000 << 48)) | (0x8000 << 48); // variant 10xx
    let hex = format!("{hi:016x}{lo:016x}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// A random Allure 2 result uid: 16 lowercase hex digits (`RandomUidContext`).
#[must_use]
pub fn random_uid() -> String {
    format!("{:016x}", random_u64())
}

/// Now, epoch ms.
#[must_use]
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_version_4_and_distinct() {
        let a = random_uuid();
        let b = random_uuid();
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "4");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"), "{a}");
        let uid = random_uid();
        assert_eq!(uid.len(), 16);
        assert!(uid.chars().all(|c| c.is_ascii_hexdigit()));
    }
}
