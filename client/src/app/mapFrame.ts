/**
 * The part of the map no panel covers. A link's view is the centre of that part, not of the
 * canvas: the legend (and the tools panel when open) cover different widths on different screens,
 * so the canvas centre of one screen would put the place off-centre, or under a panel, on another.
 * Ward labels keep clear of what covers the map, and move when it appears, goes or changes size.
 */
import type { Box } from '../map/labels';
import { fitView, type View } from '../state/url';

const LEGEND_PAD = 290;
const EDGE_PAD = 16;
/** Narrower than this the legend is not beside the map but over it (styles.css). */
const WIDE_SCREEN = 820;
/** What covers the map, by element id. */
const COVERS = ['legend', 'notice', 'tools-panel'];

/** Longitude is linear in Web Mercator x (512 px tiles, as MapLibre). */
const degPerPx = (zoom: number) => 360 / (512 * Math.pow(2, zoom));
const round = (x: number, d: number) => Number(x.toFixed(d));

export class MapFrame {
  private watcher: ResizeObserver | null = null;
  private frame = 0;

  constructor(
    private readonly map: HTMLElement,
    private readonly doc: Document,
    private readonly win: Window,
  ) {}

  /** How far right of the canvas centre the uncovered centre lies, in pixels. */
  offsetPx(): number {
    const m = this.map.getBoundingClientRect();
    const tools = this.doc.getElementById('tools-panel');
    const t = tools && !tools.hidden ? tools.getBoundingClientRect() : null;
    const right = t && t.left > m.left + m.width / 3 ? Math.max(0, m.right - t.left) : 0;
    return (this.legendInset(m.width) - right) / 2;
  }

  /** The map camera for a link's view, or, without one, the view fitting the area's box. */
  initialView(linked: View | null, bbox: [number, number, number, number]): View {
    if (linked) return { ...linked, lon: linked.lon - this.offsetPx() * degPerPx(linked.zoom) };
    const box = this.map.getBoundingClientRect();
    return fitView(bbox, box.width, box.height, EDGE_PAD, this.win.innerWidth > WIDE_SCREEN ? LEGEND_PAD : EDGE_PAD);
  }

  /** A map camera as a link's view (the uncovered centre); `rounded` for the URL's first write. */
  toLinkView(v: View, rounded = false): View {
    const lon = v.lon + this.offsetPx() * degPerPx(v.zoom);
    return rounded ? { lon: round(lon, 5), lat: round(v.lat, 5), zoom: round(v.zoom, 2) } : { ...v, lon };
  }

  /** What covers the map, as boxes in map pixels. */
  obstacles(): Box[] {
    const m = this.map.getBoundingClientRect();
    const out: Box[] = [];
    for (const id of COVERS) {
      const e = this.doc.getElementById(id);
      if (!e || e.hidden) continue;
      const b = e.getBoundingClientRect();
      if (b.width > 0 && b.height > 0) out.push([b.left - m.left, b.top - m.top, b.right - m.left, b.bottom - m.top]);
    }
    return out;
  }

  /** Calls `changed` (once a frame at most) when what covers the map appears, goes or changes size. */
  watchCovers(changed: () => void): void {
    this.watcher?.disconnect();
    this.watcher = new ResizeObserver(() => {
      cancelAnimationFrame(this.frame);
      this.frame = requestAnimationFrame(changed);
    });
    for (const id of COVERS) {
      const e = this.doc.getElementById(id);
      if (e) this.watcher.observe(e);
    }
  }

  dispose(): void {
    this.watcher?.disconnect();
    this.watcher = null;
    cancelAnimationFrame(this.frame);
  }

  private legendInset(w: number): number {
    return this.win.innerWidth > WIDE_SCREEN && w - LEGEND_PAD - EDGE_PAD >= w * 0.6 ? LEGEND_PAD - EDGE_PAD : 0;
  }
}
