/** Pixel checks on screenshots: decoding by pngjs, then counts of pixels in a rectangle. */
import { PNG } from 'pngjs';

export interface Image {
  width: number;
  height: number;
  data: Uint8Array; /* RGBA */
}

/** Any PNG a browser writes (pngjs expands grey, palette and 16-bit to 8-bit RGBA). */
export function decodePng(buf: Buffer): Image {
  const { width, height, data } = PNG.sync.read(buf);
  return { width, height, data };
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Pixels in a rectangle for which `pred(r, g, b)` holds. */
export function countPixels(img: Image, rect: Rect, pred: (r: number, g: number, b: number) => boolean): number {
  let n = 0;
  const x1 = Math.min(img.width, Math.round(rect.x + rect.width));
  const y1 = Math.min(img.height, Math.round(rect.y + rect.height));
  for (let y = Math.max(0, Math.round(rect.y)); y < y1; y++) {
    for (let x = Math.max(0, Math.round(rect.x)); x < x1; x++) {
      const o = (y * img.width + x) * 4;
      if (pred(img.data[o], img.data[o + 1], img.data[o + 2])) n++;
    }
  }
  return n;
}

/** Saturated pixels: clearly coloured (the hex palettes), not greys of the basemap or boundaries. */
export function isColoured(r: number, g: number, b: number): boolean {
  return Math.max(r, g, b) - Math.min(r, g, b) > 40;
}

/** Pixels that differ between two same-size images by more than `tol` in any channel. */
export function diffPixels(a: Image, b: Image, rect: Rect, tol = 24): number {
  let n = 0;
  const x1 = Math.min(a.width, Math.round(rect.x + rect.width));
  const y1 = Math.min(a.height, Math.round(rect.y + rect.height));
  for (let y = Math.max(0, Math.round(rect.y)); y < y1; y++) {
    for (let x = Math.max(0, Math.round(rect.x)); x < x1; x++) {
      const o = (y * a.width + x) * 4;
      if (
        Math.abs(a.data[o] - b.data[o]) > tol ||
        Math.abs(a.data[o + 1] - b.data[o + 1]) > tol ||
        Math.abs(a.data[o + 2] - b.data[o + 2]) > tol
      )
        n++;
    }
  }
  return n;
}

/** Counts pixels near a given colour. */
export function nearColour(rgb: [number, number, number], tol = 30) {
  return (r: number, g: number, b: number) => Math.abs(r - rgb[0]) <= tol && Math.abs(g - rgb[1]) <= tol && Math.abs(b - rgb[2]) <= tol;
}
