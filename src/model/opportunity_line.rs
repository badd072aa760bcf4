//! An opportunity as one line of text, rated where it is written:
//! `Fix ID upload [impact 4, effort 2, planned, @Payments]`.
//!
//! The bracket at the end holds any of `impact N` (or `i N`), `effort N` (or `e N`), a status
//! (`open`, `planned`, `done`) and `@owner`, comma-separated, in any order. A trailing
//! bracket with none of these is part of the title (`Pilot [beta]`); one that holds some and
//! something else is an error that names it.

use super::{Opportunity, OpportunityStatus, Rating};

/// The line for `opportunity`: its title, then a bracket of what it has set (nothing for an
/// open, unrated opportunity without an owner).
pub fn to_line(opportunity: &Opportunity) -> String {
    let mut parts = Vec::new();
    if let Some(impact) = opportunity.impact {
        parts.push(format!("impact {}", impact.value()));
    }
    if let Some(effort) = opportunity.effort {
        parts.push(format!("effort {}", effort.value()));
    }
    match opportunity.status {
        OpportunityStatus::Open => {}
        OpportunityStatus::Planned => parts.push("planned".into()),
        OpportunityStatus::Done => parts.push("done".into()),
    }
    if !opportunity.owner.is_empty() {
        parts.push(format!("@{}", opportunity.owner));
    }
    let title = opportunity.title.replace('\n', " ");
    if parts.is_empty() && !ends_in_bracket(&title) {
        title
    } else if parts.is_empty() {
        // A title that ends in a bracket keeps it with an empty one after.
        format!("{title} []")
    } else {
        format!("{title} [{}]", parts.join(", "))
    }
}

/// What one line says: the title, and the ratings, status and owner when it has a bracket.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The title.
    pub title: String,
    /// The opportunity as the bracket sets it (its title set too), when there is one.
    pub rated: Option<Opportunity>,
}

/// Reads one line (see the module's doc); an error says what in the bracket is not
/// understood.
pub fn parse_line(line: &str) -> Result<Line, String> {
    let line = line.trim();
    let Some((title, inside)) = bracket(line) else {
        return Ok(Line {
            title: line.to_string(),
            rated: None,
        });
    };
    let mut rated = Opportunity {
        title: title.into(),
        ..Opportunity::default()
    };
    let mut understood = 0;
    let mut unknown = Vec::new();
    for part in inside.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        match read_part(part, &mut rated) {
            Ok(true) => understood += 1,
            Ok(false) => unknown.push(part),
            Err(message) => return Err(message),
        }
    }
    match (understood, unknown.as_slice(), inside.trim().is_empty()) {
        // `[]`: nothing set, the title as written before it.
        (0, [], true) => Ok(Line {
            title: title.to_string(),
            rated: Some(rated),
        }),
        // No rating at all: the bracket is part of the title.
        (0, _, _) => Ok(Line {
            title: line.to_string(),
            rated: None,
        }),
        (_, [], _) => Ok(Line {
            title: title.to_string(),
            rated: Some(rated),
        }),
        (_, [first, ..], _) => Err(format!(
            "“{first}” in [{inside}] is not understood: write impact 1-5, effort 1-5, open, \
             planned, done or @owner"
        )),
    }
}

/// Reads one comma-separated part of a bracket into `rated`: whether it was one of the
/// known parts, or an error for a known part with a bad value.
fn read_part(part: &str, rated: &mut Opportunity) -> Result<bool, String> {
    let lower = part.to_lowercase();
    if let Some(owner) = part.strip_prefix('@') {
        rated.owner = owner.trim().into();
        return Ok(true);
    }
    match lower.as_str() {
        "open" => rated.status = OpportunityStatus::Open,
        "planned" => rated.status = OpportunityStatus::Planned,
        "done" => rated.status = OpportunityStatus::Done,
        _ => {
            let Some((name, value)) = lower.split_once(char::is_whitespace) else {
                return Ok(false);
            };
            let slot = match name {
                "impact" | "i" => &mut rated.impact,
                "effort" | "e" => &mut rated.effort,
                _ => return Ok(false),
            };
            let value = value.trim();
            *slot = Some(
                value
                    .parse::<i64>()
                    .ok()
                    .and_then(Rating::new)
                    .ok_or_else(|| format!("{name} {value:?} is not 1 to 5"))?,
            );
        }
    }
    Ok(true)
}

/// The title before a trailing `[...]` and what is inside it.
fn bracket(line: &str) -> Option<(&str, &str)> {
    let inner = line.strip_suffix(']')?;
    let open = inner.rfind('[')?;
    Some((inner[..open].trim_end(), &inner[open + 1..]))
}

/// Whether `title` ends in a bracket that a reader could take for ratings.
fn ends_in_bracket(title: &str) -> bool {
    bracket(title).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rated(line: &str) -> Opportunity {
        parse_line(line).unwrap().rated.expect("a bracket")
    }

    #[test]
    fn a_line_carries_ratings_status_and_owner_and_round_trips() {
        let o = rated("Fix ID upload [impact 4, effort 2, planned, @Payments]");
        assert_eq!(o.title, "Fix ID upload");
        assert_eq!(o.impact.map(Rating::value), Some(4));
        assert_eq!(o.effort.map(Rating::value), Some(2));
        assert_eq!(o.status, OpportunityStatus::Planned);
        assert_eq!(o.owner, "Payments");
        assert_eq!(
            to_line(&o),
            "Fix ID upload [impact 4, effort 2, planned, @Payments]"
        );
        assert_eq!(rated(&to_line(&o)), o);
        let short = rated("Tampilkan sisa stok [e 1, I 5, DONE]");
        assert_eq!(
            to_line(&short),
            "Tampilkan sisa stok [impact 5, effort 1, done]"
        );
    }

    #[test]
    fn a_bracket_without_ratings_is_part_of_the_title() {
        let line = parse_line("Pilot the new kiosk [beta]").unwrap();
        assert_eq!(line.title, "Pilot the new kiosk [beta]");
        assert_eq!(line.rated, None);
        let plain = Opportunity {
            title: "Pilot [beta]".into(),
            ..Opportunity::default()
        };
        assert_eq!(to_line(&plain), "Pilot [beta] []");
        assert_eq!(rated(&to_line(&plain)), plain);
        let with = Opportunity {
            impact: Rating::new(2),
            ..plain.clone()
        };
        assert_eq!(rated(&to_line(&with)), with);
        assert_eq!(
            to_line(&Opportunity {
                title: "Plain".into(),
                ..Opportunity::default()
            }),
            "Plain"
        );
    }

    #[test]
    fn a_bad_rating_or_an_unknown_part_beside_ratings_is_an_error_that_names_it() {
        let error = parse_line("Fix [impact 7]").unwrap_err();
        assert!(error.contains("impact \"7\" is not 1 to 5"), "{error}");
        let error = parse_line("Fix [impact 4, soon]").unwrap_err();
        assert!(error.contains("“soon”"), "{error}");
    }
}
