/**
 * npm run import -- --data <dir> [--db <file>] [--rejects <file.csv>]
 *
 * Imports every recognised file under <dir> into the store (--db, else DB_PATH, else
 * data/atlas.db). Progress goes to stderr, the summary table to stdout. Exit status 0 when every
 * file was imported (rows may have been rejected), 1 when any file was refused, 2 on bad usage.
 */
import { parseArgs } from 'node:util';
import { openStore, storePath } from '../server/db/openStore';
import { formatSummary, importFolder, progressReporter } from '../server/import';

const USAGE = 'usage: npm run import -- --data <dir> [--db <file>] [--rejects <file.csv>]';

function main(): number {
  let values: { data?: string; db?: string; rejects?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: { data: { type: 'string' }, db: { type: 'string' }, rejects: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: false,
    }));
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.data) {
    console.error(`--data is required\n${USAGE}`);
    return 2;
  }
  const path = storePath(values.db);
  const db = openStore(path);
  const progress = progressReporter(process.stderr);
  progress.log(`Importing ${values.data} into ${path}`);
  try {
    const summary = importFolder(db, values.data, { rejectsPath: values.rejects, onProgress: progress.onProgress, log: progress.log });
    progress.done();
    console.log(formatSummary(summary));
    if (values.rejects) console.log(`Rejected rows written to ${values.rejects}`);
    return summary.ok ? 0 : 1;
  } catch (e) {
    progress.done();
    console.error((e as Error).message);
    return 2;
  } finally {
    db.close();
  }
}

process.exitCode = main();
