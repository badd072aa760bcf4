//! The emotion curve: an inline SVG of each stage's mean emotion from -2 to +2. Points sit at
//! the centres of the board's columns (x in percent of the full width), so the curve lines up
//! with the stages at any width, on screen and on paper.

use super::text::{escape, signed};
use super::{emotion_mark, tone};
use crate::model::Stage;

/// The SVG's height in pixels.
const HEIGHT: f64 = 176.0;
/// Room above the +2 line for a point's value.
const TOP: f64 = 34.0;
/// Pixels per emotion point.
const STEP: f64 = 28.0;

/// The curve of `stages` as an `<svg>`; `id` prefixes the ids of its title and description.
pub fn curve(id: &str, stages: &[Stage]) -> String {
    let means: Vec<Option<f64>> = stages.iter().map(Stage::mean_emotion).collect();
    // The moment that hurts most: the lowest mean, when it is below neutral (ties all count).
    let lowest = means
        .iter()
        .flatten()
        .copied()
        .min_by(f64::total_cmp)
        .filter(|low| *low < 0.0);
    let points: String = stages
        .iter()
        .zip(&means)
        .enumerate()
        .map(|(i, (stage, mean))| {
            let hurts = mean.is_some() && *mean == lowest;
            point(i, stages.len(), &stage.name, *mean, hurts)
        })
        .collect();
    format!(
        "<svg class=\"curve-svg\" width=\"100%\" height=\"{HEIGHT}\" role=\"img\" \
         aria-labelledby=\"{id}-title {id}-desc\"><title id=\"{id}-title\">Emotion curve</title>\
         <desc id=\"{id}-desc\">{}</desc>{}{}{points}</svg>",
        escape(&description(stages, &means, lowest)),
        scale(),
        segments(&means),
    )
}

/// The y of an emotion value.
fn y(value: f64) -> f64 {
    TOP + (2.0 - value) * STEP
}

/// The x of the centre of column `index` of `count`, in percent.
fn x(index: usize, count: usize) -> String {
    format!("{:.3}%", (index as f64 + 0.5) * 100.0 / count.max(1) as f64)
}

/// The shaded negative half, a line per emotion value and its label at the left.
fn scale() -> String {
    let band = format!(
        "<rect class=\"band\" x=\"0\" y=\"{}\" width=\"100%\" height=\"{}\"/>",
        y(0.0),
        y(-2.0) - y(0.0) + STEP / 2.0
    );
    let lines: String = (-2..=2i8)
        .map(|v| {
            let (class, at) = (if v == 0 { "zero" } else { "level" }, y(f64::from(v)));
            format!(
                "<line class=\"{class}\" x1=\"0\" x2=\"100%\" y1=\"{at}\" y2=\"{at}\"/>\
                 <text class=\"axis\" x=\"4\" y=\"{}\">{} {}</text>",
                at - 3.0,
                emotion_mark(v),
                signed(f64::from(v), 0)
            )
        })
        .collect();
    band + &lines
}

/// Lines joining the stages that have a mean, dashed across stages that have none.
fn segments(means: &[Option<f64>]) -> String {
    let known: Vec<(usize, f64)> = means
        .iter()
        .enumerate()
        .filter_map(|(i, m)| Some((i, (*m)?)))
        .collect();
    known
        .windows(2)
        .map(|pair| {
            let ((i, a), (j, b)) = (pair[0], pair[1]);
            let class = if j == i + 1 { "path" } else { "path gap" };
            format!(
                "<line class=\"{class}\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>",
                x(i, means.len()),
                y(a),
                x(j, means.len()),
                y(b)
            )
        })
        .collect()
}

/// A stage's point with its value above; a point that hurts most also gets a ring and a label.
fn point(index: usize, count: usize, stage: &str, mean: Option<f64>, lowest: bool) -> String {
    let cx = x(index, count);
    let Some(mean) = mean else {
        return format!(
            "<text class=\"none\" x=\"{cx}\" y=\"{}\">no emotion</text>",
            y(0.0) - 6.0
        );
    };
    let (cy, value) = (y(mean), signed(mean, 1));
    let ring = if lowest {
        format!(
            "<circle class=\"low\" cx=\"{cx}\" cy=\"{cy}\" r=\"11\"/>\
             <text class=\"low-label\" x=\"{cx}\" y=\"{}\">▼ hurts most</text>",
            cy + 27.0
        )
    } else {
        String::new()
    };
    format!(
        "<g class=\"tone-{}\"><title>{}: {value}</title>{ring}\
         <circle class=\"dot\" cx=\"{cx}\" cy=\"{cy}\" r=\"6\"/>\
         <text class=\"value\" x=\"{cx}\" y=\"{}\">{value}</text></g>",
        tone(mean.round() as i8),
        escape(stage),
        cy - 18.0
    )
}

/// The curve in words, for screen readers.
fn description(stages: &[Stage], means: &[Option<f64>], lowest: Option<f64>) -> String {
    let values: Vec<String> = stages
        .iter()
        .zip(means)
        .map(|(s, m)| match m {
            Some(m) => format!("{} {}", s.name, signed(*m, 1)),
            None => format!("{} no emotion", s.name),
        })
        .collect();
    let low: Vec<&str> = stages
        .iter()
        .zip(means)
        .filter(|(_, m)| m.is_some() && **m == lowest)
        .map(|(s, _)| s.name.as_str())
        .collect();
    let mut text = format!(
        "Mean emotion per stage, from −2 (very negative) to +2 (very positive): {}.",
        values.join(", ")
    );
    if !low.is_empty() {
        text += &format!(" Hurts most: {}.", low.join(", "));
    }
    text
}
