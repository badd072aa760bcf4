//! Fuzzy filtering of a short list of names: channels to complete, commands in the palette.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

/// The items matching `query`, best first, as (index in `items`, matched char indices).
/// An empty query keeps every item in its order.
pub fn filter<S: AsRef<str>>(query: &str, items: &[S]) -> Vec<(usize, Vec<usize>)> {
    let query = query.trim();
    if query.is_empty() {
        return (0..items.len()).map(|i| (i, Vec::new())).collect();
    }
    let matcher = SkimMatcherV2::default().smart_case();
    let mut scored: Vec<(i64, usize, Vec<usize>)> = items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| {
            matcher
                .fuzzy_indices(item.as_ref(), query)
                .map(|(score, indices)| (score, i, indices))
        })
        .collect();
    // Equal scores: the shorter item first ("add KPI" before "add KPI measurement"), then
    // the order given.
    let len = |i: usize| items[i].as_ref().chars().count();
    scored.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(len(a.1).cmp(&len(b.1)))
            .then(a.1.cmp(&b.1))
    });
    scored
        .into_iter()
        .map(|(_, i, indices)| (i, indices))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_query_keeps_everything_in_order() {
        let items = ["Web", "App", "Toko fisik"];
        let all: Vec<usize> = filter("  ", &items).into_iter().map(|(i, _)| i).collect();
        assert_eq!(all, [0, 1, 2]);
    }

    #[test]
    fn best_match_first_with_indices() {
        let items = ["WhatsApp", "Website", "Toko fisik"];
        let found = filter("tk", &items);
        assert_eq!(found[0].0, 2);
        assert_eq!(found[0].1, [0, 2]);
        assert!(filter("zz", &items).is_empty());
    }

    #[test]
    fn on_equal_scores_the_shorter_item_wins() {
        let items = ["add KPI measurement", "add KPI"];
        assert_eq!(filter("add KPI", &items)[0].0, 1);
    }
}
