//! The state of the running app: the open document, where the user is, what is on screen.

use std::collections::HashMap;

use crate::config::Config;
use crate::model::{Journey, Stage, Touchpoint, TouchpointField};
use crate::search::{Hit, Worker};
use ratatui_textarea::TextArea;

use super::action::Action;
use super::analysis::Analytics;
use super::document::Document;
use super::keymap::{Context, Keymap};
use super::layout;
use super::theme::Theme;

/// Which card is selected: stage and card index in the current journey. In an empty stage
/// `card` is 0 and nothing is selected.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Selection {
    /// The journey's index in the workspace.
    pub journey: usize,
    /// The stage's index in the journey.
    pub stage: usize,
    /// The card's index in the stage.
    pub card: usize,
}

/// What the text being edited will become.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditTarget {
    /// A field of an existing card.
    Card(String),
    /// The title of a card not yet added: it is added when the title is committed.
    NewCard {
        /// The stage it goes into.
        stage: String,
        /// Its position there.
        index: usize,
    },
}

/// A field being edited, inline on the board or in the open card.
pub struct FieldEditor {
    /// What is edited.
    pub target: EditTarget,
    /// Which field.
    pub field: TouchpointField,
    /// The text.
    pub input: TextArea<'static>,
    /// Known channels matching the text, when editing a channel; `selected` is highlighted.
    pub suggestions: Vec<String>,
    /// The highlighted suggestion.
    pub suggestion: Option<usize>,
    /// The journey's known channels, gathered once when a channel editor opens.
    pub channels: Vec<String>,
    /// The card as it was when the editor opened (none for a new card): the base of the
    /// commit, so that a value someone else saved meanwhile is a conflict, not overwritten.
    pub seen: Option<crate::model::Touchpoint>,
}

impl FieldEditor {
    /// Whether Enter starts a new line rather than committing.
    pub fn multiline(&self) -> bool {
        self.field.is_multiline()
    }
}

/// What a one-line prompt asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptPurpose {
    /// The name of a new stage after the selected one.
    AddStage,
    /// A new name for the selected stage.
    RenameStage,
    /// The name of a new journey.
    NewJourney,
    /// A new name for the current journey.
    RenameJourney,
    /// A measurement for the selected KPI: its counts, optionally after a date.
    AddMeasurement,
    /// A new KPI for the selected stage.
    AddKpi,
    /// The events file to analyse the journey against.
    AnalyzeFile,
    /// The column of the events to segment the analysis by.
    SegmentBy,
    /// A comment on a card, a stage or the journey (see `App::comment_on`).
    Comment,
    /// A reply to a thread (see `App::comment_on`).
    Reply,
}

impl PromptPurpose {
    /// Whether the answer is the user's own text, kept as a draft when the pane closes on it
    /// (not a file's path or a column's name, typed again in a moment).
    pub fn answer_is_writing(self) -> bool {
        !matches!(self, PromptPurpose::AnalyzeFile | PromptPurpose::SegmentBy)
    }

    /// The prompt's title.
    pub fn title(self) -> &'static str {
        match self {
            PromptPurpose::AddStage => "New stage name",
            PromptPurpose::RenameStage => "Rename stage",
            PromptPurpose::NewJourney => "New journey name",
            PromptPurpose::RenameJourney => "Rename journey",
            PromptPurpose::AddMeasurement => "New measurement",
            PromptPurpose::AddKpi => "New KPI",
            PromptPurpose::AnalyzeFile => "Events file to analyze (CSV or JSON Lines)",
            PromptPurpose::SegmentBy => {
                "Segment by a column of the events, or channel (empty: no segments)"
            }
            PromptPurpose::Comment => "Comment",
            PromptPurpose::Reply => "Reply",
        }
    }
}

/// The fuzzy search panel.
pub struct SearchPanel {
    /// The query.
    pub input: TextArea<'static>,
    /// The ranked hits for the query; while the search thread ranks a newer query, those of
    /// the one before.
    pub hits: Vec<Hit>,
    /// The highlighted hit.
    pub selected: usize,
    /// Where the user was before searching, for Esc.
    pub origin: Selection,
    /// Enter was pressed before the query's hits came: jump to the best as they come.
    pub confirm: bool,
}

/// The command palette.
pub struct PalettePanel {
    /// The filter text.
    pub input: TextArea<'static>,
    /// Matching actions with the matched character positions of their names.
    pub entries: Vec<(Action, Vec<usize>)>,
    /// The highlighted entry.
    pub selected: usize,
}

/// The help screen's state.
pub struct HelpPanel {
    /// Rows scrolled.
    pub scroll: usize,
    /// The filter: only rows holding it are listed.
    pub filter: TextArea<'static>,
    /// Whether the filter is being typed.
    pub typing: bool,
}

impl HelpPanel {
    /// The help from its top, unfiltered.
    pub fn new() -> Self {
        Self {
            scroll: 0,
            filter: super::input::text_input(""),
            typing: false,
        }
    }

    /// The filter's text.
    pub fn filter_text(&self) -> String {
        self.filter.lines().join("")
    }
}

impl Default for HelpPanel {
    fn default() -> Self {
        Self::new()
    }
}

/// Which screen or panel has the keyboard.
pub enum Mode {
    /// The stage columns (with `App::editor` set, a title is being edited in place).
    Board,
    /// One card with all its fields; `field` indexes [`TouchpointField::ALL`].
    Card {
        /// The selected field.
        field: usize,
    },
    /// Fuzzy search.
    Search(SearchPanel),
    /// The command palette.
    Palette(PalettePanel),
    /// The key bindings, the text-editing keys and the marks.
    Help(HelpPanel),
    /// A one-line question such as a stage name.
    Prompt {
        /// What it is for.
        purpose: PromptPurpose,
        /// The answer being typed.
        input: TextArea<'static>,
    },
    /// A yes/no question guarding a destructive edit.
    Confirm {
        /// The question.
        question: String,
        /// What "yes" does.
        edit: crate::edit::Edit,
    },
    /// Unsaved edits from an earlier run were found: restore them or keep them aside?
    Recover(Box<crate::store::Orphan>),
    /// The comment threads of the journey.
    Comments {
        /// The highlighted thread.
        selected: usize,
        /// Whether resolved threads are listed too.
        resolved: bool,
    },
    /// The conflicts kept in the workspace, each value of each one a row: Enter takes the
    /// highlighted value.
    Conflicts {
        /// The highlighted value, counted over the values of every conflict in turn.
        selected: usize,
    },
    /// Every piece of evidence of the journey's cards: Enter goes to the card.
    Evidence {
        /// The highlighted record.
        selected: usize,
    },
    /// The list of journeys.
    Journeys {
        /// The highlighted journey.
        selected: usize,
    },
    /// A new file: how to start it (an empty journey, a template or the demo). Nothing is
    /// written until one is chosen.
    Start {
        /// The highlighted choice.
        selected: usize,
    },
    /// The built-in templates, to add a journey from one.
    Templates {
        /// The highlighted template.
        selected: usize,
    },
    /// The workspace's personas.
    Personas {
        /// The highlighted persona.
        selected: usize,
    },
    /// The presentation: the selected stage fills the screen; Space and Backspace walk the
    /// stages.
    Present {
        /// Lines scrolled.
        scroll: usize,
    },
    /// A record edited as a text form (see `crate::form`).
    Form {
        /// What the form edits.
        kind: FormKind,
        /// The form's text.
        input: TextArea<'static>,
    },
}

/// What a form edits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormKind {
    /// A persona by id, or a new one.
    Persona(Option<String>),
    /// The current journey's details.
    Journey,
    /// A KPI of a stage of the current journey, by ids.
    Kpi {
        /// The stage's id.
        stage: String,
        /// The KPI's id.
        kpi: String,
    },
    /// An opportunity: its card's id and its index there.
    Opportunity {
        /// The card's id.
        card: String,
        /// The opportunity's index among the card's.
        index: usize,
    },
}

impl FormKind {
    /// The form's title.
    pub fn title(&self) -> &'static str {
        match self {
            FormKind::Persona(Some(_)) => "Persona",
            FormKind::Persona(None) => "New persona",
            FormKind::Journey => "Journey details",
            FormKind::Kpi { .. } => "KPI",
            FormKind::Opportunity { .. } => "Opportunity",
        }
    }
}

/// The ways to look at a journey. All share the selection and the keys.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum View {
    /// Stage columns of cards.
    #[default]
    Board,
    /// The classic map grid: stages as columns, a row per kind of content.
    Lanes,
    /// Channel x stage: how many touchpoints, and how they feel.
    Channels,
    /// The KPIs of each stage: latest, baseline, change, target.
    Kpis,
    /// Opportunities across the journey, quick wins first.
    Opportunities,
    /// This journey and the one it is a variant of (or another), side by side by stage.
    Compare,
    /// The journey measured against events: the funnel and channel attribution.
    Analytics,
}

impl View {
    /// Every view, in the order of their number keys.
    pub const ALL: [View; 6] = [
        View::Board,
        View::Lanes,
        View::Channels,
        View::Kpis,
        View::Opportunities,
        View::Analytics,
    ];

    /// The view's name for the header.
    pub fn name(self) -> &'static str {
        match self {
            View::Board => "board",
            View::Lanes => "lanes",
            View::Channels => "channels",
            View::Kpis => "KPIs",
            View::Opportunities => "opportunities",
            View::Compare => "compare",
            View::Analytics => "analytics",
        }
    }

    /// The view after this one, wrapping around (compare is left out: `c` opens it).
    pub fn next(self) -> View {
        let at = View::ALL.iter().position(|v| *v == self).unwrap_or(0);
        View::ALL[(at + 1) % View::ALL.len()]
    }

    /// Whether the view shows stage columns of cards, with the emotion curve below.
    pub fn has_columns(self) -> bool {
        matches!(self, View::Board | View::Lanes)
    }
}

/// Work left for the event loop because it needs the terminal itself, by an update that
/// returned [`Effect::Terminal`](super::update::Effect::Terminal).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pending {
    /// Put this text on the clipboard through the terminal (OSC 52).
    Copy(String),
    /// Edit a card's field in the user's editor, the screen suspended meanwhile.
    Edit(ExternalEdit),
}

/// A card's field to edit in an external editor (`$VISUAL`, `$EDITOR`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalEdit {
    /// The journey's id.
    pub journey: String,
    /// The card's id.
    pub card: String,
    /// The field.
    pub field: TouchpointField,
    /// The field's text as the editor starts with it.
    pub text: String,
}

/// How serious a status message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Plain news.
    Info,
    /// Something failed; the user should look.
    Error,
}

/// How far the board is scrolled, kept between frames and adjusted after each update.
#[derive(Debug, Clone, Default)]
pub(crate) struct Scroll {
    /// The first visible stage.
    pub(crate) stage: usize,
    /// The first visible card of each stage, by stage id.
    pub(crate) cards: HashMap<String, usize>,
}

/// The other cjm instances that have the workspace open.
#[derive(Debug, Clone, Default)]
pub(crate) struct Peers {
    /// Each instance's mark: who, where.
    pub(crate) open: Vec<crate::store::Peer>,
    /// The instance whose place this one follows (its mark's name), if any.
    pub(crate) following: Option<String>,
}

/// The recovery journals of earlier runs.
#[derive(Debug, Default)]
pub(crate) struct Journals {
    /// Journals still to offer back, after the one [`Mode::Recover`] shows.
    pub(crate) to_offer: Vec<crate::store::Orphan>,
    /// Journals offered back and taken in, for the loop to remove once this instance's own
    /// journal holds their edits.
    pub(crate) taken_in: Vec<std::path::PathBuf>,
}

/// What the running app holds. Its fields are the crate's, except the open workspace.
pub struct App {
    /// The open workspace (public for the benchmarks and examples that drive the app).
    pub doc: Document,
    /// The selected card.
    pub(crate) sel: Selection,
    /// The screen or panel with the keyboard.
    pub(crate) mode: Mode,
    /// A field being edited, if any.
    pub(crate) editor: Option<FieldEditor>,
    /// The last message for the status line.
    pub(crate) message: Option<(String, Level)>,
    /// The terminal's size, to keep the selection in view.
    pub(crate) size: (u16, u16),
    /// How far the board is scrolled.
    pub(crate) scroll: Scroll,
    /// Whether colours may be used (false under NO_COLOR).
    pub(crate) color: bool,
    /// How the journey is shown.
    pub(crate) view: View,
    /// The persona the map is filtered to, by id: other personas' cards are dimmed.
    pub(crate) persona: Option<String>,
    /// The selected row of a list view (channels, KPIs, opportunities).
    pub(crate) row: usize,
    /// In a list view, the open sub-list (the channels view's cell touchpoints) and its
    /// selected row; Esc closes it.
    pub(crate) drill: Option<usize>,
    /// The journey the compare view puts beside the current one, by index.
    pub(crate) compare_with: Option<usize>,
    /// The other cjm instances that have the workspace open, and the one followed.
    pub(crate) peers: Peers,
    /// An opportunity's impact or effort armed by I or E in view 5: the next digit 1–5 sets
    /// it, the same key again steps it.
    pub(crate) rating: Option<super::action::Action>,
    /// What the comment prompt is about: a record to comment on, or a thread to reply to.
    pub(crate) comment_on: Option<(crate::model::RecordKind, String)>,
    /// The recovery journals of earlier runs: those to offer back, those taken in.
    pub(crate) journals: Journals,
    /// The search thread (started when search first opens), which indexes the workspace and
    /// ranks queries so that typing never waits.
    pub(crate) searcher: Worker,
    /// The analyses of this session, the model the analytics view shows, and the analysis
    /// being read.
    pub(crate) analytics: Analytics,
    /// Work for the event loop that needs the terminal (a copy, an external editor).
    pub(crate) pending: Option<Pending>,
    /// The user's settings (config.toml), or the defaults.
    pub(crate) config: Config,
    /// The keys in force: the default table with the config's `[keys]` overrides.
    pub(crate) keymap: Keymap,
    /// The colour theme chosen in the config, for this terminal (see [`App::theme`]).
    pub(crate) theme: Theme,
}

impl App {
    /// Who is making edits now, and when: stamped on the conflicts they cause.
    pub fn stamp(&self) -> crate::merge::Stamp {
        crate::merge::Stamp {
            by: self.config.person(),
            at: crate::model::date::iso_timestamp(crate::model::date::now_seconds()),
        }
    }

    /// An app with the user's settings, showing the first journey of `doc` on a terminal of
    /// `size`.
    pub fn with_config(doc: Document, size: (u16, u16), color: bool, config: Config) -> Self {
        let mut app = Self::new(doc, size, color);
        app.keymap = Keymap::with_overrides(&config.keys);
        app.doc.author = config.person();
        app.config = config;
        app
    }

    /// An app with the default settings, showing the first journey of `doc` on a terminal of
    /// `size`.
    pub fn new(doc: Document, size: (u16, u16), color: bool) -> Self {
        let mut app = Self {
            doc,
            sel: Selection::default(),
            mode: Mode::Board,
            editor: None,
            message: None,
            size,
            scroll: Scroll::default(),
            color,
            view: View::Board,
            persona: None,
            row: 0,
            drill: None,
            compare_with: None,
            peers: Peers::default(),
            rating: None,
            comment_on: None,
            journals: Journals::default(),
            searcher: Worker::new(),
            analytics: Analytics::default(),
            pending: None,
            config: Config::default(),
            keymap: Keymap::default(),
            theme: Theme::new(color),
        };
        if let Some(reason) = app.doc.read_only.clone() {
            app.message = Some((reason, Level::Error));
        }
        app.clamp_selection();
        app
    }

    /// The journey on screen, if the workspace has any.
    pub fn journey(&self) -> Option<&Journey> {
        self.doc.workspace.journeys.get(self.sel.journey)
    }

    /// The analysis of the journey on screen, if one was run this session.
    pub fn analysis(&self) -> Option<&super::analysis::Analysed> {
        self.analytics.results.get(&self.journey()?.id)
    }

    /// The name of the persona the map is filtered to.
    pub fn persona_name(&self) -> Option<&str> {
        let id = self.persona.as_deref()?;
        let persona = self.doc.workspace.personas.iter().find(|p| p.id == id)?;
        Some(&persona.name)
    }

    /// A persona's name for display, or its id marked missing.
    pub fn persona_label(&self, id: &str) -> String {
        match self.doc.workspace.personas.iter().find(|p| p.id == id) {
            Some(persona) => persona.name.clone(),
            None => format!("{id} (no such persona)"),
        }
    }

    /// The ids of the personas named on the lines of `text` (names or ids, any case).
    pub fn persona_ids(&self, text: &str) -> Result<Vec<String>, String> {
        let personas = &self.doc.workspace.personas;
        text.lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .map(|name| {
                personas
                    .iter()
                    .find(|p| p.id == name || p.name.trim().to_lowercase() == name.to_lowercase())
                    .map(|p| p.id.clone())
                    .ok_or_else(|| format!("no persona named {name:?}: p lists and adds personas"))
            })
            .collect()
    }

    /// Whether `card` is dimmed by the persona filter: it does not count for the persona the
    /// map is filtered to (cards marked for nobody are for everyone).
    pub fn filtered_out(&self, card: &Touchpoint) -> bool {
        !crate::report::counts_for(card, self.persona.as_deref())
    }

    /// The selected stage.
    pub fn stage(&self) -> Option<&Stage> {
        self.journey()?.stages.get(self.sel.stage)
    }

    /// The selected card.
    pub fn card(&self) -> Option<&Touchpoint> {
        self.stage()?.touchpoints.get(self.sel.card)
    }

    /// The styles to draw with: the chosen theme, or attributes only without colour
    /// (`NO_COLOR`).
    pub fn theme(&self) -> Theme {
        if self.color {
            self.theme
        } else {
            Theme::mono()
        }
    }

    /// Where keys are looked up now.
    pub fn context(&self) -> Context {
        if self.editor.is_some() {
            return Context::Text;
        }
        match &self.mode {
            Mode::Board if self.view == View::Analytics => Context::Analytics,
            Mode::Board => Context::Board,
            Mode::Card { .. } => Context::Card,
            Mode::Search(_) | Mode::Palette(_) | Mode::Conflicts { .. } => Context::List,
            Mode::Journeys { .. }
            | Mode::Templates { .. }
            | Mode::Start { .. }
            | Mode::Evidence { .. } => Context::Pick,
            Mode::Personas { .. } => Context::Personas,
            Mode::Comments { .. } => Context::Comments,
            Mode::Form { .. } => Context::Text,
            Mode::Prompt { .. } => Context::Text,
            Mode::Confirm { .. } | Mode::Recover(_) => Context::Confirm,
            Mode::Help(panel) if panel.typing => Context::Text,
            Mode::Help(_) => Context::Help,
            Mode::Present { .. } => Context::Present,
        }
    }

    /// The keys worth showing in a view that is not the board or the lanes.
    fn view_hints(&self) -> Option<Vec<(Action, &'static str)>> {
        let mut hints = match self.view {
            View::Board | View::Lanes => return None,
            View::Channels if self.drill.is_some() => {
                vec![
                    (Action::OpenCard, "show card"),
                    (Action::Cancel, "close list"),
                ]
            }
            View::Channels => vec![(Action::OpenCard, "list cards")],
            View::Kpis => vec![
                (Action::AddMeasurement, "measure"),
                (Action::EditTitle, "edit"),
                (Action::DeleteCard, "delete KPI"),
                (Action::Palette, "add KPI…"),
            ],
            View::Opportunities => vec![
                (Action::EditTitle, "edit"),
                (Action::CycleImpact, "impact"),
                (Action::CycleEffort, "effort"),
                (Action::CycleStatus, "status"),
                (Action::OpenCard, "card"),
            ],
            View::Compare => vec![(Action::Compare, "other journey"), (Action::Cancel, "back")],
            View::Analytics if self.analysis().is_some() => vec![
                (Action::CycleModel, "model"),
                (Action::ApplyAnalysis, "apply as KPIs"),
                (Action::Down, "scroll"),
                (Action::SegmentBy, "segments"),
                (Action::CycleRetention, "week/month"),
                (Action::Palette, "analyze…"),
            ],
            View::Analytics => vec![(Action::Palette, "analyze events file…")],
        };
        hints.extend([
            (Action::NextView, "next view"),
            (Action::Help, "help"),
            (Action::Quit, "quit"),
        ]);
        Some(hints)
    }

    /// Whether Enter types a new line in what is being edited (a multi-line field, a form).
    pub fn multiline(&self) -> bool {
        self.editor.as_ref().map_or(
            matches!(self.mode, Mode::Form { .. }),
            FieldEditor::multiline,
        )
    }

    /// The key hints for where the user is: in a multi-line field Enter types a new line, and
    /// prompts have no next field.
    pub fn hints(&self) -> Vec<(String, &'static str)> {
        let multiline = self.multiline();
        let prompt =
            self.editor.is_none() && matches!(self.mode, Mode::Prompt { .. } | Mode::Form { .. });
        if let (Mode::Board, None) = (&self.mode, &self.editor)
            && let Some(mut actions) = self.view_hints()
        {
            if self.doc.read_only.is_some() {
                actions.retain(|(action, _)| !action.is_edit());
            }
            return self.keymap.hints_for(self.context(), &actions);
        }
        self.keymap
            .hints(self.context(), self.doc.read_only.is_some())
            .into_iter()
            .filter(|(keys, name)| !(multiline && keys == "Enter" || prompt && *name == "next"))
            .collect()
    }

    /// The mode's name for the status line.
    pub fn mode_name(&self) -> &'static str {
        if self.editor.is_some() {
            return "EDIT";
        }
        match self.mode {
            Mode::Board => match self.view {
                View::Board => "BOARD",
                View::Lanes => "LANES",
                View::Channels => "CHANNELS",
                View::Kpis => "KPIS",
                View::Opportunities => "OPPORTUNITIES",
                View::Compare => "COMPARE",
                View::Analytics => "ANALYTICS",
            },
            Mode::Card { .. } => "CARD",
            Mode::Search(_) => "SEARCH",
            Mode::Palette(_) => "COMMAND",
            Mode::Help(_) => "HELP",
            Mode::Prompt { .. } => "PROMPT",
            Mode::Confirm { .. } | Mode::Recover(_) => "CONFIRM",
            Mode::Journeys { .. } => "JOURNEYS",
            Mode::Personas { .. } => "PERSONAS",
            Mode::Templates { .. } => "TEMPLATES",
            Mode::Start { .. } => "NEW MAP",
            Mode::Conflicts { .. } => "CONFLICTS",
            Mode::Evidence { .. } => "EVIDENCE",
            Mode::Comments { .. } => "COMMENTS",
            Mode::Form { .. } => "FORM",
            Mode::Present { .. } => "PRESENT",
        }
    }

    /// Sets the status message.
    pub fn say(&mut self, text: impl Into<String>) {
        self.message = Some((text.into(), Level::Info));
    }

    /// Sets an error message.
    pub fn warn(&mut self, text: impl Into<String>) {
        self.message = Some((text.into(), Level::Error));
    }

    /// Keeps the selection inside what exists after any change, and closes an open card that
    /// is gone.
    pub fn clamp_selection(&mut self) {
        self.clamp_indices();
        if matches!(self.mode, Mode::Card { .. }) && self.card().is_none() {
            // The open card is gone (an undo or someone else's save removed it).
            self.mode = Mode::Board;
        }
        self.scroll_into_view();
    }

    fn clamp_indices(&mut self) {
        let journeys = &self.doc.workspace.journeys;
        self.sel.journey = self.sel.journey.min(journeys.len().saturating_sub(1));
        let Some(journey) = journeys.get(self.sel.journey) else {
            self.sel = Selection::default();
            return;
        };
        self.sel.stage = self.sel.stage.min(journey.stages.len().saturating_sub(1));
        let cards = journey
            .stages
            .get(self.sel.stage)
            .map_or(0, |s| s.touchpoints.len());
        self.sel.card = self.sel.card.min(cards.saturating_sub(1));
    }

    /// Selects the card with `id` in the current journey, if it is there.
    pub fn select_card(&mut self, id: &str) {
        if let Some((stage, card)) = self.journey().and_then(|j| j.find_touchpoint(id)) {
            self.sel.stage = stage;
            self.sel.card = card;
        }
        self.clamp_selection();
    }

    /// Adjusts the board's scroll offsets so the selected stage and card are visible.
    pub fn scroll_into_view(&mut self) {
        let Some(journey) = self.doc.workspace.journeys.get(self.sel.journey) else {
            return;
        };
        let board = layout::board_area(self.size, self.view.has_columns());
        let visible = layout::visible_stages(board.width, journey.stages.len());
        self.scroll.stage = layout::scroll_to(self.scroll.stage, self.sel.stage, visible);
        self.scroll.stage = self
            .scroll
            .stage
            .min(journey.stages.len().saturating_sub(visible));
        if let Some(stage) = journey.stages.get(self.sel.stage) {
            let total = stage.touchpoints.len() + usize::from(self.adding_to(&stage.id));
            let inner = layout::column_inner_height(board.height);
            let offset = self.scroll.cards.get(&stage.id).copied().unwrap_or(0);
            let offset = layout::card_offset_for(inner, offset, self.sel.card, total);
            self.scroll.cards.insert(stage.id.clone(), offset);
        }
    }

    /// Whether a new card is being added (its title typed) in the stage with `id`.
    pub fn adding_to(&self, stage_id: &str) -> bool {
        matches!(&self.editor, Some(FieldEditor { target: EditTarget::NewCard { stage, .. }, .. }) if stage == stage_id)
    }
}
