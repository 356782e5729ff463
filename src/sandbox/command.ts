// Placeholder until this command lands; replaced by its implementation.
export async function runSandbox(_argv: unknown): Promise<number> {
  process.stderr.write('runos: this command is not built yet\n');
  return 1;
}
