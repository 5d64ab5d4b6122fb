/**
 * Puts the loaded data on the map: colour classes (held by the player while it plays), the legend,
 * the ward label priority and the map's layers. The legend also follows the tools' layers, which
 * come and go on their own.
 */
import type { Meta, WardFeature } from '../api';
import type { Loaded } from '../data';
import { annotateTerms } from '../glossary';
import { hotWards } from '../headline';
import { quantileBreaks } from '../layers/colors';
import { renderLegend as drawLegend, type LegendInput } from '../legend';
import { studyCells, type MapView } from '../map/view';
import { childPovertyIsShare, rateBreaks, wardFill } from '../scales';
import type { AppState } from '../state/url';
import { mapSymbols } from '../tools/toolLayers';
import type { ColourLocks } from './player';

/** The legend with its statistical terms explained (info buttons), however often it is redrawn. */
function renderLegend(el: HTMLElement, input: LegendInput): void {
  drawLegend(el, input);
  annotateTerms(el, 'h3, .lbl, th, dt, p');
}

/** The headline names this many wards; their labels are placed first. */
const HEADLINE_WARDS = 3;

export interface MapPresenterDeps {
  meta: Meta;
  mapView: MapView;
  legend: HTMLElement;
  state: () => AppState;
  data: () => Loaded | null;
  selectedWard: () => WardFeature | null;
  locks: () => ColourLocks | null;
  playing: () => boolean;
  offline: () => boolean;
  harmLabel: (harm: string) => string;
  /** A draw is starting (nothing counts as drawn until its frame). */
  beforeRender: () => void;
  /** The map has its layers: the words and panels beside it follow. */
  afterRender: () => void;
}

export class MapPresenter {
  private legendInput: LegendInput | null = null;
  private readonly stopExtras: () => void;

  constructor(private readonly deps: MapPresenterDeps) {
    this.stopExtras = deps.mapView.onExtrasChange(() => {
      if (!this.legendInput) return;
      this.legendInput = { ...this.legendInput, symbols: mapSymbols(deps.mapView.extraLayers()) };
      renderLegend(deps.legend, this.legendInput);
    });
  }

  draw(): void {
    const { meta, mapView } = this.deps;
    const d = this.deps.data();
    if (!d) return;
    const s = this.deps.state();
    const locks = this.deps.locks();
    const metric: 'count' | 'harm' = s.weight === 'count' ? 'count' : 'harm';
    const hexBreaks = locks?.hexBreaks ?? quantileBreaks(studyCells(d).map((c) => c[metric]));
    const wardProps = (d.wards?.features ?? []).map((w) => w.properties);
    const rBreaks = locks?.rateBreaks ?? rateBreaks(wardProps);
    const share = childPovertyIsShare(wardProps);
    // The legend first: the ward labels keep clear of its box.
    const scheme = meta.weightSchemes.find((w) => w.id === s.weight);
    this.legendInput = {
      state: s,
      data: d,
      offline: this.deps.offline(),
      hexBreaks,
      hexMetric: metric,
      harmUnit: scheme?.unit ?? 'weighted',
      rateBreaks: rBreaks,
      playing: this.deps.playing(),
      harmLabel: this.deps.harmLabel(s.harm),
      symbols: mapSymbols(mapView.extraLayers()),
    };
    renderLegend(this.deps.legend, this.legendInput);
    this.deps.beforeRender();
    mapView.setLabelPriority(
      hotWards(d)
        .slice(0, HEADLINE_WARDS)
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
      this.deps.selectedWard(),
    );
    this.deps.afterRender();
  }

  dispose(): void {
    this.stopExtras();
  }
}
