/**
 * The end-of-run note about DICOM sources flagged Burned In Annotation = YES: de-identifying the
 * header cannot remove text drawn into the pixels, and the key region keeps those pixels.
 */
import { readManifest } from '../core/jobs/manifestStore';

/** Items listed by id before the note says "and N more". */
const LISTED = 5;

/** Writes the note when the run's manifest has flagged items; silent otherwise. */
export async function noteBurnedInAnnotation(
  manifestPath: string,
  stderr: NodeJS.WritableStream,
): Promise<void> {
  const manifest = await readManifest(manifestPath).catch(() => undefined);
  const flagged = (manifest?.items ?? []).filter((item) => item.dicom?.burnedInAnnotation);
  if (flagged.length === 0) return;
  const sources = new Set(flagged.map((item) => item.source)).size;
  const ids = flagged.slice(0, LISTED).map((item) => item.id);
  const more = flagged.length > LISTED ? ` and ${flagged.length - LISTED} more` : '';
  stderr.write(
    `note: ${sources} DICOM source(s) say Burned In Annotation = YES: their pixels may show text ` +
      `(names, dates) that no header de-identification removes; check items ${ids.join(', ')}${more} ` +
      `(items[].dicom.burnedInAnnotation in the manifest)\n`,
  );
}
