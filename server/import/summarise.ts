import type { FileReport, ImportSummary, RejectReason } from './types';

/** Totals over the per-file reports. */
export function summarise(
  files: FileReport[],
  wardsReassigned: number,
  ms: number,
  stop?: { stopped: NonNullable<ImportSummary['stopped']>; notAttempted: string[] },
): ImportSummary {
  const rejected: Partial<Record<RejectReason, number>> = {};
  let rejectedTotal = 0;
  for (const f of files)
    for (const [reason, n] of Object.entries(f.rejected) as [RejectReason, number][]) {
      rejected[reason] = (rejected[reason] ?? 0) + n;
      rejectedTotal += n;
    }
  const sum = (key: 'rowsRead' | 'stored' | 'replaced' | 'duplicates') => files.reduce((s, f) => s + f[key], 0);
  const count = (status: FileReport['status']) => files.filter((f) => f.status === status).length;
  const refused = files.filter((f) => f.status === 'refused').map((f) => ({ file: f.file, reason: f.message ?? 'refused' }));
  return {
    files,
    imported: count('imported'),
    unchanged: count('unchanged'),
    ignored: count('ignored'),
    rowsRead: sum('rowsRead'),
    stored: sum('stored'),
    replaced: sum('replaced'),
    duplicates: sum('duplicates'),
    rejected,
    rejectedTotal,
    refused,
    wardsReassigned,
    ms,
    stopped: stop?.stopped,
    notAttempted: stop?.notAttempted ?? [],
    ok: refused.length === 0 && !stop,
  };
}
