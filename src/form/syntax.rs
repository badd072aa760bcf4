//! The form syntax: `Label: value` lines, list fields as a `Label:` line followed by
//! `- item` lines; writing fields and reading them back, each label at most once.

use crate::text::same_name;

use super::FormError;

pub(super) fn scalar(form: &mut String, label: &str, value: &str) {
    form.push_str(&format!("{label}: {}\n", value.replace('\n', " ")));
}

pub(super) fn list(form: &mut String, label: &str, items: &[String]) {
    form.push_str(&format!("{label}:\n"));
    for item in items {
        form.push_str(&format!("  - {}\n", item.replace('\n', " ")));
    }
}

pub(super) fn error(line: usize, message: impl Into<String>) -> FormError {
    FormError {
        line,
        message: message.into(),
    }
}

/// One labelled field of a form as read.
pub(super) struct Field {
    pub label: &'static str,
    pub line: usize,
    pub value: String,
    pub items: Vec<String>,
    /// The line of each item, from 1.
    pub item_lines: Vec<usize>,
}

impl Field {
    /// The field's one-line value; items under it are an error.
    pub(super) fn scalar(&self) -> Result<String, FormError> {
        if self.items.is_empty() {
            Ok(self.value.clone())
        } else {
            Err(error(
                self.line,
                format!("{} takes one line, not a list", self.label),
            ))
        }
    }
}

/// The fields of a form, each label at most once; `- item` lines belong to the label above.
pub(super) fn fields(text: &str, labels: &[&'static str]) -> Result<Vec<Field>, FormError> {
    let mut fields: Vec<Field> = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            continue;
        }
        if let Some(item) = trimmed.strip_prefix('-') {
            let field = fields
                .last_mut()
                .ok_or_else(|| error(line, "a list item must follow a label such as \"Goals:\""))?;
            let item = item.trim();
            if !item.is_empty() {
                field.items.push(item.to_string());
                field.item_lines.push(line);
            }
            continue;
        }
        let (label, value) = trimmed.split_once(':').ok_or_else(|| {
            error(
                line,
                "write \"Label: value\", or \"- item\" under a list label",
            )
        })?;
        let label = labels
            .iter()
            .find(|known| same_name(known, label))
            .ok_or_else(|| {
                error(
                    line,
                    format!(
                        "unknown label {:?}: the labels are {}",
                        label.trim(),
                        labels.join(", ")
                    ),
                )
            })?;
        if fields.iter().any(|f| f.label == *label) {
            return Err(error(line, format!("{label} is given twice")));
        }
        fields.push(Field {
            label,
            line,
            value: value.trim().to_string(),
            items: Vec::new(),
            item_lines: Vec::new(),
        });
    }
    Ok(fields)
}
