import { type JSONRPCMessage, serializeMessage, type Transport } from '@modelcontextprotocol/server';
import { readMessage, TopLevelIdScanner, tooLarge, type Inbound } from './inbound-message.js';

/** The largest message read from stdin, in bytes: the SDK's own stdio limit (STDIO_DEFAULT_MAX_BUFFER_SIZE). */
export const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

const NEWLINE = 0x0a;

/**
 * The stdio transport `serveStdio` is given instead of the SDK's own: newline-delimited JSON-RPC on
 * stdin/stdout (MCP stdio binding), with what the SDK's reader does not do. A line that is not a JSON-RPC
 * message is answered per JSON-RPC 2.0 §5 (the SDK dropped it silently: the client waited forever). A
 * line above `maxMessageBytes` is not kept: it is read through, its id picked out, and answered with an
 * error, and the session goes on (the SDK's reader closed the transport, so later requests went
 * unanswered and the process ended with exit 13). Lines are kept as the chunks they came in until their
 * newline arrives, rather than re-concatenating the buffer on every chunk.
 */
export class LineTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: <T extends JSONRPCMessage>(message: T) => void;

  private pieces: Uint8Array[] = [];
  private size = 0;
  /** The line being read through because it is above the limit. */
  private oversized: { bytes: number; scanner: TopLevelIdScanner } | undefined;
  private started = false;
  private closed = false;

  constructor(
    private readonly stdin: NodeJS.ReadableStream & { readableEnded?: boolean; destroyed?: boolean } = process.stdin,
    private readonly stdout: NodeJS.WritableStream = process.stdout,
    private readonly maxMessageBytes = MAX_MESSAGE_BYTES,
  ) {}

  private readonly onData = (chunk: Buffer): void => {
    for (let start = 0; ; ) {
      const nl = chunk.indexOf(NEWLINE, start);
      this.take(chunk.subarray(start, nl === -1 ? chunk.length : nl));
      if (nl === -1) return;
      this.endLine();
      if (this.closed) return;
      start = nl + 1;
    }
  };

  private readonly onStdinError = (error: Error): void => this.onerror?.(error);
  private readonly onStdinEnd = (): void => void this.close();
  private readonly onStdoutError = (error: Error): void => {
    if (this.closed) return;
    this.onerror?.(error);
    void this.close();
  };

  async start(): Promise<void> {
    if (this.started) throw new Error('LineTransport already started');
    this.started = true;
    if (this.stdin.readableEnded || this.stdin.destroyed) setImmediate(this.onStdinEnd);
    this.stdin.on('data', this.onData);
    this.stdin.on('error', this.onStdinError);
    this.stdin.on('end', this.onStdinEnd);
    this.stdin.on('close', this.onStdinEnd);
    this.stdout.on('error', this.onStdoutError);
  }

  /** Write one message as a line; resolves once stdout took it (waits for `drain` when its buffer is full). */
  send(message: JSONRPCMessage): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the stdio transport is closed'));
    return new Promise((resolve, reject) => {
      if (this.stdout.write(serializeMessage(message))) return resolve();
      const onDrain = (): void => {
        this.stdout.off('error', onError);
        resolve();
      };
      const onError = (error: Error): void => {
        this.stdout.off('drain', onDrain);
        reject(error);
      };
      this.stdout.once('drain', onDrain);
      this.stdout.once('error', onError);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stdin.off('data', this.onData);
    this.stdin.off('error', this.onStdinError);
    this.stdin.off('end', this.onStdinEnd);
    this.stdin.off('close', this.onStdinEnd);
    // Late write failures (the client went away) are not news any more; keep them from being thrown.
    this.stdout.off('error', this.onStdoutError);
    this.stdout.on('error', () => {});
    if (this.stdin.listenerCount('data') === 0) this.stdin.pause();
    this.pieces = [];
    this.oversized = undefined;
    this.onclose?.();
  }

  /** Add a piece of the current line, switching to reading it through once it passes the limit. */
  private take(piece: Uint8Array): void {
    if (piece.length === 0) return;
    if (this.oversized) {
      this.oversized.bytes += piece.length;
      this.oversized.scanner.feed(piece);
      return;
    }
    if (this.size + piece.length <= this.maxMessageBytes) {
      this.pieces.push(piece);
      this.size += piece.length;
      return;
    }
    const scanner = new TopLevelIdScanner();
    for (const p of this.pieces) scanner.feed(p);
    scanner.feed(piece);
    this.oversized = { bytes: this.size + piece.length, scanner };
    this.pieces = [];
    this.size = 0;
  }

  private endLine(): void {
    let inbound: Inbound;
    if (this.oversized) {
      inbound = tooLarge(this.oversized.scanner.id, this.oversized.bytes, this.maxMessageBytes);
      this.oversized = undefined;
    } else {
      const bytes = this.pieces.length === 1 ? this.pieces[0]! : Buffer.concat(this.pieces);
      this.pieces = [];
      this.size = 0;
      const line = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
      // Blank lines (and a CR of CRLF line ends) are not messages.
      if (line.trim() === '') return;
      inbound = readMessage(line);
    }
    if ('message' in inbound) {
      this.onmessage?.(inbound.message);
      return;
    }
    this.onerror?.(new Error(inbound.problem));
    if (inbound.reply) this.send(inbound.reply).catch((error: unknown) => this.onerror?.(error as Error));
  }
}
