/**
 * The review panel app: one item at a time with before/after slider, mask overlay, zoom/pan,
 * accept (A) / reject (R) with an optional note, previous/next (arrow keys), and the brush tool
 * for the key-region mask. Read-only (no decisions, no brush) when the workspace is untrusted. A
 * failed item shows its full error, and Accept/Reject are disabled for it (there is no image).
 */
import { el } from '../common/dom';
import { buttonControl, checkboxControl } from '../common/controls';
import {
  assertNever,
  type FromPanelMessage,
  type ReviewShortcut,
  type ReviewState,
  type ToPanelMessage,
} from '../../shared/webviewProtocol';
import type { BrushLayer, ContextOf } from './brushLayer';
import { createBrushTool } from './brushToolbar';
import { CompareView, type CompareSettings } from './compareView';
import { dicomBar } from './dicomBar';
import { qualityLine } from './qualityLine';
import { failureDetails, reviewHeader } from './reviewHeader';

/** What the app needs from its page. */
export interface ReviewAppOptions {
  root: HTMLElement;
  post: (message: FromPanelMessage) => void;
  /** The brush canvases' 2D context (tests inject one; the DOM shim has no canvas). */
  contextOf?: ContextOf;
}

const TEXT_INPUT_TAGS = new Set([
  'INPUT',
  'TEXTAREA',
  'VSCODE-TEXTFIELD',
  'VSCODE-TEXTAREA',
  'SELECT',
]);

/** The review panel's state machine and view. */
export class ReviewApp {
  private readonly doc: Document;
  private state: ReviewState | null = null;
  private settings: CompareSettings = { split: 50, showMask: true, maskOpacity: 0.35 };
  private compare: CompareView | null = null;
  private note: (HTMLElement & { value?: string }) | null = null;
  private readonly status: HTMLElement;
  /** The brush of the item shown (null when read-only or before the first state). */
  brush: BrushLayer | null = null;

  constructor(private readonly options: ReviewAppOptions) {
    this.doc = options.root.ownerDocument;
    this.status = el(this.doc, 'div', {
      className: 'status-line',
      attrs: { role: 'status', 'aria-live': 'polite', 'data-testid': 'review-status' },
    });
    this.doc.addEventListener('keydown', (event) => this.onKey(event));
  }

  /** Tells the host the page is ready for the state. */
  start(): void {
    this.options.post({ type: 'ready' });
  }

  /** Handles one host message. */
  handle(message: ToPanelMessage): void {
    switch (message.type) {
      case 'state':
        this.show(message.state);
        return;
      case 'saved':
        this.say(message.message, false);
        return;
      case 'error':
        this.say(message.message, true);
        return;
      case 'shortcut':
        this.run(message.action);
        return;
      default:
        assertNever(message);
    }
  }

  /** Performs a review action (keys, buttons and VS Code keybindings all end here). */
  run(action: ReviewShortcut): void {
    const state = this.state;
    if (!state) return;
    switch (action) {
      case 'accept':
      case 'reject': {
        if (state.readOnly) {
          this.say('Read-only: the workspace is not trusted.', true);
          return;
        }
        if (state.item.status === 'failed') {
          this.say('This augmentation failed: there is no image to accept or reject.', true);
          return;
        }
        const note = this.note?.value?.trim();
        this.options.post({
          type: 'decide',
          itemId: state.item.id,
          decision: action === 'accept' ? 'approved' : 'rejected',
          ...(note ? { note } : {}),
        });
        return;
      }
      case 'next':
      case 'previous':
        this.options.post({ type: 'navigate', direction: action });
        return;
      default:
        assertNever(action);
    }
  }

  private onKey(event: KeyboardEvent): void {
    const target = event.target as HTMLElement | null;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (target && TEXT_INPUT_TAGS.has(target.tagName.toUpperCase())) return;
    const action: ReviewShortcut | undefined = (
      {
        a: 'accept',
        A: 'accept',
        r: 'reject',
        R: 'reject',
        ArrowRight: 'next',
        ArrowLeft: 'previous',
      } as const
    )[event.key as 'a'];
    if (!action) return;
    event.preventDefault();
    this.run(action);
  }

  private say(text: string, isError: boolean): void {
    this.status.textContent = text;
    this.status.classList.toggle('error', isError);
  }

  private show(state: ReviewState): void {
    this.state = state;
    const doc = this.doc;
    const item = state.item;
    const compare = new CompareView(doc, item, this.settings);
    this.compare = compare;
    const header = reviewHeader(doc, state);
    const range = (
      testId: string,
      label: string,
      value: number,
      onInput: (v: number) => void,
    ): HTMLElement =>
      el(doc, 'label', { className: 'range' }, [
        doc.createTextNode(label),
        el(doc, 'input', {
          attrs: {
            type: 'range',
            min: '0',
            max: '100',
            value: String(Math.round(value)),
            'data-testid': testId,
            'aria-label': label,
          },
          on: { input: (event) => onInput(Number((event.target as HTMLInputElement).value)) },
        }),
      ]);
    const viewBar = el(doc, 'div', { className: 'toolbar' }, [
      buttonControl(doc, 'prev-button', '← Previous', () => this.run('previous'), {
        secondary: true,
      }),
      buttonControl(doc, 'next-button', 'Next →', () => this.run('next'), { secondary: true }),
      range('compare-slider', 'Before | After', this.settings.split, (split) =>
        this.update({ split }),
      ),
      checkboxControl(
        doc,
        'mask-toggle',
        item.regionsUri ? 'Kept / blend overlay' : 'Mask overlay',
        this.settings.showMask,
        (showMask) => this.update({ showMask }),
      ),
      range('mask-opacity', 'Opacity', this.settings.maskOpacity * 100, (v) =>
        this.update({ maskOpacity: v / 100 }),
      ),
      buttonControl(doc, 'reset-zoom', 'Reset zoom', () => compare.resetView(), {
        secondary: true,
        title: 'Wheel zooms, drag pans, double-click resets',
      }),
    ]);
    const quality = qualityLine(doc, item);
    const failure = failureDetails(doc, state);
    const parts: Node[] = [
      header,
      ...(failure ? [failure] : []),
      ...(quality ? [quality] : []),
      viewBar,
      compare.element,
    ];
    if (state.dicom) {
      const bar = dicomBar(doc, state.dicom, (preset) =>
        this.options.post({ type: 'setWindow', preset }),
      );
      parts.splice(1, 0, bar);
    }
    this.note = null;
    this.brush = null;
    if (state.readOnly) {
      parts.push(
        el(doc, 'p', {
          className: 'read-only',
          text: 'Read-only: trust this workspace to accept, reject or edit masks.',
          attrs: { 'data-testid': 'review-read-only' },
        }),
      );
    } else if (item.status === 'failed') {
      // Nothing to decide or repaint: the augment command, not a re-run, makes its image.
      parts.push(this.decisionBar(item.note, true));
    } else {
      const tool = createBrushTool(
        doc,
        compare,
        (brush) => this.saveMask(brush),
        this.options.contextOf,
      );
      this.brush = tool.brush;
      parts.push(this.decisionBar(item.note, false), tool.toolbar);
    }
    parts.push(this.status);
    this.options.root.replaceChildren(...parts);
  }

  private decisionBar(note: string | undefined, disabled: boolean): HTMLElement {
    const doc = this.doc;
    this.note = el(doc, 'vscode-textfield', {
      attrs: {
        placeholder: 'Note (optional)',
        'data-testid': 'review-note',
        'aria-label': 'Reviewer note',
      },
    });
    if (note) {
      this.note.setAttribute('value', note);
      this.note.value = note;
    }
    const buttons = [
      buttonControl(doc, 'review-accept', 'Accept (A)', () => this.run('accept')),
      buttonControl(doc, 'review-reject', 'Reject (R)', () => this.run('reject'), {
        secondary: true,
      }),
    ];
    if (disabled) {
      this.note.setAttribute('disabled', '');
      for (const button of buttons) {
        button.setAttribute('disabled', '');
        button.setAttribute('aria-disabled', 'true');
        button.setAttribute('title', 'A failed augmentation has no image to accept or reject');
      }
    }
    return el(doc, 'div', { className: 'toolbar decisions' }, [this.note, ...buttons]);
  }

  private saveMask(brush: BrushLayer): void {
    const state = this.state;
    if (!state) return;
    if (!brush.hasEdits) {
      this.say('Paint on the image first (Edit key-region mask).', true);
      return;
    }
    this.options.post({
      type: 'saveMask',
      itemId: state.item.id,
      pngDataUrl: brush.toDataUrl(),
    });
  }

  private update(change: Partial<CompareSettings>): void {
    this.settings = { ...this.settings, ...change };
    this.compare?.apply(this.settings);
  }
}
