// Placeholder until these commands land; replaced by their implementation.
export async function runLogin(_argv: unknown): Promise<number> {
  process.stderr.write('runos: this command is not built yet\n');
  return 1;
}
export const runLogout = runLogin;
export const runWhoami = runLogin;
