//! An opportunity as a form.

use crate::model::{Opportunity, OpportunityStatus, Rating};

use super::FormError;
use super::syntax::{error, fields, scalar};

const OPPORTUNITY_LABELS: [&str; 5] = ["Title", "Impact", "Effort", "Status", "Owner"];

/// An opportunity as a form.
pub fn opportunity_form(opportunity: &Opportunity) -> String {
    let mut form = String::new();
    scalar(&mut form, "Title", &opportunity.title);
    let rating = |r: Option<Rating>| r.map_or(String::new(), |r| r.value().to_string());
    scalar(&mut form, "Impact", &rating(opportunity.impact));
    scalar(&mut form, "Effort", &rating(opportunity.effort));
    let status = match opportunity.status {
        OpportunityStatus::Open => "open",
        OpportunityStatus::Planned => "planned",
        OpportunityStatus::Done => "done",
    };
    scalar(&mut form, "Status", status);
    scalar(&mut form, "Owner", &opportunity.owner);
    form
}

/// Reads an opportunity form into a copy of `base` (unknown fields kept).
pub fn parse_opportunity_form(text: &str, base: &Opportunity) -> Result<Opportunity, FormError> {
    let mut opportunity = base.clone();
    for field in fields(text, &OPPORTUNITY_LABELS)? {
        let line = field.line;
        match field.label {
            "Title" => opportunity.title = field.scalar()?.into(),
            "Impact" | "Effort" => {
                let value = field.scalar()?;
                let rating = if value.is_empty() {
                    None
                } else {
                    let rating = value.parse::<i64>().ok().and_then(Rating::new);
                    Some(rating.ok_or_else(|| {
                        error(line, format!("{} is 1 to 5, or empty", field.label))
                    })?)
                };
                if field.label == "Impact" {
                    opportunity.impact = rating;
                } else {
                    opportunity.effort = rating;
                }
            }
            "Status" => {
                opportunity.status = match field.scalar()?.to_lowercase().as_str() {
                    "" | "open" => OpportunityStatus::Open,
                    "planned" => OpportunityStatus::Planned,
                    "done" => OpportunityStatus::Done,
                    _ => return Err(error(line, "the status is open, planned or done")),
                }
            }
            _ => opportunity.owner = field.scalar()?.into(),
        }
    }
    if opportunity.title.trim().is_empty() {
        return Err(error(
            1,
            "an opportunity needs a title: write it after \"Title:\"",
        ));
    }
    Ok(opportunity)
}
