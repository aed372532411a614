// Test tooling: renders each case with the real form-js viewer under jsdom and records submit() output.
// Usage: node run-reference.cjs cases.json > reference.json
const { JSDOM } = require('jsdom');
const fs = require('fs');
const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true });
for (const name of ['window', 'document', 'navigator', 'HTMLElement', 'Element', 'Node', 'Event', 'KeyboardEvent',
  'MouseEvent', 'getComputedStyle', 'requestAnimationFrame', 'cancelAnimationFrame', 'MutationObserver', 'DOMParser',
  'CustomEvent', 'HTMLInputElement', 'FocusEvent', 'InputEvent', 'SVGElement', 'Text', 'DocumentFragment']) {
  if (!(name in globalThis) || name === 'navigator') {
    try { Object.defineProperty(globalThis, name, { value: dom.window[name], configurable: true, writable: true }); } catch (e) { /* read-only global */ }
  }
}
globalThis.ResizeObserver = class { observe() {} unobserve() {} disconnect() {} };
globalThis.DataTransfer = class { constructor() { const input = document.createElement('input'); input.type = 'file'; this.files = input.files; this.items = { add() {} }; } };
const { Form } = require('@bpmn-io/form-js-viewer');

async function runCase(c) {
  const container = document.createElement('div');
  document.body.appendChild(container);
  const form = new Form({ container });
  try {
    await form.importSchema(c.schema, c.data);
  } catch (e) {
    form.destroy();
    return { importError: e.message };
  }
  await new Promise((r) => setTimeout(r, Number(process.env.SETTLE_MS || 20)));
  const result = form.submit();
  await new Promise((r) => setTimeout(r, 5));
  form.destroy();
  return { errors: JSON.parse(JSON.stringify(result.errors)), data: JSON.parse(JSON.stringify(result.data)) };
}

(async () => {
  const cases = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const out = [];
  for (const c of cases) {
    out.push({ name: c.name, schema: c.schema, data: c.data, expected: await runCase(c) });
  }
  process.stdout.write(JSON.stringify(out, null, 1) + '\n');
  process.exit(0);
})();
