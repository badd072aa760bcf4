//! Board geometry shared by rendering and scrolling, so both agree on what is visible.

use ratatui::layout::{Constraint, Layout, Rect};

/// The narrowest a stage column gets before the board scrolls sideways instead.
pub const MIN_COLUMN_WIDTH: u16 = 20;
/// Lines of a card's title before it is cut.
pub const TITLE_LINES: usize = 2;
/// Rows a card takes: its title, channel and emotion, and a gap. Every card takes the same
/// rows, so scrolling a column needs no measuring of the cards above.
pub const CARD_HEIGHT: usize = TITLE_LINES + 2;
/// Below this the app shows a "terminal too small" notice instead of the board.
pub const MIN_SIZE: (u16, u16) = (40, 12);

/// Rows of the emotion curve under the board and the lanes.
pub const CURVE_HEIGHT: u16 = 7;
/// The curve shows only when the board keeps at least this many rows above it.
const MIN_BOARD_ABOVE_CURVE: u16 = 14;

/// Everything between the header and the status line, where views and panels go.
pub fn content_area(size: (u16, u16)) -> Rect {
    Rect::new(0, 1, size.0, size.1.saturating_sub(2))
}

/// The emotion curve's area when the view has one and the screen has room for it.
pub fn curve_area(size: (u16, u16), with_curve: bool) -> Option<Rect> {
    let content = content_area(size);
    (with_curve && content.height >= MIN_BOARD_ABOVE_CURVE + CURVE_HEIGHT).then(|| {
        Rect::new(
            0,
            content.bottom() - CURVE_HEIGHT,
            content.width,
            CURVE_HEIGHT,
        )
    })
}

/// The board's (or lanes') area: the content area above the curve, if there is one.
pub fn board_area(size: (u16, u16), with_curve: bool) -> Rect {
    let mut area = content_area(size);
    if let Some(curve) = curve_area(size, with_curve) {
        area.height -= curve.height;
    }
    area
}

/// How many stage columns fit side by side.
pub fn visible_stages(width: u16, stages: usize) -> usize {
    usize::from((width / MIN_COLUMN_WIDTH).max(1)).min(stages.max(1))
}

/// The columns of `visible` stages side by side across `area`, equal in width. The board,
/// the lanes and the curve under them all split with this, so they line up.
pub fn stage_columns(area: Rect, visible: usize) -> Vec<Rect> {
    Layout::horizontal(vec![Constraint::Fill(1); visible])
        .split(area)
        .to_vec()
}

/// The first visible index so that `selected` is inside a window of `visible` items.
pub fn scroll_to(offset: usize, selected: usize, visible: usize) -> usize {
    if selected < offset {
        selected
    } else if selected >= offset + visible {
        selected + 1 - visible
    } else {
        offset
    }
}

/// Rows inside a column's border for a board `height` rows tall.
pub fn column_inner_height(height: u16) -> usize {
    usize::from(height.saturating_sub(2))
}

/// How many cards a column shows from `offset` when it has `total`, in `inner` rows, leaving
/// a row for each "n more" marker it needs.
pub fn cards_that_fit(inner: usize, offset: usize, total: usize) -> usize {
    let fit = |rows: usize| (rows + 1) / CARD_HEIGHT;
    let rows = inner.saturating_sub(usize::from(offset > 0));
    let all = fit(rows);
    if offset + all >= total {
        return all.max(1).min(total - offset.min(total));
    }
    fit(rows.saturating_sub(1)).max(1)
}

/// The first visible card of a column so that `selected` is shown.
pub fn card_offset_for(inner: usize, offset: usize, selected: usize, total: usize) -> usize {
    let mut offset = offset.min(selected).min(total.saturating_sub(1));
    while offset < selected && selected >= offset + cards_that_fit(inner, offset, total) {
        offset += 1;
    }
    offset
}

/// Inside a stage column's border.
pub fn column_inner(column: Rect) -> Rect {
    Rect::new(
        column.x.saturating_add(1),
        column.y.saturating_add(1),
        column.width.saturating_sub(2),
        column.height.saturating_sub(2),
    )
}

/// The card drawn at row `y` of a column whose inside is `inner`, scrolled to `offset`, with
/// `total` cards: the rows the board draws each card in (title, channel and emotion, and the
/// gap under it); `None` on the "n more" rows and below the last card.
pub fn card_at(inner: Rect, offset: usize, total: usize, y: u16) -> Option<usize> {
    if total == 0 || y >= inner.bottom() {
        return None;
    }
    let offset = offset.min(total - 1);
    let top = inner.y + u16::from(offset > 0);
    let row = usize::from(y.checked_sub(top)?);
    let slot = row / CARD_HEIGHT;
    (slot < cards_that_fit(usize::from(inner.height), offset, total)).then_some(offset + slot)
}

/// The largest first visible card of a column that still fills it: scrolling further would
/// only show empty rows under the last card.
pub fn last_card_offset(inner: usize, total: usize) -> usize {
    let mut offset = total.saturating_sub(1);
    while offset > 0 && offset - 1 + cards_that_fit(inner, offset - 1, total) >= total {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_curve_takes_room_only_on_a_tall_enough_screen() {
        assert_eq!(curve_area((80, 24), true), Some(Rect::new(0, 16, 80, 7)));
        assert_eq!(curve_area((80, 24), false), None);
        assert_eq!(curve_area((80, 20), true), None);
        assert_eq!(curve_area((120, 35), true), Some(Rect::new(0, 27, 120, 7)));
        assert_eq!(board_area((120, 35), true).height, 26);
        assert_eq!(board_area((120, 35), false).height, 33);
    }

    #[test]
    fn columns_fit_the_width() {
        assert_eq!(visible_stages(80, 6), 4);
        assert_eq!(visible_stages(120, 6), 6);
        assert_eq!(visible_stages(40, 6), 2);
        assert_eq!(visible_stages(200, 2), 2);
    }

    #[test]
    fn scrolling_keeps_the_selection_in_the_window() {
        assert_eq!(scroll_to(0, 4, 3), 2);
        assert_eq!(scroll_to(2, 1, 3), 1);
        assert_eq!(scroll_to(2, 3, 3), 2);
    }

    #[test]
    fn cards_fit_with_room_for_markers() {
        // 19 rows: five cards of four rows (the last gap is not needed).
        assert_eq!(cards_that_fit(19, 0, 5), 5);
        // More below: one row goes to "↓ n more".
        assert_eq!(cards_that_fit(19, 0, 10), 4);
        assert_eq!(cards_that_fit(20, 0, 10), 5);
        // Scrolled: a row for "↑ n more" too.
        assert_eq!(cards_that_fit(9, 3, 10), 2);
        assert_eq!(cards_that_fit(8, 3, 10), 1);
        assert_eq!(cards_that_fit(8, 0, 0), 0);
    }

    #[test]
    fn a_row_of_a_column_is_the_card_drawn_there() {
        // 19 rows inside, ten cards: four shown, then "↓ 6 more".
        let inner = Rect::new(1, 2, 18, 19);
        assert_eq!(card_at(inner, 0, 10, 2), Some(0));
        assert_eq!(card_at(inner, 0, 10, 5), Some(0), "the gap under a card");
        assert_eq!(card_at(inner, 0, 10, 6), Some(1));
        assert_eq!(card_at(inner, 0, 10, 17), Some(3));
        assert_eq!(card_at(inner, 0, 10, 18), None, "the more marker's row");
        assert_eq!(card_at(inner, 0, 10, 21), None, "under the column");
        // Scrolled by three: a row for "↑ 3 more" first.
        assert_eq!(card_at(inner, 3, 10, 2), None);
        assert_eq!(card_at(inner, 3, 10, 3), Some(3));
        assert_eq!(card_at(inner, 0, 0, 2), None);
        assert_eq!(card_at(inner, 0, 1, 1), None, "above the column");
    }

    #[test]
    fn a_column_scrolls_no_further_than_its_last_card() {
        assert_eq!(last_card_offset(19, 5), 0, "all fit");
        assert_eq!(last_card_offset(19, 10), 6);
        assert!(6 + cards_that_fit(19, 6, 10) >= 10);
        assert!(5 + cards_that_fit(19, 5, 10) < 10);
        assert_eq!(last_card_offset(19, 0), 0);
    }

    #[test]
    fn card_offset_follows_the_selection() {
        assert_eq!(card_offset_for(9, 0, 0, 10), 0);
        assert_eq!(card_offset_for(9, 0, 5, 10), 4);
        assert_eq!(card_offset_for(9, 4, 2, 10), 2);
        assert_eq!(card_offset_for(9, 0, 9, 10), 8);
    }
}
