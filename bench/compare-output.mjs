#!/usr/bin/env node
/**
 * Output check for parser changes: parses the same texts with two built services and reports
 * any difference. For performance work, where the output must not change.
 *
 *   cp -r server/out .tmp/old-out               # before the change (.tmp is ignored by git)
 *   npx tsc -b && node bench/compare-output.mjs --old .tmp/old-out/service
 *
 * Compared for each text: `toJson` (judgements, recommendations, findings with themes and
 * stance, dates, diagnostics), the whole report model but its source, and the outline, folding
 * ranges and semantic tokens. Texts: the shared reports in ../shared/reports and the examples,
 * each as it is and with CRLF line breaks; a few edge cases (empty, lone CR, Unicode spaces);
 * and --variants (default 300) reports damaged at random (lines deleted, duplicated, cut short,
 * padded or blanked; LF, CRLF, CR or mixed line breaks), reproducible with --seed.
 *
 * Options: --old <dir> (required), --new <dir> (default server/out/service), --variants <n>,
 * --seed <n>. Exits 1 when any text differs, printing the first differences.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { projectRoot, reportsRoot } from './common.mjs';


function options(argv) {
  const opts = { oldDir: undefined, newDir: path.join(projectRoot, 'server', 'out', 'service'), variants: 300, seed: 12345 };
  for (let i = 0; i < argv.length; i++) {
    const value = () => argv[++i];
    if (argv[i] === '--old') opts.oldDir = path.resolve(value());
    else if (argv[i] === '--new') opts.newDir = path.resolve(value());
    else if (argv[i] === '--variants') opts.variants = Number(value());
    else if (argv[i] === '--seed') opts.seed = Number(value());
    else throw new Error(`unknown option ${argv[i]}`);
  }
  if (!opts.oldDir) throw new Error('usage: node bench/compare-output.mjs --old <built service dir> [--new <dir>] [--variants n] [--seed n]');
  return opts;
}

function textFiles() {
  const inDir = (dir) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((name) => name.endsWith('.txt')).map((name) => path.join(dir, name)) : []);
  return [...inDir(reportsRoot), ...inDir(path.join(reportsRoot, 'ilacs')), ...inDir(path.join(projectRoot, 'examples'))].sort();
}

/** Everything a change to the parser could alter, as one string. */
function dump(service, text) {
  const report = service.parseReport(text);
  const model = { ...report };
  delete model.source; // positions are compared through toJson's ranges
  const attempt = (read) => {
    try {
      return read();
    } catch (error) {
      return `threw ${error && error.message}`;
    }
  };
  return JSON.stringify({
    json: service.toJson('text', report),
    model,
    outline: attempt(() => service.documentSymbols(report)),
    folding: attempt(() => service.foldingRanges(report)),
    tokens: attempt(() => service.semanticTokens(report)),
  });
}

/** A small deterministic generator (a linear congruential one), so that a failing variant can be found again. */
function random(seed) {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

function damage(text, next) {
  const lines = text.split('\n');
  const edits = 1 + Math.floor(next() * 8);
  for (let k = 0; k < edits; k++) {
    const i = Math.floor(next() * lines.length);
    const kind = next();
    if (kind < 0.35) lines.splice(i, 1 + Math.floor(next() * 3));
    else if (kind < 0.7) lines.splice(i, 0, ...lines.slice(i, i + 1 + Math.floor(next() * 3)));
    else if (kind < 0.8) lines[i] = `  ${lines[i] ?? ''} \t`;
    else if (kind < 0.9) lines.splice(i, 0, '');
    else lines[i] = (lines[i] ?? '').slice(0, Math.floor(next() * 40));
  }
  const joined = lines.join('\n');
  const breaks = next();
  if (breaks < 0.3) return joined.replace(/\n/g, '\r\n');
  if (breaks < 0.4) return joined.replace(/\n/g, '\r');
  if (breaks < 0.5) return joined.replace(/\n/g, () => (next() < 0.5 ? '\r\n' : '\n'));
  return joined;
}

const EDGE_CASES = ['', '\n', '\r\n\r\n', ' ', '\f', '\uFEFFx', 'Good\nGood\n', '\r', 'a\r', '\r\r\n\n\r', 'x\n\ry\r\nz', ' \u00a0a \u2003\r\n\u3000b\f'];

function main() {
  const opts = options(process.argv.slice(2));
  const require = createRequire(import.meta.url);
  const oldService = require(path.join(opts.oldDir, 'index.js'));
  const newService = require(path.join(opts.newDir, 'index.js'));
  const texts = textFiles().map((file) => [path.relative(projectRoot, file), fs.readFileSync(file, 'utf8')]);
  let compared = 0;
  let differing = 0;
  const check = (label, text) => {
    compared++;
    const before = dump(oldService, text);
    const after = dump(newService, text);
    if (before === after) return;
    differing++;
    if (differing > 5) return;
    let at = 0;
    while (before[at] === after[at]) at++;
    console.log(`differs: ${label}\n  old: …${before.slice(Math.max(0, at - 150), at + 150)}…\n  new: …${after.slice(Math.max(0, at - 150), at + 150)}…`);
  };
  for (const [name, text] of texts) {
    check(name, text);
    check(`${name} (CRLF)`, text.replace(/\n/g, '\r\n'));
  }
  for (const text of EDGE_CASES) check(JSON.stringify(text), text);
  const next = random(opts.seed);
  for (let v = 0; v < opts.variants && texts.length; v++) {
    const [name, text] = texts[Math.floor(next() * texts.length)];
    check(`${name}, variant ${v}`, damage(text, next));
  }
  console.log(`${compared} texts compared (${texts.length} files, ${opts.variants} damaged variants, seed ${opts.seed}): ${differing} differ`);
  process.exitCode = differing ? 1 : 0;
}

try {
  main();
} catch (error) {
  console.error(`bench/compare-output.mjs: ${error && error.message}`);
  process.exitCode = 2;
}
