//! Writing user text and figures into HTML safely.

use crate::model::{Kpi, KpiSummary};
use crate::number::round_text;

/// `text` with the five HTML-special characters as entities, so it is safe both between tags
/// and inside a quoted attribute. Control characters other than tab and line breaks, which
/// HTML does not allow, become U+FFFD so that readers still see something was there.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// User text in a `tag` element of `class` (none when empty). Its language is unknown
/// (`lang=""`, the map may be in any language) and its direction follows its first strong
/// character, which also keeps right-to-left or bidi-override text from reordering labels.
pub fn user(tag: &str, class: &str, text: &str) -> String {
    let class = if class.is_empty() {
        String::new()
    } else {
        format!(" class=\"{class}\"")
    };
    format!(
        "<{tag}{class} lang=\"\" dir=\"auto\">{}</{tag}>",
        escape(text)
    )
}

/// [`user`] text, or nothing when it is empty.
pub fn optional(tag: &str, class: &str, text: &str) -> String {
    if text.is_empty() {
        String::new()
    } else {
        user(tag, class, text)
    }
}

/// A `<ul>` of `class` with one user-text item per entry; empty when there are none.
pub fn list(class: &str, items: &[impl AsRef<str>]) -> String {
    if items.is_empty() {
        return String::new();
    }
    let items: String = items.iter().map(|i| user("li", "", i.as_ref())).collect();
    format!("<ul class=\"{class}\">{items}</ul>")
}

/// A group of a label and a [`list`], or nothing without items.
pub fn titled_list(label: &str, class: &str, items: &[impl AsRef<str>]) -> String {
    if items.is_empty() {
        return String::new();
    }
    format!(
        "<div class=\"group\"><p class=\"label\">{label}</p>{}</div>",
        list(class, items)
    )
}

/// `value` rounded to at most `decimals` places, without trailing zeros, with a true minus:
/// for emotions and their means.
pub fn number(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return "–".to_string();
    }
    round_text(value, decimals).replacen('-', "−", 1)
}

/// [`number`] with a plus sign on positive values, for changes and emotion means.
pub fn signed(value: f64, decimals: usize) -> String {
    let text = number(value, decimals);
    if value > 0.0 && text != "0" {
        format!("+{text}")
    } else {
        text
    }
}

/// A KPI figure as [`crate::number::number`] writes it everywhere (`2.18`, `52.8`), with a true
/// minus.
pub fn figure(value: f64) -> String {
    if !value.is_finite() {
        return "–".to_string();
    }
    crate::number::number(value, "").replacen('-', "−", 1)
}

/// A KPI's change from baseline to latest as [`crate::number::kpi_change`] writes it (shares
/// in percentage points, `+2.9 pp`), with a true minus.
pub fn signed_figure(kpi: &Kpi, summary: &KpiSummary) -> Option<String> {
    crate::number::kpi_change(kpi.kind, &kpi.unit, summary.baseline, summary.latest)
        .map(|text| text.replacen('-', "−", 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_quotes_and_control_characters() {
        assert_eq!(
            escape("<a href='x'>\"&\"</a>\u{0}\u{7}\u{9b}\t\n"),
            "&lt;a href=&#39;x&#39;&gt;&quot;&amp;&quot;&lt;/a&gt;\u{FFFD}\u{FFFD}\u{FFFD}\t\n"
        );
        assert_eq!(escape("Rp 50.000 · 東京 🎉"), "Rp 50.000 · 東京 🎉");
    }

    #[test]
    fn numbers_are_short_and_signed() {
        assert_eq!(number(57.59, 1), "57.6");
        assert_eq!(number(60.0, 1), "60");
        assert_eq!(number(-0.001, 2), "0");
        assert_eq!(number(-1.5, 1), "−1.5");
        assert_eq!(number(f64::NAN, 1), "–");
        assert_eq!(signed(0.666, 1), "+0.7");
        assert_eq!(signed(0.0, 1), "0");
        assert_eq!(signed(0.01, 1), "0");
    }
}
