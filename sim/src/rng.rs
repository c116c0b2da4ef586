//! A tiny PRNG: the simulator needs unpredictable-looking codes and keys, not cryptography,
//! and pulling in a rand crate would be the only reason for another dependency.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

static SEED_COUNTER: AtomicU64 = AtomicU64::new(0x9E37_79B9_7F4A_7C15);

const BASE58: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

pub struct Rng(u64);

impl Rng {
    /// Seeded from the clock and a process-wide counter, so two simulators started in the same
    /// nanosecond still diverge.
    pub fn new() -> Rng {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0);
        let bump = SEED_COUNTER.fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed);
        let mut rng = Rng(nanos ^ bump.rotate_left(17) ^ 0xD1B5_4A32_D192_ED03);
        rng.next_u64();
        rng
    }

    /// splitmix64: every seed, including 0, yields a full-period, well-mixed stream.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    pub fn digits(&mut self, len: usize) -> String {
        (0..len)
            .map(|_| char::from(b'0' + self.below(10) as u8))
            .collect()
    }

    pub fn hex(&mut self, len: usize) -> String {
        (0..len)
            .map(|_| char::from(b"0123456789abcdef"[self.below(16) as usize]))
            .collect()
    }

    pub fn alnum(&mut self, len: usize) -> String {
        const SET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        (0..len)
            .map(|_| char::from(SET[self.below(SET.len() as u64) as usize]))
            .collect()
    }

    pub fn upper(&mut self, len: usize) -> String {
        (0..len)
            .map(|_| char::from(b'A' + self.below(26) as u8))
            .collect()
    }

    /// Looks like a Matrix recovery key: base58 text starting with "Es" (the real keys' prefix
    /// bytes encode to that), 48 characters in 12 groups of 4.
    pub fn recovery_key(&mut self) -> String {
        let mut chars = String::from("Es");
        for _ in 0..46 {
            chars.push(char::from(BASE58[self.below(BASE58.len() as u64) as usize]));
        }
        group_by_four(&chars)
    }
}

pub fn group_by_four(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}
