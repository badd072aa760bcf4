//! Stable ids for personas, journeys, stages, touchpoints and KPIs.

/// A fresh id such as `tp-5k2m9q0x7c4d`: a kind prefix and 60 random bits in base 32.
///
/// Ids are random rather than sequential so that two people adding cards to copies of the same
/// file on two machines never produce the same id.
pub fn new_id(prefix: &str) -> String {
    id_from_bits(prefix, fastrand::u64(..))
}

/// The id made of `prefix` and the low 60 bits of `bits`: how [`new_id`] spells its random
/// bits, and how a seeded generator makes ids that repeat from run to run.
pub fn id_from_bits(prefix: &str, mut bits: u64) -> String {
    const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";
    let mut id = String::with_capacity(prefix.len() + 13);
    id.push_str(prefix);
    id.push('-');
    for _ in 0..12 {
        id.push(ALPHABET[(bits & 31) as usize] as char);
        bits >>= 5;
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_carry_prefix_and_do_not_repeat() {
        let ids: HashSet<String> = (0..10_000).map(|_| new_id("tp")).collect();
        assert_eq!(ids.len(), 10_000);
        assert!(ids.iter().all(|id| id.starts_with("tp-") && id.len() == 15));
    }
}
