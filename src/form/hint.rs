//! What each field of a form expects, shown under the field being edited.

/// Which record a form edits, for [`hint`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Persona,
    Journey,
    Kpi,
    Opportunity,
}

/// What the form line `row` of `lines` expects: the hint of the label it is under (a list
/// item is under the label above it), with the label.
pub fn hint(form: Form, lines: &[String], row: usize) -> Option<(String, &'static str)> {
    let label = lines
        .iter()
        .take(row + 1)
        .rev()
        .find_map(|line| {
            let line = line.trim_start();
            (!line.starts_with('-'))
                .then(|| line.split_once(':').map(|(label, _)| label.trim()))
                .flatten()
        })?
        .to_string();
    let kind = || {
        lines
            .iter()
            .find_map(|l| l.trim().strip_prefix("Kind:"))
            .map(|k| k.trim().to_lowercase())
            .unwrap_or_default()
    };
    let text = match (form, label.as_str()) {
        (Form::Persona, "Name") => "who travels the journey, e.g. Rina, first-time buyer",
        (Form::Persona, "Description") => "one line on who they are",
        (Form::Persona | Form::Journey, "Channels") => {
            "one \"- channel\" line each, e.g. - Instagram"
        }
        (Form::Persona, "Goals" | "Needs" | "Pain points") => "one \"- item\" line each",
        (Form::Journey, "Name") => "the journey's name",
        (Form::Journey, "Description") => "one line on what the journey covers",
        (Form::Journey, "Owner") => "who keeps this map true: a person or a team",
        (Form::Journey, "Last reviewed") => "YYYY-MM-DD, the day it was checked against reality",
        (Form::Journey, "State") => "current (as it is) or future (as it should be)",
        (Form::Journey, "Variant of") => "the name of the journey this one changes, or empty",
        (Form::Journey, "Personas") => "one \"- name\" line per persona this journey follows",
        (Form::Journey, "Event rules") => "one \"- EVENT [@ CHANNEL] -> STAGE [/ CARD]\" line each",
        (Form::Journey, "Conversion stage") => "the name of the stage that counts as converted",
        (Form::Kpi, "Name") => "what is measured, e.g. Checkout conversion",
        (Form::Kpi, "Kind") => "nps, csat, ces, ratio or value",
        (Form::Kpi, "Unit") => "e.g. %, days, IDR; empty for none",
        (Form::Kpi, "Target") => "a number, e.g. 65; empty for none",
        (Form::Kpi, "Direction") => "higher or lower: which way is better",
        (Form::Kpi, "Measurements") => match kind().as_str() {
            "nps" => "- YYYY-MM-DD promoters passives detractors, e.g. - 2026-03-02 120 40 30",
            "csat" => "- YYYY-MM-DD how many answered 1 2 3 4 5, e.g. - 2026-03-02 3 5 10 40 42",
            "ces" => "- YYYY-MM-DD score respondents, e.g. - 2026-03-02 5.2 87",
            "ratio" => "- YYYY-MM-DD numerator/denominator, e.g. - 2026-03-02 412/780",
            _ => "- YYYY-MM-DD value, e.g. - 2026-03-02 41.5",
        },
        (Form::Opportunity, "Title") => "what the business could do better",
        (Form::Opportunity, "Impact") => "1 (small) to 5 (large), or empty",
        (Form::Opportunity, "Effort") => "1 (small) to 5 (large), or empty",
        (Form::Opportunity, "Status") => "open, planned or done",
        (Form::Opportunity, "Owner") => "the person or team doing it",
        _ => return None,
    };
    Some((label, text))
}
