/**
 * Month playback: steps through the chosen window one month at a time, with pause and seek. Every
 * month is loaded before the first frame so the colour classes (the locks) can be computed over
 * all of them: a cell that looks hot in March must look the same in April at the same count.
 */
import { monthRange } from '../../../geo/month';
import type { PlayHooks } from '../controls/timeWindow';
import type { Loaded } from '../data';
import { quantileBreaks } from '../layers/colors';
import { studyCells } from '../map/view';
import { rateBreaks } from '../scales';
import type { AppState } from '../state/url';

/** Colour classes held fixed across the frames of one run. */
export interface ColourLocks {
  hexBreaks: number[];
  rateBreaks: number[];
}

export interface MonthPlayerDeps {
  state: () => AppState;
  /** One month's data for a state, with the layers and cell size it has when playing starts. */
  monthLoader: (s: AppState) => (month: string) => Promise<Loaded>;
  /** Playing, pausing or the month shown changed: the controls follow. */
  onChange: () => void;
  /** A new month is to be drawn (or, after stopping, the whole window again). */
  onFrame: () => void;
  notice: (text: string | null) => void;
  frameMs?: number;
}

const FRAME_MS = 1200;
/** Months loaded at once while preparing: enough to be quick, few enough not to flood the server. */
const PREPARE_BATCH = 3;

export class MonthPlayer {
  private isPlaying = false;
  private isPaused = false;
  private shown: string | null = null;
  private months: string[] = [];
  private next = 0;
  private timer = 0;
  private colourLocks: ColourLocks | null = null;
  /** Bumped by every start and stop, so a preparation that was overtaken gives up. */
  private run = 0;

  constructor(private readonly deps: MonthPlayerDeps) {}

  get playing(): boolean {
    return this.isPlaying;
  }
  get paused(): boolean {
    return this.isPaused;
  }
  /** The month on the map, or null when the whole window is shown. */
  get frame(): string | null {
    return this.shown;
  }
  get locks(): ColourLocks | null {
    return this.colourLocks;
  }
  /** The months being played, once every frame is ready (empty while they are prepared). */
  get readyMonths(): string[] {
    return this.colourLocks ? this.months : [];
  }

  /** What the time window control drives. */
  hooks(): PlayHooks {
    return {
      start: () => void this.start(),
      stop: () => this.stop(),
      playing: () => this.playing,
      frame: () => this.frame,
      pause: (p) => this.pause(p),
      paused: () => this.paused,
      months: () => this.readyMonths,
      seek: (i) => this.seek(i),
    };
  }

  async start(): Promise<void> {
    const s = this.deps.state();
    const months = monthRange(s.from, s.to);
    if (months.length < 2) return;
    const run = ++this.run;
    this.isPlaying = true;
    this.isPaused = false;
    this.months = months;
    this.next = 0;
    this.shown = null;
    this.deps.onChange();
    this.deps.notice('Preparing the months so the colours stay the same from frame to frame…');
    const loadMonth = this.deps.monthLoader(s);
    const frames: Loaded[] = [];
    for (let i = 0; i < months.length; i += PREPARE_BATCH) {
      frames.push(...(await Promise.all(months.slice(i, i + PREPARE_BATCH).map(loadMonth))));
      if (run !== this.run || !this.isPlaying) return;
    }
    const metric = s.weight === 'count' ? 'count' : 'harm';
    this.colourLocks = {
      hexBreaks: quantileBreaks(frames.flatMap((f) => studyCells(f).map((c) => c[metric]))),
      rateBreaks: rateBreaks(frames.flatMap((f) => (f.wards?.features ?? []).map((w) => w.properties))),
    };
    this.deps.notice(null);
    this.step();
  }

  stop(): void {
    if (!this.isPlaying) return;
    this.halt();
    this.deps.onChange();
    this.deps.onFrame();
  }

  /** Holds the month shown (true) or carries on from it (false). */
  pause(paused: boolean): void {
    if (!this.isPlaying || !this.colourLocks || paused === this.isPaused) return;
    this.isPaused = paused;
    clearTimeout(this.timer);
    if (paused) this.deps.onChange();
    else {
      // Resuming after the last month starts again from the first rather than stopping at once.
      if (this.next >= this.months.length) this.next = 0;
      this.step();
    }
  }

  /** Shows the i-th month of the played window. */
  seek(i: number): void {
    if (!this.isPlaying || !this.colourLocks || !(i >= 0 && i < this.months.length)) return;
    clearTimeout(this.timer);
    this.next = i;
    if (this.isPaused) {
      this.shown = this.months[this.next++];
      this.deps.onChange();
      this.deps.onFrame();
    } else this.step();
  }

  /** Stops without drawing again: the page is going. */
  dispose(): void {
    this.halt();
  }

  private halt(): void {
    this.run++;
    this.isPlaying = false;
    this.isPaused = false;
    this.shown = null;
    this.colourLocks = null;
    clearTimeout(this.timer);
  }

  private step(): void {
    if (!this.isPlaying || this.isPaused) return;
    if (this.next >= this.months.length) {
      this.stop();
      return;
    }
    this.shown = this.months[this.next++];
    this.deps.onChange();
    this.deps.onFrame();
    this.timer = window.setTimeout(() => this.step(), this.deps.frameMs ?? FRAME_MS);
  }
}
