import type { FileKind, ImportSummary } from './types';

/**
 * The table printed after an import: one line per kind of file, then rejections by reason,
 * refused files with the reason, and the time taken.
 */
const KIND_LABEL: Record<FileKind, string> = {
  street: 'street crimes',
  outcomes: 'outcomes',
  'stop-search': 'stop and search',
  boundary: 'boundaries',
  'area-table': 'area statistics',
  pois: 'points of interest',
  unknown: 'other',
};

const fmt = (n: number) => n.toLocaleString('en-GB');
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function formatSummary(s: ImportSummary): string {
  const header = ['', 'files', 'new', 'unchanged', 'refused', 'rows read', 'stored', 'replaced', 'rejected', 'time'];
  const rows: string[][] = [];
  const kinds = (Object.keys(KIND_LABEL) as FileKind[]).filter((k) => s.files.some((f) => f.kind === k && f.status !== 'ignored'));
  const line = (label: string, fs: ImportSummary['files']) => {
    const n = (st: string) => fs.filter((f) => f.status === st).length;
    const total = (key: 'rowsRead' | 'stored' | 'replaced') => fs.reduce((a, f) => a + f[key], 0);
    const rejected = fs.reduce((a, f) => a + Object.values(f.rejected).reduce((x, y) => x + (y ?? 0), 0), 0);
    return [
      label,
      fmt(fs.length),
      fmt(n('imported')),
      fmt(n('unchanged')),
      fmt(n('refused')),
      fmt(total('rowsRead')),
      fmt(total('stored')),
      fmt(total('replaced')),
      fmt(rejected),
      secs(fs.reduce((a, f) => a + f.ms, 0)),
    ];
  };
  for (const k of kinds)
    rows.push(
      line(
        KIND_LABEL[k],
        s.files.filter((f) => f.kind === k && f.status !== 'ignored'),
      ),
    );
  const all = s.files.filter((f) => f.status !== 'ignored');
  const totals = line('total', all);
  totals[totals.length - 1] = secs(s.ms);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length), totals[i].length));
  const render = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const out = [
    render(header),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map(render),
    widths.map((w) => '-'.repeat(w)).join('  '),
    render(totals),
  ];

  if (s.duplicates > 0)
    out.push('', `Crime IDs published in two months (one crime; the newest month's record is kept): ${fmt(s.duplicates)}`);
  if (s.wardsReassigned > 0) out.push('', `Current ward set changed: ${fmt(s.wardsReassigned)} stored rows were given their new ward.`);
  const reasons = Object.entries(s.rejected) as [string, number][];
  if (reasons.length > 0) {
    out.push('', 'Rejected rows by reason:');
    const w = Math.max(...reasons.map(([r]) => r.length));
    for (const [reason, n] of reasons.sort((a, b) => b[1] - a[1])) out.push(`  ${reason.padEnd(w)}  ${fmt(n)}`);
  }
  const oversized = s.files.filter((f) => f.oversized?.length);
  if (oversized.length > 0) {
    out.push('', 'Rows over the size limits (rejected; the rest of each file was imported):');
    for (const f of oversized) for (const note of f.oversized!) out.push(`  ${f.file} ${note}`);
  }
  const refused = s.refused.filter((r) => r.file !== s.stopped?.file);
  if (refused.length > 0) {
    out.push('', `REFUSED files (${refused.length}; nothing of them was stored):`);
    for (const r of refused) out.push(`  ${r.file}: ${r.reason}`);
  }
  if (s.stopped) {
    const stored = s.files.filter((f) => f.status === 'imported').length;
    out.push(
      '',
      `STOPPED at ${s.stopped.file}: ${s.stopped.reason}.`,
      `  Stored: ${fmt(stored)} file(s) imported in full (and ${fmt(s.unchanged)} already stored); every month in the store is whole.`,
      `  Not stored: ${s.stopped.file} and the ${fmt(s.notAttempted.length)} file(s) after it${s.notAttempted.length ? `: ${s.notAttempted.slice(0, 5).join(', ')}${s.notAttempted.length > 5 ? ', ...' : ''}` : ''}.`,
      '  Free space (or fix the store) and run the same import again: what is stored is skipped as unchanged.',
    );
  }
  const ignored = s.files.filter((f) => f.status === 'ignored');
  if (ignored.length > 0)
    out.push(
      '',
      `Ignored ${ignored.length} file(s) that are not data: ${ignored
        .slice(0, 5)
        .map((f) => f.file)
        .join(', ')}${ignored.length > 5 ? ', ...' : ''}`,
    );
  if (s.stopped) out.push('', `Stopped after ${secs(s.ms)}; ${fmt(s.notAttempted.length + 1)} file(s) not stored.`);
  else out.push('', s.ok ? `Done in ${secs(s.ms)}.` : `Done in ${secs(s.ms)}, but ${s.refused.length} file(s) were refused.`);
  return out.join('\n');
}
