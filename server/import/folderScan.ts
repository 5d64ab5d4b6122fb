import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every file under `dir`, recursively, in a stable (sorted) order. Hidden entries (.git, .DS_Store)
 * are skipped; symbolic links are followed, so a folder of links to downloads works.
 */
export function scanFolder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    const entries = readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const p = join(d, e.name);
      const isDir = e.isDirectory() || (e.isSymbolicLink() && statSync(p, { throwIfNoEntry: false })?.isDirectory());
      if (isDir) walk(p);
      else out.push(p);
    }
  };
  walk(dir);
  return out;
}
