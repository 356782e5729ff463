/** Keyword holds one subschema (or, for `items`, possibly an array of them). */
export const ONE = 1;
/** Keyword holds an array of subschemas. */
export const LIST = 2;
/** Keyword holds a name → subschema map. */
export const MAP = 3;

/**
 * The JSON Schema keywords (2020-12 and draft 4–7, as OpenAPI 3.0/3.1 use them) whose values are
 * subschemas; every other keyword (`example`, `default`, `enum`, `const`, `x-*`…) is data.
 */
export const SCHEMA_KEYWORDS: Record<string, number> = {
  additionalProperties: ONE, items: ONE, additionalItems: ONE, not: ONE, if: ONE, then: ONE, else: ONE,
  contains: ONE, propertyNames: ONE, unevaluatedItems: ONE, unevaluatedProperties: ONE, contentSchema: ONE,
  allOf: LIST, anyOf: LIST, oneOf: LIST, prefixItems: LIST,
  properties: MAP, patternProperties: MAP, $defs: MAP, definitions: MAP, dependentSchemas: MAP, dependencies: MAP,
};
