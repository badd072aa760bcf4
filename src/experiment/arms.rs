//! Splitting one events file into one per arm by an arm column, so each arm goes through the
//! same reader and funnel engine as `cjm analyze` (src/analytics/) unchanged. CSV keeps its
//! header without the arm column; JSON Lines drop the arm field. Arms come in order of first
//! appearance. The file is held in memory, arm by arm.

/// The events of each arm, `(arm, events in the file's own format)`, in order of first
/// appearance; a row without an arm is an error naming its line.
pub fn split_by_arm(text: &str, column: &str) -> Result<Vec<(String, String)>, String> {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    if first.trim_start().starts_with('{') {
        split_json_lines(text, column)
    } else {
        split_csv(text, column)
    }
}

fn arm_slot<'a>(arms: &'a mut Vec<(String, String)>, name: &str) -> &'a mut String {
    let at = match arms.iter().position(|(a, _)| a == name) {
        Some(at) => at,
        None => {
            arms.push((name.to_string(), String::new()));
            arms.len() - 1
        }
    };
    &mut arms[at].1
}

fn split_csv(text: &str, column: &str) -> Result<Vec<(String, String)>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| format!("the events' header cannot be read: {e}"))?
        .clone();
    let Some(at) = header.iter().position(|h| h.trim() == column) else {
        return Err(format!(
            "the events have no column “{column}” (columns: {})",
            header.iter().collect::<Vec<_>>().join(", ")
        ));
    };
    let keep = |record: &csv::StringRecord| -> csv::StringRecord {
        record
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != at)
            .map(|(_, f)| f)
            .collect()
    };
    let line = |fields: &csv::StringRecord| -> Result<String, String> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(fields).map_err(|e| e.to_string())?;
        let bytes = writer.into_inner().map_err(|e| e.to_string())?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    };
    let header_line = line(&keep(&header))?;
    let mut arms: Vec<(String, String)> = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("line {}: {e}", index + 2))?;
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let arm = record.get(at).unwrap_or("").trim();
        if arm.is_empty() {
            return Err(format!("line {}: no arm in column “{column}”", index + 2));
        }
        let slot = arm_slot(&mut arms, arm);
        if slot.is_empty() {
            slot.push_str(&header_line);
        }
        slot.push_str(&line(&keep(&record))?);
    }
    Ok(arms)
}

fn split_json_lines(text: &str, column: &str) -> Result<Vec<(String, String)>, String> {
    let mut arms: Vec<(String, String)> = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        if raw.trim().is_empty() {
            continue;
        }
        let mut value: serde_json::Value = serde_json::from_str(raw)
            .map_err(|e| format!("line {}: not a JSON object: {e}", index + 1))?;
        let arm = value
            .as_object_mut()
            .and_then(|o| o.remove(column))
            .map(|v| match v {
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            })
            .filter(|a| !a.trim().is_empty())
            .ok_or_else(|| format!("line {}: no arm in field “{column}”", index + 1))?;
        let slot = arm_slot(&mut arms, arm.trim());
        slot.push_str(&value.to_string());
        slot.push('\n');
    }
    Ok(arms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_go_to_their_arm_without_the_column() {
        let text = "customer_id,arm,timestamp,event\nc1,A,2026-01-01T00:00:00Z,view\n\
                    c2,B,2026-01-01T00:00:00Z,\"view, again\"\nc3,A,2026-01-02T00:00:00Z,buy\n";
        let arms = split_by_arm(text, "arm").unwrap();
        assert_eq!(arms.len(), 2);
        assert_eq!(arms[0].0, "A");
        assert_eq!(
            arms[0].1,
            "customer_id,timestamp,event\nc1,2026-01-01T00:00:00Z,view\nc3,2026-01-02T00:00:00Z,buy\n"
        );
        assert_eq!(
            arms[1].1,
            "customer_id,timestamp,event\nc2,2026-01-01T00:00:00Z,\"view, again\"\n"
        );
        assert!(
            split_by_arm(text, "variant")
                .unwrap_err()
                .contains("no column “variant”")
        );
        let missing = "customer_id,arm\nc1,\n";
        assert_eq!(
            split_by_arm(missing, "arm").unwrap_err(),
            "line 2: no arm in column “arm”"
        );
    }

    #[test]
    fn json_lines_drop_the_arm_field() {
        let text = "{\"customer_id\":\"c1\",\"arm\":\"B\"}\n\n{\"customer_id\":\"c2\",\"arm\":1}\n";
        let arms = split_by_arm(text, "arm").unwrap();
        assert_eq!(arms[0], ("B".into(), "{\"customer_id\":\"c1\"}\n".into()));
        assert_eq!(arms[1].0, "1");
        assert!(
            split_by_arm("{\"a\":1}\n", "arm")
                .unwrap_err()
                .contains("line 1")
        );
    }
}
