//! The personas panel, the text forms that edit a persona, the journey's details, a KPI or an
//! opportunity, and
//! adding a journey from a template.

use crate::adopt::adopt;
use crate::edit::Edit;
use crate::form::{
    journey_form, kpi_form, opportunity_form, parse_journey_form, parse_kpi_form,
    parse_opportunity_form, parse_persona_form, persona_form,
};
use crate::model::{FieldValue, Journey, Persona, TouchpointField, new_id};

use super::super::action::Action;
use super::super::app::{App, FormKind, Mode};
use super::super::input::{form_input, text_of};
use super::{Effect, list_step};

impl App {
    /// Moves, adds, edits, deletes and follows personas in the panel.
    pub(super) fn update_personas(&mut self, action: Action) -> Effect {
        let Mode::Personas { selected } = self.mode else {
            return Effect::None;
        };
        let count = self.doc.workspace.personas.len();
        let persona = self.doc.workspace.personas.get(selected).cloned();
        match (action, persona) {
            (Action::Up, _) => self.set_persona_row(selected.saturating_sub(1)),
            (Action::Down, _) => self.set_persona_row((selected + 1).min(count.saturating_sub(1))),
            (Action::Cancel, _) => self.mode = Mode::Board,
            (Action::AddPersona, _) => self.open_form(FormKind::Persona(None)),
            (Action::Undo, _) => return self.undo(true),
            (Action::Redo, _) => return self.undo(false),
            (Action::EditPersona, Some(p)) => self.open_form(FormKind::Persona(Some(p.id))),
            (Action::FollowPersona, Some(p)) => return self.toggle_follow(&p),
            (Action::DeletePersona, Some(p)) => {
                let question = format!(
                    "Delete persona “{}”, and its marks on journeys and cards?",
                    p.name
                );
                let edit = self.delete_persona_edit(&p);
                self.mode = Mode::Confirm { question, edit };
            }
            (Action::FilterPersona, Some(p)) => {
                self.say(format!("persona: {} (P for the next)", p.name));
                self.persona = Some(p.id);
                self.mode = Mode::Board;
            }
            (_, None) => self.say("no personas yet: a adds one"),
            _ => {}
        }
        Effect::None
    }

    fn set_persona_row(&mut self, row: usize) {
        self.mode = Mode::Personas { selected: row };
    }

    /// Makes the current journey follow the persona, or stop following it.
    fn toggle_follow(&mut self, persona: &Persona) -> Effect {
        let Some(journey) = self.journey() else {
            self.say("no journey yet: press N to create one");
            return Effect::None;
        };
        let mut details = Journey {
            stages: Vec::new(),
            ..journey.clone()
        };
        let following = details.personas.contains(&persona.id);
        if following {
            details.personas.retain(|id| *id != persona.id);
        } else {
            details.personas.push(persona.id.clone());
        }
        let message = format!(
            "“{}” {} “{}”",
            journey.name,
            if following {
                "no longer follows"
            } else {
                "follows"
            },
            persona.name
        );
        let edit = Edit::SetJourneyDetails {
            journey: journey.id.clone(),
            details: Box::new(details),
        };
        let effect = self.apply(edit);
        self.say(message);
        effect
    }

    /// Removing a persona together with every journey's and card's mark of it, as one edit.
    fn delete_persona_edit(&self, persona: &Persona) -> Edit {
        let id = &persona.id;
        let mut edits = Vec::new();
        for journey in &self.doc.workspace.journeys {
            if journey.personas.contains(id) {
                let mut details = Journey {
                    stages: Vec::new(),
                    ..journey.clone()
                };
                details.personas.retain(|p| p != id);
                edits.push(Edit::SetJourneyDetails {
                    journey: journey.id.clone(),
                    details: Box::new(details),
                });
            }
            let cards = journey.stages.iter().flat_map(|s| &s.touchpoints);
            for card in cards.filter(|c| c.personas.contains(id)) {
                let kept = card.personas.iter().filter(|p| *p != id).cloned().collect();
                edits.push(Edit::SetField {
                    journey: journey.id.clone(),
                    card: card.id.clone(),
                    field: TouchpointField::Personas,
                    value: FieldValue::List(kept),
                });
            }
        }
        edits.push(Edit::RemovePersona {
            persona: id.clone(),
        });
        Edit::Batch {
            label: "delete persona".into(),
            edits,
        }
    }

    /// Opens a form on a persona or the journey's details.
    pub(super) fn open_form(&mut self, kind: FormKind) {
        if matches!(kind, FormKind::Journey) && self.journey().is_none() {
            self.say("no journey yet: press N to create one");
            return;
        }
        let Some(text) = self.form_text(&kind) else {
            return;
        };
        self.mode = Mode::Form {
            kind,
            input: form_input(&text),
        };
    }

    /// The text a form opens with: the record as it is now; `None` when it is gone.
    pub(super) fn form_text(&self, kind: &FormKind) -> Option<String> {
        Some(match kind {
            FormKind::Persona(Some(id)) => {
                persona_form(self.doc.workspace.personas.iter().find(|p| &p.id == id)?)
            }
            FormKind::Persona(None) => persona_form(&Persona::default()),
            FormKind::Journey => journey_form(self.journey()?, &self.doc.workspace),
            FormKind::Kpi { stage, kpi } => kpi_form(self.find_kpi(stage, kpi)?),
            FormKind::Opportunity { card, index } => {
                opportunity_form(self.find_opportunity(card, *index)?)
            }
        })
    }

    /// Ctrl-s saves the form (a problem keeps it open and says which line); Esc drops it.
    pub(super) fn update_form(&mut self, action: Action) -> Effect {
        let Mode::Form { kind, input } = &self.mode else {
            return Effect::None;
        };
        match action {
            Action::Confirm => {
                let (kind, text) = (kind.clone(), text_of(input));
                match self.form_edit(&kind, &text) {
                    Ok(edit) => {
                        let effect = self.apply(edit);
                        self.mode = self.mode_after_form(&kind);
                        effect
                    }
                    Err(message) => {
                        self.warn(message);
                        Effect::None
                    }
                }
            }
            Action::Cancel => {
                self.mode = self.mode_after_form(kind);
                Effect::None
            }
            _ => Effect::None,
        }
    }

    /// A persona form goes back to the panel, on the persona (a new one is the last), the
    /// others to the view they came from.
    fn mode_after_form(&self, kind: &FormKind) -> Mode {
        let personas = &self.doc.workspace.personas;
        match kind {
            FormKind::Persona(Some(id)) => Mode::Personas {
                selected: personas.iter().position(|p| &p.id == id).unwrap_or(0),
            },
            FormKind::Persona(None) => Mode::Personas {
                selected: personas.len().saturating_sub(1),
            },
            _ => Mode::Board,
        }
    }

    fn find_kpi(&self, stage: &str, kpi: &str) -> Option<&crate::model::Kpi> {
        let stage = self.journey()?.stages.iter().find(|s| s.id == stage)?;
        stage.kpis.iter().find(|k| k.id == kpi)
    }

    fn find_opportunity(&self, card: &str, index: usize) -> Option<&crate::model::Opportunity> {
        let journey = self.journey()?;
        let (s, c) = journey.find_touchpoint(card)?;
        journey.stages[s].touchpoints[c].opportunities.get(index)
    }

    /// The edit a form's text asks for.
    fn form_edit(&self, kind: &FormKind, text: &str) -> Result<Edit, String> {
        let ws = &self.doc.workspace;
        match kind {
            FormKind::Persona(id) => {
                let base = id
                    .as_ref()
                    .and_then(|id| ws.personas.iter().find(|p| &p.id == id))
                    .cloned()
                    .unwrap_or_else(|| Persona {
                        id: new_id("pe"),
                        ..Persona::default()
                    });
                let persona = parse_persona_form(text, &base).map_err(|e| e.to_string())?;
                Ok(Edit::PutPersona {
                    index: ws.personas.len(),
                    persona,
                })
            }
            FormKind::Kpi { stage, kpi } => {
                let base = self.find_kpi(stage, kpi).ok_or("the KPI is gone")?;
                let kpi = parse_kpi_form(text, base).map_err(|e| e.to_string())?;
                let journey = self.journey().ok_or("the journey is gone")?;
                Ok(Edit::PutKpi {
                    journey: journey.id.clone(),
                    stage: stage.clone(),
                    index: 0,
                    kpi,
                })
            }
            FormKind::Opportunity { card, index } => {
                let base = self
                    .find_opportunity(card, *index)
                    .ok_or("the opportunity is gone")?;
                let opportunity = parse_opportunity_form(text, base).map_err(|e| e.to_string())?;
                let journey = self.journey().ok_or("the journey is gone")?;
                let (s, c) = journey.find_touchpoint(card).ok_or("the card is gone")?;
                let mut items = journey.stages[s].touchpoints[c].opportunities.clone();
                items[*index] = opportunity;
                Ok(Edit::SetField {
                    journey: journey.id.clone(),
                    card: card.clone(),
                    field: TouchpointField::Opportunities,
                    value: FieldValue::Opportunities(items),
                })
            }
            FormKind::Journey => {
                let journey = self.journey().ok_or("the journey is gone")?;
                let details = parse_journey_form(text, journey, ws).map_err(|e| e.to_string())?;
                Ok(Edit::SetJourneyDetails {
                    journey: journey.id.clone(),
                    details: Box::new(Journey {
                        stages: Vec::new(),
                        ..details
                    }),
                })
            }
        }
    }

    /// Up/Down choose a template, Enter adds its journeys (and personas not yet here).
    pub(super) fn update_templates(&mut self, action: Action) -> Effect {
        let Mode::Templates { selected } = self.mode else {
            return Effect::None;
        };
        let templates = crate::templates::all();
        if let Some(selected) = list_step(selected, templates.len(), action) {
            self.mode = Mode::Templates { selected };
            return Effect::None;
        }
        match action {
            Action::Cancel => self.mode = Mode::Board,
            Action::Confirm => {
                self.mode = Mode::Board;
                let Some(template) = templates.get(selected) else {
                    return Effect::None;
                };
                let effect = self.add_workspace(
                    template.workspace(),
                    format!("add template {}", template.name),
                );
                if effect == Effect::Edited {
                    self.say(format!("added “{}” from a template", template.title));
                }
                return effect;
            }
            _ => {}
        }
        Effect::None
    }

    /// Adds the journeys of `source` and its personas not yet here (fresh ids where they
    /// clash) as one undoable edit named `label`, and shows the first journey added.
    pub(super) fn add_workspace(
        &mut self,
        source: crate::model::Workspace,
        label: String,
    ) -> Effect {
        let ws = &self.doc.workspace;
        let adopted = adopt(ws, source.personas, source.journeys);
        let first = adopted.journeys.first().map(|j| j.id.clone());
        let mut edits: Vec<Edit> = adopted
            .personas
            .into_iter()
            .map(|persona| Edit::PutPersona {
                index: usize::MAX,
                persona,
            })
            .collect();
        let at = ws.journeys.len();
        edits.extend(
            adopted
                .journeys
                .into_iter()
                .enumerate()
                .map(|(i, journey)| Edit::AddJourney {
                    index: at + i,
                    journey,
                }),
        );
        let effect = self.apply(Edit::Batch { label, edits });
        if let Some(index) = first.and_then(|id| self.doc.workspace.journey_index(&id)) {
            self.switch_journey(index);
        }
        effect
    }
}
