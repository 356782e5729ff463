import { setFlagsFromString } from 'node:v8';

// V8 settings for a long-lived tier server, set from inside the process rather than on node's command
// line. Any non-default V8 flag on the command line makes V8 refuse the code cache Node ships for its own
// modules, so every built-in a server loads (http, https, stream, …) is compiled from source: 20–27 ms
// instead of 6 ms for those four; 10–40 ms to tools/list in four A/B runs of 9–15 interleaved cold starts
// (PRODUCT.md: ≤ 150 ms). Set here, once the built-ins are loaded, they cost nothing at start-up. Node warns
// that flags changed after start may behave unpredictably (a trial of --single-threaded-gc set this way
// aborted V8 at the next collection): the three set here are thresholds V8 reads each time it decides, and
// test/e2e/soak.test.ts runs them through thousands of calls. A V8 without one of them says "unrecognized
// flag" on stderr, never stdout, and keeps its default.

/**
 * Keep the young generation at its initial 1 MB semi-space and size the heap for memory: with V8's default
 * growth (up to 16 MB semi-spaces) a server's resident memory reaches ~105 MB over 1,500 calls, with this
 * ~75 MB (PRODUCT.md: ≤ 80 MB). `--max-semi-space-size` would have no effect here (the heap's bounds are
 * fixed when it is created); the growth factor is read each time the young generation would grow.
 */
export function tuneHeapForServing(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
  setFlagsFromString('--optimize-for-size');
}

/**
 * From the first tools/list on, let V8 optimise the call path after less work than its default budget
 * (67,584 bytecode bytes per function): a server answers tens to hundreds of calls in a session, and with
 * the default most of them run unoptimised. Measured on the bench's call loop (same build with and without
 * this line, 3 interleaved rounds, medians): added latency per call 0.48 → 0.27 ms (RunOS list_clusters),
 * 0.45 → 0.26 ms (GitHub meta_root). Not from the start: start-up would then optimise eagerly too (as a
 * command-line flag, +40 ms to tools/list).
 */
export function tierUpSooner(): void {
  setFlagsFromString('--interrupt-budget=4096');
}
