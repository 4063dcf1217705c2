/**
 * Display window presets for grey DICOM images: the file's own window, the full range of its
 * values, and the usual CT windows. Shared by the core's display pipeline, the CLI and the
 * review panel (which offers them in a menu).
 */

/** A display window choice. */
export type WindowPresetId = 'default' | 'fullRange' | 'lung' | 'bone' | 'softTissue';

/** Every preset id, in menu order. */
export const WINDOW_PRESET_IDS: readonly WindowPresetId[] = [
  'default',
  'fullRange',
  'lung',
  'bone',
  'softTissue',
];

/** Menu labels. */
export const WINDOW_PRESET_LABELS: Readonly<Record<WindowPresetId, string>> = {
  default: 'Window from file',
  fullRange: 'Full range',
  lung: 'Lung (CT)',
  bone: 'Bone (CT)',
  softTissue: 'Soft tissue (CT)',
};

/** True for a known preset id (messages from webviews are untrusted). */
export function isWindowPresetId(value: unknown): value is WindowPresetId {
  return typeof value === 'string' && (WINDOW_PRESET_IDS as readonly string[]).includes(value);
}
