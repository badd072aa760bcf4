//! Property tests: random sequences of terminal events (every key of the keymap in every
//! context, text in many scripts and control characters, pastes, resizes down to 0x0, and a few
//! macros that reach forms, prompts, templates and the palette) applied to an app on the demo
//! workspace through `App::handle_event`, as the event loop does.
//!
//! After every event: nothing panics, the screen renders at the terminal's size with no control
//! character or bidi override on it, the selection and the open panel's highlighted row point
//! at something that exists, and the workspace is valid (ids unique). At the end: saving then
//! loading gives back the state in memory; undo until nothing is left gives back the demo; redo
//! as many times gives back the final state. Effects (save, quit) are ignored: nothing touches
//! the disk.
//!
//! `PROPTEST_CASES=5000 cargo test --lib proptests` runs more cases (64 by default, up to
//! 32 steps each); `PROPTEST_RNG_SEED=<n>` repeats a run. A failure is shrunk, then minimised
//! step by step, and reported as a `replay(...)` call, ready to paste into a regression test.

use std::cell::{Cell, RefCell};
use std::fmt;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Once;

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config, TestCaseError, TestError, TestRunner};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::model::{TouchpointField, Workspace, validate};
use crate::store;

use crate::tui::app::{App, Mode, Selection};
use crate::tui::document::Document;
use crate::tui::keymap::BINDINGS;
use crate::tui::view;

const NONE: KeyModifiers = KeyModifiers::NONE;
const SHIFT: KeyModifiers = KeyModifiers::SHIFT;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const ALT: KeyModifiers = KeyModifiers::ALT;

/// Cases per property unless `PROPTEST_CASES` says otherwise.
const DEFAULT_CASES: u32 = 64;
/// Steps per case at most (a step is one event, or a few for typed words and macros).
const MAX_STEPS: usize = 32;

// ---------------------------------------------------------------------------------------------
// Steps
// ---------------------------------------------------------------------------------------------

/// One thing the user (or the terminal) does. `Debug` prints it as the call that builds it, so
/// a reported sequence can be pasted into a test.
#[derive(Clone, PartialEq)]
enum Step {
    /// A key event: press, repeat or release.
    Key(KeyCode, KeyModifiers, KeyEventKind),
    /// Each character pressed as a key, upper case with Shift as terminals report them.
    Type(String),
    /// A bracketed paste.
    Paste(String),
    /// The terminal's new size.
    Resize(u16, u16),
    /// Focus gained (true) or lost; the app ignores them.
    Focus(bool),
    /// A mouse event at a column and row (with mouse capture on).
    Mouse(MouseEventKind, u16, u16),
}

/// A character key, with Shift for upper-case letters.
fn ch(c: char) -> Step {
    let mods = if c.is_uppercase() { SHIFT } else { NONE };
    Step::Key(KeyCode::Char(c), mods, KeyEventKind::Press)
}

/// Ctrl and a character.
fn ctrl(c: char) -> Step {
    Step::Key(KeyCode::Char(c), CTRL, KeyEventKind::Press)
}

/// A key without modifiers (Shift for BackTab, as terminals send it).
fn press(code: KeyCode) -> Step {
    let mods = if code == KeyCode::BackTab {
        SHIFT
    } else {
        NONE
    };
    Step::Key(code, mods, KeyEventKind::Press)
}

/// A key with modifiers.
fn key(code: KeyCode, mods: KeyModifiers) -> Step {
    Step::Key(code, mods, KeyEventKind::Press)
}

fn typed(text: &str) -> Step {
    Step::Type(text.to_string())
}

fn paste(text: &str) -> Step {
    Step::Paste(text.to_string())
}

fn resize(width: u16, height: u16) -> Step {
    Step::Resize(width, height)
}

impl Step {
    fn events(&self) -> Vec<Event> {
        match self {
            Step::Key(code, mods, kind) => {
                vec![Event::Key(KeyEvent::new_with_kind(*code, *mods, *kind))]
            }
            Step::Type(text) => text
                .chars()
                .map(|c| {
                    let mods = if c.is_uppercase() { SHIFT } else { NONE };
                    Event::Key(KeyEvent::new(KeyCode::Char(c), mods))
                })
                .collect(),
            Step::Paste(text) => vec![Event::Paste(text.clone())],
            Step::Resize(w, h) => vec![Event::Resize(*w, *h)],
            Step::Focus(true) => vec![Event::FocusGained],
            Step::Focus(false) => vec![Event::FocusLost],
            Step::Mouse(kind, column, row) => vec![Event::Mouse(MouseEvent {
                kind: *kind,
                column: *column,
                row: *row,
                modifiers: NONE,
            })],
        }
    }
}

impl fmt::Debug for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Step::Key(code, mods, KeyEventKind::Press) => match (code, *mods) {
                (KeyCode::Char(c), m) if m == NONE && !c.is_uppercase() => write!(f, "ch({c:?})"),
                (KeyCode::Char(c), m) if m == SHIFT && c.is_uppercase() => write!(f, "ch({c:?})"),
                (KeyCode::Char(c), m) if m == CTRL => write!(f, "ctrl({c:?})"),
                (KeyCode::BackTab, m) if m == SHIFT => write!(f, "press(KeyCode::BackTab)"),
                (code, m) if m == NONE && *code != KeyCode::BackTab => {
                    write!(f, "press(KeyCode::{code:?})")
                }
                (code, m) => write!(
                    f,
                    "key(KeyCode::{code:?}, KeyModifiers::from_bits_retain({:#x}))",
                    m.bits()
                ),
            },
            Step::Key(code, mods, kind) => write!(
                f,
                "Step::Key(KeyCode::{code:?}, KeyModifiers::from_bits_retain({:#x}), \
                 KeyEventKind::{kind:?})",
                mods.bits()
            ),
            Step::Type(text) => write!(f, "typed({text:?})"),
            Step::Paste(text) => write!(f, "paste({text:?})"),
            Step::Resize(w, h) => write!(f, "resize({w}, {h})"),
            Step::Focus(gained) => write!(f, "Step::Focus({gained})"),
            Step::Mouse(kind, column, row) => {
                write!(f, "Step::Mouse(MouseEventKind::{kind:?}, {column}, {row})")
            }
        }
    }
}

/// A whole case: the terminal the app starts on, colours or NO_COLOR, and the steps.
#[derive(Clone)]
struct Case {
    size: (u16, u16),
    color: bool,
    steps: Vec<Step>,
}

impl fmt::Debug for Case {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "replay(({}, {}), {}, &[",
            self.size.0, self.size.1, self.color
        )?;
        for step in &self.steps {
            writeln!(f, "    {step:?},")?;
        }
        write!(f, "])")
    }
}

// ---------------------------------------------------------------------------------------------
// Strategies
// ---------------------------------------------------------------------------------------------

/// Letters, marks and symbols from the scripts cjm's users write in, and the awkward ones.
const UNICODE_CHARS: &[char] = &[
    'é',
    'ñ',
    'ü',
    'ß',
    'ø',
    'Ä',
    'İ',
    'ı', // Latin with diacritics, Turkish i
    '中',
    '文',
    '顾',
    '客',
    '旅',
    '程',
    '日',
    '本',
    '語',
    '한',
    '국',
    'ア',
    '。',
    '　', // CJK
    '😀',
    '🎉',
    '🧾',
    '📱',
    '⚡',
    '👩',
    '🏽',
    '🇮',
    '🇩', // emoji, skin tone, flag halves
    '\u{301}',
    '\u{200d}',
    '\u{fe0f}',
    '\u{200b}',
    '\u{feff}', // combining, ZWJ, VS16, ZWSP, BOM
    'ع',
    'ש',
    '\u{202e}',
    '\u{2066}',
    'ก',
    '\u{e31}',
    'ह',
    '\u{93f}', // RTL, Thai, Devanagari
    'ﷺ',
    '𒐫',
    '\u{10ffff}',
    '\u{fffd}', // very wide, astral, last code point
];

/// Characters that must never reach the terminal as they are.
const CONTROL_CHARS: &[char] = &[
    '\0', '\u{7}', '\u{8}', '\t', '\n', '\u{b}', '\u{c}', '\r', '\u{1b}', '\u{7f}', '\u{85}',
    '\u{9b}', '\u{2028}', '\u{2029}',
];

/// Words worth typing: Indonesian, CJK, emoji, escapes, and what forms and prompts read.
const WORDS: &[&str] = &[
    "Bayar di kasir",
    "Kesadaran",
    "pelanggan setia",
    "Toko Nusantara",
    "比较价格和评论",
    "顧客の旅",
    "고객 여정",
    "Café ☕",
    "e\u{301}",
    "👩\u{200d}💻 kerja",
    "🇮🇩",
    "\u{1b}[31mred\u{1b}[0m",
    "\u{1b}]0;title\u{7}",
    "a\tb",
    "\r\n",
    "   ",
    "x",
    "WhatsApp",
    "Web",
    "Sari",
    "2024-01-05 12/40",
    "2024-02-30 1 2 3",
    "Conversion: ratio >= 65",
    "Skor: nps >= 1e3",
    "Effort: ces <= 99999999999999999999999",
    "Nilai: value",
    "q",
];

/// Values for form lines and prompts, hostile ones included.
const VALUES: &[&str] = &[
    "",
    "0",
    "-0",
    "-1",
    "2",
    "5",
    "6",
    "65",
    "41.5",
    "1e308",
    "1e309",
    "1e-320",
    "4.9e-324",
    "0.30000000000000004",
    "1.7976931348623157e308",
    "123456789012345678901234567890",
    "18446744073709551616",
    "inf",
    "-inf",
    "NaN",
    "nps",
    "csat",
    "ces",
    "ratio",
    "value",
    "higher",
    "lower",
    "current",
    "future",
    "open",
    "planned",
    "done",
    "2024-01-05",
    "2024-02-30",
    "0000-00-00",
    "9999-12-31",
    "2024-01-05 120 40 30",
    "2024-01-05 3 5 10 40 42",
    "2024-01-05 5.2 87",
    "2024-01-05 412/780",
    "2024-01-05 41.5",
    "2024-01-05 1/0",
    "Sari",
    "Budi",
    "nobody",
    "比较价格",
    "🎉",
    "\u{202e}lihat",
    "- item",
    "Purchase",
    "order_paid -> Purchase",
    "ad_* @ web -> Awareness / Sees an unboxing video",
    "x -> Nowhere / 比较",
];

/// Labels of the text forms (persona, journey details, KPI, opportunity).
const LABELS: &[&str] = &[
    "Name",
    "Description",
    "Goals",
    "Needs",
    "Pain points",
    "Channels",
    "Owner",
    "Last reviewed",
    "State",
    "Variant of",
    "Personas",
    "Kind",
    "Unit",
    "Target",
    "Direction",
    "Measurements",
    "Title",
    "Impact",
    "Effort",
    "Status",
    "Event rules",
    "Conversion stage",
    "Unknown",
];

/// Sizes where layouts break: nothing, a cell, a line, the minimum, around it, common, huge.
const SIZES: &[(u16, u16)] = &[
    (0, 0),
    (0, 24),
    (80, 0),
    (1, 1),
    (1, 40),
    (200, 1),
    (2, 2),
    (10, 5),
    (39, 12),
    (40, 11),
    (40, 12),
    (41, 13),
    (60, 20),
    (80, 24),
    (120, 35),
    (250, 80),
];

const PASTES: &[&str] = &[
    "",
    "one line",
    "two\nlines",
    "windows\r\nlines\r\n",
    "old mac\rlines",
    "tabs\there\tand\tthere",
    "Lihat promo flash sale ⚡\n比较价格和评论\nCafé reviews 😀",
    "\u{1b}[2J\u{1b}[H cleared?",
    "\u{0}\u{1}\u{2}\u{7f}\u{9b}31m",
];

fn any_char() -> impl Strategy<Value = char> {
    prop_oneof![
        6 => (0x20u8..0x7f).prop_map(char::from),
        3 => select(UNICODE_CHARS),
        1 => select(CONTROL_CHARS),
        1 => any::<char>(),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => select(WORDS).prop_map(str::to_string),
        1 => select(VALUES).prop_map(str::to_string),
        2 => vec(any_char(), 0..12).prop_map(String::from_iter),
    ]
}

fn paste_text() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => select(PASTES).prop_map(str::to_string),
        2 => vec(prop_oneof![3 => any_char(), 1 => Just('\n')], 0..60)
            .prop_map(String::from_iter),
        1 => (select(WORDS), 1usize..100).prop_map(|(w, n)| w.repeat(n)),
    ]
}

/// Extra modifiers: mostly none, sometimes Shift (kitty reports it on symbols), Alt or Ctrl.
fn extra_mods() -> impl Strategy<Value = KeyModifiers> {
    prop_oneof![
        12 => Just(NONE),
        1 => Just(SHIFT),
        1 => Just(ALT),
        1 => Just(CTRL),
    ]
}

/// A key bound somewhere in the keymap, in any context.
fn bound_key() -> impl Strategy<Value = Step> {
    (select(BINDINGS), extra_mods()).prop_map(|(binding, extra)| {
        let mut mods = binding.mods | extra;
        if let KeyCode::Char(c) = binding.code
            && c.is_uppercase()
        {
            mods |= SHIFT;
        }
        key(binding.code, mods)
    })
}

const SPECIAL_KEYS: &[KeyCode] = &[
    KeyCode::Enter,
    KeyCode::Esc,
    KeyCode::Tab,
    KeyCode::BackTab,
    KeyCode::Backspace,
    KeyCode::Delete,
    KeyCode::Insert,
    KeyCode::Left,
    KeyCode::Right,
    KeyCode::Up,
    KeyCode::Down,
    KeyCode::Home,
    KeyCode::End,
    KeyCode::PageUp,
    KeyCode::PageDown,
    KeyCode::F(1),
    KeyCode::F(12),
    KeyCode::Null,
    KeyCode::CapsLock,
    KeyCode::Menu,
];

fn special_key() -> impl Strategy<Value = Step> {
    (select(SPECIAL_KEYS), extra_mods()).prop_map(|(code, extra)| {
        let mods = if code == KeyCode::BackTab {
            SHIFT
        } else {
            NONE
        };
        key(code, mods | extra)
    })
}

/// Ctrl or Alt with a letter: the text inputs' emacs keys, and keys bound nowhere.
fn chord() -> impl Strategy<Value = Step> {
    (
        (b'a'..=b'z').prop_map(char::from),
        select(vec![CTRL, ALT, CTRL | ALT, CTRL | SHIFT]),
    )
        .prop_map(|(c, mods)| key(KeyCode::Char(c), mods))
}

fn size() -> impl Strategy<Value = (u16, u16)> {
    prop_oneof![
        2 => select(SIZES),
        1 => (0u16..=120, 0u16..=40),
    ]
}

/// One event, or a key repeated or released.
fn single() -> impl Strategy<Value = Step> {
    prop_oneof![
        30 => bound_key(),
        8 => any_char().prop_map(ch),
        8 => special_key(),
        3 => chord(),
        5 => text().prop_map(Step::Type),
        3 => paste_text().prop_map(Step::Paste),
        5 => size().prop_map(|(w, h)| Step::Resize(w, h)),
        1 => any::<bool>().prop_map(Step::Focus),
        3 => (select(MOUSE), 0u16..130, 0u16..45).prop_map(|(kind, x, y)| Step::Mouse(kind, x, y)),
        1 => (select(SPECIAL_KEYS), select(&[KeyEventKind::Repeat, KeyEventKind::Release][..]))
            .prop_map(|(code, kind)| Step::Key(code, NONE, kind)),
    ]
}

/// What the mouse does: clicks, the wheel, and what the app ignores.
const MOUSE: &[MouseEventKind] = &[
    MouseEventKind::Down(MouseButton::Left),
    MouseEventKind::Down(MouseButton::Left),
    MouseEventKind::ScrollDown,
    MouseEventKind::ScrollUp,
    MouseEventKind::Up(MouseButton::Left),
    MouseEventKind::Drag(MouseButton::Left),
    MouseEventKind::Down(MouseButton::Right),
    MouseEventKind::Moved,
];

/// The names the palette runs actions by (typed in full, the action comes first).
const PALETTE: &[&str] = &[
    "add KPI",
    "add KPI measurement",
    "new journey from template",
    "edit journey details",
    "mark journey reviewed",
    "delete journey",
    "compare journeys",
    "delete stage",
    "add stage",
    "journey follows persona",
    "filter by persona",
    "view: KPIs",
    "view: opportunities",
    "view: analytics",
    "next attribution model",
    "apply analysis as KPI measurements",
    "analyze events file",
];

/// A few keys that reach deep states random keys rarely do: the palette, forms with one line
/// replaced, KPI prompts, cards added and fields edited, templates, search.
fn chunk() -> impl Strategy<Value = Vec<Step>> {
    prop_oneof![
        // Run an action through the palette.
        select(PALETTE).prop_map(|name| vec![ch(':'), paste(name), press(KeyCode::Enter)]),
        // Replace a line of an open form (persona, journey, KPI, opportunity), then save it.
        (0usize..10, select(LABELS), select(VALUES)).prop_map(|(up, label, value)| {
            let mut steps = vec![press(KeyCode::Up); up];
            steps.extend([
                press(KeyCode::End),
                ctrl('u'),
                paste(&format!("{label}: {value}")),
                ctrl('s'),
            ]);
            steps
        }),
        // Open a form: KPI (view 4), opportunity (view 5), persona, journey details.
        select(&["4e", "5e", "pa", "p\n"][..]).prop_map(|keys| {
            keys.chars()
                .map(|c| {
                    if c == '\n' {
                        press(KeyCode::Enter)
                    } else {
                        ch(c)
                    }
                })
                .collect()
        }),
        // A KPI measurement or a new KPI typed at the prompt.
        (select(&["4m", ":add KPI\n"][..]), select(VALUES), text()).prop_map(
            |(open, value, more)| {
                let mut steps: Vec<Step> = open
                    .chars()
                    .map(|c| {
                        if c == '\n' {
                            press(KeyCode::Enter)
                        } else {
                            ch(c)
                        }
                    })
                    .collect();
                steps.extend([paste(&format!("{value} {more}")), press(KeyCode::Enter)]);
                steps
            }
        ),
        // Add a card.
        text().prop_map(|title| vec![ch('a'), Step::Type(title), press(KeyCode::Enter)]),
        // Edit a field of the open card.
        (0usize..14, text()).prop_map(|(tabs, value)| {
            let mut steps = vec![press(KeyCode::Enter)];
            steps.extend(vec![press(KeyCode::Tab); tabs]);
            steps.extend([
                press(KeyCode::Enter),
                ctrl('u'),
                Step::Type(value),
                ctrl('s'),
            ]);
            steps
        }),
        // Add journeys from a template.
        (0usize..5).prop_map(|down| {
            let mut steps = vec![
                ch(':'),
                paste("new journey from template"),
                press(KeyCode::Enter),
            ];
            steps.extend(vec![press(KeyCode::Down); down]);
            steps.push(press(KeyCode::Enter));
            steps
        }),
        // Search and jump.
        text().prop_map(|query| vec![
            ch('/'),
            Step::Type(query),
            press(KeyCode::Down),
            press(KeyCode::Enter)
        ]),
        // Confirm whatever is asked.
        Just(vec![ch('y')]),
        // Back on the board, a burst of edits and moves (deletes confirmed), undo and redo.
        vec(select(EDITS), 1..8).prop_map(|keys| {
            let mut steps = vec![press(KeyCode::Esc), press(KeyCode::Esc)];
            steps.extend(keys.into_iter().map(|c| match c {
                '\u{12}' => ctrl('r'),
                c => ch(c),
            }));
            steps
        }),
    ]
}

/// Board keys that edit, move the selection or answer a question; `\u{12}` is Ctrl-r.
const EDITS: &[char] = &[
    'H', 'L', 'J', 'K', 'd', '+', '-', '<', '>', 'D', 'y', 'u', '\u{12}', 'h', 'j', 'k', 'l', '[',
    ']', 'G', 'g', 'I', 'E', 'S', '4', '5', '1',
];

fn case() -> impl Strategy<Value = Case> {
    let step = prop_oneof![
        3 => single().prop_map(|s| vec![s]),
        2 => chunk(),
    ];
    (size(), any::<bool>(), vec(step, 0..=MAX_STEPS)).prop_map(|(size, color, chunks)| Case {
        size,
        color,
        steps: chunks.into_iter().flatten().collect(),
    })
}

// ---------------------------------------------------------------------------------------------
// Running a case
// ---------------------------------------------------------------------------------------------

/// Why a case failed. `kind` names the broken property (and for a panic, where it happened),
/// so minimising keeps to the same failure.
#[derive(Debug, Clone, PartialEq)]
struct Failure {
    kind: String,
    detail: String,
}

impl Failure {
    fn new(kind: impl Into<String>, detail: impl Into<String>) -> Self {
        Self {
            kind: kind.into(),
            detail: detail.into(),
        }
    }
}

thread_local! {
    /// Set while a case runs: panics are recorded here instead of printed.
    static QUIET: Cell<bool> = const { Cell::new(false) };
    static PANIC: RefCell<Option<(String, String)>> = const { RefCell::new(None) };
}

/// Installs, once, a panic hook that records panics on threads running a case (where they are
/// expected and reported as failures) and leaves every other thread's panics to the usual hook.
fn quiet_panics() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if QUIET.with(Cell::get) {
                let at = info
                    .location()
                    .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()))
                    .unwrap_or_else(|| "unknown place".into());
                let payload = info.payload();
                let message = payload
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "(non-text panic)".into());
                PANIC.with(|p| *p.borrow_mut() = Some((at, message)));
            } else {
                previous(info);
            }
        }));
    });
}

/// An app on the demo, its first journey analysed (so that view 6, `m` and `a` have figures).
fn new_app(size: (u16, u16), color: bool) -> App {
    let doc = Document::new(
        crate::demo::workspace(),
        PathBuf::from("proptest.json"),
        None,
        None,
    );
    let mut app = App::new(doc, size, color);
    if let Some(journey) = app.journey().cloned() {
        let analysed = crate::tui::analysis::Analysed {
            file: "events.csv".into(),
            analysis: crate::tui::analysis::sample(&journey),
        };
        app.analytics.results.insert(journey.id, analysed);
    }
    app
}

/// Runs a case; panics become failures naming the panic's place and the step.
fn run(case: &Case) -> Result<(), Failure> {
    quiet_panics();
    let at = Cell::new(String::from("before the first step"));
    QUIET.with(|q| q.set(true));
    PANIC.with(|p| p.borrow_mut().take());
    let result = panic::catch_unwind(AssertUnwindSafe(|| check_case(case, &at)));
    QUIET.with(|q| q.set(false));
    match result {
        Ok(result) => result,
        Err(_) => {
            let (place, message) = PANIC
                .with(|p| p.borrow_mut().take())
                .unwrap_or_else(|| ("unknown place".into(), "unknown panic".into()));
            Err(Failure::new(
                format!("panic at {place}"),
                format!("{message}\n{}", at.take()),
            ))
        }
    }
}

/// Replays steps as a regression test does: panics with the failure.
fn replay(size: (u16, u16), color: bool, steps: &[Step]) {
    let case = Case {
        size,
        color,
        steps: steps.to_vec(),
    };
    if let Err(failure) = run(&case) {
        panic!("{}\n{}", failure.kind, failure.detail);
    }
}

/// The screen, kept between events and rebuilt when the terminal's size changes.
struct Screen {
    terminal: Option<Terminal<TestBackend>>,
}

impl Screen {
    fn draw(&mut self, app: &App) {
        let (w, h) = app.size;
        let fits = self.terminal.as_ref().is_some_and(|t| {
            let area = t.backend().buffer().area;
            (area.width, area.height) == (w, h)
        });
        if !fits {
            self.terminal = Some(Terminal::new(TestBackend::new(w, h)).expect("a test terminal"));
        }
        let terminal = self.terminal.as_mut().expect("just made");
        terminal
            .draw(|frame| view::render(app, frame))
            .expect("drawing on a test terminal");
    }

    /// The first cell of the last drawn screen holding a control character or a bidi
    /// override, which must never reach the terminal.
    fn unsafe_cell(&self) -> Option<(u16, u16, String)> {
        let buffer = self.terminal.as_ref()?.backend().buffer();
        let area = buffer.area;
        (0..area.height)
            .flat_map(|y| (0..area.width).map(move |x| (x, y)))
            .find_map(|(x, y)| {
                let symbol = buffer[(x, y)].symbol();
                symbol
                    .chars()
                    .any(crate::text::is_unsafe)
                    .then(|| (x, y, symbol.to_string()))
            })
    }
}

fn check_case(case: &Case, at: &Cell<String>) -> Result<(), Failure> {
    let mut app = new_app(case.size, case.color);
    let original = app.doc.workspace.clone();
    let mut screen = Screen { terminal: None };
    at.set("while drawing the first screen".into());
    screen.draw(&app);
    check_state(&app).map_err(|f| with_place(f, "at the start"))?;
    for (i, step) in case.steps.iter().enumerate() {
        for event in step.events() {
            let place = format!("at step {i}: {step:?} (event {event:?})");
            at.set(place.clone());
            if app.handle_event(event) == super::Effect::Terminal {
                finish_terminal_work(&mut app, i);
            }
            screen.draw(&app);
            check_screen(&screen).map_err(|f| with_place(f, &place))?;
            check_state(&app).map_err(|f| with_place(f, &place))?;
        }
    }

    // Back to the board, out of any editor, panel or question.
    let leave = key(KeyCode::Esc, NONE);
    for _ in 0..8 {
        if app.editor.is_none() && matches!(app.mode, Mode::Board) {
            break;
        }
        at.set("pressing Esc to leave panels at the end".into());
        apply(&mut app, &mut screen, &leave)?;
    }
    if app.editor.is_some() || !matches!(app.mode, Mode::Board) {
        return Err(Failure::new(
            "Esc does not lead back to the board",
            format!("still in {} after 8 Esc", app.mode_name()),
        ));
    }

    // Save then load gives back the state in memory.
    let last = app.doc.workspace.clone();
    round_trip(&last)?;

    // Undo everything, then redo everything, with the keys.
    let mut undone = 0;
    while app.doc.history.can_undo() {
        at.set(format!("pressing u at the end (undo {undone})"));
        apply(&mut app, &mut screen, &ch('u'))?;
        undone += 1;
        if undone > 10_000 {
            return Err(Failure::new("undo never ends", ""));
        }
    }
    if app.doc.workspace != original {
        return Err(Failure::new(
            "undo all does not give back the original",
            format!(
                "after {undone} undos:\n{}",
                differences(&original, &app.doc.workspace)
            ),
        ));
    }
    // Redoing as many steps as were undone gives back the final state (steps undone before the
    // end stay on the redo stack, below them).
    for redone in 0..undone {
        at.set(format!("pressing Ctrl-r at the end (redo {redone})"));
        apply(&mut app, &mut screen, &ctrl('r'))?;
    }
    if app.doc.workspace != last {
        return Err(Failure::new(
            "redo all does not give back the final state",
            format!(
                "after {undone} undos and as many redos:\n{}",
                differences(&last, &app.doc.workspace)
            ),
        ));
    }
    // Whatever was undone before the end redoes too, to a state that saves and loads.
    let mut redone = 0;
    while app.doc.history.can_redo() {
        at.set(format!(
            "pressing Ctrl-r at the end (redo {redone} past the end)"
        ));
        apply(&mut app, &mut screen, &ctrl('r'))?;
        redone += 1;
        if redone > 10_000 {
            return Err(Failure::new("redo never ends", ""));
        }
    }
    round_trip(&app.doc.workspace)?;
    Ok(())
}

/// What the event loop would do with work left for the terminal: a copy goes nowhere; the
/// external editor gives the field back with a line added, or fails, by the step's number.
fn finish_terminal_work(app: &mut App, step: usize) {
    match app.pending.take() {
        Some(crate::tui::app::Pending::Edit(request)) => {
            let outcome = if step.is_multiple_of(3) {
                Err("the editor “false” exited with status 1".to_string())
            } else {
                Ok(format!("{}\nfrom the editor {step}", request.text))
            };
            app.finish_external_edit(request, outcome);
        }
        Some(crate::tui::app::Pending::Copy(_)) | None => {}
    }
}

fn apply(app: &mut App, screen: &mut Screen, step: &Step) -> Result<(), Failure> {
    for event in step.events() {
        app.handle_event(event);
        screen.draw(app);
        check_screen(screen).map_err(|f| with_place(f, &format!("at the end, {step:?}")))?;
        check_state(app).map_err(|f| with_place(f, &format!("at the end, {step:?}")))?;
    }
    Ok(())
}

fn with_place(mut failure: Failure, place: &str) -> Failure {
    failure.detail = format!("{}\n{place}", failure.detail);
    failure
}

/// No control character or bidi override on screen.
fn check_screen(screen: &Screen) -> Result<(), Failure> {
    match screen.unsafe_cell() {
        Some((x, y, symbol)) => Err(Failure::new(
            "unsafe character on screen",
            format!("{symbol:?} at column {x}, row {y}"),
        )),
        None => Ok(()),
    }
}

/// What must hold after every event.
fn check_state(app: &App) -> Result<(), Failure> {
    let ws = &app.doc.workspace;
    let sel = app.sel;
    let bad = |what: &str| {
        Failure::new(
            format!("selection out of bounds ({what})"),
            format!("{sel:?} in {}, mode {}", shape(ws), app.mode_name()),
        )
    };
    match ws.journeys.get(sel.journey) {
        None if ws.journeys.is_empty() => {
            if sel != Selection::default() {
                return Err(bad("no journey"));
            }
        }
        None => return Err(bad("journey")),
        Some(journey) => match journey.stages.get(sel.stage) {
            None if journey.stages.is_empty() => {
                if sel.stage != 0 || sel.card != 0 {
                    return Err(bad("no stage"));
                }
            }
            None => return Err(bad("stage")),
            Some(stage) => {
                let cards = stage.touchpoints.len();
                if sel.card >= cards.max(1) {
                    return Err(bad("card"));
                }
            }
        },
    }
    if let Err(problem) = validate(ws) {
        return Err(Failure::new("invalid workspace", problem.to_string()));
    }
    let row = |what: &str, selected: usize, count: usize| {
        if selected < count.max(1) {
            Ok(())
        } else {
            Err(Failure::new(
                format!("{what}: highlighted row out of bounds"),
                format!("row {selected} of {count}"),
            ))
        }
    };
    match &app.mode {
        Mode::Card { field } => {
            row("open card", *field, TouchpointField::ALL.len())?;
            if app.card().is_none() {
                return Err(Failure::new(
                    "open card without a card",
                    format!("{sel:?} in {}", shape(ws)),
                ));
            }
        }
        Mode::Search(panel) => row("search", panel.selected, panel.hits.len())?,
        Mode::Palette(panel) => row("palette", panel.selected, panel.entries.len())?,
        Mode::Journeys { selected } => row("journeys", *selected, ws.journeys.len())?,
        Mode::Personas { selected } => row("personas", *selected, ws.personas.len())?,
        Mode::Templates { selected } => row("templates", *selected, crate::templates::all().len())?,
        _ => {}
    }
    Ok(())
}

/// The workspace's shape for messages: cards per stage of each journey.
fn shape(ws: &Workspace) -> String {
    let journeys: Vec<String> = ws
        .journeys
        .iter()
        .map(|j| {
            let stages: Vec<String> = j
                .stages
                .iter()
                .map(|s| s.touchpoints.len().to_string())
                .collect();
            format!("[{}]", stages.join(" "))
        })
        .collect();
    format!("journeys {}", journeys.join(" "))
}

/// `to_json` then `parse` gives back the workspace, and writing it again gives the same text.
fn round_trip(ws: &Workspace) -> Result<(), Failure> {
    let text = store::to_json(ws);
    match store::parse(Path::new("proptest.json"), text.as_bytes()) {
        Ok((loaded, read_only)) => {
            if read_only.is_some() {
                return Err(Failure::new("saved workspace loads read-only", ""));
            }
            if loaded != *ws {
                return Err(Failure::new(
                    "save then load changes the workspace",
                    differences(ws, &loaded),
                ));
            }
            if store::to_json(&loaded) != text {
                return Err(Failure::new("saving is not canonical", ""));
            }
            Ok(())
        }
        Err(e) => Err(Failure::new("saved workspace does not load", e.to_string())),
    }
}

// ---------------------------------------------------------------------------------------------
// The property, and minimising what it finds
// ---------------------------------------------------------------------------------------------

fn config() -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_CASES);
    let defaults = Config::default();
    Config {
        cases,
        // Regressions are kept as named tests (regressions.rs), not in files beside the sources.
        failure_persistence: None,
        source_file: Some(file!()),
        // Unless told otherwise, shrinking stops after two minutes.
        max_shrink_time: if defaults.max_shrink_time == 0 {
            120_000
        } else {
            defaults.max_shrink_time
        },
        ..defaults
    }
}

#[test]
fn random_events_keep_the_app_consistent() {
    let mut runner = TestRunner::new(config());
    let result = runner.run(&case(), |case| {
        run(&case).map_err(|f| TestCaseError::fail(format!("{}: {}", f.kind, f.detail)))
    });
    match result {
        Ok(()) => {}
        Err(TestError::Fail(_, case)) => {
            let failure = run(&case).expect_err("the shrunk case fails");
            let (case, failure) = minimise(case, &failure);
            panic!(
                "{}\n{}\n\nminimal case ({} steps), as a regression test takes it:\n{case:?}",
                failure.kind,
                failure.detail,
                case.steps.len()
            );
        }
        Err(e) => panic!("{e}"),
    }
}

mod json_diff;
mod minimise;
mod regressions;

use json_diff::differences;
use minimise::minimise;
