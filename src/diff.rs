//! What changed between two versions of a workspace, matched by id so that renames, moves and
//! edits read as such instead of as lines removed and added.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::Value;

use crate::model::{Journey, Kpi, Stage, Touchpoint, Workspace};

/// One change between two workspaces.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// What kind of change.
    pub kind: Kind,
    /// Where: the names from journey down to the record, in the new version where it exists.
    pub place: Vec<String>,
    /// The changed record's id.
    pub id: String,
    /// The field that changed, for `changed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The value before (a field's old value, a stage a card moved from, an old order).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<Value>,
    /// The value after.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<Value>,
    /// How the difference of two numbers reads in [`Self::line`]: a factor and a unit (a
    /// KPI's latest figure: shares in percentage points); plain numbers without.
    #[serde(skip)]
    pub change_unit: Option<(f64, String)>,
}

/// The kinds of change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A record exists only in the new version.
    Added,
    /// A record exists only in the old version.
    Removed,
    /// A field of a record changed.
    Changed,
    /// A touchpoint moved to another stage.
    Moved,
    /// The order of stages, or of the cards of a stage, changed.
    Reordered,
}

impl Change {
    fn new(kind: Kind, place: Vec<String>, id: &str) -> Self {
        Self {
            kind,
            place,
            id: id.to_string(),
            field: None,
            old: None,
            new: None,
            change_unit: None,
        }
    }

    fn values(mut self, field: Option<&str>, old: Value, new: Value) -> Self {
        self.field = field.map(str::to_string);
        self.old = Some(old);
        self.new = Some(new);
        self
    }

    /// The change as one line of text: a sign, the place and what changed.
    pub fn line(&self) -> String {
        let place = self.place.join(" › ");
        let show = |value: &Option<Value>| value.as_ref().map(display).unwrap_or_default();
        match self.kind {
            Kind::Added => format!("+ {place}: added"),
            Kind::Removed => format!("- {place}: removed"),
            Kind::Moved => format!(
                "> {place}: moved from {} to {}",
                show(&self.old),
                show(&self.new)
            ),
            Kind::Reordered => {
                format!("~ {place}: order {} → {}", show(&self.old), show(&self.new))
            }
            Kind::Changed => {
                let field = self.field.as_deref().unwrap_or_default();
                let mut line = format!(
                    "~ {place}: {field}: {} → {}",
                    show(&self.old),
                    show(&self.new)
                );
                if let (Some(old), Some(new)) = (number(&self.old), number(&self.new)) {
                    let (factor, unit) = self
                        .change_unit
                        .as_ref()
                        .map_or((1.0, ""), |(f, u)| (*f, u.as_str()));
                    let scale = factor * old.abs().max(new.abs());
                    let change = crate::number::change(factor * (new - old), scale, unit);
                    line.push_str(&format!(" ({change})"));
                }
                line
            }
        }
    }
}

fn number(value: &Option<Value>) -> Option<f64> {
    value.as_ref()?.as_f64()
}

/// A value for a line of text: strings quoted, lists joined with "; ", numbers as
/// `cjm check` and the exports write figures ([`crate::number::number`]), nothing as "—".
fn display(value: &Value) -> String {
    match value {
        Value::Number(n) if n.is_f64() => n
            .as_f64()
            .map_or_else(|| n.to_string(), |f| crate::number::number(f, "")),
        Value::Null => "—".into(),
        Value::String(text) if text.is_empty() => "—".into(),
        Value::String(text) => format!("{:?}", text),
        Value::Array(items) if items.iter().all(Value::is_string) => {
            let items: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
            format!("[{}]", items.join("; "))
        }
        other => other.to_string(),
    }
}

/// Every change from `old` to `new`: personas, journeys, stages, touchpoints and KPIs.
pub fn diff(old: &Workspace, new: &Workspace) -> Vec<Change> {
    let mut changes = Vec::new();
    let old_personas = by_id(&old.personas, |p| &p.id);
    for persona in &new.personas {
        let place = vec![format!("persona {}", persona.name)];
        match old_personas.get(persona.id.as_str()) {
            None => changes.push(Change::new(Kind::Added, place, &persona.id)),
            Some(before) => fields(*before, persona, &[], place, &persona.id, &mut changes),
        }
    }
    let new_personas = by_id(&new.personas, |p| &p.id);
    for persona in &old.personas {
        if !new_personas.contains_key(persona.id.as_str()) {
            let place = vec![format!("persona {}", persona.name)];
            changes.push(Change::new(Kind::Removed, place, &persona.id));
        }
    }
    let old_journeys = by_id(&old.journeys, |j| &j.id);
    for journey in &new.journeys {
        let place = vec![journey.name.clone()];
        match old_journeys.get(journey.id.as_str()) {
            None => changes.push(Change::new(Kind::Added, place, &journey.id)),
            Some(before) => journey_changes(before, journey, &mut changes),
        }
    }
    let new_journeys = by_id(&new.journeys, |j| &j.id);
    for journey in &old.journeys {
        if !new_journeys.contains_key(journey.id.as_str()) {
            changes.push(Change::new(
                Kind::Removed,
                vec![journey.name.clone()],
                &journey.id,
            ));
        }
    }
    changes
}

fn by_id<T>(items: &[T], id: impl Fn(&T) -> &String) -> HashMap<&str, &T> {
    items.iter().map(|item| (id(item).as_str(), item)).collect()
}

/// The changed fields of two versions of one record, children (`skip`) aside.
fn fields<T: Serialize>(
    old: &T,
    new: &T,
    skip: &[&str],
    place: Vec<String>,
    id: &str,
    changes: &mut Vec<Change>,
) {
    let (Ok(Value::Object(old)), Ok(Value::Object(new))) =
        (serde_json::to_value(old), serde_json::to_value(new))
    else {
        return;
    };
    let mut keys: Vec<&String> = old.keys().chain(new.keys()).collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        if skip.contains(&key.as_str()) || key == "id" {
            continue;
        }
        let (before, after) = (old.get(key), new.get(key));
        if before != after {
            let value = |v: Option<&Value>| v.cloned().unwrap_or(Value::Null);
            let change = Change::new(Kind::Changed, place.clone(), id);
            changes.push(change.values(Some(key), value(before), value(after)));
        }
    }
}

/// Where each card of a journey is: its stage's index and its own.
fn card_places(journey: &Journey) -> HashMap<&str, (usize, &Touchpoint)> {
    journey
        .stages
        .iter()
        .enumerate()
        .flat_map(|(s, stage)| {
            stage
                .touchpoints
                .iter()
                .map(move |t| (t.id.as_str(), (s, t)))
        })
        .collect()
}

fn journey_changes(old: &Journey, new: &Journey, changes: &mut Vec<Change>) {
    let place = vec![new.name.clone()];
    fields(old, new, &["stages"], place.clone(), &new.id, changes);
    let old_stages = by_id(&old.stages, |s| &s.id);
    let new_stages = by_id(&new.stages, |s| &s.id);
    reorder(
        old.stages.iter().map(|s| (&s.id, s.name.as_str())),
        new.stages.iter().map(|s| (&s.id, s.name.as_str())),
        &new_stages,
        place.clone(),
        &new.id,
        changes,
    );
    for stage in &new.stages {
        let place = vec![new.name.clone(), stage.name.clone()];
        match old_stages.get(stage.id.as_str()) {
            None => changes.push(Change::new(Kind::Added, place, &stage.id)),
            Some(before) => stage_changes(before, stage, place, changes),
        }
    }
    for stage in &old.stages {
        if !new_stages.contains_key(stage.id.as_str()) {
            let place = vec![new.name.clone(), stage.name.clone()];
            changes.push(Change::new(Kind::Removed, place, &stage.id));
        }
    }
    card_changes(old, new, changes);
}

/// A `reordered` change when the records present in both versions changed order.
fn reorder<'a, T>(
    old: impl Iterator<Item = (&'a String, &'a str)>,
    new: impl Iterator<Item = (&'a String, &'a str)>,
    in_new: &HashMap<&str, T>,
    place: Vec<String>,
    id: &str,
    changes: &mut Vec<Change>,
) {
    let old: Vec<(&String, &str)> = old
        .filter(|(id, _)| in_new.contains_key(id.as_str()))
        .collect();
    let old_ids: std::collections::HashSet<&str> = old.iter().map(|(id, _)| id.as_str()).collect();
    let new: Vec<(&String, &str)> = new
        .filter(|(id, _)| old_ids.contains(id.as_str()))
        .collect();
    let ids =
        |list: &[(&String, &str)]| list.iter().map(|(id, _)| *id).cloned().collect::<Vec<_>>();
    if ids(&old) != ids(&new) {
        let names = |list: &[(&String, &str)]| {
            Value::from(list.iter().map(|(_, name)| *name).collect::<Vec<_>>())
        };
        let change = Change::new(Kind::Reordered, place, id);
        changes.push(change.values(None, names(&old), names(&new)));
    }
}

fn stage_changes(old: &Stage, new: &Stage, place: Vec<String>, changes: &mut Vec<Change>) {
    fields(
        old,
        new,
        &["touchpoints", "kpis"],
        place.clone(),
        &new.id,
        changes,
    );
    let new_cards = by_id(&new.touchpoints, |t| &t.id);
    reorder(
        old.touchpoints.iter().map(|t| (&t.id, t.title.as_str())),
        new.touchpoints.iter().map(|t| (&t.id, t.title.as_str())),
        &new_cards,
        place.clone(),
        &new.id,
        changes,
    );
    let old_kpis = by_id(&old.kpis, |k| &k.id);
    for kpi in &new.kpis {
        let place = [place.clone(), vec![format!("KPI {}", kpi.name)]].concat();
        match old_kpis.get(kpi.id.as_str()) {
            None => changes.push(Change::new(Kind::Added, place, &kpi.id)),
            Some(before) => kpi_changes(before, kpi, place, changes),
        }
    }
    let new_kpis = by_id(&new.kpis, |k| &k.id);
    for kpi in &old.kpis {
        if !new_kpis.contains_key(kpi.id.as_str()) {
            let place = [place.clone(), vec![format!("KPI {}", kpi.name)]].concat();
            changes.push(Change::new(Kind::Removed, place, &kpi.id));
        }
    }
}

/// A KPI's changed settings, and its latest figure when new measurements moved it.
fn kpi_changes(old: &Kpi, new: &Kpi, place: Vec<String>, changes: &mut Vec<Change>) {
    fields(old, new, &["measurements"], place.clone(), &new.id, changes);
    let (before, after) = (old.summary().latest, new.summary().latest);
    if before != after {
        // Figures to two decimals: 455 / 790 reads 57.59, not 57.594936708860764.
        let figure =
            |f: Option<f64>| f.map_or(Value::Null, |f| Value::from((f * 100.0).round() / 100.0));
        let mut change = Change::new(Kind::Changed, place, &new.id);
        let (factor, unit) = crate::model::change_unit(new.kind, &new.unit);
        change.change_unit = Some((factor, unit.to_string()));
        changes.push(change.values(Some("latest figure"), figure(before), figure(after)));
    } else if old.measurements != new.measurements {
        let count = |k: &Kpi| Value::from(k.measurements.len());
        let change = Change::new(Kind::Changed, place, &new.id);
        changes.push(change.values(Some("measurements"), count(old), count(new)));
    }
}

/// Touchpoints added, removed, moved between stages or edited, anywhere in the journey.
fn card_changes(old: &Journey, new: &Journey, changes: &mut Vec<Change>) {
    let before = card_places(old);
    let after = card_places(new);
    for (s, stage) in new.stages.iter().enumerate() {
        for card in &stage.touchpoints {
            let place = vec![new.name.clone(), stage.name.clone(), card.title.to_string()];
            let Some((old_stage, old_card)) = before.get(card.id.as_str()) else {
                changes.push(Change::new(Kind::Added, place, &card.id));
                continue;
            };
            let old_stage_id = &old.stages[*old_stage].id;
            if *old_stage_id != stage.id {
                let name = |s: &Stage| Value::from(s.name.as_str());
                let change = Change::new(Kind::Moved, place.clone(), &card.id);
                changes.push(change.values(
                    None,
                    name(&old.stages[*old_stage]),
                    name(&new.stages[s]),
                ));
            }
            fields(*old_card, card, &[], place, &card.id, changes);
        }
    }
    for stage in &old.stages {
        for card in &stage.touchpoints {
            if !after.contains_key(card.id.as_str()) {
                let place = vec![new.name.clone(), stage.name.clone(), card.title.to_string()];
                changes.push(Change::new(Kind::Removed, place, &card.id));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Emotion, Measurement};

    fn lines(old: &Workspace, new: &Workspace) -> Vec<String> {
        diff(old, new).iter().map(Change::line).collect()
    }

    fn base() -> Workspace {
        let mut journey = Journey::with_default_stages("Beli HP");
        journey.stages.truncate(3);
        journey.stages[0].touchpoints = vec![
            Touchpoint::new("Lihat iklan"),
            Touchpoint::new("Baca ulasan"),
        ];
        journey.stages[0].touchpoints[0].emotion = Emotion::new(-1);
        Workspace {
            journeys: vec![journey],
            ..Workspace::default()
        }
    }

    #[test]
    fn the_same_workspace_has_no_changes() {
        let ws = base();
        assert!(diff(&ws, &ws.clone()).is_empty());
    }

    #[test]
    fn edits_read_as_field_changes_with_the_emotion_delta() {
        let old = base();
        let mut new = old.clone();
        let card = &mut new.journeys[0].stages[0].touchpoints[0];
        card.emotion = Emotion::new(1);
        card.title = "Lihat iklan TV".into();
        card.pain_points = vec!["mahal".into()];
        assert_eq!(
            lines(&old, &new),
            [
                "~ Beli HP › Awareness › Lihat iklan TV: emotion: -1 → 1 (+2)",
                "~ Beli HP › Awareness › Lihat iklan TV: pain_points: — → [mahal]",
                "~ Beli HP › Awareness › Lihat iklan TV: title: \"Lihat iklan\" → \"Lihat iklan TV\"",
            ]
        );
    }

    #[test]
    fn adds_removes_moves_and_reorders_are_named() {
        let old = base();
        let mut new = old.clone();
        let moved = new.journeys[0].stages[0].touchpoints.remove(0);
        new.journeys[0].stages[1].touchpoints.push(moved);
        new.journeys[0].stages[2]
            .touchpoints
            .push(Touchpoint::new("Bayar"));
        new.journeys[0].stages.swap(1, 2);
        let removed = new.journeys[0].stages[0].touchpoints.remove(0);
        assert_eq!(removed.title, "Baca ulasan");
        assert_eq!(
            lines(&old, &new),
            [
                "~ Beli HP: order [Awareness; Consideration; Decision] → [Awareness; Decision; Consideration]",
                "+ Beli HP › Decision › Bayar: added",
                "> Beli HP › Consideration › Lihat iklan: moved from \"Awareness\" to \"Consideration\"",
                "- Beli HP › Awareness › Baca ulasan: removed",
            ]
        );
    }

    #[test]
    fn kpi_figures_and_journeys_are_compared() {
        let old = base();
        let mut new = old.clone();
        let kpi = Kpi {
            id: "kp-1".into(),
            name: "Conversion".into(),
            ..Kpi::default()
        };
        new.journeys[0].stages[0].kpis.push(kpi);
        let mid = new.clone();
        new.journeys[0].stages[0].kpis[0]
            .measurements
            .push(Measurement {
                date: "2026-11-01".into(),
                value: Some(3.5),
                ..Measurement::default()
            });
        new.journeys.push(Journey::with_default_stages("Kedua"));
        assert_eq!(
            lines(&old, &mid),
            ["+ Beli HP › Awareness › KPI Conversion: added"]
        );
        assert_eq!(
            lines(&mid, &new),
            [
                "~ Beli HP › Awareness › KPI Conversion: latest figure: — → 3.5",
                "+ Kedua: added",
            ]
        );
        let json = serde_json::to_value(diff(&mid, &new)).unwrap();
        assert_eq!(json[0]["kind"], "changed");
        assert_eq!(json[0]["new"], 3.5);
        assert_eq!(json[1]["kind"], "added");
    }
}
