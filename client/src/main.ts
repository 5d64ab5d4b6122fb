/**
 * Hotspot Atlas client: starts the units in app/ and wires them together. Each unit has one job
 * and takes what it needs in its constructor; the order below is the start-up order.
 */
import 'maplibre-gl/dist/maplibre-gl.css';
import './styles.css';
import { api, ApiError, heldMeta, plainError, type Meta, type MetaResponse } from './api';
import { mountAreaPicker } from './controls/areaPicker';
import { load, needsFor } from './data';
import { harmLabel } from './controls/harm';
import { monthLabel } from '../../geo/month';
import { MapView } from './map/view';
import { Store, type Change } from './state/store';
import { analysisRes, areaFromLink, chooseArea, resForZoom, type AppState } from './state/url';
import { TablePanel } from './table';
import { WardPanel } from './wardPanel';
import { mountTools } from './tools/toolsPanel';
import { BasemapStatus } from './app/basemapStatus';
import { ControlsPanel } from './app/controlsPanel';
import { DataController } from './app/dataController';
import { DrawerController } from './app/drawerController';
import { MapFrame } from './app/mapFrame';
import { MapPresenter } from './app/mapPresenter';
import { NoticeBar } from './app/notice';
import { MonthPlayer } from './app/player';
import { Selection } from './app/selection';
import { SummaryView } from './app/summary';
import { installTestHooks } from './app/testHooks';
import { TooltipController } from './app/tooltipController';

/** State changes that change what is loaded (and end a play of another window or harm). */
const FILTER_KEYS: Change[] = ['harm', 'weight', 'asbWeight', 'from', 'to', 'res', 'alpha'];

function el<T extends HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

/**
 * /api/meta for the study area to open: the link's area when the server holds it, else the default
 * (chooseArea). A link to an area the server does not hold opens the default instead.
 */
async function areaMeta(): Promise<MetaResponse> {
  const linked = areaFromLink(location.search);
  let m: MetaResponse;
  try {
    m = await api.meta(linked);
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 404 && linked)) throw e;
    m = await api.meta();
  }
  const area = chooseArea(linked, m.areas);
  return area === (m.area?.code ?? null) ? m : api.meta(area);
}

/** The area's metadata, or null after saying on the page why the map cannot start. */
async function startingMeta(headlineEl: HTMLElement): Promise<Meta | null> {
  let held: Meta | null;
  try {
    held = heldMeta(await areaMeta());
  } catch (e) {
    headlineEl.textContent = `The map cannot start: ${plainError(e)}.`;
    document.body.dataset.state = 'error';
    return null;
  }
  if (!held) {
    headlineEl.textContent = 'The map cannot start: the server holds no incidents yet (run the import first).';
    document.body.dataset.state = 'error';
  }
  return held;
}

async function main(): Promise<void> {
  performance.mark('app-start');
  const meta = await startingMeta(el('headline'));
  if (!meta) return;
  performance.mark('meta-loaded');
  const store = new Store(meta);
  const labelOf = (harm: string) => harmLabel(meta, harm);
  /** The analysis resolution: the user's choice, never the zoom's. */
  const res = () => analysisRes(store.state, meta.resolutions);

  // The units call each other through these closures; every one is assigned before the first call.
  const notice = new NoticeBar(el('notice'), el('notice-text'), el('notice-close'));
  const player: MonthPlayer = new MonthPlayer({
    state: () => store.state,
    monthLoader: (s) => {
      const r = res();
      const needs = needsFor(s, basemap.offline);
      return (month) => load(s, r, needs, month);
    },
    onChange: () => controls.update(),
    onFrame: () => void data.refresh(),
    notice: (t) => notice.show(t),
  });
  const controls = new ControlsPanel({
    body: el('controls-body'),
    store,
    play: player.hooks(),
    res,
    zoomRes: () => resForZoom(mapView.zoom(), meta.resolutions),
  });

  const wardPanel = new WardPanel(el('ward-panel'), { meta, harmLabel: labelOf, onClose: () => store.set({ ward: null }) });
  const table = new TablePanel(el('table-panel'), {
    selectCell: (h3) => selection.selectCell(h3),
    selectWard: (code) => selection.selectWard(code),
    tab: (t) => store.set({ table: t }),
  });
  el('area-name').textContent = meta.wards.length
    ? `${meta.area ? `${meta.area.name} · ` : ''}${meta.wards.length} wards · data to ${monthLabel(meta.lastMonth)}`
    : '';
  mountAreaPicker(
    el('area-name').parentElement!,
    meta.areas,
    () => store.state,
    (search) => location.assign(location.pathname + search),
  );
  performance.mark('controls-mounted');

  const basemap = new BasemapStatus({
    meta,
    store,
    attributions: el('attributions'),
    root: document.body,
    notice: (t) => notice.show(t),
    changed: () => data.basemapChanged(),
  });
  const data = new DataController({
    state: () => store.state,
    res,
    offline: () => basemap.offline,
    frame: () => player.frame,
    draw: () => presenter.draw(),
    overlapArrived: () => summary.update(),
    root: document.body,
  });

  // ---- map: the view is part of the state from the start, so a link copied before any pan still restores it.
  const frame = new MapFrame(el('map'), document, window);
  const initialView = frame.initialView(store.state.view, meta.bbox);
  if (!store.state.view) store.set({ view: frame.toLinkView(initialView, true) });
  data.prefetch();
  // The LSOA outlines the offline basemap needs: small, static, and likely wanted (no internet).
  void api.deprivation('lsoa', store.state.area ?? undefined).catch(() => {});
  const mapView = new MapView({
    container: el('map'),
    state: store.state,
    initialView,
    bounds: meta.bbox,
    onView: (v) => {
      // Zooming never changes the analysis cell size (see analysisRes): only the labels move.
      store.set({ view: frame.toLinkView(v) });
      if (data.current) mapView.refreshLabels();
      tooltip.positionPinned();
    },
    onHover: (i) => tooltip.hover(i),
    onClick: (i, ward) => selection.clickMap(i, ward),
    onMode: (m, reason) => basemap.switched(m, reason),
    onDrawn: (key) => data.drawn(key),
  });
  mapView.setLabelObstacles(() => frame.obstacles());
  basemap.show();
  mountTools({ store, meta, mapView });
  frame.watchCovers(() => {
    if (data.current) mapView.refreshLabels();
  });
  installTestHooks(window, { store, data, mapView, mode: () => basemap.mode });

  const presenter = new MapPresenter({
    meta,
    mapView,
    legend: el('legend'),
    state: () => store.state,
    data: () => data.current,
    selectedWard: () => data.wardByCode(store.state.ward),
    locks: () => player.locks,
    playing: () => player.playing,
    offline: () => basemap.offline,
    harmLabel: labelOf,
    beforeRender: () => data.drawing(),
    afterRender: () => {
      summary.update();
      drawers.showWard(false);
      tooltip.positionPinned();
    },
  });
  const tooltip = new TooltipController({
    tooltip: el('tooltip'),
    stage: el('map-stage'),
    store,
    data: () => data.current,
    harmLabel: labelOf,
    project: (lon, lat) => mapView.project(lon, lat),
    openWard: (w) => selection.openWard(w),
  });

  store.subscribe((s: AppState, changed) => {
    const isFilter = FILTER_KEYS.some((k) => changed.has(k));
    if (isFilter) {
      if (player.playing && (changed.has('from') || changed.has('to') || changed.has('harm'))) player.stop();
      data.filterChanged();
    }
    controls.update();
    if (isFilter || changed.has('layers') || changed.has('shade')) {
      void data.refresh();
      return;
    }
    if (changed.has('ward') || changed.has('cell')) {
      presenter.draw();
      return;
    }
    if (changed.has('table')) {
      summary.update();
      drawers.syncTableButton();
    }
  });

  const methodDialog = el<HTMLDialogElement>('method-card');
  const drawers = new DrawerController({
    store,
    wardPanel,
    data: () => data.current,
    overlap: () => data.overlap,
    wardByCode: (code) => data.wardByCode(code),
    controls: el('controls'),
    controlsButton: el('toggle-controls'),
    closeButton: el('close-controls'),
    tableButton: el('toggle-table'),
    dialogOpen: () => methodDialog.open,
    doc: document,
  });
  const summary = new SummaryView({
    meta,
    store,
    data: () => data.current,
    overlap: () => data.overlap,
    frame: () => player.frame,
    harmLabel: labelOf,
    res,
    basemap: () => basemap.describe(),
    headline: el('headline'),
    warnings: el('headline-warnings'),
    table,
    methodDialog,
    openMethod: el('open-method'),
  });
  const selection = new Selection({
    store,
    mapView,
    table,
    wardByCode: (code) => data.wardByCode(code),
    hideTooltip: () => tooltip.hide(),
    showWard: (focus) => drawers.showWard(focus),
  });

  controls.update();
  void mapView.ready.then(() => {
    performance.mark('map-ready');
  });
  await data.refresh();
  if (store.state.ward) drawers.showWard(false);
}

void main();
