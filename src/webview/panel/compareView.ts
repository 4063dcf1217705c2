/**
 * Before/after comparison: the source and the output stacked in one "stage" so zoom and pan
 * move both together (synchronised by construction). The order is the one the slider's label
 * says: the source ("Before") left of the divider, the generated output ("After") right of it,
 * and both halves are labelled on the image itself. Over both lies either the run's region
 * overlay (the exactly kept region in green, the blend band in orange, measured on the output)
 * or, for runs without one, the key-region mask as a tinted CSS luminance mask; the opacity is
 * adjustable.
 */
import { el } from '../common/dom';
import type { GalleryItemView } from '../../shared/webviewProtocol';

/** Zoom limits and wheel step. */
const MIN_ZOOM = 0.25;
const MAX_ZOOM = 16;
const WHEEL_ZOOM_STEP = 1.15;

/** The view's adjustable settings (kept across items). */
export interface CompareSettings {
  /** 0..100: where the divider stands, in percent of the width from the left (before | after). */
  split: number;
  showMask: boolean;
  /** 0..1. */
  maskOpacity: number;
}

/** Current zoom and pan of the stage. */
export interface StageTransform {
  zoom: number;
  x: number;
  y: number;
}

/** Zooms by `factor` around the point (px, py) of the viewport so that point stays put. */
export function zoomAround(
  t: StageTransform,
  factor: number,
  px: number,
  py: number,
): StageTransform {
  const zoom = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, t.zoom * factor));
  const applied = zoom / t.zoom;
  return { zoom, x: px - (px - t.x) * applied, y: py - (py - t.y) * applied };
}

/** The comparison element and its controls' effects. */
export class CompareView {
  readonly element: HTMLElement;
  readonly stage: HTMLElement;
  private readonly after: HTMLElement;
  private readonly overlay: HTMLElement;
  private readonly regions: HTMLElement | null;
  private readonly divider: HTMLElement;
  private transform: StageTransform = { zoom: 1, x: 0, y: 0 };
  private drag: { x: number; y: number; start: StageTransform } | null = null;
  /** When false (brush active), pointer drags paint instead of panning. */
  panEnabled = true;

  constructor(doc: Document, item: GalleryItemView, settings: CompareSettings) {
    const before = el(doc, 'img', {
      className: 'layer before',
      attrs: {
        src: item.sourceUri,
        alt: `source of ${item.id}`,
        'data-testid': 'review-before',
        draggable: 'false',
      },
    });
    this.after = item.outputUri
      ? el(doc, 'img', {
          className: 'layer after',
          attrs: {
            src: item.outputUri,
            alt: `output of ${item.id}`,
            'data-testid': 'review-after',
            draggable: 'false',
          },
        })
      : el(doc, 'div', {
          className: 'layer after missing',
          text: item.error ?? 'no output',
          attrs: { 'data-testid': 'review-after-missing' },
        });
    this.overlay = el(doc, 'div', {
      className: 'layer mask-overlay',
      attrs: { 'data-testid': 'review-mask-overlay' },
    });
    this.regions = item.regionsUri
      ? el(doc, 'img', {
          className: 'layer regions-overlay',
          attrs: {
            src: item.regionsUri,
            alt: `kept exactly (green) and blend band (orange) of ${item.id}`,
            'data-testid': 'review-regions-overlay',
            draggable: 'false',
          },
        })
      : null;
    if (item.maskUri && !this.regions) {
      const url = `url("${item.maskUri.replace(/"/g, '%22')}")`;
      this.overlay.style.setProperty('mask-image', url);
      this.overlay.style.setProperty('-webkit-mask-image', url);
    } else this.overlay.hidden = true;
    // The divider moves with the images (it marks the clip); the labels stay put.
    this.divider = el(doc, 'div', {
      className: 'compare-divider',
      attrs: { 'aria-hidden': 'true', 'data-testid': 'compare-divider' },
    });
    this.stage = el(doc, 'div', { className: 'stage' }, [
      before,
      this.after,
      this.overlay,
      ...(this.regions ? [this.regions] : []),
      this.divider,
    ]);
    const labels = el(doc, 'div', { className: 'compare-labels' }, [
      el(doc, 'span', {
        className: 'compare-label before',
        text: 'Before: source',
        attrs: { 'data-testid': 'label-before' },
      }),
      el(doc, 'span', {
        className: 'compare-label after',
        text: 'After: generated',
        attrs: { 'data-testid': 'label-after' },
      }),
    ]);
    this.element = el(
      doc,
      'div',
      { className: 'compare', attrs: { 'data-testid': 'review-compare', tabindex: '-1' } },
      [this.stage, labels],
    );
    this.element.addEventListener('wheel', (event) => this.onWheel(event), { passive: false });
    this.element.addEventListener('pointerdown', (event) => this.onPointerDown(event));
    this.element.addEventListener('pointermove', (event) => this.onPointerMove(event));
    this.element.addEventListener('pointerup', () => (this.drag = null));
    this.element.addEventListener('dblclick', () => this.resetView());
    this.apply(settings);
  }

  /** Applies slider, mask toggle and opacity. */
  apply(settings: CompareSettings): void {
    // The output shows right of the divider, the source (under it) left of it.
    this.after.style.clipPath = `inset(0 0 0 ${settings.split}%)`;
    this.divider.style.left = `${settings.split}%`;
    for (const layer of [this.overlay, this.regions]) {
      if (!layer) continue;
      layer.style.opacity = settings.showMask ? String(settings.maskOpacity) : '0';
      layer.setAttribute('data-visible', String(settings.showMask));
    }
  }

  /** The current zoom and pan. */
  get currentTransform(): StageTransform {
    return this.transform;
  }

  /** Sets zoom and pan (both layers move together). */
  setTransform(t: StageTransform): void {
    this.transform = t;
    this.stage.style.transform = `translate(${t.x}px, ${t.y}px) scale(${t.zoom})`;
  }

  /** Back to 100% and centred. */
  resetView(): void {
    this.setTransform({ zoom: 1, x: 0, y: 0 });
  }

  private onWheel(event: WheelEvent): void {
    event.preventDefault();
    const rect = this.element.getBoundingClientRect();
    const factor = event.deltaY < 0 ? WHEEL_ZOOM_STEP : 1 / WHEEL_ZOOM_STEP;
    this.setTransform(
      zoomAround(this.transform, factor, event.clientX - rect.left, event.clientY - rect.top),
    );
  }

  private onPointerDown(event: PointerEvent): void {
    if (!this.panEnabled || event.button !== 0) return;
    this.drag = { x: event.clientX, y: event.clientY, start: this.transform };
  }

  private onPointerMove(event: PointerEvent): void {
    if (!this.drag || !this.panEnabled) return;
    const { start } = this.drag;
    this.setTransform({
      zoom: start.zoom,
      x: start.x + event.clientX - this.drag.x,
      y: start.y + event.clientY - this.drag.y,
    });
  }
}
