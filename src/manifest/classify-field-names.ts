/**
 * Field names and descriptions that say what a field holds before its value is looked at: environment variables,
 * variables, a bag of settings, a connection's configuration (CLASSIFICATION.md rules 7 and 9).
 */
import { splitFieldName } from '../core/secret-vocabulary.js';

/** Whether a name or path words speak of environment variables, whose values are secrets on a platform. */
export function isEnvName(name: string): boolean {
  const w = splitFieldName(name);
  // An application's settings (Azure's `appsettings`, .NET's `appSettings`) are its environment variables.
  return w.some((x, i) => x === 'env' || x === 'envs' || x === 'envvar' || x === 'envvars' || x === 'appsettings' || (x === 'environment' && /^variables?$/.test(w[i + 1] ?? '')) || (x === 'app' && w[i + 1] === 'settings'));
}

/**
 * `config`, `properties`, `settings`, `extra`: a bag of settings whose keys the document does not name; `headers`,
 * `cookies`: what a platform sends on the caller's behalf, `Authorization` or a session cookie among them.
 */
export function isConfigMapName(name: string): boolean {
  const w = splitFieldName(name);
  const last = w[w.length - 1];
  // Properties a user or a caller makes up for their own records (an analytics audience's `custom_properties`) are
  // data about those records, not settings of the system.
  if (last === 'properties' && /^(?:custom|user)$/.test(w[w.length - 2] ?? '')) return false;
  return last !== undefined && /^(?:config|configs|configuration|properties|settings|extra|extras|headers|cookies)$/.test(last);
}

/**
 * `connectionConfiguration`, `connection_settings`: how to connect to another system, its credentials included; and a
 * connector's configuration (Kafka Connect's `connectorConfiguration`), which holds the same.
 */
export function isConnectionConfigName(name: string): boolean {
  const w = splitFieldName(name);
  return (w.includes('connection') || w.includes('connector')) && /^(?:config|configs|configuration|settings|properties|params|parameters)$/.test(w[w.length - 1] ?? '');
}

/**
 * `fieldDefinitionValues`, `parameterValues`, `settings`: the values a connection resource is set up with (Azure
 * Automation's and Logic Apps' connections), its credentials among them; not its tags or labels.
 */
export function isConnectionValuesName(name: string): boolean {
  const w = splitFieldName(name);
  return /^(?:values|parameters|params|settings|fields|properties|config|configuration)$/.test(w[w.length - 1] ?? '') && !w.some((x) => /^(?:tags?|labels?|metadata|annotations?|custom)$/.test(x));
}

/** `variables`, `vars`: a store of named values, any of which may be a secret. */
export function isVariablesName(name: string): boolean {
  const w = splitFieldName(name);
  return w.length > 0 && /^(?:variables?|vars)$/.test(w[w.length - 1]!);
}

const ENV_NAMES_ONLY = /\b(?:keys|names)\b/i;
// …unless it says each entry is `key=value` ("environment variables in the form of key=value pairs. All keys… unique").
const ENV_PAIRS = /\b(?:key|name|var)\s*=\s*value\b/i;

/** Whether a description says a list of environment variables holds their names or keys only. */
export function namesOnly(description: unknown): boolean {
  return typeof description === 'string' && ENV_NAMES_ONLY.test(description) && !ENV_PAIRS.test(description);
}

export const ENV_DESCRIPTION = /\benvironment variables\b/i;
// A description whose head noun is environment variables ("Function environment variables."), not one that mentions them.
export const ENV_HEAD = /^\s*(?:the |an? |its |your )?(?:[\w-]+ ){0,2}environment variables\b/i;

// Things whose key is only their id where the document names resources by keys (`Habits.keysAreIds`); the other
// qualifiers of a key (`api`, `access`, `private`, `signing`…) name key material everywhere.
const THING_KEY_QUALIFIERS = new Set(['account', 'client', 'service', 'admin', 'merchant', 'license']);

/** `accountKey`, `client_key`: a thing's key, which is its id in a document that names resources by keys. */
export function isThingKey(name: string): boolean {
  const w = splitFieldName(name);
  return w.length === 2 && w[1] === 'key' && THING_KEY_QUALIFIERS.has(w[0]!);
}
