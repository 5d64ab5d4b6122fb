/**
 * The controls drawer's contents, in the order an analyst asks: a quick start, what and when,
 * the layers, then the analysis settings. Each control redraws itself from the state on update().
 */
import { mountHarm } from '../controls/harm';
import { mountLayers } from '../controls/layers';
import { mountQuickViews } from '../controls/quickViews';
import { mountResolution } from '../controls/resolution';
import { mountSignificance } from '../controls/significance';
import { mountTimeWindow, type PlayHooks } from '../controls/timeWindow';
import { mountWeighting } from '../controls/weighting';
import { h } from '../dom';
import { annotateTerms } from '../glossary';
import type { Store } from '../state/store';

export interface ControlsPanelDeps {
  body: HTMLElement;
  store: Store;
  play: PlayHooks;
  /** The analysis cell size now, and the one the zoom suits (the resolution control offers it). */
  res: () => number;
  zoomRes: () => number;
}

export class ControlsPanel {
  private readonly controls: { update(): void }[];

  constructor(deps: ControlsPanelDeps) {
    const { body, store } = deps;
    const section = (title: string, ...cls: string[]) => {
      const s = h('section', { class: ['control-section', ...cls].join(' ') }, h('h2', {}, title));
      body.append(s);
      return s;
    };
    const quick = mountQuickViews(section('Start here'), store);
    const what = section('What and when');
    const harm = mountHarm(what, store);
    const time = mountTimeWindow(what, store, deps.play);
    const layers = mountLayers(section('Layers'), store);
    const details = section('Analysis settings');
    const weight = mountWeighting(details, store);
    const res = mountResolution(details, store, deps.res, deps.zoomRes);
    const sig = mountSignificance(details, store);
    this.controls = [quick, harm, time, layers, weight, res, sig];
    annotateTerms(body, '.hint');
  }

  update(): void {
    for (const c of this.controls) c.update();
  }
}
