import { randomBytes } from 'node:crypto';
import { crc32, deflateRawSync, deflateSync } from 'node:zlib';

/**
 * Real, minimal files for upload tests: the gateway decides a file's type from its bytes (the `file-type` library
 * and the ZIP directory of Office files), so fixtures must be well-formed, not just carry a magic number.
 */

export interface ZipEntry {
  name: string;
  data: Buffer | string;
  /** Stored (no compression) instead of deflated, e.g. to make an entry take a known number of bytes. */
  stored?: boolean;
}

/** A ZIP archive: local headers and data, then the central directory and its end record. */
export function zipArchive(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const raw = Buffer.isBuffer(entry.data) ? entry.data : Buffer.from(entry.data, 'utf8');
    const data = entry.stored ? raw : deflateRawSync(raw);
    const name = Buffer.from(entry.name, 'utf8');
    const fields = { method: entry.stored ? 0 : 8, crc: crc32(raw), compressed: data.length, size: raw.length };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(fields.method, 8);
    local.writeUInt32LE(fields.crc, 14);
    local.writeUInt32LE(fields.compressed, 18);
    local.writeUInt32LE(fields.size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(fields.method, 10);
    central.writeUInt32LE(fields.crc, 16);
    central.writeUInt32LE(fields.compressed, 20);
    central.writeUInt32LE(fields.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    directory.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const dir = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

export type OfficeKind = 'docx' | 'xlsx' | 'docm' | 'xlsm';

const MAIN: Record<OfficeKind, { part: string; type: string }> = {
  docx: {
    part: 'word/document.xml',
    type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
  },
  docm: { part: 'word/document.xml', type: 'application/vnd.ms-word.document.macroEnabled.main+xml' },
  xlsx: { part: 'xl/workbook.xml', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml' },
  xlsm: { part: 'xl/workbook.xml', type: 'application/vnd.ms-excel.sheet.macroEnabled.main+xml' },
};

export interface OfficeOptions {
  /** Extra entries after the main part (e.g. a large stored one, so later names show only in the directory). */
  extra?: ZipEntry[];
  /** Entries placed before everything else. */
  first?: ZipEntry[];
  /** Leave the VBA project out of a macro-enabled kind (only its content type then says so). */
  withoutVbaProject?: boolean;
  /** Keep the VBA project but declare the macro-free content type (a .docm renamed and relabelled). */
  plainContentType?: boolean;
}

/**
 * An Office Open XML package shaped like Word or Excel writes it: `[Content_Types].xml`, the package
 * relationships, the main part and, for the macro-enabled kinds, `vbaProject.bin` with its content type.
 */
export function officeDocument(kind: OfficeKind, options: OfficeOptions = {}): Buffer {
  const main = MAIN[kind];
  const folder = main.part.split('/')[0];
  const macro = kind === 'docm' || kind === 'xlsm';
  const vba = macro && !options.withoutVbaProject;
  const mainType = options.plainContentType ? MAIN[kind === 'docm' ? 'docx' : 'xlsx'].type : main.type;
  const contentTypes =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    (vba ? '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>' : '') +
    `<Override PartName="/${main.part}" ContentType="${mainType}"/></Types>`;
  const rels =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="${main.part}"/>` +
    '</Relationships>';
  const body =
    folder === 'word'
      ? '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>様式</w:t></w:r></w:p></w:body></w:document>'
      : '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>';
  return zipArchive([
    ...(options.first ?? []),
    { name: '[Content_Types].xml', data: contentTypes },
    { name: '_rels/.rels', data: rels },
    { name: main.part, data: body },
    ...(vba ? [{ name: `${folder}/vbaProject.bin`, data: randomBytes(512) }] : []),
    ...(options.extra ?? []),
  ]);
}

/** A small well-formed PNG (one grey pixel): signature, IHDR, IDAT, IEND. */
export function pngImage(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed));
    return Buffer.concat([length, typed, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0);
  header.writeUInt32BE(1, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from([0, 0x80]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
