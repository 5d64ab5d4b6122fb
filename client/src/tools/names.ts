/** Human names for the current harm selection. */
import type { Meta } from '../api';

export function harmName(meta: Meta, harm: string): string {
  if (harm.startsWith('cat:')) return meta.categories.find((c) => c.slug === harm.slice(4))?.name ?? harm.slice(4);
  if (harm === 'all') return 'All crime and ASB';
  return meta.harmGroups.find((g) => g.id === harm)?.label ?? harm;
}
