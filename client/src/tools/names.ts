/** Human names for the current harm selection. */
import type { Meta } from '../api';
import { harmLabel } from '../controls/harm';

/** The harm picker's label (one rule, geo/harmGroups.ts). */
export function harmName(meta: Meta, harm: string): string {
  return harmLabel(meta, harm);
}
