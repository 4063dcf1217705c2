/**
 * The brush tool for one item's key-region mask. It paints an *edit layer* the size of the
 * source image: white = add to the key region, black = remove, transparent = keep the mask as it
 * is. The host merges the layer into the original mask, so the canvas never draws a file image
 * (which would taint it) and unedited pixels stay exactly as they were.
 *
 * What the reviewer sees is a second canvas painted in the mask overlay's colour (added key
 * region) and the theme's error colour (erased), so a stroke looks like the overlay it changes;
 * the white/black edit layer sent to the host is kept off screen.
 */

/** What a stroke does. */
export type BrushMode = 'add' | 'erase';

/**
 * Maps a pointer position to canvas pixel coordinates. The canvas is drawn with
 * `object-fit: contain` inside its (possibly zoomed) element box, like the images under it, so
 * the drawn area is the largest centred rectangle of the canvas's aspect ratio.
 */
export function toCanvasPoint(
  clientX: number,
  clientY: number,
  rect: { left: number; top: number; width: number; height: number },
  canvasWidth: number,
  canvasHeight: number,
): { x: number; y: number } {
  const scale = Math.min(rect.width / canvasWidth, rect.height / canvasHeight);
  if (!(scale > 0)) return { x: 0, y: 0 };
  const offsetX = (rect.width - canvasWidth * scale) / 2;
  const offsetY = (rect.height - canvasHeight * scale) / 2;
  return { x: (clientX - rect.left - offsetX) / scale, y: (clientY - rect.top - offsetY) / scale };
}

/** The CSS custom properties (panel.css) that give the on-screen stroke colours. */
export const BRUSH_COLOUR_PROPERTIES = { add: '--mmp-brush-add', erase: '--mmp-brush-erase' };
/** Used when the page defines no stroke colours (the overlay's default green, a red). */
const FALLBACK_COLOURS: Record<BrushMode, string> = { add: '#33cc33', erase: '#f14c4c' };

/** Gets a canvas's 2D context (injected in tests, where the DOM shim has no canvas). */
export type ContextOf = (canvas: HTMLCanvasElement) => CanvasRenderingContext2D | null;

/** A canvas over the stage that records mask edits. */
export class BrushLayer {
  /** The visible layer, in overlay colours. */
  readonly canvas: HTMLCanvasElement;
  /** The edit layer the host receives (white adds, black erases); never shown. */
  private readonly data: HTMLCanvasElement;
  mode: BrushMode = 'add';
  /** Brush diameter in source pixels. */
  size = 24;
  private painting = false;
  private last: { x: number; y: number } | null = null;
  private edited = false;

  constructor(
    doc: Document,
    private readonly contextOf: ContextOf = (canvas) => canvas.getContext('2d'),
  ) {
    this.data = doc.createElement('canvas');
    this.canvas = doc.createElement('canvas');
    this.canvas.className = 'layer brush';
    this.canvas.setAttribute('data-testid', 'brush-canvas');
    this.canvas.hidden = true;
    this.canvas.addEventListener('pointerdown', (event) => this.begin(event));
    this.canvas.addEventListener('pointermove', (event) => this.move(event));
    this.canvas.addEventListener('pointerup', () => this.end());
    this.canvas.addEventListener('pointerleave', () => this.end());
  }

  /** Sizes the layer to the source image (clears earlier edits). */
  resize(width: number, height: number): void {
    for (const canvas of [this.canvas, this.data]) {
      canvas.width = Math.max(1, Math.round(width));
      canvas.height = Math.max(1, Math.round(height));
    }
    this.edited = false;
  }

  /** Shows or hides the layer (hidden layers take no pointer events). */
  setActive(active: boolean): void {
    this.canvas.hidden = !active;
  }

  /** True once anything was painted since the last resize or clear. */
  get hasEdits(): boolean {
    return this.edited;
  }

  /** Removes every stroke. */
  clear(): void {
    for (const canvas of [this.canvas, this.data])
      this.contextOf(canvas)?.clearRect(0, 0, canvas.width, canvas.height);
    this.edited = false;
  }

  /** The edit layer as a PNG data URL. */
  toDataUrl(): string {
    return this.data.toDataURL('image/png');
  }

  /** The on-screen colour of a stroke in `mode`: the overlay's colour to add, an error colour to erase. */
  displayColour(mode: BrushMode): string {
    const view = this.canvas.ownerDocument.defaultView;
    const value = view
      ?.getComputedStyle(this.canvas)
      .getPropertyValue(BRUSH_COLOUR_PROPERTIES[mode])
      .trim();
    return value || FALLBACK_COLOURS[mode];
  }

  /** Paints a stroke segment in canvas pixel coordinates (also used by tests and keyboard). */
  stroke(from: { x: number; y: number }, to: { x: number; y: number }): void {
    const shown = this.contextOf(this.canvas);
    const data = this.contextOf(this.data);
    if (!shown || !data) return;
    // The host reads white/black; the reviewer sees the overlay colour (add) or the erase colour.
    this.strokeOn(data, this.mode === 'add' ? '#ffffff' : '#000000', from, to);
    this.strokeOn(shown, this.displayColour(this.mode), from, to);
    this.edited = true;
  }

  private strokeOn(
    ctx: CanvasRenderingContext2D,
    colour: string,
    from: { x: number; y: number },
    to: { x: number; y: number },
  ): void {
    ctx.globalCompositeOperation = 'source-over';
    ctx.strokeStyle = ctx.fillStyle = colour;
    ctx.lineWidth = this.size;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    if (Math.hypot(to.x - from.x, to.y - from.y) < 0.5) {
      // A click without movement: browsers draw no cap for a zero-length line, so fill a disc.
      ctx.arc(to.x, to.y, this.size / 2, 0, 2 * Math.PI);
      ctx.fill();
    } else {
      ctx.moveTo(from.x, from.y);
      ctx.lineTo(to.x, to.y);
      ctx.stroke();
    }
  }

  private point(event: PointerEvent): { x: number; y: number } {
    return toCanvasPoint(
      event.clientX,
      event.clientY,
      this.canvas.getBoundingClientRect(),
      this.canvas.width,
      this.canvas.height,
    );
  }

  private begin(event: PointerEvent): void {
    if (event.button !== 0) return;
    event.stopPropagation();
    this.painting = true;
    this.last = this.point(event);
    this.stroke(this.last, this.last);
  }

  private move(event: PointerEvent): void {
    if (!this.painting || !this.last) return;
    event.stopPropagation();
    const next = this.point(event);
    this.stroke(this.last, next);
    this.last = next;
  }

  private end(): void {
    this.painting = false;
    this.last = null;
  }
}
