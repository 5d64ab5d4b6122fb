/** A tiny PNG decoder (8-bit RGB/RGBA/grey, non-interlaced) on node:zlib, for pixel checks on screenshots. */
import { inflateSync } from 'node:zlib';

export interface Image { width: number; height: number; data: Uint8Array /* RGBA */ }

export function decodePng(buf: Buffer): Image {
  if (buf.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let pos = 8;
  let width = 0, height = 0, bitDepth = 0, colorType = 0, interlace = 0;
  const idat: Buffer[] = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    const body = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0); height = body.readUInt32BE(4);
      bitDepth = body[8]; colorType = body[9]; interlace = body[12];
    } else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    pos += 12 + len;
  }
  if (bitDepth !== 8 || interlace !== 0) throw new Error(`unsupported PNG: depth ${bitDepth}, interlace ${interlace}`);
  const channels = colorType === 6 ? 4 : colorType === 2 ? 3 : colorType === 4 ? 2 : colorType === 0 ? 1 : 0;
  if (!channels) throw new Error(`unsupported colour type ${colorType}`);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = new Uint8Array(width * height * 4);
  let prev = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const cur = new Uint8Array(stride);
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? cur[x - channels] : 0;
      const b = prev[x];
      const c = x >= channels ? prev[x - channels] : 0;
      let v = line[x];
      if (f === 1) v += a;
      else if (f === 2) v += b;
      else if (f === 3) v += (a + b) >> 1;
      else if (f === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      cur[x] = v & 255;
    }
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      const i = x * channels;
      if (channels >= 3) { out[o] = cur[i]; out[o + 1] = cur[i + 1]; out[o + 2] = cur[i + 2]; out[o + 3] = channels === 4 ? cur[i + 3] : 255; }
      else { out[o] = out[o + 1] = out[o + 2] = cur[i]; out[o + 3] = channels === 2 ? cur[i + 1] : 255; }
    }
    prev = cur;
  }
  return { width, height, data: out };
}

export interface Rect { x: number; y: number; width: number; height: number }

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
      if (Math.abs(a.data[o] - b.data[o]) > tol || Math.abs(a.data[o + 1] - b.data[o + 1]) > tol || Math.abs(a.data[o + 2] - b.data[o + 2]) > tol) n++;
    }
  }
  return n;
}

/** Counts pixels near a given colour. */
export function nearColour(rgb: [number, number, number], tol = 30) {
  return (r: number, g: number, b: number) => Math.abs(r - rgb[0]) <= tol && Math.abs(g - rgb[1]) <= tol && Math.abs(b - rgb[2]) <= tol;
}
