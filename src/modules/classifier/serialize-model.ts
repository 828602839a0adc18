/**
 * Binary model format, version 3 (2 had no out-of-scope detector or calibration rows; 1 had no
 * `viewStarts` section and one feature view):
 *
 *   "TRCL" | u32 LE header length | header JSON (UTF-8) | padding to 4 bytes | sections...
 *
 * The header carries the scalars, the category names and a section table (name, type, length);
 * each section is a little-endian array (or UTF-8 JSON for the example ids/texts), padded to 4
 * bytes. Keeping the big arrays out of JSON makes the file ~3x smaller than text and exact: float32
 * values are written bit for bit, so a round trip reproduces predictions exactly.
 */
import { ALGORITHM, FORMAT_VERSION } from './model-format.js';
import { packOutOfScopeDetector, unpackOutOfScopeDetector } from './out-of-scope.js';
import type { CalibrationRows, EmbeddingSpec, Model, StoredExamples } from './types.js';

const MAGIC = 'TRCL';
const FORMAT_NAME = 'triage-classifier';
const PREAMBLE_BYTES = 8;

type SectionType = 'u32' | 'i32' | 'f32' | 'u8' | 'utf8';
type SectionData = Uint32Array | Int32Array | Float32Array | Uint8Array;

interface SectionInfo {
  name: string;
  type: SectionType;
  /** Elements for numeric sections, bytes for utf8. */
  length: number;
}

interface Header {
  format: string;
  formatVersion: number;
  algorithm: string;
  hashBits: number;
  categories: string[];
  exampleCount: number;
  temperature: number;
  outOfScope: Record<string, number>;
  sections: SectionInfo[];
  /** Only for a model with an embedding view (absent otherwise, so other models' bytes are unchanged). */
  embedding?: EmbeddingSpec;
}

const pad4 = (n: number): number => (n + 3) & ~3;

export function serializeModel(model: Model): Uint8Array {
  const strings = new TextEncoder().encode(
    JSON.stringify({ ids: model.examples.ids, texts: model.examples.texts }),
  );
  const oos = packOutOfScopeDetector(model.outOfScope);
  const sections: [string, SectionType, SectionData][] = [
    ['viewStarts', 'i32', model.viewStarts],
    ['buckets', 'u32', model.buckets],
    ['idf', 'f32', model.idf],
    ['weights', 'f32', model.weights],
    ['exampleCategories', 'i32', model.examples.categoryIndex],
    ['exampleOffsets', 'i32', model.examples.offsets],
    ['exampleRows', 'i32', model.examples.rows],
    ['exampleValues', 'f32', model.examples.values],
    ['exampleStrings', 'utf8', strings],
    ['oosStart', 'i32', oos.int32[0]!],
    ['oosCentroid', 'i32', oos.int32[1]!],
    ['oosValue', 'f32', oos.float32[0]!],
    ['oosConfidenceQuantiles', 'f32', oos.float32[1]!],
    ['oosSimilarityQuantiles', 'f32', oos.float32[2]!],
    ['calibrationPredicted', 'i32', model.calibration.predicted],
    ['calibrationConfidence', 'f32', model.calibration.confidence],
    ['calibrationCorrect', 'u8', model.calibration.correct],
  ];
  const header: Header = {
    format: FORMAT_NAME,
    formatVersion: model.formatVersion,
    algorithm: model.algorithm,
    hashBits: model.hashBits,
    categories: model.categories,
    exampleCount: model.exampleCount,
    temperature: model.temperature,
    outOfScope: oos.header,
    sections: sections.map(([name, type, data]) => ({ name, type, length: data.length })),
    ...(model.embedding === undefined ? {} : { embedding: model.embedding }),
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  let size = PREAMBLE_BYTES + pad4(headerBytes.length);
  for (const [, , data] of sections) size += pad4(data.byteLength);

  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  for (let i = 0; i < MAGIC.length; i++) out[i] = MAGIC.charCodeAt(i);
  view.setUint32(4, headerBytes.length, true);
  out.set(headerBytes, PREAMBLE_BYTES);
  let offset = PREAMBLE_BYTES + pad4(headerBytes.length);
  for (const [, type, data] of sections) {
    writeSection(view, out, offset, type, data);
    offset += pad4(data.byteLength);
  }
  return out;
}

// DataView with explicit little-endian keeps the format identical on any host.
function writeSection(
  view: DataView,
  out: Uint8Array,
  offset: number,
  type: SectionType,
  data: SectionData,
): void {
  if (type === 'utf8' || type === 'u8') out.set(data, offset);
  else if (type === 'f32')
    for (let i = 0; i < data.length; i++) view.setFloat32(offset + i * 4, data[i]!, true);
  else if (type === 'u32')
    for (let i = 0; i < data.length; i++) view.setUint32(offset + i * 4, data[i]!, true);
  else for (let i = 0; i < data.length; i++) view.setInt32(offset + i * 4, data[i]!, true);
}

export function deserializeModel(bytes: Uint8Array): Model {
  if (!(bytes instanceof Uint8Array) || bytes.length < PREAMBLE_BYTES) fail('the data is too short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = String.fromCharCode(bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!);
  if (magic !== MAGIC) fail('it does not start with the classifier signature');
  const headerLength = view.getUint32(4, true);
  if (PREAMBLE_BYTES + headerLength > bytes.length) fail('the header is truncated');
  const header = parseHeader(bytes.subarray(PREAMBLE_BYTES, PREAMBLE_BYTES + headerLength));

  const sections = new Map<string, SectionData>();
  let offset = PREAMBLE_BYTES + pad4(headerLength);
  for (const section of header.sections) {
    const byteLength = section.type === 'utf8' || section.type === 'u8' ? section.length : section.length * 4;
    if (offset + byteLength > bytes.length) fail(`section "${section.name}" is truncated`);
    sections.set(section.name, readSection(view, offset, section));
    offset += pad4(byteLength);
  }
  const get = <T extends SectionData>(name: string, type: new (length: number) => T): T => {
    const data = sections.get(name);
    if (!(data instanceof type)) fail(`section "${name}" is missing or has the wrong type`);
    return data;
  };
  const strings: unknown = JSON.parse(new TextDecoder().decode(get('exampleStrings', Uint8Array)));
  const examples: StoredExamples = {
    ids: stringArray(strings, 'ids'),
    texts: stringArray(strings, 'texts'),
    categoryIndex: get('exampleCategories', Int32Array),
    offsets: get('exampleOffsets', Int32Array),
    rows: get('exampleRows', Int32Array),
    values: get('exampleValues', Float32Array),
  };
  const model: Model = {
    algorithm: header.algorithm,
    formatVersion: header.formatVersion,
    hashBits: header.hashBits,
    categories: header.categories,
    exampleCount: header.exampleCount,
    viewStarts: get('viewStarts', Int32Array),
    buckets: get('buckets', Uint32Array),
    idf: get('idf', Float32Array),
    weights: get('weights', Float32Array),
    temperature: header.temperature,
    examples,
    outOfScope: readOutOfScope(header, get),
    calibration: {
      predicted: get('calibrationPredicted', Int32Array),
      confidence: get('calibrationConfidence', Float32Array),
      correct: get('calibrationCorrect', Uint8Array),
    },
    ...(header.embedding === undefined ? {} : { embedding: header.embedding }),
  };
  checkConsistency(model);
  checkEmbeddingView(model);
  return model;
}

function readOutOfScope(
  header: Header,
  get: <T extends SectionData>(name: string, type: new (length: number) => T) => T,
): Model['outOfScope'] {
  if (typeof header.outOfScope !== 'object' || header.outOfScope === null)
    fail('the out-of-scope header is missing');
  try {
    return unpackOutOfScopeDetector({
      header: header.outOfScope,
      int32: [get('oosStart', Int32Array), get('oosCentroid', Int32Array)],
      float32: [
        get('oosValue', Float32Array),
        get('oosConfidenceQuantiles', Float32Array),
        get('oosSimilarityQuantiles', Float32Array),
      ],
    });
  } catch (error) {
    fail(`the out-of-scope detector is invalid (${(error as Error).message})`);
  }
}

function readSection(view: DataView, offset: number, section: SectionInfo): SectionData {
  const { type, length } = section;
  if (type === 'utf8' || type === 'u8')
    return new Uint8Array(view.buffer, view.byteOffset + offset, length).slice();
  const out =
    type === 'f32'
      ? new Float32Array(length)
      : type === 'u32'
        ? new Uint32Array(length)
        : new Int32Array(length);
  if (out instanceof Float32Array)
    for (let i = 0; i < length; i++) out[i] = view.getFloat32(offset + i * 4, true);
  else if (out instanceof Uint32Array)
    for (let i = 0; i < length; i++) out[i] = view.getUint32(offset + i * 4, true);
  else for (let i = 0; i < length; i++) out[i] = view.getInt32(offset + i * 4, true);
  return out;
}

function parseHeader(raw: Uint8Array): Header {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
  } catch {
    fail('the header is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null) fail('the header is not an object');
  const h = parsed as Partial<Header>;
  if (h.format !== FORMAT_NAME) fail(`unknown format ${JSON.stringify(h.format)}`);
  if (h.formatVersion !== FORMAT_VERSION) {
    const older = typeof h.formatVersion === 'number' && h.formatVersion < FORMAT_VERSION;
    fail(
      `format version ${JSON.stringify(h.formatVersion)} is not supported (expected ${FORMAT_VERSION})` +
        (older ? '; it was saved by an older version of Triage, retrain the model' : ''),
    );
  }
  if (h.algorithm !== ALGORITHM) fail(`unknown algorithm ${JSON.stringify(h.algorithm)}`);
  const okInt = (v: unknown, max: number): v is number =>
    Number.isInteger(v) && (v as number) >= 0 && (v as number) <= max;
  if (!okInt(h.hashBits, 24) || h.hashBits < 1) fail('hashBits is invalid');
  if (!okInt(h.exampleCount, Number.MAX_SAFE_INTEGER)) fail('exampleCount is invalid');
  if (typeof h.temperature !== 'number' || !(h.temperature > 0) || !Number.isFinite(h.temperature)) {
    fail('temperature is invalid');
  }
  if (
    !Array.isArray(h.categories) ||
    h.categories.length < 2 ||
    !h.categories.every((c) => typeof c === 'string')
  ) {
    fail('categories are invalid');
  }
  const sectionOk = (s: SectionInfo): boolean =>
    typeof s === 'object' &&
    s !== null &&
    typeof s.name === 'string' &&
    okInt(s.length, 2 ** 31 - 1) &&
    ['u32', 'i32', 'f32', 'u8', 'utf8'].includes(s.type);
  if (!Array.isArray(h.sections) || !h.sections.every(sectionOk)) fail('the section table is invalid');
  if (h.embedding !== undefined && !embeddingSpecOk(h.embedding)) fail('the embedding view is invalid');
  return h as Header;
}

function stringArray(value: unknown, key: string): string[] {
  const array: unknown =
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : null;
  if (!Array.isArray(array) || !array.every((item) => typeof item === 'string'))
    fail(`example ${key} are invalid`);
  return array;
}

/** Sizes and indexes must agree, or prediction would read out of bounds and return NaN silently. */
function checkConsistency(model: Model): void {
  const rows = model.buckets.length;
  const classes = model.categories.length;
  const ex = model.examples;
  const count = ex.ids.length;
  if (model.idf.length !== rows || model.weights.length !== rows * classes) {
    fail('weight sections do not match the feature and category counts');
  }
  const starts = model.viewStarts;
  if (starts.length < 2 || starts[0] !== 0 || starts[starts.length - 1] !== rows)
    fail('view starts are invalid');
  for (let view = 0; view + 1 < starts.length; view++) {
    if (starts[view + 1]! < starts[view]!) fail('view starts are not ascending');
    for (let i = starts[view]!; i < starts[view + 1]!; i++) {
      const bucket = model.buckets[i]!;
      if (bucket >= 2 ** model.hashBits || (i > starts[view]! && bucket <= model.buckets[i - 1]!)) {
        fail('feature buckets are not sorted or out of range');
      }
    }
  }
  if (ex.texts.length !== count || ex.categoryIndex.length !== count || ex.offsets.length !== count + 1) {
    fail('stored example sections do not match the example count');
  }
  if (ex.offsets[0] !== 0 || ex.offsets[count] !== ex.rows.length || ex.values.length !== ex.rows.length) {
    fail('stored example offsets are invalid');
  }
  for (let i = 0; i < count; i++) {
    if (ex.offsets[i + 1]! < ex.offsets[i]!) fail('stored example offsets are not ascending');
    if (ex.categoryIndex[i]! < 0 || ex.categoryIndex[i]! >= classes)
      fail('stored example category out of range');
  }
  for (const row of ex.rows) if (row < 0 || row >= rows) fail('stored example feature out of range');
  checkCalibration(model.calibration, classes);
  const oos = model.outOfScope;
  if (oos.start.length !== rows + 1 || oos.categoryCount > classes)
    fail('the out-of-scope detector does not match the features or categories');
  for (const category of oos.centroid)
    if (category < 0 || category >= classes) fail('out-of-scope centroid category out of range');
}

function embeddingSpecOk(spec: unknown): boolean {
  if (typeof spec !== 'object' || spec === null) return false;
  const { dimensions, provider } = spec as Partial<EmbeddingSpec>;
  return Number.isInteger(dimensions) && (dimensions as number) > 0 && typeof provider === 'string';
}

/** The embedding view is the last view: one row per dimension, buckets 0 .. d - 1, IDF 1. */
function checkEmbeddingView(model: Model): void {
  const spec = model.embedding;
  if (spec === undefined) return;
  const starts = model.viewStarts;
  const first = starts[starts.length - 2]!;
  if (starts.length < 3 || model.buckets.length - first !== spec.dimensions)
    fail('the embedding view does not match its dimension');
  for (let d = 0; d < spec.dimensions; d++) {
    if (model.buckets[first + d] !== d || model.idf[first + d] !== 1)
      fail('the embedding view rows are invalid');
  }
}

function fail(reason: string): never {
  throw new Error(`Cannot read classifier model: ${reason}.`);
}

function checkCalibration(rows: CalibrationRows, classes: number): void {
  const n = rows.predicted.length;
  if (rows.confidence.length !== n || rows.correct.length !== n)
    fail('calibration sections differ in length');
  for (const k of rows.predicted) if (k < 0 || k >= classes) fail('calibration category out of range');
}
