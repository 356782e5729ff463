import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The installed package's root (holds package.json, generated/, manifest/), from src/ or dist/. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'manifest'))) return dir;
    dir = dirname(dir);
  }
  throw new Error(`runos: cannot find the package root above ${fileURLToPath(import.meta.url)}`);
}

/** The bundled tool table folder (`generated/`). */
export function bundledTableDir(): string {
  return join(packageRoot(), 'generated');
}

/** The bundled RunOS manifest. */
export function bundledManifestPath(): string {
  return join(packageRoot(), 'manifest', 'runos.openapi.json');
}

/** The bundled reviewed tier overrides. */
export function bundledOverridesPath(): string {
  return join(packageRoot(), 'manifest', 'tier-overrides.json');
}

/** Per-user cache (`$RUNOS_CACHE_DIR`, else `$XDG_CACHE_HOME/runos`, else `~/.cache/runos`): `manifest update` writes the table here. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.RUNOS_CACHE_DIR || join(env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache'), 'runos');
}

/** Per-user config (`$RUNOS_CONFIG_DIR`, else `$XDG_CONFIG_HOME/runos`, else `~/.config/runos`): profiles, file-stored keys. */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.RUNOS_CONFIG_DIR || join(env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config'), 'runos');
}

/** Per-user state (`$RUNOS_STATE_DIR`, else `$XDG_STATE_HOME/runos`, else `~/.local/state/runos`): the audit log. */
export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.RUNOS_STATE_DIR || join(env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state'), 'runos');
}

/** Where the tests find the shared third-party specs (`$RUNOS_SPECS_DIR`, else `../shared/specs`). */
export function specsDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.RUNOS_SPECS_DIR || join(packageRoot(), '..', 'shared', 'specs');
}
