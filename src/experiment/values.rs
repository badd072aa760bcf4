//! Value per customer: each customer's summed `value` over an arm's events, read with the
//! analytics reader (src/analytics/input.rs) that `cjm analyze` uses, so the same rows are
//! readable or skipped. A customer's rows without a value add 0.

use std::collections::HashMap;

use crate::analytics::AnalyzeError;
use crate::analytics::input::{Reader, parse_chunk};

/// Every customer's total value in `events` (CSV or JSON Lines, as `cjm analyze` reads),
/// smallest first (so sums and variances come out to the same last bit on every run, whatever
/// the order of the rows); rows that cannot be read are left out, as the analysis leaves them.
pub fn values_per_customer(name: &str, events: &[u8]) -> Result<Vec<f64>, AnalyzeError> {
    let (mut reader, format) = Reader::open(events, name, None)?;
    let mut totals: HashMap<Vec<u8>, f64> = HashMap::new();
    while let Some(chunk) = reader.next_chunk(None)? {
        parse_chunk(format, None, &chunk, |_, row| {
            if let Ok(row) = row {
                let total = totals.entry(row.customer.to_vec()).or_insert(0.0);
                if row.value.is_finite() {
                    *total += row.value;
                }
            }
        });
    }
    let mut values: Vec<f64> = totals.into_values().collect();
    values.sort_by(f64::total_cmp);
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_add_up_per_customer_and_missing_ones_count_zero() {
        let events = "customer_id,timestamp,event,value\n\
                      c1,2026-03-01T09:00:00Z,buy,10\n\
                      c1,2026-03-02T09:00:00Z,buy,2.5\n\
                      c2,2026-03-01T09:00:00Z,view,\n";
        let values = values_per_customer("test", events.as_bytes()).unwrap();
        assert_eq!(values, [0.0, 12.5]);
    }
}
