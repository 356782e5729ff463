/** Keyword holds one subschema (or, for `items`, possibly an array of them). */
export const ONE = 1;
/** Keyword holds an array of subschemas. */
export const LIST = 2;
/** Keyword holds a name → subschema map. */
export const MAP = 3;

/**
 * Set by the loader on a schema that names a `discriminator`: the schemas the document declares as its subtypes
 * (its `mapping`, and the component schemas that extend it through `allOf`), resolved. An operation names only
 * the base, yet its value may be any subtype, so the classifier reads them as branches; tool schemas drop `x-`
 * keys. Listed with the subschema keywords so that walks over a resolved schema reach them.
 */
export const SUBTYPES = 'x-runos-subtypes';

/**
 * The JSON Schema keywords (2020-12 and draft 4–7, as OpenAPI 3.0/3.1 use them) whose values are
 * subschemas; every other keyword (`example`, `default`, `enum`, `const`, `x-*`…) is data.
 */
export const SCHEMA_KEYWORDS: Record<string, number> = {
  additionalProperties: ONE, items: ONE, additionalItems: ONE, not: ONE, if: ONE, then: ONE, else: ONE,
  contains: ONE, propertyNames: ONE, unevaluatedItems: ONE, unevaluatedProperties: ONE, contentSchema: ONE,
  allOf: LIST, anyOf: LIST, oneOf: LIST, prefixItems: LIST,
  properties: MAP, patternProperties: MAP, $defs: MAP, definitions: MAP, dependentSchemas: MAP, dependencies: MAP,
  [SUBTYPES]: LIST,
};
