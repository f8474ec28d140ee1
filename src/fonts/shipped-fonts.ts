import {existsSync, readdirSync} from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';

/** A family Folio ships, from an npm package of static TrueType files (Google Fonts' builds, SIL Open Font License 1.1). */
interface ShippedFamily {
  family: string;
  /** The npm package, and the style folders of it that Folio uses. */
  package: string;
  styles: readonly string[];
}

/**
 * Every font Chromium may use. The templates name these families; nothing else is visible to the
 * browser (see `font-config.ts`), so a character none of them has prints as a missing glyph on
 * every machine alike, and the check stage reports it (`glyph-missing`).
 */
export const shippedFamilies: readonly ShippedFamily[] = [
  {
    family: 'Noto Serif',
    package: '@expo-google-fonts/noto-serif',
    styles: ['400Regular', '400Regular_Italic', '700Bold', '700Bold_Italic']
  },
  {
    family: 'Noto Sans',
    package: '@expo-google-fonts/noto-sans',
    styles: ['400Regular', '400Regular_Italic', '700Bold', '700Bold_Italic']
  },
  {family: 'Noto Sans Mono', package: '@expo-google-fonts/noto-sans-mono', styles: ['400Regular', '700Bold']},
  {family: 'Noto Naskh Arabic', package: '@expo-google-fonts/noto-naskh-arabic', styles: ['400Regular', '700Bold']}
];

/** The scripts the shipped fonts cover, in words, as the `glyph-missing` message names them. */
export const coveredScripts =
  'Latin, Cyrillic (Kazakh letters included), Greek and Arabic, and code in Latin, Cyrillic and Greek';

/** Font files a publisher adds: `.ttf` or `.otf` files in the templates folder's `fonts/`. */
const fontFileTypes = ['.ttf', '.otf'];

const require = createRequire(import.meta.url);

/** One font file Chromium may see. */
export interface FontFile {
  path: string;
  /** Where it comes from: a shipped family's name, or `templates/fonts`. */
  origin: string;
}

/** The shipped font files, then the ones in `<templatesDir>/fonts`, in a fixed order. */
export function fontFiles(templatesDir: string): FontFile[] {
  const shipped = shippedFamilies.flatMap((family) => {
    const root = path.dirname(require.resolve(`${family.package}/package.json`));
    const name = family.family.replace(/ /g, '');
    return family.styles.map((style) => ({
      path: path.join(root, style, `${name}_${style}.ttf`),
      origin: family.family
    }));
  });
  return [...shipped, ...publisherFonts(templatesDir)];
}

function publisherFonts(templatesDir: string): FontFile[] {
  const dir = path.join(templatesDir, 'fonts');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => fontFileTypes.includes(path.extname(name).toLowerCase()))
    .sort()
    .map((name) => ({path: path.join(dir, name), origin: 'templates/fonts'}));
}
