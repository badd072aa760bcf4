//! Export to one self-contained HTML page: no scripts, no network, styles inline. Per journey:
//! a header, its personas, the stages as columns with their cards, the emotion curve and the
//! KPIs. It reads on any screen (the board scrolls sideways) and prints to landscape pages.

mod board;
mod curve;
mod style;
mod text;

use super::Scope;
use crate::model::{Journey, JourneyState, Persona};
use text::{escape, optional, titled_list, user};

/// The journeys of `scope` as one HTML page.
pub fn to_html(scope: &Scope) -> String {
    let journeys: String = if scope.journeys.is_empty() {
        "<p class=\"none\">No journeys to show.</p>".to_string()
    } else {
        scope
            .journeys
            .iter()
            .enumerate()
            .map(|(i, j)| journey(scope, j, i + 1))
            .collect()
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"color-scheme\" content=\"light\">\n<meta name=\"generator\" content=\"cjm\">\n\
         <title>{}</title>\n<style>{}</style>\n</head>\n<body>\n\
         <header class=\"doc-head\"><p>Customer journey {} · exported from cjm</p>{}</header>\n\
         <main>\n{journeys}</main>\n</body>\n</html>\n",
        escape(&title(scope)),
        style::CSS,
        if scope.journeys.len() == 1 {
            "map"
        } else {
            "maps"
        },
        contents(scope),
    )
}

/// The page title: the journey's name, or the names of all.
fn title(scope: &Scope) -> String {
    let names: Vec<&str> = scope.journeys.iter().map(|j| j.name.as_str()).collect();
    match names.as_slice() {
        [name] => format!("{name} · Customer journey map"),
        _ => format!("Customer journey maps: {}", names.join(", ")),
    }
}

/// Links to the journeys when there are several.
fn contents(scope: &Scope) -> String {
    if scope.journeys.len() < 2 {
        return String::new();
    }
    let links: String = scope
        .journeys
        .iter()
        .enumerate()
        .map(|(i, j)| {
            format!(
                "<li><a href=\"#journey-{}\" lang=\"\" dir=\"auto\">{}</a></li>",
                i + 1,
                escape(&j.name)
            )
        })
        .collect();
    format!("<nav aria-label=\"Journeys\"><ol>{links}</ol></nav>")
}

/// One journey: header, personas and the map; `number` counts from 1.
fn journey(scope: &Scope, journey: &Journey, number: usize) -> String {
    format!(
        "<article class=\"journey\" id=\"journey-{number}\">\n{}\n{}\n\
         <section class=\"map\"><h2>Journey map</h2>{}</section>\n</article>\n",
        journey_head(journey),
        personas(&scope.personas_of(journey)),
        board::board(scope, journey, number),
    )
}

/// The journey's name, state, description, owner and review date.
fn journey_head(journey: &Journey) -> String {
    let (state, label) = match journey.state {
        JourneyState::Current => ("current", "Current state"),
        JourneyState::Future => ("future", "Future state"),
    };
    let cards = journey.card_count();
    let counts = format!(
        "{} stage{}, {cards} touchpoint{}",
        journey.stages.len(),
        plural(journey.stages.len()),
        plural(cards)
    );
    let facts = facts(
        "meta",
        &[
            ("Owner", &journey.owner),
            (
                "Last reviewed",
                journey.last_reviewed.as_deref().unwrap_or(""),
            ),
        ],
    );
    format!(
        "<header class=\"journey-head\"><div class=\"intro\"><p class=\"state state-{state}\">\
         {label}</p>{}{}</div><div class=\"about\">{facts}<p class=\"counts\">{counts}</p></div>\
         </header>",
        user("h1", "", &journey.name),
        optional("p", "description", &journey.description),
    )
}

/// The personas a journey follows, as cards; nothing when it follows none.
fn personas(personas: &[&Persona]) -> String {
    if personas.is_empty() {
        return String::new();
    }
    let cards: String = personas.iter().map(|p| persona(p)).collect();
    format!(
        "<section class=\"personas\"><h2>Personas</h2>\
         <div class=\"persona-list\">{cards}</div></section>"
    )
}

/// One persona card.
fn persona(persona: &Persona) -> String {
    format!(
        "<section class=\"persona\">{}{}<div class=\"groups\">{}{}{}</div>{}</section>",
        user("h3", "", &persona.name),
        optional("p", "description", &persona.description),
        titled_list("Goals", "goals", &persona.goals),
        titled_list("Needs", "needs", &persona.needs),
        titled_list("Pain points", "pains", &persona.pain_points),
        titled_list("Channels", "chips", &persona.channels),
    )
}

/// A `<dl>` of `class` with the facts that have a value; nothing when none has.
fn facts(class: &str, facts: &[(&str, &str)]) -> String {
    let rows: String = facts
        .iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(name, value)| format!("<div><dt>{name}</dt>{}</div>", user("dd", "", value)))
        .collect();
    if rows.is_empty() {
        return rows;
    }
    format!("<dl class=\"{class}\">{rows}</dl>")
}

/// "s" unless `count` is 1.
fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

/// The CSS class suffix of an emotion score, from `n2` (very negative) to `p2`.
fn tone(value: i8) -> &'static str {
    match value {
        i8::MIN..=-2 => "n2",
        -1 => "n1",
        0 => "z0",
        1 => "p1",
        _ => "p2",
    }
}

/// A mark that tells an emotion score without colour: `▼▼` (-2) to `▲▲` (+2).
fn emotion_mark(value: i8) -> &'static str {
    match value {
        i8::MIN..=-2 => "▼▼",
        -1 => "▼",
        0 => "●",
        1 => "▲",
        _ => "▲▲",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_names_the_journeys() {
        let workspace = crate::demo::workspace();
        let mut scope = Scope::all(&workspace);
        assert!(title(&scope).starts_with("Customer journey maps: Smartphone purchase, "));
        scope.journeys.truncate(1);
        assert_eq!(title(&scope), "Smartphone purchase · Customer journey map");
        assert_eq!(contents(&scope), "");
    }
}
