// Reads a JSON array of Mermaid diagram texts on stdin and prints a JSON array with, for each
// diagram, what Mermaid's own parser read from it:
//   { title, accTitle, accDescription, sections, tasks: [{ section, task, score, people }] }
// or { error } when Mermaid rejects it. Used by tests/mermaid.rs; by hand:
//   echo '["journey\n  section A\n    Task: 5: Me"]' | node tests/mermaid-check/check.mjs
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
      title: db.getDiagramTitle(),
      accTitle: db.getAccTitle(),
      accDescription: db.getAccDescription(),
      sections: [...db.getSections()],
      tasks: db.getTasks().map(({ section, task, score, people }) => ({ section, task, score, people })),
    };
  } catch (error) {
    return { error: String(error?.message ?? error) };
  }
}
