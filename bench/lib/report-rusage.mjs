// Preloaded with `node --import` into a measured child: on exit, write its peak resident set size
// (getrusage ru_maxrss, via process.resourceUsage) as JSON to fd 3, which the bench opened as a pipe.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  try {
    writeSync(3, JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS }) + '\n');
  } catch {
    // fd 3 absent: run outside the bench, nothing to report
  }
});
