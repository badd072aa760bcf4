// Reads a JSON array of Mermaid diagram texts on stdin and prints a JSON array with, for each
// diagram, what Mermaid's own parser read from it:
//   { title, accTitle, accDescription, sections, tasks: [{ section, task, score, people }] }
// or { error } when Mermaid rejects it. Used by tests/integration/mermaid.rs; by hand:
//   echo '["journey\n  section A\n    Task: 5: Me"]' | node tests/mermaid-check/check.mjs
//
// Each text is given as Mermaid draws it, not as its parser leaves it: Mermaid hides entity
// codes (`#35;`) from its lexer behind placeholders and turns them into characters only in the
// drawing, and draws `<br>` in a section or task name as a line break (here `\n`). Titles and
// the description are kept by Mermaid as sanitized HTML (`&amp;` for `&`): their text is given.
//
// Mermaid sanitizes titles with DOMPurify, which needs a DOM: jsdom provides one. The window
// must exist before Mermaid loads, hence the dynamic import.
import { JSDOM } from 'jsdom';

globalThis.window = new JSDOM('').window;
// Mermaid's logger must not mix with the JSON on stdout.
console.log = console.info = console.debug = console.error;
const { default: mermaid } = await import('mermaid');

let input = '';
process.stdin.setEncoding('utf8'); // whole characters, even across chunks
for await (const chunk of process.stdin) {
  input += chunk;
}
const results = [];
for (const text of JSON.parse(input)) {
  results.push(await read(text));
}
// Mermaid's error messages may cut an emoji in half: make every string valid Unicode.
const wellFormed = (key, value) => (typeof value === 'string' ? value.toWellFormed() : value);
process.stdout.write(JSON.stringify(results, wellFormed) + '\n');

/** What Mermaid reads from one diagram, or the error it gives. */
async function read(text) {
  try {
    const { diagramType } = await mermaid.parse(text);
    if (diagramType !== 'journey') {
      return { error: `not a journey diagram but ${diagramType}` };
    }
    const { db } = await mermaid.mermaidAPI.getDiagramFromText(text);
    return {
      title: htmlText(db.getDiagramTitle()),
      accTitle: htmlText(db.getAccTitle()),
      accDescription: htmlText(db.getAccDescription()),
      sections: db.getSections().map(name),
      tasks: db.getTasks().map(({ section, task, score, people }) => ({
        section: name(section),
        task: name(task),
        score,
        people: people.map(drawn),
      })),
    };
  } catch (error) {
    return { error: String(error?.message ?? error) };
  }
}

/** What Mermaid draws for `text`: it writes the text into its SVG (escaped), turns its entity
 * placeholders into references there (its `decodeEntities`), and the page reads the SVG as
 * HTML. */
function drawn(text) {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const html = escaped
    .replace(/\uFB02\u00B0\u00B0/g, '&#')
    .replace(/\uFB02\u00B0/g, '&')
    .replace(/\u00B6\u00DF/g, ';');
  return fragmentText(html);
}

/** A section or task name as Mermaid draws it: a line per `<br>`, entities decoded. */
function name(text) {
  return drawn(text.replace(/<br\s*\/?>/gi, '\n'));
}

/** The text of what Mermaid keeps as sanitized HTML (titles, the description), as drawn. */
function htmlText(html) {
  return drawn(fragmentText(html));
}

/** The text of an HTML fragment. */
function fragmentText(html) {
  const element = window.document.createElement('div');
  element.innerHTML = html;
  return element.textContent;
}
