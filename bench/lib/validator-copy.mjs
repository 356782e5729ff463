// The copy of a document that Prism validates against (written to a temp folder, never to the repo).
// Request-side content is kept byte-for-byte in meaning; two things are changed, both for Prism's sake:
//  1. response bodies become a free-form schema. Prism's ref-parser (@stoplight/json-schema-ref-parser
//     9.2.7, dereference.js `crawl`) is exponential on Stripe's cyclic response schemas (6 cycles, 92
//     schemas): > 2 minutes with only 5 paths kept. Only requests are judged here, so responses can go.
//  2. a `$ref` that is not a local pointer is renamed: GitHub's SCIM *example payloads* carry
//     `"$ref": "https://api.github.com/scim/…"` as data, which Prism tries (and fails) to download.
// Components no longer reachable are pruned so Prism has less to dereference.
import { readFile, writeFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Read a JSON or YAML document. */
export async function readDocument(path) {
  const text = await readFile(path, 'utf8');
  return /^\s*[{[]/.test(text) ? JSON.parse(text) : parseYaml(text, { maxAliasCount: -1 });
}

/**
 * Write Prism's copy of `src` to `out` (JSON) and return what was changed.
 * @returns {Promise<{ swagger2: boolean; responsesStubbed: number; foreignRefs: number; pruned: number }>}
 */
export async function writeValidatorCopy(src, out) {
  const doc = await readDocument(src);
  const swagger2 = typeof doc.swagger === 'string';
  let responsesStubbed = 0;
  for (const item of Object.values(doc.paths ?? {})) {
    for (const m of METHODS) {
      const op = item?.[m];
      if (!op?.responses) continue;
      op.responses = stubResponses(op.responses, swagger2);
      responsesStubbed++;
    }
  }
  const foreignRefs = renameForeignRefs(doc);
  const pruned = pruneUnreachable(doc, swagger2);
  await writeFile(out, JSON.stringify(doc));
  return { swagger2, responsesStubbed, foreignRefs, pruned };
}

/** One success response with a free-form JSON body, keeping the document's own success code. */
function stubResponses(responses, swagger2) {
  const code = Object.keys(responses).find((c) => /^2\d\d$/.test(c)) ?? '200';
  if (code === '204' || code === '205') return { [code]: { description: 'stub' } };
  return swagger2
    ? { [code]: { description: 'stub', schema: {} } }
    : { [code]: { description: 'stub', content: { 'application/json': { schema: {} } } } };
}

/**
 * Visit every plain object reachable from `roots` (arrays are looked through), depth-first; `visit` may
 * return more nodes to walk (a resolved `$ref` target).
 */
function walkObjects(roots, visit) {
  const stack = [...roots];
  while (stack.length) {
    const v = stack.pop();
    if (!v || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      stack.push(...v);
      continue;
    }
    const more = visit(v);
    if (more) stack.push(...more);
    stack.push(...Object.values(v));
  }
}

function renameForeignRefs(node) {
  let n = 0;
  walkObjects([node], (v) => {
    if (typeof v.$ref === 'string' && !v.$ref.startsWith('#')) {
      v['x-runos-data-ref'] = v.$ref;
      delete v.$ref;
      n++;
    }
  });
  return n;
}

/** Drop components/definitions that no path reaches any more (transitively). */
function pruneUnreachable(doc, swagger2) {
  const sections = swagger2
    ? { definitions: doc.definitions, parameters: doc.parameters, responses: doc.responses }
    : Object.fromEntries(Object.entries(doc.components ?? {}).map(([k, v]) => [`components/${k}`, v]));
  const seen = new Set();
  walkObjects([doc.paths, doc.security, doc.securityDefinitions, doc.components?.securitySchemes], (v) => {
    const ref = v.$ref;
    if (typeof ref !== 'string' || !ref.startsWith('#/') || seen.has(ref)) return undefined;
    seen.add(ref);
    return [ref.slice(2).split('/').map(unescapePointer).reduce((a, s) => a?.[s], doc)];
  });
  let pruned = 0;
  for (const [prefix, obj] of Object.entries(sections)) {
    if (!obj || prefix === 'components/securitySchemes') continue;
    for (const k of Object.keys(obj)) {
      if (!seen.has(`#/${prefix}/${escapePointer(k)}`)) {
        delete obj[k];
        pruned++;
      }
    }
  }
  return pruned;
}

const unescapePointer = (s) => decodeURIComponent(s).replace(/~1/g, '/').replace(/~0/g, '~');
const escapePointer = (s) => s.replace(/~/g, '~0').replace(/\//g, '~1');
