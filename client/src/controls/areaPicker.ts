/**
 * The study area picker, shown when the server holds more than one local authority: type to
 * search by name or ONS code, pick one, and the atlas opens that area with the same harm, window
 * and layers. Opening is a navigation (the URL holds the area), so back returns to the last area
 * and every figure, ward list and map extent is the new area's from its first request.
 */
import { h } from '../dom';
import { serializeState, type AppState } from '../state/url';

export interface HeldArea {
  code: string;
  name: string;
  wards: number;
}

const optionText = (a: HeldArea) => `${a.name} (${a.code})`;

/** The held area a typed value names: "Name (code)", the code, or the name, in any case. */
export function areaNamed(value: string, held: readonly HeldArea[]): HeldArea | undefined {
  const v = value.trim().toLowerCase();
  if (!v) return undefined;
  return held.find((a) => optionText(a).toLowerCase() === v || a.code.toLowerCase() === v || a.name.toLowerCase() === v);
}

/** The link that opens `code` with the current settings; ward, cell and view belong to the old area. */
export function areaLink(state: AppState, code: string): string {
  return serializeState({ ...state, area: code, ward: null, cell: null, view: null });
}

export function mountAreaPicker(
  parent: HTMLElement,
  held: readonly HeldArea[],
  state: () => AppState,
  open: (search: string) => void,
): void {
  if (held.length <= 1) return;
  const current = held.find((a) => a.code === state().area);
  const list = h('datalist', { id: 'area-options' }, ...held.map((a) => h('option', { value: optionText(a) })));
  const input = h('input', {
    id: 'area-picker',
    type: 'search',
    autocomplete: 'off',
    spellcheck: false,
    placeholder: 'Search areas',
    value: current ? optionText(current) : '',
  });
  input.setAttribute('list', 'area-options');
  const hint = h('span', { class: 'area-hint', id: 'area-hint', role: 'status' });
  // Enter in a field whose text changed fires both keydown and change: open once, or the second
  // navigation cancels the first.
  let opening = false;
  const choose = () => {
    if (opening) return;
    const a = areaNamed(input.value, held);
    if (!a) {
      hint.textContent = input.value.trim() ? `No held area is called ${input.value.trim()}` : '';
      return;
    }
    hint.textContent = '';
    if (a.code === state().area) return;
    opening = true;
    open(areaLink(state(), a.code));
  };
  input.addEventListener('change', choose);
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') choose();
  });
  parent.append(h('label', { class: 'area-picker', for: 'area-picker' }, `Study area (${held.length} held)`), input, list, hint);
}
