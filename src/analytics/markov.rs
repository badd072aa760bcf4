//! The Markov model's removal effects, solved exactly: absorption probabilities of the chain
//! of channels by Gauss-Jordan elimination with partial pivoting.

use super::matching::FastMap;

/// The state every customer's chain starts in.
pub const START: u32 = 0;
/// The state of a conversion.
pub const CONVERSION: u32 = 1;
/// The state of a customer who did not convert (or of a removed channel).
pub const NULL: u32 = 2;

/// The state of channel `channel`.
pub fn channel_state(channel: u32) -> u32 {
    channel + 3
}

/// The key of a transition in the counts.
pub fn transition(from: u32, to: u32) -> u64 {
    (u64::from(from) << 32) | u64::from(to)
}

/// Beyond this many channels the model is left out: the solve grows with the cube of it.
pub const MAX_CHANNELS: usize = 1_000;

/// Each channel's share of the removal effects (channel id, share), given the counts of the
/// transitions between states and the channels' names (which fix the order of the solve, so
/// the result does not depend on how channels were numbered). `None` when nothing converts,
/// the chain is singular or has more than [`MAX_CHANNELS`] channels.
pub fn removal_shares(counts: &FastMap<u64, u64>, names: &[Box<str>]) -> Option<Vec<(u32, f64)>> {
    let mut channels: Vec<u32> = counts
        .keys()
        .flat_map(|&key| [(key >> 32) as u32, key as u32])
        .filter(|&state| state >= 3)
        .map(|state| state - 3)
        .collect();
    channels.sort_unstable_by(|&a, &b| names[a as usize].cmp(&names[b as usize]).then(a.cmp(&b)));
    channels.dedup();
    if channels.is_empty() || channels.len() > MAX_CHANNELS {
        return None;
    }
    // Transient states: 0 is start, 1 + i is channels[i].
    let size = channels.len() + 1;
    let mut index = FastMap::default();
    index.insert(START, 0);
    for (i, &channel) in channels.iter().enumerate() {
        index.insert(channel_state(channel), i + 1);
    }
    let mut out = vec![0u64; size];
    for (&key, &n) in counts {
        if let Some(&from) = index.get(&((key >> 32) as u32)) {
            out[from] += n;
        }
    }
    // A = I - Q and r, the one-step probabilities of conversion.
    let mut a = vec![0.0; size * size];
    let mut r = vec![0.0; size];
    for i in 0..size {
        a[i * size + i] = 1.0;
    }
    for (&key, &n) in counts {
        let (from, to) = ((key >> 32) as u32, key as u32);
        let Some(&i) = index.get(&from) else { continue };
        let p = n as f64 / out[i] as f64;
        if to == CONVERSION {
            r[i] += p;
        } else if let Some(&j) = index.get(&to) {
            a[i * size + j] -= p;
        }
    }
    let inverse = invert(a, size)?;
    // x: the probability of converting from each state; P = x(start).
    let x: Vec<f64> = (0..size)
        .map(|i| (0..size).map(|j| inverse[i * size + j] * r[j]).sum())
        .collect();
    let p = x[0];
    if p.is_nan() || p <= 0.0 {
        return None;
    }
    // Removing c keeps the paths that never visit it: P(-c) = P - h(c) x(c), where
    // h(c) = N(start, c) / N(c, c) is the probability of ever visiting c.
    let effects: Vec<f64> = (1..size)
        .map(|c| {
            let visits = inverse[c] / inverse[c * size + c];
            (visits * x[c] / p).clamp(0.0, 1.0)
        })
        .collect();
    let total: f64 = effects.iter().sum();
    if total.is_nan() || total <= 0.0 {
        return None;
    }
    Some(
        channels
            .iter()
            .zip(effects)
            .filter(|&(_, effect)| effect > 0.0)
            .map(|(&channel, effect)| (channel, effect / total))
            .collect(),
    )
}

/// The inverse of the `size`×`size` row-major matrix `a`, or `None` when it is singular.
fn invert(mut a: Vec<f64>, size: usize) -> Option<Vec<f64>> {
    let mut inverse = vec![0.0; size * size];
    for i in 0..size {
        inverse[i * size + i] = 1.0;
    }
    for col in 0..size {
        let pivot = (col..size)
            .max_by(|&x, &y| a[x * size + col].abs().total_cmp(&a[y * size + col].abs()))?;
        let value = a[pivot * size + col];
        if value.is_nan() || value.abs() <= 1e-300 {
            return None;
        }
        if pivot != col {
            for k in 0..size {
                a.swap(pivot * size + k, col * size + k);
                inverse.swap(pivot * size + k, col * size + k);
            }
        }
        for k in 0..size {
            a[col * size + k] /= value;
            inverse[col * size + k] /= value;
        }
        for row in 0..size {
            let factor = a[row * size + col];
            if row == col || factor == 0.0 {
                continue;
            }
            for k in 0..size {
                a[row * size + k] -= factor * a[col * size + k];
                inverse[row * size + k] -= factor * inverse[col * size + k];
            }
        }
    }
    Some(inverse)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Counts from chains of states (channel ids), each ending in conversion or null.
    fn counts(chains: &[(&[u32], bool)]) -> FastMap<u64, u64> {
        let mut counts = FastMap::default();
        for (channels, converted) in chains {
            let mut from = START;
            for &c in *channels {
                *counts
                    .entry(transition(from, channel_state(c)))
                    .or_default() += 1;
                from = channel_state(c);
            }
            let end = if *converted { CONVERSION } else { NULL };
            *counts.entry(transition(from, end)).or_default() += 1;
        }
        counts
    }

    fn names(n: usize) -> Vec<Box<str>> {
        (0..n).map(|i| format!("c{i}").into()).collect()
    }

    /// P(conversion) of the chain with `removed` sent to null, solved directly: the
    /// reference the removal formula is checked against.
    fn direct(counts: &FastMap<u64, u64>, channels: usize, removed: Option<u32>) -> f64 {
        let size = channels + 1;
        let state = |s: u32| {
            if s == START {
                Some(0)
            } else if s >= 3 {
                Some((s - 3) as usize + 1)
            } else {
                None
            }
        };
        let mut out = vec![0u64; size];
        for (&key, &n) in counts {
            out[state((key >> 32) as u32).unwrap()] += n;
        }
        let mut a = vec![0.0; size * size];
        let mut r = vec![0.0; size];
        for i in 0..size {
            a[i * size + i] = 1.0;
        }
        for (&key, &n) in counts {
            let (from, to) = (state((key >> 32) as u32).unwrap(), key as u32);
            let p = n as f64 / out[from] as f64;
            if to == CONVERSION {
                r[from] += p;
            } else if let Some(j) = state(to)
                && Some(to) != removed.map(channel_state)
            {
                a[from * size + j] -= p;
            }
        }
        let inverse = invert(a, size).unwrap();
        (0..size).map(|j| inverse[j] * r[j]).sum()
    }

    #[test]
    fn three_channels_solved_by_hand() {
        // Chains (0 = a, 1 = b, 2 = c):
        //   a b conv, a conv, b null, c a conv, c null, a c null
        // start: a 3/6... no: starts are a, a, b, c, c, a → a 3/6, b 1/6, c 2/6.
        // a → b 1/4, conv 2/4, c 1/4 (a appears 4 times as a from-state).
        // b → conv 1/2, null 1/2.  c → a 1/3, null 2/3.
        // x(b) = 1/2; x(a) = 1/4·x(b) + 1/2 + 1/4·x(c); x(c) = 1/3·x(a).
        //   x(a) = 1/8 + 1/2 + x(a)/12 → x(a)·11/12 = 5/8 → x(a) = 15/22; x(c) = 5/22.
        // P = 1/2·15/22 + 1/6·1/2 + 1/3·5/22 = 45/132 + 11/132 + 10/132 = 66/132 = 1/2.
        // Without a: only b from start converts: P = 1/6·1/2 = 1/12 → RE(a) = 1 - 1/6 = 5/6.
        // Without b: x(a) = 1/2 + x(c)/4, x(c) = x(a)/3 → x(a) = 6/11, x(c) = 2/11;
        //   P = 1/2·6/11 + 1/3·2/11 = 9/33 + 2/33 = 1/3 → RE(b) = 1/3.
        // Without c: x(a) = 1/8 + 1/2 = 5/8; P = 1/2·5/8 + 1/12 = 19/48 → RE(c) = 5/24.
        // Σ RE = 20/24 + 8/24 + 5/24 = 33/24: shares 20/33, 8/33, 5/33.
        let chains: [(&[u32], bool); 6] = [
            (&[0, 1], true),
            (&[0], true),
            (&[1], false),
            (&[2, 0], true),
            (&[2], false),
            (&[0, 2], false),
        ];
        let counts = counts(&chains);
        let shares = removal_shares(&counts, &names(3)).unwrap();
        let wanted = [(0, 20.0 / 33.0), (1, 8.0 / 33.0), (2, 5.0 / 33.0)];
        assert_eq!(shares.len(), 3);
        for ((channel, share), (c, w)) in shares.iter().zip(wanted) {
            assert_eq!(*channel, c);
            assert!((share - w).abs() < 1e-12, "{channel}: {share} vs {w}");
        }
        assert!((direct(&counts, 3, None) - 0.5).abs() < 1e-12);
        assert!((direct(&counts, 3, Some(2)) - 19.0 / 48.0).abs() < 1e-12);
    }

    #[test]
    fn the_removal_formula_agrees_with_solving_each_removal() {
        let mut rng = fastrand::Rng::with_seed(7);
        for _ in 0..50 {
            let n = rng.usize(1..6);
            let chains: Vec<(Vec<u32>, bool)> = (0..rng.usize(1..30))
                .map(|_| {
                    let len = rng.usize(1..6);
                    let mut chain: Vec<u32> = (0..len).map(|_| rng.u32(0..n as u32)).collect();
                    chain.dedup();
                    (chain, rng.bool())
                })
                .collect();
            let refs: Vec<(&[u32], bool)> =
                chains.iter().map(|(c, v)| (c.as_slice(), *v)).collect();
            let counts = counts(&refs);
            let p = direct(&counts, n, None);
            let Some(shares) = removal_shares(&counts, &names(n)) else {
                assert!(p <= 1e-12 || chains.iter().all(|c| !c.1));
                continue;
            };
            let effects: Vec<(u32, f64)> = (0..n as u32)
                .map(|c| (c, 1.0 - direct(&counts, n, Some(c)) / p))
                .collect();
            let total: f64 = effects.iter().map(|e| e.1).sum();
            for (channel, share) in &shares {
                let wanted = effects[*channel as usize].1 / total;
                assert!((share - wanted).abs() < 1e-9, "{share} vs {wanted}");
            }
            let sum: f64 = shares.iter().map(|s| s.1).sum();
            assert!((sum - 1.0).abs() < 1e-9);
        }
    }

    #[test]
    fn nothing_converting_or_nothing_at_all_gives_none() {
        let chains: [(&[u32], bool); 2] = [(&[0, 1], false), (&[1], false)];
        assert_eq!(removal_shares(&counts(&chains), &names(2)), None);
        assert_eq!(removal_shares(&FastMap::default(), &names(0)), None);
        assert_eq!(invert(vec![1.0, 2.0, 2.0, 4.0], 2), None, "singular");
    }
}
