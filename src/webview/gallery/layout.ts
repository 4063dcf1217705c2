/** Gallery cell geometry in CSS pixels (kept in step with media/gallery.css). */
export const GALLERY_ROW_HEIGHT = 156;
/** Narrowest a cell gets before the grid drops a column. */
export const GALLERY_MIN_CELL_WIDTH = 220;
