/**
 * Fetch progress: a one-line bar redrawn in place on a terminal (stderr), plain lines otherwise.
 */
export interface ProgressState {
  monthsDone: number;
  monthsTotal: number;
  month?: string;
  piecesDone?: number;
  piecesKnown?: number;
  requests: number;
  retries: number;
  rateLimited: number;
}

export interface ProgressSink {
  /** The bar's state changed (ignored by plain sinks). */
  update(state: ProgressState): void;
  /** A line worth keeping (a month done, a source downloaded, a warning). */
  line(text: string): void;
  /** Clears the bar. */
  done(): void;
}

export const silentProgress: ProgressSink = { update() {}, line() {}, done() {} };

export function lineProgress(write: (text: string) => void): ProgressSink {
  return { update() {}, line: (text) => write(text), done() {} };
}

export function barText(s: ProgressState, width = 24): string {
  const fraction = s.monthsTotal > 0 ? (s.monthsDone + (s.piecesKnown ? (s.piecesDone ?? 0) / s.piecesKnown : 0)) / s.monthsTotal : 1;
  const filled = Math.max(0, Math.min(width, Math.round(fraction * width)));
  const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
  const month = s.month ? ` | ${s.month} pieces ${s.piecesDone ?? 0}/${s.piecesKnown ?? 0}` : '';
  const extra = [s.retries ? `${s.retries} retries` : '', s.rateLimited ? `${s.rateLimited}x429` : ''].filter(Boolean).join(', ');
  return `[${bar}] months ${s.monthsDone}/${s.monthsTotal}${month} | ${s.requests} requests${extra ? ` (${extra})` : ''}`;
}

/** Bar on a TTY stream, redrawn at most every `intervalMs`. */
export function barProgress(stream: NodeJS.WriteStream, intervalMs = 100): ProgressSink {
  let last = 0;
  let shown = '';
  let latest: ProgressState | undefined;
  const draw = (text: string) => {
    stream.write(`\r${text.slice(0, (stream.columns || 120) - 1)}\x1b[K`);
    shown = text;
  };
  const clear = () => {
    if (shown) stream.write('\r\x1b[K');
    shown = '';
  };
  return {
    update(state) {
      latest = state;
      const now = Date.now();
      if (now - last < intervalMs) return;
      last = now;
      draw(barText(state));
    },
    line(text) {
      clear();
      stream.write(`${text}\n`);
      if (latest) draw(barText(latest));
    },
    done() {
      clear();
    },
  };
}

/** A bar when `stream` is a terminal, plain lines otherwise. */
export function autoProgress(stream: NodeJS.WriteStream = process.stderr): ProgressSink {
  return stream.isTTY ? barProgress(stream) : lineProgress((text) => stream.write(`${text}\n`));
}
