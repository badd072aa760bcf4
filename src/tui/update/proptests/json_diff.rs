//! Where two workspaces differ, as JSON paths, for the property's failure messages.

use serde_json::Value;

use crate::model::Workspace;

/// The first few places where two workspaces differ, as JSON paths.
pub(super) fn differences(expected: &Workspace, actual: &Workspace) -> String {
    let (a, b) = (
        serde_json::to_value(expected).unwrap_or(Value::Null),
        serde_json::to_value(actual).unwrap_or(Value::Null),
    );
    let mut out = Vec::new();
    diff_values("$", &a, &b, &mut out);
    if out.is_empty() {
        // Equal as JSON but not as values: a float that JSON cannot tell apart.
        out.push(format!(
            "equal as JSON; as values:\n{expected:?}\n!=\n{actual:?}"
        ));
    }
    out.join("\n")
}

fn diff_values(path: &str, a: &Value, b: &Value, out: &mut Vec<String>) {
    if out.len() >= 6 || a == b {
        return;
    }
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for key in x.keys().chain(y.keys().filter(|k| !x.contains_key(*k))) {
                let (va, vb) = (
                    x.get(key).unwrap_or(&Value::Null),
                    y.get(key).unwrap_or(&Value::Null),
                );
                diff_values(&format!("{path}.{key}"), va, vb, out);
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (va, vb)) in x.iter().zip(y).enumerate() {
                diff_values(&format!("{path}[{i}]"), va, vb, out);
            }
        }
        _ => {
            let short = |v: &Value| {
                let text = v.to_string();
                if text.chars().count() > 160 {
                    format!("{}…", text.chars().take(160).collect::<String>())
                } else {
                    text
                }
            };
            out.push(format!("{path}: expected {} got {}", short(a), short(b)));
        }
    }
}
