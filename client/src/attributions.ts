/** Data attributions, always visible in the footer (OGL v3.0 and ODbL lines). */
import { h } from './dom';

export const DEFAULT_ATTRIBUTIONS = [
  'Contains police.uk data © Crown copyright and database right, Open Government Licence v3.0',
  'Contains ONS data (boundaries, population) © Crown copyright and database right, OGL v3.0',
  'English Indices of Deprivation 2019 and 2025, MHCLG, OGL v3.0',
  'Children in Low Income Families, DWP, OGL v3.0',
  'Places and pubs © OpenStreetMap contributors, ODbL',
];

export function renderAttributions(el: HTMLElement, fromApi: string[], basemap: 'online' | 'offline', styleUrl: string): void {
  const lines = fromApi.length ? [...fromApi] : [...DEFAULT_ATTRIBUTIONS];
  if (!lines.some((l) => /openstreetmap/i.test(l))) lines.push('Places and pubs © OpenStreetMap contributors, ODbL');
  const base =
    basemap === 'online'
      ? `Basemap © OpenStreetMap contributors (ODbL), style ${/openfreemap/.test(styleUrl) ? 'OpenFreeMap Positron' : styleUrl}`
      : 'Basemap offline: ward and LSOA boundaries only (ONS, OGL v3.0)';
  const short =
    basemap === 'online'
      ? 'Basemap and pubs © OpenStreetMap contributors (ODbL)'
      : 'Pubs © OpenStreetMap contributors (ODbL) · offline basemap: ONS boundaries';
  el.replaceChildren(
    h('h2', { class: 'visually-hidden' }, 'Sources and licences'),
    h(
      'p',
      { class: 'attrib-short' },
      'Contains police.uk, ONS, MHCLG and DWP data © Crown copyright, Open Government Licence v3.0 · ',
      short,
      ' · ',
    ),
    h(
      'details',
      {},
      h('summary', {}, 'All sources and licences'),
      h(
        'ul',
        {},
        [...lines, base].map((l) => h('li', {}, l)),
      ),
    ),
  );
}
