/**
 * What the benchmarks share: where the project and the shared reports are, the list of shared
 * reports, a seeded random generator and percentiles.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The real reports, in the shared folder beside the project. */
export const reportsRoot = path.resolve(projectRoot, '..', 'shared', 'reports');

/** The shared reports, relative to `reportsRoot`: the top-level letters and older reports, then ilacs/. */
export function sharedReportFiles() {
  const top = fs.readdirSync(reportsRoot).filter((name) => name.endsWith('.txt'));
  const ilacsDir = path.join(reportsRoot, 'ilacs');
  const ilacs = fs.existsSync(ilacsDir) ? fs.readdirSync(ilacsDir).filter((name) => name.endsWith('.txt')).map((name) => `ilacs/${name}`) : [];
  return [...top, ...ilacs].sort();
}

/** A small seeded generator (mulberry32), so that every run builds the same inputs. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The p-th percentile (0–100) of the values, nearest rank below. */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
