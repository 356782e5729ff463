import type { ClientId } from '../core/clients.js';
import type { Tier } from '../core/tiers.js';
import type { RemoteTarget } from './remote.js';

/** Where a client's config lives: the project folder or the user's home. */
export const SCOPES = ['project', 'user'] as const;

/** One config scope. */
export type Scope = (typeof SCOPES)[number];

/** How one tier's server is launched: what every client entry of ours describes. */
export interface ServerLaunch {
  tier: Tier;
  /** MCP server name (`runos`, `runos-write`, …) from the table's platform. */
  name: string;
  /** Absolute path of the node binary, so a client's minimal PATH cannot break the launch. */
  command: string;
  args: string[];
  /** Non-secret variables only (never an API key). */
  env: Record<string, string>;
  /** Set when the tier is served remotely (`configure --remote`): then command/args/env are not used. */
  remote?: RemoteTarget;
}

/** Everything a client writer needs to plan its edits; no I/O happens through it. */
export interface ConfigureContext {
  projectDir: string;
  home: string;
  scope: Scope;
  /** Configure (`false`) or take our entries out (`true`). */
  remove: boolean;
  /** Servers of the selected tiers, least privileged first. */
  servers: ServerLaunch[];
  /** The read tier's server name (whether or not it is selected). */
  readServer: string;
  /** The read tier's exact tool names in the table in use, for per-tool allowlists. */
  readTools: string[];
  env: NodeJS.ProcessEnv;
  /** Per file, the containers earlier runs recorded as created by runos (see record.ts). */
  created: ReadonlyMap<string, readonly string[]>;
  /** `--trust`: also write the client's own "this folder is trusted" entry (project scope). */
  trust: boolean;
}

/** What configure learnt about the client's state, for the next steps it prints. */
export interface ClientState {
  /** Whether the client already trusts the project folder (undefined: the client has no such notion). */
  trusted?: boolean;
}

/** A client's planned result: new text per file (null = delete the file), and notes for the user. */
export interface ClientPlan {
  files: Map<string, string | null>;
  warnings: string[];
  /** Per file, containers this run created (JSON-encoded paths). */
  created: Map<string, string[]>;
}

/** One AI client's config writer: declares its files, then plans pure text edits on them. */
export interface ClientWriter {
  id: ClientId;
  /** Product name shown to the user. */
  label: string;
  /** Scopes this client supports; the first is the default. */
  scopes: readonly Scope[];
  /** Why an unsupported scope is refused, and what to do instead. */
  scopeRefusal?: string;
  /** Files this writer may read and write for a context. */
  paths(ctx: ConfigureContext): string[];
  /** Compute the new text of each file from its current text (null = absent); throws ConfigFileError. */
  plan(ctx: ConfigureContext, current: ReadonlyMap<string, string | null>): ClientPlan;
  /** What the user does next (restart, approve, trust…). */
  nextSteps(ctx: ConfigureContext, state: ClientState): string[];
  /** The client's file saying which project folders it trusts, when project configs need trust. */
  trustFile?(ctx: ConfigureContext): string;
  /** Whether that file's text says `dir` is trusted. */
  isTrusted?(text: string | null, dir: string): boolean;
}
