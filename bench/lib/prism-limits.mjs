// Known false positives of Prism 5.12 (read in @stoplight/prism-http 5.12 dist/validator), each matched
// narrowly against the request actually sent and the tool's binding, so a real violation of the same
// shape is never excused. The run prints every excused violation class with a count and an example.
//
//  deepobject-absent  validator/deserializers/style/deepObject.js `construct` builds every nested object
//                     of a deepObject schema whether or not the request has it, so an optional object that
//                     was not sent fails its own `required` list (Stripe: automatic_tax, billing.address).
//  form-object-array  validator/validators/body.js `deserializeFormBody` wants arrays of objects in a form
//                     body as JSON text and answers 415; the document's encoding says deepObject
//                     (`custom_fields[0][key]=…`), which is what Stripe's API takes and runos sends.
//  form-repeated-key  validator/validators/body.js `splitUriParams` keeps only the last value of a repeated
//                     key, and arrays are only deserialised when the document has an Encoding Object; with
//                     none, OpenAPI 3 §4.8.15 defaults to style form, explode true: `P=a&P=b` (Twilio).
//  space-delimited    validator/deserializers/index.js splits spaceDelimited values on the literal text
//                     '%20' after the query is already decoded, so `tags=a%20b` (OpenAPI 3 §4.8.12.4's own
//                     example form) is one item `a b`. Excused only when the wire value decodes back to
//                     exactly the argument's items.
//  oneof-coercion     Prism validates parameters with type coercion, so a `oneOf: [integer, string]`
//                     parameter sent as `572` matches both branches and fails "exactly one" (GitHub's
//                     workflow_id). Excused only when the argument is a number sent as its decimal text.

/** Keys of a form body or query string, percent-decoded (`a[b][0]`, `a`). */
function keysOf(text) {
  return text
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const k = pair.split('=')[0];
      try {
        return decodeURIComponent(k.replace(/\+/g, ' '));
      } catch {
        return k;
      }
    });
}

/** Why a violation is a known Prism false positive, or null when it must count. */
export function excuseViolation(v, request, binding, args = {}) {
  const [side, where, top, ...rest] = v.location;
  if (side !== 'request') return null;
  const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
  if (v.code === 'required' && (where === 'query' || where === 'body') && top) {
    const deep =
      where === 'query'
        ? binding.params.some((p) => p.in === 'query' && p.name === top && p.style === 'deepObject')
        : binding.body?.encoding?.[top]?.style === 'deepObject';
    const prefix = top + rest.map((s) => `[${s}]`).join('');
    const sent = keysOf(where === 'query' ? query : request.body).some((k) => k === prefix || k.startsWith(prefix + '['));
    if (deep && !sent) return 'deepobject-absent';
  }
  if (v.code === 'INVALID_CONTENT_TYPE' && /JSON object array in form data/.test(v.message)) {
    const keys = keysOf(request.body);
    const objectArrays = keys.filter((k) => /^[^[]+\[\d+\]\[/.test(k)).map((k) => k.slice(0, k.indexOf('[')));
    if (objectArrays.length && objectArrays.every((p) => binding.body?.encoding?.[p]?.style === 'deepObject')) return 'form-object-array';
  }
  if (v.code === 'type' && where === 'body' && top && !rest.length && /must be array/.test(v.message)) {
    const isForm = binding.body?.contentType === 'application/x-www-form-urlencoded';
    if (isForm && !binding.body.encoding?.[top] && keysOf(request.body).includes(top)) return 'form-repeated-key';
  }
  if (v.code === 'oneOf' && (where === 'path' || where === 'query' || where === 'header') && top && !rest.length) {
    const p = binding.params.find((q) => q.in === where && q.name.toLowerCase() === top.toLowerCase());
    const value = p ? args[p.arg] : undefined;
    if (typeof value === 'number' && Number.isFinite(value)) {
      const text = String(value);
      const onWire =
        where === 'header'
          ? request.headers?.[top.toLowerCase()] === text
          : where === 'query'
            ? query.split('&').includes(`${top}=${text}`)
            : request.url.split('?')[0].split('/').includes(text);
      if (onWire) return 'oneof-coercion';
    }
  }
  if (where === 'query' && top) {
    const p = binding.params.find((q) => q.in === 'query' && q.name === top && q.style === 'spaceDelimited' && !q.explode);
    const raw = query.split('&').filter((pair) => pair.split('=')[0] === top);
    const value = Array.isArray(args[p?.arg]) ? args[p.arg].map(String) : null;
    if (p && value && raw.length === 1) {
      let items;
      try {
        items = decodeURIComponent(raw[0].slice(top.length + 1)).split(' ');
      } catch {
        items = null;
      }
      if (items && items.length === value.length && items.every((x, i) => x === value[i])) return 'space-delimited';
    }
  }
  return null;
}
