import type { UpdateArgs } from './update-command.js';

// Flags of `manifest update` that take a value, and where it goes (as yargs names it).
const SINGLE = { '--from': 'from', '--ref-root': 'refRoot', '--out': 'out', '--name': 'name' } as const;
const REPEATED = { '--overrides': 'overrides', '--overlay': 'overlay' } as const;
const SWITCHES = {
  '--bundled-overrides': ['bundledOverrides', true],
  '--no-bundled-overrides': ['bundledOverrides', false],
  '--renew-names': ['renewNames', true],
  '--accept-tier-changes': ['acceptTierChanges', true],
  '--check': ['check', true],
} as const;

/**
 * Read `manifest update [--from <x>] [--ref-root <d>] [--out <d>] [--name <n>] [--overrides <f>]…
 * [--overlay <f>]… [--no-bundled-overrides] [--renew-names] [--accept-tier-changes] [--check]` directly, so
 * the main job does not pay for loading the CLI parser (importing yargs is ~150 ms of a ~1 s codegen on a
 * 2-core machine). Anything else — help, a typo, a repeated single flag, a value that looks like a flag —
 * returns undefined and goes through the full parser, which explains the problem.
 */
export function parseFastUpdate(argv: readonly string[]): UpdateArgs | undefined {
  if (argv[0] !== 'manifest' || argv[1] !== 'update') return undefined;
  const out: UpdateArgs & Record<string, unknown> = {};
  for (let i = 2; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const [flag, inline] = eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    if (Object.hasOwn(SWITCHES, flag) && inline === undefined) {
      const [key, value] = SWITCHES[flag as keyof typeof SWITCHES];
      if (out[key] !== undefined) return undefined;
      out[key] = value;
      continue;
    }
    const single = Object.hasOwn(SINGLE, flag) ? SINGLE[flag as keyof typeof SINGLE] : undefined;
    const repeated = Object.hasOwn(REPEATED, flag) ? REPEATED[flag as keyof typeof REPEATED] : undefined;
    if (!single && !repeated) return undefined;
    const value = inline ?? argv[++i];
    if (!value || value.startsWith('-')) return undefined;
    if (single) {
      if (out[single] !== undefined) return undefined;
      out[single] = value;
    } else {
      out[repeated!] = [...((out[repeated!] as string[] | undefined) ?? []), value];
    }
  }
  return out;
}
