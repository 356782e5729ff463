import { UsageError } from '../core/errors.js';

/** Longest key we accept on stdin; anything longer is a mistake (a file piped in), not a key. */
const MAX_KEY_BYTES = 16 * 1024;

/**
 * Read a secret without echo: from a hidden prompt on a terminal, else the first line of stdin.
 * Never from argv, where other users can read it in the process list (and shells keep history).
 */
export async function readSecret(
  prompt: string,
  input: NodeJS.ReadStream = process.stdin,
  output: NodeJS.WritableStream = process.stderr,
): Promise<string> {
  const secret = input.isTTY ? await readHidden(prompt, input, output) : await readFirstLine(input);
  return secret.trim();
}

/** The first line of a non-terminal stream (pipe, file, heredoc). */
function readFirstLine(input: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const finish = (): void => {
      input.off('data', onData).off('end', finish).off('error', reject);
      input.pause();
      resolve(text.split(/\r?\n/, 1)[0] ?? '');
    };
    const onData = (chunk: Buffer | string): void => {
      text += chunk.toString();
      if (text.includes('\n')) finish();
      else if (text.length > MAX_KEY_BYTES) {
        input.off('data', onData).off('end', finish).off('error', reject);
        input.pause();
        reject(new UsageError('stdin is too long for an API key: pipe the key alone, on one line'));
      }
    };
    input.on('data', onData).on('end', finish).on('error', reject);
    input.resume();
  });
}

/** A terminal prompt in raw mode that echoes nothing, with backspace, Ctrl-U, Ctrl-C and Ctrl-D; escape sequences ignored. */
function readHidden(prompt: string, input: NodeJS.ReadStream, output: NodeJS.WritableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    output.write(prompt);
    input.setRawMode(true);
    const done = (err?: Error): void => {
      input.setRawMode(false);
      input.off('data', onData);
      input.pause();
      output.write('\n');
      if (err) reject(err);
      else resolve(text);
    };
    let inEscape = false;
    const onData = (chunk: Buffer | string): void => {
      for (const ch of chunk.toString()) {
        // Arrow and function keys arrive as ESC [ … letter/~: drop them rather than store '[A' in the key.
        if (inEscape) {
          inEscape = !/[A-Za-z~]/.test(ch);
          continue;
        }
        if (ch === '\u001b') inEscape = true;
        else if (ch === '\r' || ch === '\n') return done();
        else if (ch === '\u0003') return done(new UsageError('login cancelled'));
        else if (ch === '\u0004') return text ? done() : done(new UsageError('login cancelled'));
        else if (ch === '\u007f' || ch === '\b') text = [...text].slice(0, -1).join('');
        else if (ch === '\u0015') text = '';
        else if (ch >= ' ') text += ch;
      }
    };
    input.on('data', onData);
    input.resume();
  });
}
