// Measuring helpers for the bench: whole-process runs with peak RSS, order statistics, the RSS of a
// live process, and a note of the machine the figures came from.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

const RUSAGE_PRELOAD = fileURLToPath(new URL('./report-rusage.mjs', import.meta.url));

/**
 * Run `node <args>` to completion; wall time from spawn to exit, and peak RSS reported by the child.
 * @returns {Promise<{ ms: number; maxRssMb: number | null; code: number | null; stderr: string }>}
 */
export function runNode(args, opts = {}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--import', RUSAGE_PRELOAD, ...args], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
      env: opts.env ?? process.env,
    });
    let stderr = '';
    let fd3 = '';
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr = (stderr + d).slice(-4000)));
    /** @type {import('node:stream').Readable} */ (child.stdio[3]).setEncoding('utf8').on('data', (d) => (fd3 += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      let maxRssMb = null;
      try {
        maxRssMb = JSON.parse(fd3.trim().split('\n').pop() ?? '').maxRssKb / 1024;
      } catch {
        // the child died before its exit hook ran
      }
      resolve({ ms, maxRssMb, code, stderr });
    });
  });
}

/** The q-quantile (0..1) of numbers, nearest-rank. */
export function quantile(values, q) {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

/** The median of numbers. */
export const median = (values) => quantile(values, 0.5);

/** Resident set size of a live process in MB (Linux /proc; `null` elsewhere). */
export function rssMbOf(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** The machine the figures come from; load is sampled now (call it before and after). */
export function describeMachine() {
  const c = cpus();
  return {
    cores: c.length,
    cpu: c[0]?.model?.trim() ?? 'unknown',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    loadavg: loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

/** Mulberry32: a tiny seeded PRNG so the sample is the same on every machine. */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
