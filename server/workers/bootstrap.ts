/**
 * The server runs TypeScript through tsx, and a worker does not inherit its loader (nor does
 * `--import tsx` apply to a worker's .ts entry), so a small JavaScript bootstrap registers tsx in
 * the worker and then imports the TypeScript entry.
 */
export function workerBootstrap(entry: string): string {
  const api = import.meta.resolve('tsx/esm/api');
  return `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); }).catch((err) => { console.error(err); process.exit(1); });`;
}
