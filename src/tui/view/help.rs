//! The help screen: every key in force by where it applies, the text-editing keys, what the
//! marks on the board mean; paged, filtered with `/`, with where you are in it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui_textarea::TextArea;

use super::super::app::HelpPanel;
use super::super::keymap::{Keymap, PALETTE_ONLY};
use super::super::text::{fit, one_line, width};
use super::super::theme::Theme;
use super::{panel_block, popup};

/// One row of the help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpRow {
    /// A section's title.
    Title(String),
    /// Keys and what they do.
    Key(String, String),
    /// A line of advice.
    Note(String),
    /// Space between sections.
    Gap,
}

/// The keys of the text inputs (fields, prompts, forms, search), which ratatui-textarea's
/// emacs-style bindings give, with cjm's own Ctrl-u and Ctrl-z.
const TEXT_KEYS: &[(&str, &str)] = &[
    ("← → Ctrl-b Ctrl-f", "a character left, right"),
    ("Alt-b Alt-f", "a word left, right (also Ctrl-← Ctrl-→)"),
    ("Home End", "start, end of the line (also Ctrl-a Ctrl-e)"),
    ("↑ ↓", "the line above, below (forms and long text)"),
    ("Backspace Delete", "delete a character before, after"),
    ("Ctrl-w", "delete the word before (also Alt-Backspace)"),
    ("Alt-d", "delete the word after"),
    ("Ctrl-u", "delete to the start of the line"),
    ("Ctrl-k", "delete to the end of the line"),
    ("Ctrl-y", "put back what Ctrl-w, Ctrl-u or Ctrl-k deleted"),
    ("Ctrl-z", "undo typing"),
];

/// What the marks on the board and in the header mean; they read without colour.
const MARKS: &[(&str, &str)] = &[
    (
        "Awareness (3)",
        "a stage and how many cards it has (the count gives way first)",
    ),
    ("✓ after a stage", "every KPI of the stage on target"),
    (
        "✗ after a stage",
        "some KPI of the stage off target (view 4 says which)",
    ),
    (
        "▲▲+2 … ▼▼-2",
        "how the customer feels at a card; · not known",
    ),
    (
        "! on a card",
        "a field changed on two sides: a conflict to resolve (: review conflicts)",
    ),
    ("✎2 on a card", "open comment threads (T lists them)"),
    (
        "❝2 on a card",
        "evidence records: quotes, sources (V lists them)",
    ),
    (
        "@rina on a card",
        "someone else with the map open is on this card",
    ),
    (
        "↓1 in a cell",
        "more lines than fit: open the card to read them",
    ),
];

/// Every row of the help for `keymap`, those matching `filter` (any case; a section whose
/// title matches keeps all its rows).
pub fn help_rows(keymap: &Keymap, filter: &str) -> Vec<HelpRow> {
    let mut sections: Vec<(String, Vec<HelpRow>)> = keymap
        .help_sections()
        .into_iter()
        .map(|(context, entries)| {
            let rows = entries
                .into_iter()
                .map(|(keys, action)| HelpRow::Key(keys, action.name().to_string()))
                .collect();
            (context.title().to_string(), rows)
        })
        .collect();
    let palette = PALETTE_ONLY
        .iter()
        .map(|action| HelpRow::Key(":".into(), action.name().to_string()))
        .collect();
    sections.push(("Command palette only".into(), palette));
    let pairs = |pairs: &[(&str, &str)]| {
        pairs
            .iter()
            .map(|(k, what)| HelpRow::Key(k.to_string(), what.to_string()))
            .collect()
    };
    sections.push(("Editing text".into(), pairs(TEXT_KEYS)));
    sections.push(("Marks".into(), pairs(MARKS)));
    let tmux = "In tmux a lone Esc waits for escape-time: set it low (set -sg escape-time 10).";
    sections.push(("Tips".into(), vec![HelpRow::Note(tmux.into())]));
    let filter = filter.trim().to_lowercase();
    let matches = |text: &str| text.to_lowercase().contains(&filter);
    let mut rows = Vec::new();
    for (title, section) in sections {
        let kept: Vec<HelpRow> = if filter.is_empty() || matches(&title) {
            section
        } else {
            section
                .into_iter()
                .filter(|row| match row {
                    HelpRow::Key(keys, what) => matches(keys) || matches(what),
                    HelpRow::Note(text) => matches(text),
                    HelpRow::Title(_) | HelpRow::Gap => false,
                })
                .collect()
        };
        if kept.is_empty() {
            continue;
        }
        if !rows.is_empty() {
            rows.push(HelpRow::Gap);
        }
        rows.push(HelpRow::Title(title));
        rows.extend(kept);
    }
    rows
}

/// The help screen: the rows from `panel.scroll`, the filter being typed or applied, and
/// where the page is (`12–40 of 131`).
pub fn render(panel: &HelpPanel, keymap: &Keymap, frame: &mut Frame, area: Rect, theme: &Theme) {
    let rect = popup(frame, area, 76, area.height);
    let filter = panel.filter.lines().join("");
    let rows = help_rows(keymap, &filter);
    let title = " Help — ↑↓ PgUp PgDn Home End · / filter · Esc closes ";
    let block = panel_block(title, theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let filtering = panel.typing || !filter.is_empty();
    let list_height = usize::from(inner.height.saturating_sub(u16::from(filtering) + 1));
    let top = panel.scroll.min(rows.len().saturating_sub(list_height));
    let room = usize::from(inner.width);
    let mut lines: Vec<Line> = rows
        .iter()
        .skip(top)
        .take(list_height)
        .map(|row| line(row, room, theme))
        .collect();
    if rows.is_empty() {
        lines.push(Line::styled("  nothing matches", theme.dim()));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    let bottom = inner.y + inner.height.saturating_sub(1);
    let shown = (top + list_height).min(rows.len());
    let at = if rows.is_empty() {
        "0 of 0".to_string()
    } else {
        format!("{}–{shown} of {}", top + 1, rows.len())
    };
    let position = Span::styled(format!(" {at} "), theme.dim());
    let status_area = Rect::new(inner.x, bottom, inner.width, 1);
    if filtering {
        let input_area = Rect::new(inner.x, bottom.saturating_sub(1), inner.width, 1);
        render_filter(&panel.filter, panel.typing, frame, input_area, theme);
    }
    let x = inner
        .right()
        .saturating_sub(width(&position.content) as u16);
    frame.render_widget(
        Paragraph::new(Line::from(position)),
        Rect::new(x.max(status_area.x), bottom, status_area.width, 1),
    );
}

/// The filter line: `/` and the text, with the cursor while it is typed.
fn render_filter(input: &TextArea, typing: bool, frame: &mut Frame, area: Rect, theme: &Theme) {
    let text = input.lines().join("");
    let hint = if typing {
        "  Enter keeps · Esc clears"
    } else {
        "  / changes · Esc clears"
    };
    let mut spans = vec![Span::styled("/", theme.key()), Span::raw(one_line(&text))];
    if typing {
        spans.push(Span::styled(" ", Style::new().reversed()));
    }
    spans.push(Span::styled(hint, theme.dim()));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// A row as a line of at most `room` columns.
fn line(row: &HelpRow, room: usize, theme: &Theme) -> Line<'static> {
    match row {
        HelpRow::Title(title) => Line::styled(fit(title, room), theme.title()),
        HelpRow::Key(keys, what) => {
            let keys = format!("  {keys:<16} ");
            let rest = room.saturating_sub(width(&keys));
            Line::from(vec![
                Span::styled(fit(&keys, room), theme.key()),
                Span::raw(fit(what, rest)),
            ])
        }
        HelpRow::Note(text) => Line::styled(fit(text, room), theme.dim()),
        HelpRow::Gap => Line::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filter_keeps_matching_rows_under_their_titles() {
        let keymap = Keymap::default();
        let all = help_rows(&keymap, "");
        assert!(all.contains(&HelpRow::Title("Editing text".into())));
        assert!(all.contains(&HelpRow::Title("Marks".into())));
        let rows = help_rows(&keymap, "WORD");
        assert!(rows.len() < all.len() / 4, "{rows:?}");
        assert_eq!(rows[0], HelpRow::Title("Editing text".into()));
        assert!(rows.iter().all(|row| match row {
            HelpRow::Key(keys, what) => (keys.clone() + what).to_lowercase().contains("word"),
            _ => true,
        }));
        // A section title that matches keeps the whole section.
        let marks = help_rows(&keymap, "marks");
        assert_eq!(marks.len(), MARKS.len() + 1, "{marks:?}");
        assert!(help_rows(&keymap, "zzzz no such key").is_empty());
    }
}
