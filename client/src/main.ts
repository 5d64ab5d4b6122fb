/** Hotspot Atlas client: wires the state, the API, the map and the panels together. */
import 'maplibre-gl/dist/maplibre-gl.css';
import './styles.css';
import { api, heldMeta, plainError, type Meta, type OverlapResponse, type WardFeature } from './api';
import { load, loadKey, needsFor, type Loaded } from './data';
import { h } from './dom';
import { mountHarm, harmLabel } from './controls/harm';
import { mountLayers } from './controls/layers';
import { mountQuickViews } from './controls/quickViews';
import { mountResolution } from './controls/resolution';
import { mountSignificance } from './controls/significance';
import { mountTimeWindow } from './controls/timeWindow';
import { mountWeighting } from './controls/weighting';
import { renderAttributions } from './attributions';
import { headline, hotWards, renderHeadline } from './headline';
import { quantileBreaks } from './layers/colors';
import { renderLegend as drawLegend, type LegendInput } from './legend';
import { annotateTerms } from './glossary';
import { ONLINE_STYLE, type BasemapMode } from './map/basemap';

import { MapView, studyCells, type HoverInfo } from './map/view';
import { renderMethodCard } from './methodCard';
import { childPovertyIsShare, rateBreaks, wardFill } from './scales';
import { monthLabel, monthRange } from '../../geo/month';
import { Store, type Change } from './state/store';
import { analysisRes, fitView, resForZoom, type AppState } from './state/url';
import { TablePanel } from './table';
import { cellContent, cellFacts, wardContent } from './tooltip';
import { WardPanel } from './wardPanel';
import { cellToLatLng } from 'h3-js';
import { labelPoint } from './geo';
import { mountTools } from './tools/toolsPanel';
import { mapSymbols, toolTip } from './tools/toolLayers';
import { renderWarnings, selectionWarnings } from './warnings';

/** The legend with its statistical terms explained (info buttons), however often it is redrawn. */
function renderLegend(el: HTMLElement, input: LegendInput): void {
  drawLegend(el, input);
  annotateTerms(el, 'h3, .lbl, th, dt, p');
}

const FILTER_KEYS: Change[] = ['harm', 'weight', 'asbWeight', 'from', 'to', 'res', 'alpha'];
const CELL_LAYERS = new Set(['hexes', 'hotspots', 'overlap', 'trends']);
const FRAME_MS = 1200;

function el<T extends HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

async function main(): Promise<void> {
  performance.mark('app-start');
  const headlineEl = el<HTMLParagraphElement>('headline');
  const headlineWarningsEl = el<HTMLUListElement>('headline-warnings');
  let held: Meta | null;
  try {
    held = heldMeta(await api.meta());
  } catch (e) {
    headlineEl.textContent = `The map cannot start: ${plainError(e)}.`;
    document.body.dataset.state = 'error';
    return;
  }
  if (!held) {
    headlineEl.textContent = 'The map cannot start: the server holds no incidents yet (run the import first).';
    document.body.dataset.state = 'error';
    return;
  }
  const meta = held;
  performance.mark('meta-loaded');
  const store = new Store(meta);
  const labelOf = (harm: string) => harmLabel(meta, harm);

  // ---- play ------------------------------------------------------------------------------
  const player = {
    playing: false,
    paused: false,
    frame: null as string | null,
    months: [] as string[],
    i: 0,
    timer: 0,
    locks: null as null | { hexBreaks: number[]; rateBreaks: number[] },
  };
  const stopPlay = () => {
    if (!player.playing) return;
    player.playing = false;
    player.paused = false;
    player.frame = null;
    player.locks = null;
    clearTimeout(player.timer);
    updateControls();
    void refresh();
  };
  const startPlay = async () => {
    const s = store.state;
    const months = monthRange(s.from, s.to);
    if (months.length < 2) return;
    player.playing = true;
    player.paused = false;
    player.months = months;
    player.i = 0;
    player.frame = null;
    updateControls();
    notice('Preparing the months so the colours stay the same from frame to frame…');
    const res = effRes();
    const needs = needsFor(s, mode === 'offline');
    const frames: Loaded[] = [];
    for (let i = 0; i < months.length; i += 3) {
      frames.push(...(await Promise.all(months.slice(i, i + 3).map((m) => load(s, res, needs, m)))));
      if (!player.playing) return;
    }
    const metric = s.weight === 'count' ? 'count' : 'harm';
    player.locks = {
      hexBreaks: quantileBreaks(frames.flatMap((f) => studyCells(f).map((c) => c[metric]))),
      rateBreaks: rateBreaks(frames.flatMap((f) => (f.wards?.features ?? []).map((w) => w.properties))),
    };
    notice(null);
    playStep();
  };
  const playStep = () => {
    if (!player.playing || player.paused) return;
    if (player.i >= player.months.length) {
      stopPlay();
      return;
    }
    player.frame = player.months[player.i++];
    updateControls();
    void refresh();
    player.timer = window.setTimeout(playStep, FRAME_MS);
  };
  const pausePlay = (paused: boolean) => {
    if (!player.playing || !player.locks || paused === player.paused) return;
    player.paused = paused;
    clearTimeout(player.timer);
    if (paused) updateControls();
    // Resuming after the last month starts again from the first rather than stopping at once.
    else {
      if (player.i >= player.months.length) player.i = 0;
      playStep();
    }
  };
  const seekPlay = (i: number) => {
    if (!player.playing || !player.locks || !(i >= 0 && i < player.months.length)) return;
    clearTimeout(player.timer);
    player.i = i;
    if (player.paused) {
      player.frame = player.months[player.i++];
      updateControls();
      void refresh();
    } else playStep();
  };

  // ---- controls --------------------------------------------------------------------------
  const body = el<HTMLDivElement>('controls-body');
  const sec = (title: string, ...cls: string[]) => {
    const s = h('section', { class: ['control-section', ...cls].join(' ') }, h('h2', {}, title));
    body.append(s);
    return s;
  };
  const quickCtl = mountQuickViews(sec('Start here'), store);
  const what = sec('What and when');
  const harmCtl = mountHarm(what, store);
  const timeCtl = mountTimeWindow(what, store, {
    start: () => void startPlay(),
    stop: stopPlay,
    playing: () => player.playing,
    frame: () => player.frame,
    pause: pausePlay,
    paused: () => player.paused,
    months: () => (player.locks ? player.months : []),
    seek: seekPlay,
  });
  const layersCtl = mountLayers(sec('Layers'), store);
  const details = sec('Analysis settings');
  const weightCtl = mountWeighting(details, store);
  const resCtl = mountResolution(
    details,
    store,
    () => effRes(),
    () => resForZoom(mapView.zoom(), meta.resolutions),
  );
  const sigCtl = mountSignificance(details, store);
  const controls = [quickCtl, harmCtl, timeCtl, layersCtl, weightCtl, resCtl, sigCtl];
  annotateTerms(body, '.hint');
  function updateControls() {
    for (const c of controls) c.update();
  }

  // ---- panels ----------------------------------------------------------------------------
  const legendEl = el<HTMLDivElement>('legend');
  const tooltipEl = el<HTMLDivElement>('tooltip');
  const noticeEl = el<HTMLDivElement>('notice');
  const methodDialog = el<HTMLDialogElement>('method-card');
  const wardPanel = new WardPanel(el('ward-panel'), {
    meta,
    harmLabel: labelOf,
    onClose: () => store.set({ ward: null }),
  });
  const table = new TablePanel(el('table-panel'), {
    selectCell: (h3) => {
      store.set({ cell: h3 });
      mapView.flyToCell(h3);
    },
    selectWard: (code) => {
      store.set({ ward: code, cell: null });
      const w = wardByCode(code);
      if (w) mapView.flyToWard(w, 14);
    },
    tab: (t) => store.set({ table: t }),
  });
  el('area-name').textContent = meta.wards.length ? `${meta.wards.length} wards · data to ${monthLabel(meta.lastMonth)}` : '';

  function notice(text: string | null) {
    noticeEl.hidden = !text;
    el('notice-text').textContent = text ?? '';
  }
  el('notice-close').addEventListener('click', () => notice(null));

  performance.mark('controls-mounted');
  // ---- map -------------------------------------------------------------------------------
  let mode: BasemapMode = store.state.basemap === 'offline' ? 'offline' : 'online';
  // Ask for the first data before the map exists: creating the map takes a while, and the API
  // cache hands the same requests to refresh() below.
  const mapBox = el('map').getBoundingClientRect();
  // A link's view is the centre of the part of the map no panel covers, not of the canvas: the
  // legend (and the tools panel when open) cover different widths on different screens, so the
  // canvas centre of one screen would put the place off-centre, or under a panel, on another.
  const LEGEND_PAD = 290,
    EDGE_PAD = 16;
  const legendInset = (w: number) => (window.innerWidth > 820 && w - LEGEND_PAD - EDGE_PAD >= w * 0.6 ? LEGEND_PAD - EDGE_PAD : 0);
  const freeOffsetPx = (): number => {
    const m = el('map').getBoundingClientRect();
    const tools = document.getElementById('tools-panel');
    const t = tools && !tools.hidden ? tools.getBoundingClientRect() : null;
    const right = t && t.left > m.left + m.width / 3 ? Math.max(0, m.right - t.left) : 0;
    return (legendInset(m.width) - right) / 2;
  };
  // Longitude is linear in Web Mercator x (512 px tiles, as MapLibre).
  const degPerPx = (zoom: number) => 360 / (512 * Math.pow(2, zoom));
  const r = (x: number, d: number) => Number(x.toFixed(d));
  const linked = store.state.view;
  const initialView = linked
    ? { ...linked, lon: linked.lon - freeOffsetPx() * degPerPx(linked.zoom) }
    : fitView(meta.bbox, mapBox.width, mapBox.height, EDGE_PAD, window.innerWidth > 820 ? LEGEND_PAD : EDGE_PAD);
  // The view is part of the state from the start, so a link copied before any pan still restores it.
  if (!linked) {
    store.set({
      view: {
        lon: r(initialView.lon + freeOffsetPx() * degPerPx(initialView.zoom), 5),
        lat: r(initialView.lat, 5),
        zoom: r(initialView.zoom, 2),
      },
    });
  }
  const initialRes = analysisRes(store.state, meta.resolutions);
  void load(store.state, initialRes, needsFor(store.state, mode === 'offline'), null).catch(() => {});
  // The LSOA outlines the offline basemap needs: small, static, and likely wanted (no internet).
  void api.deprivation('lsoa').catch(() => {});
  let modeChanged = false;
  const mapView = new MapView({
    container: el('map'),
    state: store.state,
    initialView,
    bounds: meta.bbox,
    onView: (v) => {
      // Zooming never changes the analysis cell size (see analysisRes): only the labels move.
      store.set({ view: { ...v, lon: v.lon + freeOffsetPx() * degPerPx(v.zoom) } });
      if (current) mapView.refreshLabels();
      positionPinned();
    },
    onHover: (i) => hover(i),
    onClick: (i, ward) => click(i, ward),
    onMode: (m, reason) => {
      mode = m;
      renderAttributions(el('attributions'), meta.attributions ?? [], mode, styleUrl());
      if (m === 'offline' && reason !== 'chosen')
        notice('The street basemap could not load, so the map shows ward and neighbourhood boundaries instead. Everything else works.');
      document.body.dataset.basemap = m;
      // Let a first draw in flight finish (without the LSOA base), then redraw with it.
      if (inFlight > 0) modeChanged = true;
      else void refresh();
    },
    onDrawn: (key) => drawn(key),
  });
  mapView.setLabelObstacles(() => {
    const m = el('map').getBoundingClientRect();
    const out: [number, number, number, number][] = [];
    for (const id of ['legend', 'notice', 'tools-panel']) {
      const e = document.getElementById(id);
      if (!e || e.hidden) continue;
      const b = e.getBoundingClientRect();
      if (b.width > 0 && b.height > 0) out.push([b.left - m.left, b.top - m.top, b.right - m.left, b.bottom - m.top]);
    }
    return out;
  });
  // Labels move out of the way when what covers the map appears, goes or changes size.
  let relabel = 0;
  const coverWatch = new ResizeObserver(() => {
    cancelAnimationFrame(relabel);
    relabel = requestAnimationFrame(() => {
      if (current) mapView.refreshLabels();
    });
  });
  const styleUrl = () => (/^https?:/.test(store.state.basemap) ? store.state.basemap : ONLINE_STYLE);
  document.body.dataset.basemap = mode;
  renderAttributions(el('attributions'), meta.attributions ?? [], mode, styleUrl());
  mountTools({ store, meta, mapView });
  for (const id of ['legend', 'notice', 'tools-panel']) {
    const e = document.getElementById(id);
    if (e) coverWatch.observe(e);
  }

  /** The analysis resolution: the user's choice, never the zoom's. */
  function effRes(): number {
    return analysisRes(store.state, meta.resolutions);
  }

  // ---- data ------------------------------------------------------------------------------
  let current: Loaded | null = null;
  let overlapForHeadline: OverlapResponse | null = null;
  let seq = 0;
  let inFlight = 0;
  let filterPending = false;
  let awaitKey: string | null = null;
  const atlas: NonNullable<Window['__atlas']> = {
    store,
    drawCount: 0,
    drawnKey: null,
    wantedKey: null,
    mode: () => mode,
    idle: () => inFlight === 0 && atlas.wantedKey !== null && atlas.drawnKey === atlas.wantedKey,
    hotCells: (n = 20) =>
      (current?.hotspots?.cells ?? [])
        .filter((c) => c.bin > 0)
        .sort((a, b) => b.z - a.z)
        .slice(0, n)
        .map((c) => {
          const [lat, lon] = cellToLatLng(c.h3);
          return { h3: c.h3, bin: c.bin, z: c.z, ...mapView.project(lon, lat) };
        }),
    wardPoint: (code) => {
      const w = wardByCode(code);
      // The area centroid (kept for the tests that click near it); wardLabels() has the label anchors.
      const p = w ? labelPoint(w.geometry) : null;
      return w && p ? { ...mapView.project(p[0], p[1]), name: w.properties.name } : null;
    },
    project: (lon, lat) => mapView.project(lon, lat),
    wardLabels: () => mapView.placedLabels(),
  };
  window.__atlas = atlas;

  function wardByCode(code: string | null): WardFeature | null {
    if (!code || !current?.wards) return null;
    return (current.wards.features as WardFeature[]).find((w) => w.properties.code === code) ?? null;
  }

  async function refresh(): Promise<void> {
    const s = store.state;
    const res = effRes();
    const needs = needsFor(s, mode === 'offline');
    const key = loadKey(s, res, needs, player.frame);
    if (filterPending) {
      awaitKey = key;
    }
    atlas.wantedKey = key;
    if (current && current.key === key) {
      draw();
      return;
    }
    const my = ++seq;
    performance.mark('load-start');
    inFlight++;
    document.body.dataset.busy = 'true';
    let d: Loaded;
    try {
      d = await load(s, res, needs, player.frame);
    } finally {
      inFlight--;
      if (inFlight === 0) delete document.body.dataset.busy;
    }
    if (my !== seq) return;
    performance.mark('data-loaded');
    current = d;
    overlapForHeadline = d.overlap ?? null;
    draw();
    if (modeChanged) {
      modeChanged = false;
      void refresh();
    }
    if (!d.overlap && !player.frame && (s.harm === 'violence' || s.harm === 'asb')) {
      api.overlap(d.filter, res, s.alpha).then(
        (o) => {
          if (current !== d) return;
          overlapForHeadline = o;
          updateText();
        },
        () => {
          /* headline without overlap */
        },
      );
    }
  }

  function drawn(key: string): void {
    atlas.drawCount++;
    atlas.drawnKey = key;
    document.body.dataset.drawn = String(atlas.drawCount);
    if (awaitKey && key === awaitKey) {
      performance.mark('filter-redrawn');
      try {
        performance.measure('filter-redraw', 'filter-changed', 'filter-redrawn');
      } catch {
        /* no start mark */
      }
      awaitKey = null;
      filterPending = false;
    }
  }

  let legendInput: LegendInput | null = null;
  // The tools draw and clear their layers on their own: the legend follows what is on the map.
  mapView.onExtrasChange(() => {
    if (!legendInput) return;
    legendInput = { ...legendInput, symbols: mapSymbols(mapView.extraLayers()) };
    renderLegend(legendEl, legendInput);
  });

  function draw(): void {
    const d = current;
    if (!d) return;
    const s = store.state;
    const metric: 'count' | 'harm' = s.weight === 'count' ? 'count' : 'harm';
    const hexBreaks = player.locks?.hexBreaks ?? quantileBreaks(studyCells(d).map((c) => c[metric]));
    const wardProps = (d.wards?.features ?? []).map((w) => w.properties);
    const rBreaks = player.locks?.rateBreaks ?? rateBreaks(wardProps);
    const share = childPovertyIsShare(wardProps);
    // The legend first: the ward labels keep clear of its box.
    const scheme = meta.weightSchemes.find((w) => w.id === s.weight);
    legendInput = {
      state: s,
      data: d,
      offline: mode === 'offline',
      hexBreaks,
      hexMetric: metric,
      harmUnit: scheme?.unit ?? 'weighted',
      rateBreaks: rBreaks,
      playing: player.playing,
      harmLabel: labelOf(s.harm),
      symbols: mapSymbols(mapView.extraLayers()),
    };
    renderLegend(legendEl, legendInput);
    atlas.drawnKey = null;
    mapView.setLabelPriority(
      hotWards(d)
        .slice(0, 3)
        .map((t) => t.ward.properties.code),
    );
    mapView.render(
      s,
      d,
      {
        hexBreaks,
        hexMetric: metric,
        wardFill: wardFill(s.shade, rBreaks, share),
        wardTrigger: `${s.shade}|${rBreaks.join(',')}|${d.key}`,
      },
      wardByCode(s.ward),
    );
    updateText();
    updatePanels(false);
    positionPinned();
  }

  function updateText(): void {
    const s = store.state;
    renderHeadline(headlineEl, headline(s, current, labelOf(s.harm), overlapForHeadline, player.frame));
    renderWarnings(headlineWarningsEl, [...store.linkNotices, ...selectionWarnings(meta, s, current)]);
    table.update(s, current, labelOf(s.harm), current?.overlap ?? overlapForHeadline);
    if (methodDialog.open) renderMethod();
  }

  function updatePanels(focusWard: boolean): void {
    const s = store.state;
    const d = current;
    const w = wardByCode(s.ward);
    if (!w || !d) {
      wardPanel.close();
      return;
    }
    const hot = hotWards(d).find((x) => x.ward.properties.code === w.properties.code)?.hot ?? 0;
    const ov = (d.overlap ?? overlapForHeadline)?.wards?.find((x) => x.code === w.properties.code);
    wardPanel.wardsMeta = d.wards?.metadata ?? null;
    void wardPanel.show(w, d.filter, s.harm, hot, ov ? ov.both : null, focusWard);
  }

  // ---- tooltip ---------------------------------------------------------------------------
  let hoverKey = '';
  function placeTooltip(x: number, y: number): void {
    const area = el('map-stage').getBoundingClientRect();
    const w = tooltipEl.offsetWidth,
      hgt = tooltipEl.offsetHeight;
    let left = x + 14,
      top = y + 14;
    if (left + w > area.width - 8) left = Math.max(8, x - w - 14);
    if (top + hgt > area.height - 8) top = Math.max(8, y - hgt - 14);
    tooltipEl.style.transform = `translate(${Math.round(left)}px, ${Math.round(top)}px)`;
  }
  function hover(i: HoverInfo | null): void {
    if (store.state.cell) return; // a pinned cell keeps the tooltip
    const d = current;
    if (!i || !d) {
      tooltipEl.hidden = true;
      hoverKey = '';
      return;
    }
    const s = store.state;
    let key = '';
    let content: HTMLElement | null = null;
    if (i.layer && CELL_LAYERS.has(i.layer)) {
      const h3 = (i.object as { h3: string }).h3;
      key = `c${h3}`;
      if (key !== hoverKey)
        content = cellContent(cellFacts(h3, d), d, labelOf(s.harm), s.weight !== 'count', false, { openWard: () => {}, close: () => {} });
    } else if (i.layer === 'ward-fill') {
      const w = i.object as WardFeature;
      key = `w${w.properties.code}`;
      if (key !== hoverKey) content = wardContent(w, d, labelOf(s.harm));
    } else if (i.layer?.startsWith('tools-') && toolTip(i.object)) {
      // Patrol places, proposed sites and set-aside institutions say what they are.
      const t = toolTip(i.object)!;
      key = `t${i.layer}|${t.title}`;
      if (key !== hoverKey) content = h('div', { class: 'tool-tip' }, h('h3', {}, t.title), ...t.lines.map((l) => h('p', {}, l)));
    } else {
      tooltipEl.hidden = true;
      hoverKey = '';
      return;
    }
    if (content) {
      tooltipEl.replaceChildren(content);
      tooltipEl.setAttribute('role', 'tooltip');
      tooltipEl.classList.remove('pinned');
      hoverKey = key;
    }
    tooltipEl.hidden = false;
    placeTooltip(i.x, i.y);
  }
  function showPinned(): void {
    const s = store.state;
    const d = current;
    if (!s.cell || !d) {
      if (tooltipEl.classList.contains('pinned')) {
        tooltipEl.hidden = true;
        tooltipEl.classList.remove('pinned');
      }
      return;
    }
    if (tooltipEl.dataset.cell !== s.cell || !tooltipEl.classList.contains('pinned') || tooltipEl.dataset.key !== d.key) {
      tooltipEl.replaceChildren(
        cellContent(cellFacts(s.cell, d), d, labelOf(s.harm), s.weight !== 'count', true, {
          openWard: (w) => {
            store.set({ ward: w.properties.code });
            updatePanels(true);
          },
          close: () => store.set({ cell: null }),
        }),
      );
      tooltipEl.dataset.cell = s.cell;
      tooltipEl.dataset.key = d.key;
      tooltipEl.classList.add('pinned');
      tooltipEl.setAttribute('role', 'dialog');
      tooltipEl.setAttribute('aria-label', 'Cell details');
    }
    tooltipEl.hidden = false;
  }
  function positionPinned(): void {
    showPinned();
    const c = store.state.cell;
    if (!c || tooltipEl.hidden) return;
    const [lat, lon] = cellToLatLng(c);
    const p = mapView.project(lon, lat);
    placeTooltip(p.x, p.y);
  }
  function click(i: HoverInfo, ward: WardFeature | null): void {
    if (i.layer && CELL_LAYERS.has(i.layer)) {
      const h3 = (i.object as { h3: string }).h3;
      store.set({ cell: h3 });
      table.focusSelected();
      return;
    }
    if (ward) {
      tooltipEl.hidden = true;
      hoverKey = '';
      store.set({ ward: ward.properties.code, cell: null });
      updatePanels(true);
      table.focusSelected();
      return;
    }
    store.set({ cell: null });
  }

  // ---- state changes ---------------------------------------------------------------------
  store.subscribe((s: AppState, changed) => {
    const isFilter = FILTER_KEYS.some((k) => changed.has(k));
    if (isFilter) {
      if (player.playing && (changed.has('from') || changed.has('to') || changed.has('harm'))) stopPlay();
      performance.mark('filter-changed');
      filterPending = true;
    }
    updateControls();
    if (isFilter || changed.has('layers') || changed.has('shade')) {
      void refresh();
      return;
    }
    if (changed.has('ward') || changed.has('cell')) {
      draw();
      return;
    }
    if (changed.has('table')) {
      updateText();
      el('toggle-table').setAttribute('aria-expanded', String(s.table !== 'none'));
    }
  });

  // ---- top bar, drawer, dialog, keys ----------------------------------------------------
  const controlsEl = el('controls');
  const drawerBtn = el('toggle-controls');
  const setDrawer = (open: boolean) => {
    controlsEl.classList.toggle('open', open);
    drawerBtn.setAttribute('aria-expanded', String(open));
    if (open) controlsEl.focus();
  };
  drawerBtn.addEventListener('click', () => setDrawer(!controlsEl.classList.contains('open')));
  el('close-controls').addEventListener('click', () => {
    setDrawer(false);
    drawerBtn.focus();
  });
  const tableBtn = el('toggle-table');
  tableBtn.addEventListener('click', () => store.set({ table: store.state.table === 'none' ? 'hotspots' : 'none' }));
  tableBtn.setAttribute('aria-expanded', String(store.state.table !== 'none'));
  const renderMethod = () =>
    renderMethodCard(
      methodDialog,
      meta,
      store.state,
      current,
      labelOf(store.state.harm),
      effRes(),
      mode === 'online' ? `Online vector tiles (${styleUrl()})` : 'Offline: ward and neighbourhood boundaries only, no streets',
      overlapForHeadline,
      selectionWarnings(meta, store.state, current),
    );
  el('open-method').addEventListener('click', () => {
    renderMethod();
    methodDialog.showModal();
  });
  methodDialog.addEventListener('click', (e) => {
    if (e.target === methodDialog) methodDialog.close();
  });
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || methodDialog.open) return;
    if (store.state.cell) store.set({ cell: null });
    else if (store.state.ward) store.set({ ward: null });
    else if (controlsEl.classList.contains('open')) {
      setDrawer(false);
      drawerBtn.focus();
    }
  });

  updateControls();
  void mapView.ready.then(() => {
    performance.mark('map-ready');
  });
  await refresh();
  if (store.state.ward) updatePanels(false);
}

void main();
