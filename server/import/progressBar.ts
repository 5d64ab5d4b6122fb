import type { ImportProgress } from './types';

/**
 * Progress on stderr: on a terminal, one bar redrawn in place for the file being imported, with
 * log lines printed above it; elsewhere (CI logs, pipes) just the log lines, which already say
 * what each file did.
 */
export interface ProgressReporter {
  onProgress: (p: ImportProgress) => void;
  log: (line: string) => void;
  done: () => void;
}

export function progressReporter(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  const tty = Boolean(stream.isTTY);
  let drawn = false;
  let lastDraw = 0;
  const clear = () => {
    if (drawn) stream.write('\r\x1b[2K');
    drawn = false;
  };
  return {
    onProgress(p) {
      if (!tty) return;
      const t = Date.now();
      if (p.done !== p.total && t - lastDraw < 50) return; // redraw at most 20 times a second
      lastDraw = t;
      const width = 30;
      const frac = p.total > 0 ? p.done / p.total : 1;
      const filled = Math.round(frac * width);
      const cols = stream.columns ?? 100;
      const text = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(frac * 100)).padStart(3)}%  ${p.fileIndex + 1}/${p.fileCount}  ${p.file}`;
      stream.write(`\r\x1b[2K${text.slice(0, cols - 1)}`);
      drawn = true;
    },
    log(line) {
      clear();
      stream.write(`${line}\n`);
    },
    done: clear,
  };
}
