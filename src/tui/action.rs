//! Every user intent the app understands, named for the help screen and the command palette.

/// One thing the user wants done. Keys map to actions in [`super::keymap`]; the palette runs
/// them by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Select the stage to the left.
    Left,
    /// Select the stage to the right.
    Right,
    /// Select the card above (or the previous item in a list).
    Up,
    /// Select the card below (or the next item in a list).
    Down,
    /// Select the first card of the stage.
    First,
    /// Select the last card of the stage.
    Last,
    /// Scroll a page up (help).
    PageUp,
    /// Scroll a page down (help).
    PageDown,
    /// Filter what is listed (help).
    Filter,
    /// Move the selected card to the previous stage.
    MoveCardLeft,
    /// Move the selected card to the next stage.
    MoveCardRight,
    /// Move the selected card up in its stage.
    MoveCardUp,
    /// Move the selected card down in its stage.
    MoveCardDown,
    /// Add a card below the selection and edit its title.
    AddCard,
    /// Edit the selected card's title in place.
    EditTitle,
    /// Open the selected card with all its fields.
    OpenCard,
    /// Delete the selected card (undoable).
    DeleteCard,
    /// Raise the selected card's emotion by one.
    EmotionUp,
    /// Lower the selected card's emotion by one.
    EmotionDown,
    /// Add a stage after the selected one.
    AddStage,
    /// Rename the selected stage.
    RenameStage,
    /// Move the selected stage one place left.
    MoveStageLeft,
    /// Move the selected stage one place right.
    MoveStageRight,
    /// Delete the selected stage (asks first when it has cards).
    DeleteStage,
    /// Create a journey with the six default stages.
    NewJourney,
    /// Rename the current journey.
    RenameJourney,
    /// Delete the current journey (asks first).
    DeleteJourney,
    /// Switch to the previous journey.
    PrevJourney,
    /// Switch to the next journey.
    NextJourney,
    /// Show the list of journeys.
    ListJourneys,
    /// Undo the last change.
    Undo,
    /// Redo the last undone change.
    Redo,
    /// Fuzzy search across all journeys.
    Search,
    /// Open the command palette.
    Palette,
    /// Show the key bindings.
    Help,
    /// Save now.
    Save,
    /// Save and quit.
    Quit,
    /// Next field of the open card.
    NextField,
    /// Previous field of the open card.
    PrevField,
    /// Edit the selected field of the open card.
    EditField,
    /// Show the stage columns (view 1).
    ViewBoard,
    /// Show the lanes grid (view 2).
    ViewLanes,
    /// Show the channel x stage matrix (view 3).
    ViewChannels,
    /// Show the KPIs by stage (view 4).
    ViewKpis,
    /// Show the opportunities across the journey (view 5).
    ViewOpportunities,
    /// Show the analytics of the journey: funnel and attribution from events (view 6).
    ViewAnalytics,
    /// Show the next view.
    NextView,
    /// Filter the map to the next persona (then to none); in the personas panel, to the
    /// highlighted one.
    FilterPersona,
    /// Open the personas panel.
    Personas,
    /// Add a persona.
    AddPersona,
    /// Edit the highlighted persona.
    EditPersona,
    /// Delete the highlighted persona, and its marks on journeys and cards.
    DeletePersona,
    /// Toggle whether the journey follows the highlighted persona.
    FollowPersona,
    /// Add a journey from a built-in template.
    AddFromTemplate,
    /// List the conflicts of merges with someone else's saves.
    ReviewConflicts,
    /// Comment on the selected card (on the stage when it has no card).
    CommentHere,
    /// Comment on the selected stage.
    CommentStage,
    /// Comment on the journey.
    CommentJourney,
    /// The comments panel: the open threads of the journey.
    Comments,
    /// Reply to the highlighted thread.
    ReplyComment,
    /// Resolve the highlighted thread, or reopen it.
    ResolveComment,
    /// Show resolved threads too, or only open ones.
    ShowResolved,
    /// Follow another person's place in the map (the next one each time; off again after the
    /// last), until you move yourself.
    FollowPeer,
    /// Edit the journey's details: description, owner, review date, state, variant, personas.
    EditJourney,
    /// Stamp today as the journey's last review.
    MarkReviewed,
    /// Compare the journey with its variant (or the next journey).
    Compare,
    /// Add a measurement to the selected KPI.
    AddMeasurement,
    /// Add a KPI to the selected stage.
    AddKpi,
    /// Raise the selected opportunity's impact (1..5, wrapping).
    CycleImpact,
    /// Raise the selected opportunity's effort (1..5, wrapping).
    CycleEffort,
    /// Move the selected opportunity's status on: open, planned, done.
    CycleStatus,
    /// Read an events file and analyse the journey against it, in the background.
    AnalyzeEvents,
    /// Show the next attribution model in the analytics view.
    CycleModel,
    /// Write the analysis's stage figures into the journey as dated KPI measurements.
    ApplyAnalysis,
    /// Turn review mode (read-only) on or off; off is refused when the file itself cannot
    /// be written.
    ToggleReadOnly,
    /// Present the journey stage by stage, one stage filling the screen.
    Present,
    /// In the presentation, the next stage.
    NextStage,
    /// In the presentation, the previous stage.
    PrevStage,
    /// Edit the selected field of the open card in `$VISUAL` or `$EDITOR`.
    EditExternally,
    /// Copy the selected card as Markdown to the clipboard (OSC 52).
    CopyCard,
    /// Accept: commit an edit, run the chosen item, answer yes.
    Confirm,
    /// Go back: cancel an edit, close a panel, answer no.
    Cancel,
}

impl Action {
    /// The name the command palette shows and matches.
    pub fn name(self) -> &'static str {
        use Action::*;
        match self {
            Left => "select left",
            Right => "select right",
            Up => "select up",
            Down => "select down",
            First => "select first card",
            Last => "select last card",
            PageUp => "page up",
            PageDown => "page down",
            Filter => "filter",
            MoveCardLeft => "move card to previous stage",
            MoveCardRight => "move card to next stage",
            MoveCardUp => "move card up",
            MoveCardDown => "move card down",
            AddCard => "add card",
            EditTitle => "edit title",
            OpenCard => "open card",
            DeleteCard => "delete card",
            EmotionUp => "emotion up",
            EmotionDown => "emotion down",
            AddStage => "add stage",
            RenameStage => "rename stage",
            MoveStageLeft => "move stage left",
            MoveStageRight => "move stage right",
            DeleteStage => "delete stage",
            NewJourney => "new journey",
            RenameJourney => "rename journey",
            DeleteJourney => "delete journey",
            PrevJourney => "previous journey",
            NextJourney => "next journey",
            ListJourneys => "list journeys",
            Undo => "undo",
            Redo => "redo",
            Search => "search",
            Palette => "command palette",
            Help => "help",
            Save => "save",
            Quit => "quit",
            NextField => "next field",
            PrevField => "previous field",
            EditField => "edit field",
            ViewBoard => "view: board",
            ViewLanes => "view: lanes",
            ViewChannels => "view: channels",
            ViewKpis => "view: KPIs",
            ViewOpportunities => "view: opportunities",
            ViewAnalytics => "view: analytics",
            NextView => "next view",
            FilterPersona => "filter by persona",
            Personas => "personas",
            AddPersona => "add persona",
            EditPersona => "edit persona",
            DeletePersona => "delete persona",
            FollowPersona => "journey follows persona",
            EditJourney => "edit journey details",
            AddFromTemplate => "new journey from template",
            ReviewConflicts => "review conflicts",
            FollowPeer => "follow someone on this map",
            CommentHere => "comment on this card",
            CommentStage => "comment on this stage",
            CommentJourney => "comment on this journey",
            Comments => "comments",
            ReplyComment => "reply",
            ResolveComment => "resolve or reopen",
            ShowResolved => "show resolved threads too",
            MarkReviewed => "mark journey reviewed",
            Compare => "compare journeys",
            AddMeasurement => "add KPI measurement",
            AddKpi => "add KPI",
            CycleImpact => "opportunity impact",
            CycleEffort => "opportunity effort",
            CycleStatus => "opportunity status",
            AnalyzeEvents => "analyze events file",
            CycleModel => "next attribution model",
            ApplyAnalysis => "apply analysis as KPI measurements",
            ToggleReadOnly => "toggle read-only (review mode)",
            Present => "present stage by stage",
            NextStage => "next stage",
            PrevStage => "previous stage",
            EditExternally => "edit field in $EDITOR",
            CopyCard => "copy card as Markdown",
            Confirm => "confirm",
            Cancel => "cancel",
        }
    }

    /// The action's id in the config file's `[keys]` tables: its name in snake_case, stable
    /// across versions (`move_card_left`, `view_kpis`).
    pub fn id(self) -> &'static str {
        use Action::*;
        match self {
            Left => "left",
            Right => "right",
            Up => "up",
            Down => "down",
            First => "first",
            Last => "last",
            PageUp => "page_up",
            PageDown => "page_down",
            Filter => "filter",
            MoveCardLeft => "move_card_left",
            MoveCardRight => "move_card_right",
            MoveCardUp => "move_card_up",
            MoveCardDown => "move_card_down",
            AddCard => "add_card",
            EditTitle => "edit_title",
            OpenCard => "open_card",
            DeleteCard => "delete_card",
            EmotionUp => "emotion_up",
            EmotionDown => "emotion_down",
            AddStage => "add_stage",
            RenameStage => "rename_stage",
            MoveStageLeft => "move_stage_left",
            MoveStageRight => "move_stage_right",
            DeleteStage => "delete_stage",
            NewJourney => "new_journey",
            RenameJourney => "rename_journey",
            DeleteJourney => "delete_journey",
            PrevJourney => "prev_journey",
            NextJourney => "next_journey",
            ListJourneys => "list_journeys",
            Undo => "undo",
            Redo => "redo",
            Search => "search",
            Palette => "palette",
            Help => "help",
            Save => "save",
            Quit => "quit",
            NextField => "next_field",
            PrevField => "prev_field",
            EditField => "edit_field",
            ViewBoard => "view_board",
            ViewLanes => "view_lanes",
            ViewChannels => "view_channels",
            ViewKpis => "view_kpis",
            ViewOpportunities => "view_opportunities",
            ViewAnalytics => "view_analytics",
            NextView => "next_view",
            FilterPersona => "filter_persona",
            Personas => "personas",
            AddPersona => "add_persona",
            EditPersona => "edit_persona",
            DeletePersona => "delete_persona",
            FollowPersona => "follow_persona",
            AddFromTemplate => "add_from_template",
            ReviewConflicts => "review_conflicts",
            FollowPeer => "follow",
            CommentHere => "comment",
            CommentStage => "comment_stage",
            CommentJourney => "comment_journey",
            Comments => "comments",
            ReplyComment => "reply",
            ResolveComment => "resolve_comment",
            ShowResolved => "show_resolved",
            EditJourney => "edit_journey",
            MarkReviewed => "mark_reviewed",
            Compare => "compare",
            AddMeasurement => "add_measurement",
            AddKpi => "add_kpi",
            CycleImpact => "cycle_impact",
            CycleEffort => "cycle_effort",
            CycleStatus => "cycle_status",
            AnalyzeEvents => "analyze_events",
            CycleModel => "cycle_model",
            ApplyAnalysis => "apply_analysis",
            ToggleReadOnly => "toggle_read_only",
            Present => "present",
            NextStage => "next_stage",
            PrevStage => "prev_stage",
            EditExternally => "edit_externally",
            CopyCard => "copy_card",
            Confirm => "confirm",
            Cancel => "cancel",
        }
    }

    /// The action with this id, among those a key can run (see [`Action::id`]).
    pub fn from_id(id: &str) -> Option<Action> {
        super::keymap::known_actions().find(|action| action.id() == id)
    }

    /// Whether the action changes the workspace (refused when it is read-only).
    pub fn is_edit(self) -> bool {
        use Action::*;
        matches!(
            self,
            MoveCardLeft
                | MoveCardRight
                | MoveCardUp
                | MoveCardDown
                | AddCard
                | EditTitle
                | DeleteCard
                | EmotionUp
                | EmotionDown
                | AddStage
                | RenameStage
                | MoveStageLeft
                | MoveStageRight
                | DeleteStage
                | NewJourney
                | RenameJourney
                | DeleteJourney
                | Undo
                | Redo
                | EditField
                | MarkReviewed
                | AddPersona
                | EditPersona
                | DeletePersona
                | FollowPersona
                | EditJourney
                | AddFromTemplate
                | CommentHere
                | CommentStage
                | CommentJourney
                | ReplyComment
                | ResolveComment
                | AddMeasurement
                | AddKpi
                | CycleImpact
                | CycleEffort
                | CycleStatus
                | ApplyAnalysis
                | EditExternally
        )
    }
}
