/** An axis-aligned square ring from (x0, y0) to (x1, y1), closed, counter-clockwise: the fixtures' building block. */
export function square(x0: number, y0: number, x1: number, y1: number): [number, number][] {
  return [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
    [x0, y0],
  ];
}
