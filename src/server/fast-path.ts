import { isTier, type Tier } from '../core/tiers.js';

/** The arguments of `runos mcp serve` when they can be read without the CLI parser. */
export interface FastServeArgs {
  tier: Tier;
  table?: string;
  sandbox: boolean;
  profile?: string;
  toolsets?: string;
  tools?: string;
  excludeTools?: string;
}

// Flags that take a value, and where it goes (`--exclude-tools` → excludeTools, as yargs names it).
const VALUE_FLAGS = { '--table': 'table', '--profile': 'profile', '--toolsets': 'toolsets', '--tools': 'tools', '--exclude-tools': 'excludeTools' } as const;

/**
 * Read `mcp serve <tier> [--table <dir>] [--sandbox] [--profile <name>] [--toolsets a,b] [--tools x,y]
 * [--exclude-tools z]` directly (each value flag once), so an AI client's
 * server start does not pay for loading the CLI parser (yargs and its locale machinery cost tens of
 * milliseconds of the 150 ms start-up budget, PRODUCT.md Performance). Anything else — help, a typo, an
 * unknown flag — returns undefined and goes through the full parser, which explains the problem.
 */
export function parseFastServe(argv: readonly string[]): FastServeArgs | undefined {
  if (argv[0] !== 'mcp' || argv[1] !== 'serve' || !isTier(argv[2])) return undefined;
  const out: FastServeArgs = { tier: argv[2], sandbox: false };
  for (let i = 3; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '--sandbox' && inline === undefined) out.sandbox = true;
    else if (Object.hasOwn(VALUE_FLAGS, flag!)) {
      const key = VALUE_FLAGS[flag as keyof typeof VALUE_FLAGS];
      const value = inline ?? argv[++i];
      // A repeated flag or a missing value: the full parser says what is wrong (or joins the repeats).
      if (!value || value.startsWith('-') || out[key] !== undefined) return undefined;
      out[key] = value;
    } else return undefined;
  }
  return out;
}
