/**
 * Pictures from ninjs `associations`, for every version in use:
 * - 1.x: an object keyed by name, renditions an object keyed by name (`mimetype`);
 * - 2.x: an array of items with `name`, renditions an array (`contenttype`, `sizeinbytes`);
 * - 3.x: the same array with camelCase (`contentType`, `sizeInBytes`, `copyrightHolder`).
 * Each association is a ninjs item itself; only pictures and graphics are
 * images (others are noted). Its best rendition (the original, else the
 * largest) becomes the image, the rest its renditions; its description (role
 * caption first) the caption, its `by` or copyright holder the credit. An
 * association named like `featured`/`lead`/`main` is the lead, else the first picture.
 */
import type { NormalisationNote } from '../article/schema.ts';
import { positiveInt, type ImageCandidate, type RenditionCandidate } from '../media/accept.ts';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => !!value && typeof value === 'object' && !Array.isArray(value);
const str = (value: unknown) => (typeof value === 'string' && value.trim() ? value : undefined);
const pick = (item: Json, ...names: string[]) => names.map((n) => str(item[n])).find((v) => v !== undefined);

const leadNames = /^(?:featured?(?:[-_ ]?(?:media|image|picture))?|lead(?:[-_ ]?image)?|main(?:[-_ ]?image)?|hero|teaser|thumbnail)$/i;
const originalNames = /^(?:original|baseimage|highres|hi-?res|full|master|viewimage)$/i;
const imageTypes = new Set(['picture', 'graphic']);

/** `[name, item]` pairs from either shape of `associations`. */
function entries(associations: unknown): [string | undefined, Json][] {
  if (Array.isArray(associations)) return associations.filter(isObject).map((item) => [str(item.name), item]);
  if (isObject(associations)) return Object.entries(associations).filter((e): e is [string, Json] => isObject(e[1]));
  return [];
}

function renditionsOf(item: Json): RenditionCandidate[] {
  const list: [string | undefined, Json][] = Array.isArray(item.renditions)
    ? item.renditions.filter(isObject).map((r) => [str(r.name), r])
    : isObject(item.renditions) ? Object.entries(item.renditions).filter((e): e is [string, Json] => isObject(e[1])) : [];
  return list.map(([name, r]) => ({
    url: pick(r, 'href', 'uri', 'url'),
    name,
    mediaType: pick(r, 'contenttype', 'contentType', 'mimetype'),
    width: r.width,
    height: r.height,
    bytes: r.sizeinbytes ?? r.sizeInBytes,
  }));
}

const area = (r: RenditionCandidate) => (positiveInt(r.width) ?? 0) * (positiveInt(r.height) ?? 1);

/** The value of the text with a matching role, else (when `orUnroled`) of the first without a role. */
function textValue(list: unknown, role: RegExp, orUnroled = true): string | undefined {
  if (!Array.isArray(list)) return undefined;
  const texts = list.filter(isObject);
  return str((texts.find((t) => role.test(String(t.role ?? ''))) ?? (orUnroled ? texts.find((t) => !t.role) : undefined))?.value);
}

/** Image candidates from an item's `associations`; non-pictures are noted and skipped. */
export function ninjsImages(associations: unknown, notes: NormalisationNote[]): ImageCandidate[] {
  const found = entries(associations);
  const pictures: ImageCandidate[] = [];
  for (const [i, [name, item]] of found.entries()) {
    const label = `association ${JSON.stringify(name ?? String(i + 1))}`;
    const type = str(item.type);
    const renditions = renditionsOf(item);
    const imageRenditions = renditions.filter((r) => !r.mediaType || r.mediaType.startsWith('image/'));
    if (type ? !imageTypes.has(type) : imageRenditions.length === 0) {
      notes.push({ code: 'image_ignored', message: `${label} is ${type ? `a ${type}` : 'not a picture'}: only pictures are kept; it was left out` });
      continue;
    }
    const best = imageRenditions.find((r) => originalNames.test(r.name ?? '')) ?? [...imageRenditions].sort((a, b) => area(b) - area(a))[0];
    const caption = textValue(item.descriptions, /caption/i) ?? pick(item, 'description_text', 'body_text') ?? textValue(item.headlines, /main/i) ?? pick(item, 'headline');
    pictures.push({
      where: label,
      role: name && leadNames.test(name) ? 'lead' : 'inline',
      url: best?.url ?? pick(item, 'uri'),
      mediaType: best?.mediaType,
      width: best?.width,
      height: best?.height,
      bytes: best?.bytes,
      caption,
      credit: pick(item, 'by', 'byline', 'creditline', 'copyrightholder', 'copyrightHolder'),
      alt: textValue(item.descriptions, /^alt/i, false),
      renditions: imageRenditions.filter((r) => r !== best),
    });
  }
  if (pictures.length && !pictures.some((p) => p.role === 'lead')) pictures[0] = { ...pictures[0]!, role: 'lead' };
  return pictures;
}
