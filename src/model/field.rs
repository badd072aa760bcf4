//! The editable fields of a touchpoint, read and written as values or as text.

use super::{Emotion, Evidence, Opportunity, Text, Touchpoint};

/// One editable field of a touchpoint, in the order the card view lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TouchpointField {
    Title,
    Action,
    Channel,
    Emotion,
    Thoughts,
    PainPoints,
    Opportunities,
    Owner,
    Tags,
    Notes,
    Evidence,
    Personas,
}

impl TouchpointField {
    /// Every field, in display order.
    pub const ALL: [TouchpointField; 12] = [
        Self::Title,
        Self::Action,
        Self::Channel,
        Self::Emotion,
        Self::Thoughts,
        Self::PainPoints,
        Self::Opportunities,
        Self::Owner,
        Self::Tags,
        Self::Notes,
        Self::Evidence,
        Self::Personas,
    ];

    /// The label shown to the user.
    pub fn label(self) -> &'static str {
        match self {
            Self::Title => "Title",
            Self::Action => "Customer action",
            Self::Channel => "Channel",
            Self::Emotion => "Emotion",
            Self::Thoughts => "Thoughts",
            Self::PainPoints => "Pain points",
            Self::Opportunities => "Opportunities",
            Self::Owner => "Owner",
            Self::Tags => "Tags",
            Self::Notes => "Notes",
            Self::Evidence => "Evidence",
            Self::Personas => "Personas",
        }
    }

    /// The field's name in the file.
    pub fn key(self) -> &'static str {
        match self {
            Self::Title => "title",
            Self::Action => "action",
            Self::Channel => "channel",
            Self::Emotion => "emotion",
            Self::Thoughts => "thoughts",
            Self::PainPoints => "pain_points",
            Self::Opportunities => "opportunities",
            Self::Owner => "owner",
            Self::Tags => "tags",
            Self::Notes => "notes",
            Self::Evidence => "evidence",
            Self::Personas => "personas",
        }
    }

    /// What the field expects, for the status line while it is edited.
    pub fn hint(self) -> &'static str {
        match self {
            Self::Title => "what happens at this touchpoint, in a few words",
            Self::Action => "what the customer does here",
            Self::Channel => "where it happens, e.g. Instagram, Store; ↓ picks a known one",
            Self::Emotion => "how they feel: -2 to +2, or empty if not known (+ and - step it)",
            Self::Thoughts => "what they think or say, in their words",
            Self::PainPoints => "one pain point per line",
            Self::Opportunities => {
                "one per line, rated in a bracket: Fix upload [impact 4, effort 2, planned, @team]"
            }
            Self::Owner => "the person or team who owns this touchpoint",
            Self::Tags => "comma-separated, e.g. promo, mobile",
            Self::Notes => "anything else worth keeping",
            Self::Evidence => {
                "one quote per line: Mahal [interview, 2026-01-05, https://…, @Rina, Jakarta]"
            }
            Self::Personas => "one persona name per line; empty for the journey's personas",
        }
    }

    /// Whether the field is edited as several lines (lists are one item per line).
    pub fn is_multiline(self) -> bool {
        matches!(
            self,
            Self::Thoughts
                | Self::PainPoints
                | Self::Opportunities
                | Self::Notes
                | Self::Evidence
                | Self::Personas
        )
    }
}

/// The value of one touchpoint field, as stored.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    /// Title, action, channel, thoughts, owner, notes.
    Text(String),
    /// Pain points, tags and persona ids.
    List(Vec<String>),
    /// Emotion, absent when unknown.
    Emotion(Option<Emotion>),
    /// Opportunities with their ratings and status.
    Opportunities(Vec<Opportunity>),
    /// Evidence records.
    Evidence(Vec<Evidence>),
}

impl Touchpoint {
    /// The current value of `field`.
    pub fn get(&self, field: TouchpointField) -> FieldValue {
        use TouchpointField as F;
        let text = |t: &Text| FieldValue::Text(t.to_string());
        let list = |items: &[Text]| FieldValue::List(items.iter().map(Text::to_string).collect());
        match field {
            F::Title => text(&self.title),
            F::Action => text(&self.action),
            F::Channel => text(&self.channel),
            F::Emotion => FieldValue::Emotion(self.emotion),
            F::Thoughts => text(&self.thoughts),
            F::PainPoints => list(&self.pain_points),
            F::Opportunities => FieldValue::Opportunities(self.opportunities.clone()),
            F::Owner => text(&self.owner),
            F::Tags => list(&self.tags),
            F::Notes => text(&self.notes),
            F::Evidence => FieldValue::Evidence(self.evidence.to_vec()),
            F::Personas => FieldValue::List(self.personas.clone()),
        }
    }

    /// Sets `field` to `value` and returns the previous value. A value of the wrong shape for
    /// the field leaves the card unchanged and is returned as it came.
    pub fn set(&mut self, field: TouchpointField, value: FieldValue) -> FieldValue {
        use TouchpointField as F;
        let old = self.get(field);
        let text_slot = match field {
            F::Title => Some(&mut self.title),
            F::Action => Some(&mut self.action),
            F::Channel => Some(&mut self.channel),
            F::Thoughts => Some(&mut self.thoughts),
            F::Owner => Some(&mut self.owner),
            F::Notes => Some(&mut self.notes),
            _ => None,
        };
        let texts = |items: Vec<String>| items.into_iter().map(Text::from).collect();
        match (field, value) {
            (_, FieldValue::Text(text)) if text_slot.is_some() => {
                *text_slot.unwrap() = text.into();
            }
            (F::PainPoints, FieldValue::List(items)) => self.pain_points = texts(items),
            (F::Tags, FieldValue::List(items)) => self.tags = texts(items),
            (F::Personas, FieldValue::List(items)) => self.personas = items,
            (F::Emotion, FieldValue::Emotion(e)) => self.emotion = e,
            (F::Opportunities, FieldValue::Opportunities(items)) => self.opportunities = items,
            (F::Evidence, FieldValue::Evidence(items)) => self.evidence = items.into(),
            (_, other) => return other,
        }
        old
    }

    /// The field as the text a user edits: lists one item per line, tags comma-separated,
    /// emotion as a signed number (empty when unknown).
    pub fn field_text(&self, field: TouchpointField) -> String {
        match self.get(field) {
            FieldValue::Text(text) => text,
            FieldValue::List(items) if field == TouchpointField::Tags => items.join(", "),
            FieldValue::List(items) => items.join("\n"),
            FieldValue::Emotion(e) => e.map(|e| format!("{:+}", e.value())).unwrap_or_default(),
            FieldValue::Opportunities(items) => items
                .iter()
                .map(super::opportunity_line::to_line)
                .collect::<Vec<_>>()
                .join("\n"),
            FieldValue::Evidence(items) => items
                .iter()
                .map(super::evidence_line::to_line)
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    /// Parses text typed by the user into a value for `field`.
    ///
    /// Opportunities are one per line, rated where they are written
    /// (`Fix ID upload [impact 4, effort 2, planned, @Payments]`, see
    /// [`super::opportunity_line`]); a line without a bracket keeps the ratings, status and
    /// owner of an existing opportunity of that title. Evidence is one record per line
    /// ([`super::evidence_line`]); a line without a bracket keeps the record of that quote.
    /// Emotion text that is not a number in
    /// -2..=2 is an error message.
    pub fn parse_field(&self, field: TouchpointField, text: &str) -> Result<FieldValue, String> {
        use TouchpointField as F;
        let lines = || -> Vec<String> {
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(String::from)
                .collect()
        };
        Ok(match field {
            F::PainPoints | F::Personas => FieldValue::List(lines()),
            F::Tags => FieldValue::List(
                text.split([',', '\n'])
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(String::from)
                    .collect(),
            ),
            F::Emotion => FieldValue::Emotion(parse_emotion(text)?),
            F::Opportunities => {
                let mut old = self.opportunities.clone();
                let mut items = Vec::new();
                for (n, text) in lines().into_iter().enumerate() {
                    let line = super::opportunity_line::parse_line(&text)
                        .map_err(|e| format!("opportunity {}: {e}", n + 1))?;
                    let known = old.iter().position(|o| o.title == line.title);
                    let kept = known.map(|i| old.remove(i));
                    items.push(match (line.rated, kept) {
                        // Written with a bracket: as written, unknown fields kept.
                        (Some(rated), Some(kept)) => Opportunity {
                            extra: kept.extra,
                            ..rated
                        },
                        (Some(rated), None) => rated,
                        // A title alone keeps what the opportunity had.
                        (None, Some(kept)) => kept,
                        (None, None) => Opportunity {
                            title: line.title.into(),
                            ..Opportunity::default()
                        },
                    });
                }
                FieldValue::Opportunities(items)
            }
            F::Evidence => {
                let mut old = self.evidence.to_vec();
                let mut items = Vec::new();
                for (n, text) in lines().into_iter().enumerate() {
                    let line = super::evidence_line::parse_line(&text)
                        .map_err(|e| format!("evidence {}: {e}", n + 1))?;
                    let known = old.iter().position(|e| e.quote == line.quote);
                    let kept = known.map(|i| old.remove(i));
                    items.push(match (line.described, kept) {
                        (Some(described), Some(kept)) => Evidence {
                            extra: kept.extra,
                            ..described
                        },
                        (Some(described), None) => described,
                        (None, Some(kept)) => kept,
                        (None, None) => Evidence {
                            quote: line.quote.into(),
                            ..Evidence::default()
                        },
                    });
                }
                FieldValue::Evidence(items)
            }
            F::Title | F::Action | F::Channel | F::Owner => {
                FieldValue::Text(text.lines().map(str::trim).collect::<Vec<_>>().join(" "))
            }
            F::Thoughts | F::Notes => FieldValue::Text(text.trim_end().to_string()),
        })
    }
}

fn parse_emotion(text: &str) -> Result<Option<Emotion>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.trim_start_matches('+')
        .parse::<i64>()
        .ok()
        .and_then(Emotion::new)
        .map(Some)
        .ok_or_else(|| format!("emotion {text:?} is not a number from -2 to +2"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{OpportunityStatus, Rating};

    #[test]
    fn text_round_trip_for_every_field() {
        let mut card = Touchpoint::new("Checkout");
        for field in TouchpointField::ALL {
            let sample = match field {
                TouchpointField::Emotion => "-1",
                TouchpointField::Tags => "web, mobile",
                f if f.is_multiline() => "first\nsecond",
                _ => "Bayar di kasir 📱",
            };
            let value = card.parse_field(field, sample).unwrap();
            card.set(field, value);
            assert_eq!(card.field_text(field), sample, "{field:?}");
        }
    }

    #[test]
    fn set_returns_the_old_value() {
        let mut card = Touchpoint::new("Old");
        let old = card.set(TouchpointField::Title, FieldValue::Text("New".into()));
        assert_eq!(old, FieldValue::Text("Old".into()));
        assert_eq!(card.title, "New");
    }

    #[test]
    fn wrong_shape_changes_nothing() {
        let mut card = Touchpoint::new("Old");
        let back = card.set(TouchpointField::Title, FieldValue::Emotion(None));
        assert_eq!(back, FieldValue::Emotion(None));
        assert_eq!(card.title, "Old");
    }

    #[test]
    fn editing_opportunities_keeps_ratings_of_unchanged_lines() {
        let mut card = Touchpoint::new("Pay");
        card.opportunities = vec![Opportunity {
            title: "One-click pay".into(),
            impact: Rating::new(5),
            status: OpportunityStatus::Planned,
            ..Opportunity::default()
        }];
        let value = card
            .parse_field(
                TouchpointField::Opportunities,
                "Show fees early\nOne-click pay\n",
            )
            .unwrap();
        card.set(TouchpointField::Opportunities, value);
        assert_eq!(card.opportunities.len(), 2);
        assert_eq!(card.opportunities[0].impact, None);
        assert_eq!(card.opportunities[1].impact, Rating::new(5));
        assert_eq!(card.opportunities[1].status, OpportunityStatus::Planned);
    }

    #[test]
    fn editing_evidence_keeps_what_a_plain_line_does_not_say() {
        let mut card = Touchpoint::new("Pay");
        card.evidence = vec![Evidence {
            kind: crate::model::EvidenceKind::Interview,
            source: "Rina".into(),
            quote: "Mahal".into(),
            ..Evidence::default()
        }]
        .into();
        let value = card
            .parse_field(TouchpointField::Evidence, "Baru [survey]\nMahal\n")
            .unwrap();
        card.set(TouchpointField::Evidence, value);
        assert_eq!(card.evidence.len(), 2);
        assert_eq!(card.evidence[0].kind, crate::model::EvidenceKind::Survey);
        assert_eq!(card.evidence[1].source, "Rina");
        assert_eq!(
            card.field_text(TouchpointField::Evidence),
            "Baru [survey]\nMahal [interview, @Rina]"
        );
        assert!(
            card.parse_field(TouchpointField::Evidence, "x [survey, soon]")
                .unwrap_err()
                .starts_with("evidence 1:")
        );
    }

    #[test]
    fn emotion_text_is_checked() {
        let card = Touchpoint::new("x");
        assert!(card.parse_field(TouchpointField::Emotion, "3").is_err());
        assert!(card.parse_field(TouchpointField::Emotion, "meh").is_err());
        assert_eq!(
            card.parse_field(TouchpointField::Emotion, " ").unwrap(),
            FieldValue::Emotion(None)
        );
        assert_eq!(
            card.parse_field(TouchpointField::Emotion, "+2").unwrap(),
            FieldValue::Emotion(Emotion::new(2))
        );
        assert_eq!(
            card.parse_field(TouchpointField::Emotion, "-0").unwrap(),
            FieldValue::Emotion(Emotion::new(0))
        );
    }

    #[test]
    fn one_line_fields_fold_pasted_line_breaks() {
        let card = Touchpoint::new("x");
        assert_eq!(
            card.parse_field(TouchpointField::Title, "Sees\n an ad")
                .unwrap(),
            FieldValue::Text("Sees an ad".into())
        );
    }
}
