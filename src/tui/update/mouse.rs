//! The mouse, when the config turns it on: a click on the board selects the card (or the
//! stage) under the pointer, the wheel scrolls the column under it; elsewhere the wheel moves
//! as the arrow keys do. The geometry is the renderer's (`tui::layout`).

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use super::super::action::Action;
use super::super::app::{App, Mode, View};
use super::super::keymap::Context;
use super::super::layout;
use super::Effect;

impl App {
    /// Handles one mouse event.
    pub(super) fn handle_mouse(&mut self, event: MouseEvent) -> Effect {
        let at = Position::new(event.column, event.row);
        match event.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                self.click(at);
                Effect::None
            }
            MouseEventKind::ScrollDown => self.wheel(at, true),
            MouseEventKind::ScrollUp => self.wheel(at, false),
            _ => Effect::None,
        }
    }

    /// Whether the stage columns are on screen with nothing over them.
    fn columns_shown(&self) -> bool {
        matches!(self.mode, Mode::Board) && self.editor.is_none() && self.view.has_columns()
    }

    /// The stage column under `at`: the stage's index and the column's area.
    fn column_at(&self, at: Position) -> Option<(usize, Rect)> {
        let journey = self.journey()?;
        let count = journey.stages.len();
        let area = layout::board_area(self.size, true);
        if count == 0 || !area.contains(at) {
            return None;
        }
        let visible = layout::visible_stages(area.width, count);
        let offset = self.scroll.stage.min(count - visible);
        let columns = layout::stage_columns(area, visible);
        let i = columns.iter().position(|column| column.contains(at))?;
        Some((offset + i, columns[i]))
    }

    /// Selects the stage under the pointer and, on the board, the card.
    fn click(&mut self, at: Position) {
        if !self.columns_shown() {
            return;
        }
        let Some((stage, column)) = self.column_at(at) else {
            return;
        };
        self.sel.stage = stage;
        if self.view == View::Board
            && let Some(stage) = self.stage()
        {
            let offset = self.scroll.cards.get(&stage.id).copied().unwrap_or(0);
            let inner = layout::column_inner(column);
            if let Some(card) = layout::card_at(inner, offset, stage.touchpoints.len(), at.y) {
                self.sel.card = card;
            }
        }
        self.clamp_selection();
    }

    /// Scrolls the column under the pointer on the board, else moves as ↓ or ↑ do.
    fn wheel(&mut self, at: Position, down: bool) -> Effect {
        if self.columns_shown() && self.view == View::Board {
            if let Some((stage, column)) = self.column_at(at) {
                self.scroll_column(stage, column, down);
            }
            return Effect::None;
        }
        if self.context() == Context::Text {
            return Effect::None;
        }
        self.update(if down { Action::Down } else { Action::Up })
    }

    /// Scrolls the cards of stage `index` by one; in the selected stage the selection stays
    /// on screen.
    fn scroll_column(&mut self, index: usize, column: Rect, down: bool) {
        let Some(stage) = self.journey().and_then(|j| j.stages.get(index)) else {
            return;
        };
        let (id, total) = (stage.id.clone(), stage.touchpoints.len());
        let inner = usize::from(layout::column_inner(column).height);
        let current = self.scroll.cards.get(&id).copied().unwrap_or(0);
        let last = layout::last_card_offset(inner, total);
        let offset = if down {
            (current + 1).min(last)
        } else {
            current.saturating_sub(1)
        };
        self.scroll.cards.insert(id, offset);
        if index == self.sel.stage && total > 0 {
            let shown = layout::cards_that_fit(inner, offset, total);
            self.sel.card = self.sel.card.clamp(offset, offset + shown.max(1) - 1);
        }
    }
}
