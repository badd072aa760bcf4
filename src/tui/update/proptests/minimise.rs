//! Minimising a failing case found by the property, step by step and character by
//! character, while the same failure remains.

use super::{Case, Failure, Step, run};

/// Drops steps, then characters of typed and pasted text, while the same failure remains.
pub(super) fn minimise(mut case: Case, failure: &Failure) -> (Case, Failure) {
    let mut last = failure.clone();
    let same = |c: &Case| match run(c) {
        Err(f) if f.kind == failure.kind => Some(f),
        _ => None,
    };
    loop {
        let mut progress = false;
        for run in (1..=4).rev() {
            let mut i = 0;
            while i + run <= case.steps.len() {
                let mut fewer = case.clone();
                fewer.steps.drain(i..i + run);
                if let Some(f) = same(&fewer) {
                    (case, last, progress) = (fewer, f, true);
                } else {
                    i += 1;
                }
            }
        }
        for i in 0..case.steps.len() {
            let shorter = match &case.steps[i] {
                Step::Type(t) | Step::Paste(t) if t.chars().count() > 1 => {
                    let chars: Vec<char> = t.chars().collect();
                    (0..chars.len())
                        .map(|cut| {
                            let mut c = chars.clone();
                            c.remove(cut);
                            c.into_iter().collect::<String>()
                        })
                        .collect::<Vec<_>>()
                }
                _ => continue,
            };
            for text in shorter {
                let mut smaller = case.clone();
                smaller.steps[i] = match &case.steps[i] {
                    Step::Type(_) => Step::Type(text),
                    _ => Step::Paste(text),
                };
                if let Some(f) = same(&smaller) {
                    (case, last, progress) = (smaller, f, true);
                    break;
                }
            }
        }
        if !progress {
            return (case, last);
        }
    }
}
