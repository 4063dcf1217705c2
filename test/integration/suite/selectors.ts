/** data-testid selectors of the webviews (src/webview/**), in one place for every test. */
export const SELECTORS = {
  galleryItem: '[data-testid="gallery-item"]',
  galleryViewport: '[data-testid="gallery-viewport"]',
  galleryCount: '[data-testid="gallery-count"]',
  gallerySortSeam: '[data-testid="sort-seam"]',
  gallerySeamScore: '[data-testid="seam-score"]',
  predictionItem: '[data-testid="prediction-item"]',
  reviewAccept: '[data-testid="review-accept"]',
  reviewReject: '[data-testid="review-reject"]',
  reviewReadOnly: '[data-testid="review-read-only"]',
  reviewBefore: '[data-testid="review-before"]',
  reviewDicomHeader: '[data-testid="review-dicom-header"]',
  reviewWindow: '[data-testid="review-window"]',
  reviewRegions: '[data-testid="review-regions-overlay"]',
  reviewQuality: '[data-testid="review-quality"]',
  rendererItem: '[data-testid="renderer-item"]',
  rendererOpenReview: '[data-testid="renderer-open-review"]',
} as const;
