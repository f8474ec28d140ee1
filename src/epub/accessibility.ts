import type {Messages} from '../messages/catalogue.js';

/** The EPUB Accessibility 1.1 metadata of the package (schema.org properties). */
export interface AccessibilityMetadata {
  modes: string[];
  sufficient: string[];
  features: string[];
  hazards: string[];
  summary: string;
  /**
   * The conformance claim (EPUB Accessibility 1.1 with WCAG 2.1 AA) and who certified it, when
   * the edition earns it: only when every image has a text alternative, since WCAG fails an image
   * without one. The tests hold every EPUB that makes the claim to DAISY Ace and EPUBCheck.
   */
  conformance?: {conformsTo: string; certifiedBy: string};
}

/** How EPUB Accessibility 1.1 (section 2.1) writes a conformance claim. */
export const conformanceClaim = 'EPUB Accessibility 1.1 - WCAG 2.1 Level AA';

/**
 * Describe what the edition offers, from what it holds: it always has a contents page, a reading
 * order and headings; text alternatives, and conformance to EPUB Accessibility 1.1 (certified by
 * `publisher`), are claimed only when every image has one.
 */
export function accessibilityMetadata(
  images: {count: number; allDescribed: boolean},
  messages: Messages,
  publisher: string
): AccessibilityMetadata {
  // The cover is an image too, and always has a text alternative that repeats its words.
  const features = ['tableOfContents', 'readingOrder', 'structuralNavigation'];
  if (images.allDescribed) features.push('alternativeText');
  const imagesNote = messages.text(
    images.count === 0 ? 'a11yImagesNone' : images.allDescribed ? 'a11yImagesAll' : 'a11yImagesSome'
  );
  const summary = [
    messages.text('a11ySummary'),
    imagesNote,
    messages.text('a11yHazards'),
    ...(images.allDescribed ? [messages.text('a11yConformance', {publisher})] : [])
  ];
  return {
    modes: ['textual', 'visual'],
    sufficient: images.allDescribed ? ['textual'] : ['textual,visual'],
    features,
    hazards: ['none'],
    summary: summary.join(' '),
    ...(images.allDescribed ? {conformance: {conformsTo: conformanceClaim, certifiedBy: publisher}} : {})
  };
}
