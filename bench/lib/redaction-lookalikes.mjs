// The look-alike corpus of `npm run redaction`: the real response examples (`example`, `examples.*.value`)
// of the shared third-party documents — ids, names, hashes, URLs, public keys, dates, pagination tokens —
// served in several shapes; every string a read server masks there that is not a secret is a needless
// loss. The few example values that are real secrets (GitHub's installation tokens, Twilio's auth
// tokens…) are told apart by the reviewed list below and reported, not counted.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import YAML from 'yaml';

/** Every object or array example in the documents under `dir`, with the file it came from. */
export function collectExamples(dir) {
  const files = [];
  const walkDir = (d) => {
    for (const f of readdirSync(d).sort()) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walkDir(p);
      else if (/\.(json|ya?ml)$/.test(f)) files.push(p);
    }
  };
  walkDir(dir);
  const examples = [];
  const collect = (node, file) => {
    if (Array.isArray(node)) return node.forEach((n) => collect(n, file));
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k === 'example' && v && typeof v === 'object') examples.push({ file, value: v });
      else if (k === 'examples' && v && typeof v === 'object' && !Array.isArray(v)) {
        for (const e of Object.values(v)) if (e && typeof e === 'object' && e.value && typeof e.value === 'object') examples.push({ file, value: e.value });
      } else collect(v, file);
    }
  };
  for (const f of files) {
    let doc;
    try {
      const text = readFileSync(f, 'utf8');
      // Parsing a 4 MB YAML document takes seconds: only documents with an example key are read.
      if (!(f.endsWith('.json') ? /"examples?":/ : /^\s*examples?:/m).test(text)) continue;
      doc = f.endsWith('.json') ? JSON.parse(text) : YAML.parse(text, { maxAliasCount: -1, uniqueKeys: false });
    } catch {
      continue;
    }
    collect(doc, relative(dir, f));
  }
  return examples;
}

// Reviewed by hand over every string the redactor masked in these examples (`--list-masked`): fields
// whose example value is the secret itself (an installation token, a client secret, an auth token, a
// private key, a TURN credential), and URLs that carry `token=`. Everything else is a look-alike.
const GENUINE_KEYS = new Set(['token', 'access_token', 'temp_clone_token', 'client_secret', 'webhook_secret', 'pem', 'auth_token', 'calltoken', 'credential', 'password', 'vcs_password', 'secret']);
/** Whether an example leaf is a real secret (not counted as a look-alike). */
export function isGenuineSecret(key, value) {
  if (/[?&]token=/.test(value)) return true;
  return GENUINE_KEYS.has(key.toLowerCase()) && !/^https?:\/\//.test(value);
}

/** The string leaves of a value: `{ path, key, value }` (path as a JSON-pointer-like list). */
function leaves(value, path = [], key = '', out = []) {
  if (typeof value === 'string') {
    if (value !== '') out.push({ path, key, value });
  } else if (Array.isArray(value)) value.forEach((v, i) => leaves(v, [...path, i], key, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) leaves(v, [...path, k], k, out);
  return out;
}

const at = (value, path) => path.reduce((v, p) => (v === null || typeof v !== 'object' ? undefined : v[p]), value);
const envName = (path) => path.map(String).join('_').replace(/[^A-Za-z0-9_]/g, '_').toUpperCase() || 'VALUE';
const logValue = (v) => (/^[^\s"=]+$/.test(v) ? v : JSON.stringify(v));

const envLine = (l) => `${envName(l.path)}=${JSON.stringify(l.value)}`;
const logToken = (l) => `${l.key || 'value'}=${logValue(l.value)}`;
const lines = (t) => t.split('\n');
// Every `"key":"value"` pair and lone string of a JSON-ish answer.
const jsonTokens = (t) => t.match(/"(?:[^"\\\n]|\\.)*"(?::"(?:[^"\\\n]|\\.)*")?/g) ?? [];
const jsonWitness = (l) => (typeof l.path[l.path.length - 1] === 'number' ? JSON.stringify(l.value) : `${JSON.stringify(l.key)}:${JSON.stringify(l.value)}`);
// YAML lines without indentation and list dashes (`- name: x` holds the pair `name: x`).
const yamlLines = (t) => lines(t).map((l) => l.trim().replace(/^(?:- )+/, ''));
const yamlWitness = (l) => (typeof l.path[l.path.length - 1] === 'number' ? YAML.stringify([l.value], { lineWidth: 0 }).trim().replace(/^- /, '') : YAML.stringify({ [l.key]: l.value }, { lineWidth: 0 }).trim());

/**
 * The shapes a look-alike body is served in. Each renders the example and says, for one leaf, whether an
 * answer still shows it: JSON shapes compare the parsed answer path by path; text shapes look for the
 * leaf's own `"key":"value"`, line or `key=value` token among the answer's (indexed once per answer).
 */
export const LOOKALIKE_SHAPES = [
  { shape: 'json', contentType: 'application/json', render: (v) => JSON.stringify(v), kept: keptInJson },
  { shape: 'text-plain-json', contentType: 'text/plain', render: (v) => JSON.stringify(v, null, 2), kept: keptInJson },
  { shape: 'bom-json', contentType: 'application/json', render: (v) => `\uFEFF${JSON.stringify(v)}`, kept: keptInJson },
  { shape: 'invalid-json', contentType: 'application/json', render: (v) => JSON.stringify(v).slice(0, -1), kept: keptAs(jsonTokens, jsonWitness) },
  { shape: 'html', contentType: 'text/html', render: (v) => `<html><body><pre>${JSON.stringify(v)}</pre></body></html>`, kept: keptAs(jsonTokens, jsonWitness) },
  { shape: 'yaml', contentType: 'application/yaml', render: (v) => YAML.stringify(v, { lineWidth: 0 }), kept: keptAs(yamlLines, yamlWitness) },
  { shape: 'env', contentType: 'text/plain', render: (v) => leaves(v).map(envLine).join('\n'), kept: keptAs(lines, envLine) },
  { shape: 'log', contentType: 'text/plain', render: (v) => leaves(v).map((l) => `2026-01-05T09:00:00Z INFO ${logToken(l)}`).join('\n'), kept: keptAs((t) => lines(t).map((l) => l.slice(26)), logToken) },
  { shape: 'error-4xx', contentType: 'application/json', status: 400, small: true, render: (v) => JSON.stringify(v), kept: keptAs(jsonTokens, jsonWitness) },
];

/** A text shape's test: the leaf's witness is one of the answer's tokens (indexed once per answer). */
function keptAs(tokens, witnessOf) {
  const index = new WeakMap();
  return (answerText, leaf, result) => {
    if (!index.has(result)) index.set(result, new Set(tokens(answerText)));
    return index.get(result).has(witnessOf(leaf));
  };
}

// The parsed answer, once per result (a body has up to a few thousand leaves).
const parsedAnswers = new WeakMap();
function keptInJson(answerText, leaf, result) {
  if (!parsedAnswers.has(result)) {
    let shown;
    try {
      shown = JSON.parse(result.content[0].text);
    } catch {
      shown = undefined;
    }
    parsedAnswers.set(result, shown);
  }
  return at(parsedAnswers.get(result), leaf.path) === leaf.value;
}

// An error answer shows the platform's message when there is one: only bodies without those fields show whole.
const MESSAGE_KEYS = ['message', 'error_description', 'detail', 'title', 'error', 'errors'];

/**
 * The look-alike cases: every example in every shape, with the leaves counted as look-alikes.
 * @returns {{ shape: string; name: string; contentType: string; status: number; body: string; leaves: object[]; genuine: number; kept: Function }[]}
 */
export function lookalikeCases(examples) {
  const cases = [];
  for (const [i, ex] of examples.entries()) {
    const all = leaves(ex.value);
    const lookalikes = all.filter((l) => !isGenuineSecret(l.key, l.value));
    for (const s of LOOKALIKE_SHAPES) {
      const body = s.render(ex.value);
      if (s.small && (body.length > 900 || Array.isArray(ex.value) || MESSAGE_KEYS.some((k) => k in ex.value))) continue;
      // Multi-line strings do not make one line of an env file, a log or a YAML scalar (YAML writes a block).
      const counted = s.shape === 'env' || s.shape === 'log' || s.shape === 'yaml' ? lookalikes.filter((l) => !l.value.includes('\n')) : lookalikes;
      cases.push({ shape: s.shape, name: `${ex.file}#${i}`, contentType: s.contentType, status: s.status ?? 200, body, leaves: counted, genuine: all.length - lookalikes.length, kept: s.kept });
    }
  }
  return cases;
}

/**
 * Run each case through `answer(case) → tool result` and tally per shape: look-alikes counted, masked.
 * @returns {Promise<{ shapes: Map<string, { cases: number; leaves: number; masked: string[] }>; leaves: number; masked: number; genuine: number }>}
 */
export async function measureLookalikes(cases, answer, resultText) {
  const shapes = new Map();
  let total = 0;
  let masked = 0;
  let genuine = 0;
  for (const c of cases) {
    const result = await answer(c);
    const text = resultText(result);
    const row = shapes.get(c.shape) ?? { cases: 0, leaves: 0, masked: [] };
    row.cases++;
    if (c.shape === 'json') genuine += c.genuine;
    for (const leaf of c.leaves) {
      row.leaves++;
      total++;
      if (!c.kept(text, leaf, result)) {
        masked++;
        row.masked.push(`${c.name} ${leaf.key}: ${leaf.value.slice(0, 60).replace(/\n/g, '\\n')}`);
      }
    }
    shapes.set(c.shape, row);
  }
  return { shapes, leaves: total, masked, genuine };
}
