import { FILE_MEDIA_TYPES, FileKind } from '@jlis/contracts';
import * as FileType from 'file-type';
import { inflateRawSync } from 'node:zlib';

/** How much of the start and of the end of an upload is kept to decide its type (the rest only streams through). */
export const SNIFF_HEAD_BYTES = 64 * 1024;
export const SNIFF_TAIL_BYTES = 256 * 1024;

const EXTENSIONS: Record<FileKind, string[]> = {
  pdf: ['pdf'],
  png: ['png'],
  jpeg: ['jpg', 'jpeg'],
  docx: ['docx'],
  xlsx: ['xlsx'],
};

/**
 * What the bytes are. `file-type` (16.5.4, the last CommonJS release) reads the magic numbers; for the ZIP family it
 * only walks the local headers at the start and calls any ZIP with a `word/` part a DOCX, so Office files are then
 * decided by their central directory (at the end, listing every part): `word/document.xml` → DOCX,
 * `xl/workbook.xml` → XLSX. `head` is the start of the file, `tail` its end, `size` its length.
 */
export async function sniffFileKind(
  head: Buffer,
  tail: Buffer = head,
  size = Math.max(head.length, tail.length),
): Promise<FileKind | null> {
  const detected = await detect(head);
  if (detected && Object.hasOwn(BY_MAGIC, detected)) return BY_MAGIC[detected];
  if (!detected || !ZIP_FAMILY.has(detected)) return null;
  const names = zipDirectory(tail, size)?.map((entry) => entry.name);
  if (!names?.includes('[Content_Types].xml')) return null;
  const word = names.includes('word/document.xml');
  const excel = names.includes('xl/workbook.xml');
  return word === excel ? null : word ? 'docx' : 'xlsx';
}

/** file-type's verdicts taken as they are, and the ones that only say "a ZIP" (decided by the directory). */
const BY_MAGIC: Record<string, FileKind> = { pdf: 'pdf', png: 'png', jpg: 'jpeg' };
const ZIP_FAMILY = new Set(['zip', 'docx', 'xlsx']);

async function detect(head: Buffer): Promise<string | undefined> {
  try {
    return (await FileType.fromBuffer(head))?.ext;
  } catch {
    // file-type 16 lets "end of data" escape for some truncated formats (a PNG cut inside its chunks): unrecognised.
    return undefined;
  }
}

/** Parts that hold macros: VBA projects (Word, Excel) and Excel 4.0 macro sheets, which run without VBA. */
const MACRO_PARTS = [/(^|\/)vbaProject\.bin$/i, /(^|\/)vbaData\.xml$/i, /^xl\/macrosheets\//i];
const MACRO_CONTENT_TYPES = /macroEnabled|vbaProject|macrosheet/i;

/**
 * Whether an Office file carries macros (a .docm or .xlsm, whatever it is named): a VBA project or macro sheet among
 * its parts, or a macro-enabled content type declared in `[Content_Types].xml`. A file whose directory cannot be read
 * counts as carrying macros (it is refused, never guessed at).
 */
export function officeMacros(head: Buffer, tail: Buffer = head, size = Math.max(head.length, tail.length)): boolean {
  const directory = zipDirectory(tail, size);
  if (!directory) return true;
  if (directory.some((entry) => MACRO_PARTS.some((re) => re.test(entry.name)))) return true;
  const types = directory.find((entry) => entry.name === '[Content_Types].xml');
  const xml = types && entryText(types, head, tail, size);
  return xml === null || (xml !== undefined && MACRO_CONTENT_TYPES.test(xml));
}

/** Refuses bytes whose file name or declared type says something else than the bytes are. */
export function claimMismatch(kind: FileKind, filename: string, declaredType: string): string | null {
  const ext = /\.([A-Za-z0-9]{1,10})$/.exec(filename)?.[1]?.toLowerCase();
  if (ext && !EXTENSIONS[kind].includes(ext))
    return `the file is named .${ext} but its content is ${kind.toUpperCase()}`;
  const declared = declaredType.split(';')[0].trim().toLowerCase();
  if (declared && declared !== 'application/octet-stream' && declared !== FILE_MEDIA_TYPES[kind]) {
    return `the file is declared as ${declared} but its content is ${kind.toUpperCase()}`;
  }
  return null;
}

interface DirectoryEntry {
  name: string;
  method: number;
  compressedSize: number;
  localOffset: number;
}

/**
 * The central directory of a ZIP from the last bytes of the file (`tail` ends at byte `size`): the end record, the
 * ZIP64 end record when the classic one overflows, then every entry. Null when it is not all within `tail`.
 */
function zipDirectory(tail: Buffer, size: number): DirectoryEntry[] | null {
  const tailStart = size - tail.length;
  const end = lastIndexOfSignature(tail, 0x06054b50, 22);
  if (end < 0) return null;
  let count = tail.readUInt16LE(end + 10);
  let dirSize = tail.readUInt32LE(end + 12);
  let dirOffset = tail.readUInt32LE(end + 16);
  if (count === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff) {
    const locator = end - 20;
    if (locator < 0 || tail.readUInt32LE(locator) !== 0x07064b50) return null;
    const record = Number(tail.readBigUInt64LE(locator + 8)) - tailStart;
    if (record < 0 || record + 56 > tail.length || tail.readUInt32LE(record) !== 0x06064b50) return null;
    count = Number(tail.readBigUInt64LE(record + 32));
    dirSize = Number(tail.readBigUInt64LE(record + 40));
    dirOffset = Number(tail.readBigUInt64LE(record + 48));
  }
  let at = dirOffset - tailStart;
  if (at < 0 || at + dirSize > tail.length) return null;
  const entries: DirectoryEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > tail.length || tail.readUInt32LE(at) !== 0x02014b50) return null;
    const nameLength = tail.readUInt16LE(at + 28);
    const extraLength = tail.readUInt16LE(at + 30);
    const commentLength = tail.readUInt16LE(at + 32);
    entries.push({
      name: tail.toString('utf8', at + 46, at + 46 + nameLength),
      method: tail.readUInt16LE(at + 10),
      compressedSize: tail.readUInt32LE(at + 20),
      localOffset: tail.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function lastIndexOfSignature(buffer: Buffer, signature: number, minimumLength: number): number {
  for (let i = buffer.length - minimumLength; i >= 0 && i >= buffer.length - minimumLength - 0xffff; i--) {
    if (buffer.readUInt32LE(i) === signature) return i;
  }
  return -1;
}

/**
 * The text of a small entry found in `head` or `tail`: undefined when it lies in neither (the parts list decides
 * alone then), null when it cannot be read (bad compression, or more than 1 MB unpacked — a ZIP bomb).
 */
function entryText(entry: DirectoryEntry, head: Buffer, tail: Buffer, size: number): string | null | undefined {
  const slice = (offset: number, length: number): Buffer | undefined => {
    if (offset + length <= head.length) return head.subarray(offset, offset + length);
    const tailStart = size - tail.length;
    if (offset >= tailStart && offset + length <= size)
      return tail.subarray(offset - tailStart, offset - tailStart + length);
    return undefined;
  };
  const local = slice(entry.localOffset, 30);
  if (!local || local.readUInt32LE(0) !== 0x04034b50) return undefined;
  const dataOffset = entry.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  const data = slice(dataOffset, entry.compressedSize);
  if (!data) return undefined;
  try {
    if (entry.method === 0) return data.toString('utf8');
    if (entry.method === 8) return inflateRawSync(data, { maxOutputLength: 1024 * 1024 }).toString('utf8');
    return null;
  } catch {
    return null;
  }
}
