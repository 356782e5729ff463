import { SECRET_VALUE_PATTERNS } from './secret-vocabulary.js';

/** What stands in for an argument that looks like a key in anything the CLI prints. */
export const HIDDEN_ARG = '[hidden: looks like a key]';

/**
 * Whether a command-line argument looks like a key: a known key format, or one long token of letters and
 * digits (20+ characters, both kinds) such as most API keys are. Paths, URLs and words do not.
 */
export function looksLikeKey(arg: string): boolean {
  if (SECRET_VALUE_PATTERNS.some((p) => p.re.test(arg))) return true;
  return /^[A-Za-z0-9_\-+=.]{20,}$/.test(arg) && /[A-Za-z]/.test(arg) && /[0-9]/.test(arg) && !/^[0-9.]+$/.test(arg);
}

/**
 * `text` with every argument of `argv` that looks like a key replaced (also the value half of
 * `--opt=value`): usage errors echo what was typed ("Unknown argument: …", "Given: …"), and a key pasted
 * on the command line must not land in a terminal, a log or a CI transcript a second time.
 */
export function hideKeyLikeArgs(text: string, argv: readonly string[]): string {
  const candidates = argv.flatMap((a) => (a.startsWith('-') && a.includes('=') ? [a, a.slice(a.indexOf('=') + 1)] : [a]));
  let out = text;
  for (const arg of candidates.filter(looksLikeKey).sort((a, b) => b.length - a.length)) out = out.split(arg).join(HIDDEN_ARG);
  return out;
}
