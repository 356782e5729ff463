// A raw OpenAPI or Swagger JSON document for the labelling kit: its local `$ref`s followed by hand, so that reviewers
// see the document as written (no loader, no classifier of this project runs).
import { readFileSync } from 'node:fs';

export const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

export function readDoc(file) {
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  const resolve = (ref) =>
    ref.replace(/^#\//, '').split('/').map((s) => decodeURIComponent(s.replace(/~1/g, '/').replace(/~0/g, '~'))).reduce((o, k) => o?.[k], doc);
  // A chain of `$ref`s, at most 20 long; a dangling one says where it pointed.
  const deref = (x) => {
    for (let n = 0; x && typeof x.$ref === 'string' && n < 20; n++) x = resolve(x.$ref) ?? { unresolved: x.$ref };
    return x;
  };
  return { doc, deref };
}

/** Every operation in document order: its label key (operationId, else `METHOD /path`), method, path, path item and object. */
export function* operations({ doc, deref }) {
  for (const [path, raw] of Object.entries(doc.paths ?? {})) {
    const item = deref(raw);
    for (const m of METHODS) {
      const op = deref(item?.[m]);
      if (op) yield { key: op.operationId ?? `${m.toUpperCase()} ${path}`, method: m.toUpperCase(), path, item, op };
    }
  }
}
