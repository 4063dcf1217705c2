/**
 * The gallery of a running job: it opens when the first item is finished (done or failed), marked
 * as running, and fills in from the manifest the job rewrites; before, it appeared only when the
 * job ended (10 s for 50 images, minutes for 500). Failures are collected for the end-of-run
 * notification on the way. No vscode import, so it is unit-tested with a fake gallery.
 */
import type { JobEvent } from '../../shared/jobEvents';
import type { RunFailures } from '../views/runFailures';

/** The job-event handler that opens the gallery once; `showGallery` is the views' own. */
export function liveGalleryHandler(
  showGallery: () => void,
  failures: RunFailures,
  enabled: boolean,
): (event: JobEvent) => void {
  let shown = false;
  return (event) => {
    if (event.type === 'itemFailed') failures.add(event.id, event.error);
    if (!enabled || shown || (event.type !== 'itemDone' && event.type !== 'itemFailed')) return;
    shown = true;
    showGallery();
  };
}
