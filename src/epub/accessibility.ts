/** The EPUB Accessibility 1.1 metadata of the package (schema.org properties). */
export interface AccessibilityMetadata {
  modes: string[];
  sufficient: string[];
  features: string[];
  hazards: string[];
  summary: string;
}

/**
 * Describe what the edition offers, from what it holds: it always has a contents page, a reading
 * order and headings; text alternatives are claimed only when every image has one.
 */
export function accessibilityMetadata(images: {count: number; allDescribed: boolean}): AccessibilityMetadata {
  // The cover is an image too, and always has a text alternative that repeats its words.
  const features = ['tableOfContents', 'readingOrder', 'structuralNavigation'];
  if (images.allDescribed) features.push('alternativeText');
  const imagesNote =
    images.count === 0
      ? 'The only image is the cover, whose text alternative repeats its words.'
      : images.allDescribed
        ? 'Every image, the cover included, has a text alternative.'
        : 'Some images have no text alternative.';
  return {
    modes: ['textual', 'visual'],
    sufficient: images.allDescribed ? ['textual'] : ['textual,visual'],
    features,
    hazards: ['none'],
    summary: `A reflowable text that follows the reader's own fonts and sizes, with a contents page that lists every chapter and section, headings that mark the structure, and notes linked both ways to where they are cited. ${imagesNote} Nothing flashes, moves or plays sound.`
  };
}
