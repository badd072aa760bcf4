//! The page's style sheet, inlined in the page: system fonts, light colours, emotion tones that
//! always come with a text mark, a sideways-scrolling board on screen and landscape pages on
//! paper.

/// The CSS of the HTML export.
pub const CSS: &str = r##"
:root {
  color-scheme: light;
  --ink: #1f2328; --muted: #5d6570; --line: #d9dce1; --paper: #fff; --page: #f6f5f1;
  --accent: #2f5f8f; --accent-soft: #e9f0f7;
  --n2: #c0392b; --n2-soft: #fdeceb; --n2-ink: #8f1f15;
  --n1: #e07b39; --n1-soft: #fdf0e6; --n1-ink: #8a3f0c;
  --z0: #9a9ca0; --z0-soft: #f1f1ef; --z0-ink: #4b4f55;
  --p1: #7aa84a; --p1-soft: #eef6e6; --p1-ink: #3d5e1a;
  --p2: #2e8b57; --p2-soft: #e3f3ea; --p2-ink: #17603a;
}
* { box-sizing: border-box; }
html { font-size: 15px; }
body {
  margin: 0; padding: 0 1.5rem 2rem; background: var(--page); color: var(--ink);
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue",
    Arial, sans-serif, "Apple Color Emoji", "Segoe UI Emoji", "Noto Color Emoji";
  line-height: 1.45;
}
p, ul, dl, h1, h2, h3, h4, blockquote { margin: 0; }
ul { padding-left: 1.1em; }
.doc-head {
  display: flex; flex-wrap: wrap; gap: .4rem 1.5rem; align-items: baseline;
  padding: 1rem 0 .25rem; color: var(--muted); font-size: .85rem;
}
.doc-head ol { display: flex; flex-wrap: wrap; gap: .25rem 1.2rem; list-style: none; padding: 0; }
.doc-head a { color: var(--accent); }
.journey { padding: 1rem 0 1.5rem; }
.journey + .journey { border-top: 2px solid var(--line); margin-top: 1rem; }
.journey-head {
  display: flex; flex-wrap: wrap; gap: .8rem 3rem; align-items: flex-end;
  justify-content: space-between; padding: .9rem 1.3rem; background: var(--paper);
  border: 1px solid var(--line); border-radius: 10px;
}
.intro { flex: 1 1 30rem; }
.journey-head h1 { font-size: 1.75rem; line-height: 1.2; margin: .3rem 0 .25rem; }
.description { max-width: 80ch; white-space: pre-line; }
.state {
  display: inline-block; padding: .05rem .6rem; border: 1px solid; border-radius: 999px;
  font-size: .75rem; font-weight: 700; letter-spacing: .05em; text-transform: uppercase;
}
.state-current { color: var(--accent); }
.state-future { color: #6a3d9a; border-style: dashed; }
.meta { display: flex; flex-wrap: wrap; gap: .3rem 2rem; }
.meta dt, .label, .step, .counts, h2 {
  color: var(--muted); font-size: .75rem; font-weight: 700; letter-spacing: .05em;
  text-transform: uppercase;
}
.meta dd { margin: 0; font-weight: 600; }
.counts { margin-top: .4rem; font-weight: 400; }
h2 { margin: 1.3rem 0 .6rem; font-size: .8rem; break-after: avoid; }
.persona-list { display: grid; grid-template-columns: repeat(auto-fit, minmax(24rem, 1fr)); gap: .8rem; }
.persona {
  background: var(--paper); border: 1px solid var(--line); border-radius: 10px;
  padding: .9rem 1.1rem; font-size: .92rem; break-inside: avoid;
}
.persona h3 { font-size: 1.1rem; margin-bottom: .2rem; }
.groups { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: 0 1.2rem; }
.persona .description { color: #3a4048; }
.label { margin: .6rem 0 .15rem; font-size: .7rem; }
.chips, .tags { display: flex; flex-wrap: wrap; gap: .25rem; list-style: none; padding: 0; }
ul.chips li, .chip, .tags li {
  display: inline-block; padding: 0 .45rem; border: 1px solid var(--line); border-radius: 999px;
  background: var(--paper); font-size: .78rem; white-space: nowrap;
}
.tags { margin-top: .5rem; }
.tags li { border-style: dashed; color: var(--muted); white-space: normal; }
.tags li::before { content: "#"; }
.board-scroll { overflow-x: auto; padding-bottom: .5rem; }
.board { display: grid; grid-template-columns: repeat(var(--stages), minmax(14rem, 1fr)); }
.lane { padding: .35rem .35rem; min-width: 0; }
.stage-head {
  margin: 0 .2rem; padding: .6rem .8rem .7rem; background: var(--accent-soft);
  border-top: 4px solid var(--accent); border-radius: 4px;
}
.stage-head h3 { font-size: 1.05rem; line-height: 1.25; margin: .1rem 0 .25rem; }
.goal { font-size: .88rem; font-style: italic; }
.strategies { font-size: .82rem; }
.card, .kpi {
  background: var(--paper); border: 1px solid var(--line); border-radius: 8px;
  padding: .6rem .75rem; margin-bottom: .6rem; font-size: .86rem; overflow-wrap: anywhere;
  break-inside: avoid;
}
.card { border-left: 6px solid var(--tone, var(--line)); box-shadow: 0 1px 2px rgba(0, 0, 0, .05); }
.card h4 { font-size: .98rem; line-height: 1.3; margin-bottom: .3rem; }
.tone-n2 { --tone: var(--n2); --tone-soft: var(--n2-soft); --tone-ink: var(--n2-ink); }
.tone-n1 { --tone: var(--n1); --tone-soft: var(--n1-soft); --tone-ink: var(--n1-ink); }
.tone-z0 { --tone: var(--z0); --tone-soft: var(--z0-soft); --tone-ink: var(--z0-ink); }
.tone-p1 { --tone: var(--p1); --tone-soft: var(--p1-soft); --tone-ink: var(--p1-ink); }
.tone-p2 { --tone: var(--p2); --tone-soft: var(--p2-soft); --tone-ink: var(--p2-ink); }
.emotion {
  display: inline-block; margin-bottom: .4rem; padding: 0 .55rem; border-radius: 999px;
  border: 1px solid var(--tone, var(--line)); background: var(--tone-soft, var(--paper));
  color: var(--tone-ink, var(--muted)); font-size: .78rem; font-weight: 700;
}
.facts { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .5rem; margin: .2rem 0; }
.facts div { display: contents; }
.facts dt { color: var(--muted); font-size: .76rem; padding-top: .1rem; }
.facts dd { margin: 0; min-width: 0; }
.thoughts {
  margin: .4rem 0; padding: .1rem 0 .1rem .6rem; border-left: 3px solid var(--line);
  color: #3a4048; font-style: italic; white-space: pre-line;
}
.conflict {
  margin: 0.3em 0;
  padding: 0.2em 0.4em;
  border: 2px dashed currentColor;
  font-weight: 600;
}
.comment {
  margin: 0.4em 0 0;
  padding: 0.2em 0.5em;
  border-left: 3px solid var(--line);
  font-size: .85rem;
}
.comment p { margin: 0.1em 0; }
.thoughts::before { content: "“"; }
.thoughts::after { content: "”"; }
.opportunities li { margin-bottom: .3rem; }
.opportunities .chips { margin-top: .1rem; align-items: baseline; }
.chip { font-size: .7rem; color: var(--muted); }
.status-open { border-style: dashed; }
.status-planned { color: var(--accent); border-color: var(--accent); }
.status-done { color: var(--p2-ink); border-color: var(--p2); }
.status-done::before { content: "✓ "; }
.by { color: var(--muted); font-size: .76rem; }
.none { color: var(--muted); font-size: .85rem; font-style: italic; padding: .3rem .2rem; }
.curve {
  grid-column: 1 / -1; margin: .4rem 0; padding: .5rem 0 .2rem; background: var(--paper);
  border: 1px solid var(--line); border-radius: 8px; break-inside: avoid;
}
.curve > .label { margin: 0 .8rem; }
.curve-svg { display: block; overflow: visible; font-size: .8rem; }
.curve-svg .band { fill: #f3eeee; }
.curve-svg .level { stroke: #e4e6ea; }
.curve-svg .zero { stroke: #9aa0a8; stroke-dasharray: 4 3; }
.curve-svg .axis { fill: var(--muted); font-size: .7rem; }
.curve-svg .path { stroke: #3b4450; stroke-width: 2.5; }
.curve-svg .gap { stroke-dasharray: 5 4; stroke-width: 1.5; }
.curve-svg .dot { fill: var(--tone); stroke: #1f2328; stroke-width: 1.5; }
.curve-svg .value { fill: var(--ink); font-weight: 700; text-anchor: middle; }
.curve-svg .low { fill: none; stroke: #1f2328; stroke-width: 2; stroke-dasharray: 3 2; }
.curve-svg .low-label { fill: var(--n2-ink); font-weight: 700; text-anchor: middle; }
.curve-svg .none { fill: var(--muted); font-style: italic; text-anchor: middle; }
.kpi h4 { font-size: .9rem; }
.figure { color: var(--muted); }
.figure strong { color: var(--ink); font-size: 1.35rem; }
.figure .date { font-size: .75rem; }
.status { display: inline-block; margin: .1rem 0 .3rem; padding: 0 .5rem; border: 1px solid; border-radius: 4px; font-size: .76rem; font-weight: 700; }
.status.on { color: var(--p2-ink); background: var(--p2-soft); }
.status.off { color: var(--n2-ink); background: var(--n2-soft); }
@page { size: landscape; margin: 10mm; }
@media print {
  html { font-size: 10.5px; }
  body { padding: 0; background: #fff; }
  .doc-head nav { display: none; }
  .journey + .journey { break-before: page; border-top: 0; margin-top: 0; }
  .journey-head, .persona, .card, .kpi, .curve { box-shadow: none; }
  .board-scroll { overflow: visible; }
  .board { grid-template-columns: repeat(var(--stages), minmax(0, 1fr)); }
  .stage-head, .emotion, .status, .curve-svg { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
"##;
