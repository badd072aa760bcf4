//! The analytics view's channels: each channel's share of the conversions under the
//! chosen attribution model, every model side by side on a wide screen.

use super::*;

/// One channel's figures for the attribution table.
pub(super) struct Channel {
    pub(super) name: String,
    pub(super) reached: u64,
    pub(super) conversions: u64,
    /// Its share under each model of [`Model::ALL`].
    pub(super) shares: [f64; 6],
    /// The value credited to it under the chosen model, when conversions have values.
    pub(super) value: Option<f64>,
}

/// The channels with their share of the conversions under `model`, a bar each; on a wide
/// screen every model's share side by side.
pub(super) fn attribution(
    a: &Analysis,
    model: Model,
    total: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let at = Model::ALL.iter().position(|m| *m == model).unwrap_or(0);
    let channels = channels(a, model);
    let title = format!(
        " Attribution: {} · {}",
        model.name(),
        plural(a.conversions, "conversion", "conversions")
    );
    let mut lines = vec![Line::from(vec![
        Span::styled(fit(&title, total), theme.title()),
        Span::styled(
            fit(" (m: next model)", total.saturating_sub(width(&title))),
            theme.dim(),
        ),
    ])];
    if channels.is_empty() {
        paragraph(
            &mut lines,
            "No mapped event had a channel.",
            total,
            theme.dim(),
        );
        return lines;
    }
    if a.conversions == 0 {
        let text = format!(
            "No customer converted at {}, so there is nothing to attribute.",
            a.conversion_stage
        );
        paragraph(&mut lines, &text, total, Style::new());
    }
    let share_cells = |m: usize| -> Vec<String> {
        channels
            .iter()
            .map(|c| {
                if a.conversions == 0 {
                    "–".to_string()
                } else {
                    share(c.shares[m])
                }
            })
            .collect()
    };
    let counts = [
        Column::new(
            "conv.",
            channels.iter().map(|c| thousands(c.conversions)).collect(),
        ),
        Column::new(
            "reached",
            channels.iter().map(|c| thousands(c.reached)).collect(),
        ),
    ];
    // Conversions with values: a channel given none of them has 0.
    let value = channels.iter().any(|c| c.value.is_some()).then(|| {
        Column::new(
            "value",
            channels
                .iter()
                .map(|c| money(c.value.unwrap_or(0.0)))
                .collect(),
        )
    });
    let names = channels.iter().map(|c| width(&c.name)).max().unwrap_or(0);
    // Every model side by side when that leaves a fair bar; else the chosen one.
    let mut wide: Vec<Column> = Model::ALL
        .iter()
        .enumerate()
        .map(|(m, model)| Column::new(model.short_name(), share_cells(m)))
        .collect();
    wide.extend(
        counts
            .iter()
            .map(|c| Column::new(c.header, c.cells.clone())),
    );
    let wide_fixed = 3 + names.clamp(8, 24) + wide.iter().map(|c| 2 + c.width).sum::<usize>();
    let (mut columns, highlight) = if total >= wide_fixed + 16 {
        (wide, Some(at))
    } else {
        let mut narrow = vec![Column::new("share", share_cells(at))];
        narrow.extend(counts);
        (narrow, Some(0))
    };
    if let Some(value) = value {
        columns.push(value);
    }
    // The share (or the models) stays; value, reached and conversions give way first.
    let drop_order: Vec<usize> = (1..columns.len()).rev().collect();
    let (name_width, bar_width) = fit_columns(names.max(7), &mut columns, &drop_order, total);
    let mut header = header_line("Channel", name_width, bar_width, &columns, total, theme);
    if let Some(h) = highlight {
        // The chosen model's column header stands out.
        let index = 4 + 2 * h + 1;
        if let Some(span) = header.spans.get_mut(index) {
            span.style = theme.key();
        }
    }
    lines.push(header);
    // Bars scale to the biggest share.
    let widest = channels.iter().map(|c| c.shares[at]).fold(0.0, f64::max);
    for (i, channel) in channels.iter().enumerate() {
        let filled = if widest > 0.0 {
            channel.shares[at] / widest
        } else {
            0.0
        };
        let mut spans = vec![
            Span::raw(" "),
            Span::raw(pad(&channel.name, name_width)),
            Span::raw(" "),
            Span::styled(bar_of(filled, bar_width), theme.bar()),
        ];
        for (c, column) in columns.iter().enumerate() {
            spans.push(Span::raw("  "));
            let style = if Some(c) == highlight {
                theme.key()
            } else {
                Style::new()
            };
            spans.push(Span::styled(
                pad_left(&column.cells[i], column.width),
                style,
            ));
        }
        lines.push(Line::from(spans));
    }
    let legend = format!(
        "share of the conversions each channel gets under {} · conv.: converting customers \
         who used it · reached: customers who used it",
        model.name()
    );
    paragraph(&mut lines, &legend, total, theme.dim());
    lines
}

/// The analysis's channels, with the chosen model's biggest share first.
pub(super) fn channels(a: &Analysis, model: Model) -> Vec<Channel> {
    let mut names: Vec<&str> = a.channels.iter().map(|c| c.channel.as_str()).collect();
    for shares in a.attribution.values() {
        for name in shares.keys() {
            if !names.contains(&name.as_str()) {
                names.push(name);
            }
        }
    }
    let mut channels: Vec<Channel> = names
        .into_iter()
        .map(|name| {
            let figures = a.channels.iter().find(|c| c.channel == name);
            let share_of = |m: &Model| {
                a.attribution
                    .get(m)
                    .and_then(|shares| shares.get(name))
                    .copied()
                    .unwrap_or(0.0)
            };
            let mut shares = [0.0; 6];
            for (slot, m) in shares.iter_mut().zip(Model::ALL.iter()) {
                *slot = share_of(m);
            }
            Channel {
                name: name.to_string(),
                reached: figures.map_or(0, |c| c.reached),
                conversions: figures.map_or(0, |c| c.conversions),
                shares,
                value: a
                    .attribution_value
                    .get(&model)
                    .and_then(|values| values.get(name))
                    .copied(),
            }
        })
        .collect();
    let at = Model::ALL.iter().position(|m| *m == model).unwrap_or(0);
    channels.sort_by(|x, y| {
        y.shares[at]
            .total_cmp(&x.shares[at])
            .then(y.reached.cmp(&x.reached))
            .then(x.name.cmp(&y.name))
    });
    channels
}
