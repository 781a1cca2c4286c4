/**
 * A writer process for the annotation store's tests, so that concurrency and crashes are real:
 *
 *   node annotationWriter.js churn <folder> <report>
 *     moves every memo of the report's (large) annotation file on a generation, again and again,
 *     until it is killed; prints "ready <ms>" after its first update, which took <ms>.
 *   node annotationWriter.js add <folder> <report> <writer> <count>
 *     prints "ready", waits for a line on standard input, then adds `count` annotations of its
 *     own one update at a time, and exits.
 */
import { AnnotationStore } from '../../server/out/lsp/annotationStore';
import { nextGeneration, paragraphAnnotation } from './annotations';

/** The stale-lock time of the crash tests, the shortest proper-lockfile allows. */
export const SHORT_STALE_LOCK_MS = 2_000;

async function churn(folder: string, report: string): Promise<void> {
  const store = new AnnotationStore(folder, { staleLockMs: SHORT_STALE_LOCK_MS });
  const started = Date.now();
  await store.update(report, nextGeneration);
  process.stdout.write(`ready ${Date.now() - started}\n`);
  for (;;) await store.update(report, nextGeneration);
}

function add(folder: string, report: string, writer: number, count: number): void {
  const store = new AnnotationStore(folder);
  const source = store.sourceOf(report);
  process.stdout.write('ready\n');
  process.stdin.once('data', async () => {
    for (let i = 0; i < count; i++) {
      const annotation = paragraphAnnotation(source, writer * count + i, `urn:test:writer-${writer}-${i}`);
      await store.update(report, (current) => [...current, annotation]);
    }
    process.exit(0);
  });
}

if (require.main === module) {
  const [mode, folder, report, writer, count] = process.argv.slice(2);
  if (mode === 'churn') void churn(folder, report);
  else if (mode === 'add') add(folder, report, Number(writer), Number(count));
  else throw new Error(`Unknown mode ${mode}`);
}
