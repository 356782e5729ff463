import type { ClientId } from '../core/clients.js';
import { claude } from './claude.js';
import { claudeDesktop } from './claude-desktop.js';
import { codex } from './codex.js';
import { cursor } from './cursor.js';
import { dojops } from './dojops.js';
import { gemini } from './gemini.js';
import { roo } from './roo.js';
import type { ClientWriter } from './types.js';
import { vscode } from './vscode.js';

/** The writer of each supported client. */
export const WRITERS: Record<ClientId, ClientWriter> = { claude, roo, codex, cursor, vscode, gemini, 'claude-desktop': claudeDesktop, dojops };
