//! Every user intent the app understands, named for the help screen and the command palette.

/// Declares [`Action`] from one table: each action once, with its doc, the name the palette
/// shows, its id in the config's `[keys]` tables (snake_case, stable across versions) and
/// whether it changes the workspace (`edit`, refused in review mode) or not (`view`).
macro_rules! actions {
    ($($(#[doc = $doc:literal])* $action:ident = ($name:literal, $id:literal, $kind:ident),)*) => {
        /// One thing the user wants done. Keys map to actions in [`super::keymap`]; the
        /// palette runs them by name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Action {
            $($(#[doc = $doc])* $action,)*
        }

        impl Action {
            /// The name the command palette shows and matches.
            pub fn name(self) -> &'static str {
                match self {
                    $(Action::$action => $name,)*
                }
            }

            /// The action's id in the config file's `[keys]` tables: its name in snake_case,
            /// stable across versions (`move_card_left`, `view_kpis`).
            pub fn id(self) -> &'static str {
                match self {
                    $(Action::$action => $id,)*
                }
            }

            /// Whether the action changes the workspace (refused when it is read-only).
            pub fn is_edit(self) -> bool {
                match self {
                    $(Action::$action => actions!(@edit $kind),)*
                }
            }
        }
    };
    (@edit edit) => { true };
    (@edit view) => { false };
}

actions! {
    /// Select the stage to the left.
    Left = ("select left", "left", view),
    /// Select the stage to the right.
    Right = ("select right", "right", view),
    /// Select the card above (or the previous item in a list).
    Up = ("select up", "up", view),
    /// Select the card below (or the next item in a list).
    Down = ("select down", "down", view),
    /// Select the first card of the stage.
    First = ("select first card", "first", view),
    /// Select the last card of the stage.
    Last = ("select last card", "last", view),
    /// Scroll a page up (help).
    PageUp = ("page up", "page_up", view),
    /// Scroll a page down (help).
    PageDown = ("page down", "page_down", view),
    /// Filter what is listed (help).
    Filter = ("filter", "filter", view),
    /// Move the selected card to the previous stage.
    MoveCardLeft = ("move card to previous stage", "move_card_left", edit),
    /// Move the selected card to the next stage.
    MoveCardRight = ("move card to next stage", "move_card_right", edit),
    /// Move the selected card up in its stage.
    MoveCardUp = ("move card up", "move_card_up", edit),
    /// Move the selected card down in its stage.
    MoveCardDown = ("move card down", "move_card_down", edit),
    /// Add a card below the selection and edit its title.
    AddCard = ("add card", "add_card", edit),
    /// Edit the selected card's title in place.
    EditTitle = ("edit title", "edit_title", edit),
    /// Open the selected card with all its fields.
    OpenCard = ("open card", "open_card", view),
    /// Delete the selected card (undoable).
    DeleteCard = ("delete card", "delete_card", edit),
    /// Raise the selected card's emotion by one.
    EmotionUp = ("emotion up", "emotion_up", edit),
    /// Lower the selected card's emotion by one.
    EmotionDown = ("emotion down", "emotion_down", edit),
    /// Add a stage after the selected one.
    AddStage = ("add stage", "add_stage", edit),
    /// Rename the selected stage.
    RenameStage = ("rename stage", "rename_stage", edit),
    /// Move the selected stage one place left.
    MoveStageLeft = ("move stage left", "move_stage_left", edit),
    /// Move the selected stage one place right.
    MoveStageRight = ("move stage right", "move_stage_right", edit),
    /// Delete the selected stage (asks first when it has cards).
    DeleteStage = ("delete stage", "delete_stage", edit),
    /// Create a journey with the six default stages.
    NewJourney = ("new journey", "new_journey", edit),
    /// Rename the current journey.
    RenameJourney = ("rename journey", "rename_journey", edit),
    /// Delete the current journey (asks first).
    DeleteJourney = ("delete journey", "delete_journey", edit),
    /// Switch to the previous journey.
    PrevJourney = ("previous journey", "prev_journey", view),
    /// Switch to the next journey.
    NextJourney = ("next journey", "next_journey", view),
    /// Show the list of journeys.
    ListJourneys = ("list journeys", "list_journeys", view),
    /// Undo the last change.
    Undo = ("undo", "undo", edit),
    /// Redo the last undone change.
    Redo = ("redo", "redo", edit),
    /// Fuzzy search across all journeys.
    Search = ("search", "search", view),
    /// Open the command palette.
    Palette = ("command palette", "palette", view),
    /// Show the key bindings.
    Help = ("help", "help", view),
    /// Save now.
    Save = ("save", "save", view),
    /// Save and quit.
    Quit = ("quit", "quit", view),
    /// Next field of the open card.
    NextField = ("next field", "next_field", view),
    /// Previous field of the open card.
    PrevField = ("previous field", "prev_field", view),
    /// Edit the selected field of the open card.
    EditField = ("edit field", "edit_field", edit),
    /// Show the stage columns (view 1).
    ViewBoard = ("view: board", "view_board", view),
    /// Show the lanes grid (view 2).
    ViewLanes = ("view: lanes", "view_lanes", view),
    /// Show the channel x stage matrix (view 3).
    ViewChannels = ("view: channels", "view_channels", view),
    /// Show the KPIs by stage (view 4).
    ViewKpis = ("view: KPIs", "view_kpis", view),
    /// Show the opportunities across the journey (view 5).
    ViewOpportunities = ("view: opportunities", "view_opportunities", view),
    /// Show the analytics of the journey: funnel and attribution from events (view 6).
    ViewAnalytics = ("view: analytics", "view_analytics", view),
    /// Show the next view.
    NextView = ("next view", "next_view", view),
    /// Filter the map to the next persona (then to none); in the personas panel, to the highlighted one.
    FilterPersona = ("filter by persona", "filter_persona", view),
    /// Open the personas panel.
    Personas = ("personas", "personas", view),
    /// Add a persona.
    AddPersona = ("add persona", "add_persona", edit),
    /// Edit the highlighted persona.
    EditPersona = ("edit persona", "edit_persona", edit),
    /// Delete the highlighted persona, and its marks on journeys and cards.
    DeletePersona = ("delete persona", "delete_persona", edit),
    /// Toggle whether the journey follows the highlighted persona.
    FollowPersona = ("journey follows persona", "follow_persona", edit),
    /// Add a journey from a built-in template.
    AddFromTemplate = ("new journey from template", "add_from_template", edit),
    /// List the conflicts of merges with someone else's saves.
    ReviewConflicts = ("review conflicts", "review_conflicts", view),
    /// Comment on the selected card (on the stage when it has no card).
    CommentHere = ("comment on this card", "comment", edit),
    /// Comment on the selected stage.
    CommentStage = ("comment on this stage", "comment_stage", edit),
    /// Comment on the journey.
    CommentJourney = ("comment on this journey", "comment_journey", edit),
    /// The comments panel: the open threads of the journey.
    Comments = ("comments", "comments", view),
    /// The evidence panel: every quote of the journey's cards with its source.
    EvidencePanel = ("evidence: quotes and sources", "evidence", view),
    /// Reply to the highlighted thread.
    ReplyComment = ("reply", "reply", edit),
    /// Resolve the highlighted thread, or reopen it.
    ResolveComment = ("resolve or reopen", "resolve_comment", edit),
    /// Show resolved threads too, or only open ones.
    ShowResolved = ("show resolved threads too", "show_resolved", view),
    /// Follow another person's place in the map (the next one each time; off again after the last), until you move yourself.
    FollowPeer = ("follow someone on this map", "follow", view),
    /// Edit the journey's details: description, owner, review date, state, variant, personas.
    EditJourney = ("edit journey details", "edit_journey", edit),
    /// Stamp today as the journey's last review.
    MarkReviewed = ("mark journey reviewed", "mark_reviewed", edit),
    /// Compare the journey with its variant (or the next journey).
    Compare = ("compare journeys", "compare", view),
    /// Add a measurement to the selected KPI.
    AddMeasurement = ("add KPI measurement", "add_measurement", edit),
    /// Add a KPI to the selected stage.
    AddKpi = ("add KPI", "add_kpi", edit),
    /// Raise the selected opportunity's impact (1..5, wrapping).
    CycleImpact = ("opportunity impact", "cycle_impact", edit),
    /// Raise the selected opportunity's effort (1..5, wrapping).
    CycleEffort = ("opportunity effort", "cycle_effort", edit),
    /// Move the selected opportunity's status on: open, planned, done.
    CycleStatus = ("opportunity status", "cycle_status", edit),
    /// Read an events file and analyse the journey against it, in the background.
    AnalyzeEvents = ("analyze events file", "analyze_events", view),
    /// Show the next attribution model in the analytics view.
    CycleModel = ("next attribution model", "cycle_model", view),
    /// Segment the analysis by a column of the events (or channel), analysing the file again.
    SegmentBy = ("segment the analysis by a column", "segment_by", view),
    /// Count retention by the other period (week, month), analysing the file again.
    CycleRetention = ("retention by week or month", "cycle_retention", view),
    /// Write the analysis's stage figures into the journey as dated KPI measurements.
    ApplyAnalysis = ("apply analysis as KPI measurements", "apply_analysis", edit),
    /// Turn review mode (read-only) on or off; off is refused when the file itself cannot be written.
    ToggleReadOnly = ("toggle read-only (review mode)", "toggle_read_only", view),
    /// Present the journey stage by stage, one stage filling the screen.
    Present = ("present stage by stage", "present", view),
    /// In the presentation, the next stage.
    NextStage = ("next stage", "next_stage", view),
    /// In the presentation, the previous stage.
    PrevStage = ("previous stage", "prev_stage", view),
    /// Edit the selected field of the open card in `$VISUAL` or `$EDITOR`.
    EditExternally = ("edit field in $EDITOR", "edit_externally", edit),
    /// Copy the selected card as Markdown to the clipboard (OSC 52).
    CopyCard = ("copy card as Markdown", "copy_card", view),
    /// Accept: commit an edit, run the chosen item, answer yes.
    Confirm = ("confirm", "confirm", view),
    /// Go back: cancel an edit, close a panel, answer no.
    Cancel = ("cancel", "cancel", view),
}

impl Action {
    /// The action with this id, among those a key can run (see [`Action::id`]).
    pub fn from_id(id: &str) -> Option<Action> {
        super::keymap::known_actions().find(|action| action.id() == id)
    }
}
