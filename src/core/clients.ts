/** AI clients `runos mcp configure` can write configs for (REFERENCE.md, Client configuration files). */
export const CLIENTS = ['claude', 'roo', 'codex', 'cursor', 'vscode', 'gemini', 'claude-desktop', 'dojops'] as const;

/** One supported client. */
export type ClientId = (typeof CLIENTS)[number];
