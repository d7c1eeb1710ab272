import { officeDocument, pngImage, zipArchive } from '@jlis/testing';
import { randomBytes } from 'node:crypto';
import { claimMismatch, officeMacros, SNIFF_HEAD_BYTES, SNIFF_TAIL_BYTES, sniffFileKind } from './file-kind';

/** The start and end of a file as the upload keeps them, with its size. */
const ends = (file: Buffer) =>
  [file.subarray(0, SNIFF_HEAD_BYTES), file.subarray(-SNIFF_TAIL_BYTES), file.length] as const;

describe('sniffFileKind', () => {
  it('decides PDF, PNG and JPEG from their magic numbers', async () => {
    expect(await sniffFileKind(Buffer.from('%PDF-1.7\n…'))).toBe('pdf');
    expect(await sniffFileKind(pngImage())).toBe('png');
    expect(await sniffFileKind(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
  });

  it('tells a DOCX from an XLSX by the ZIP entries, also when they show only in the central directory at the end', async () => {
    expect(await sniffFileKind(officeDocument('docx'))).toBe('docx');
    // The workbook's own header is neither in the first nor in the last bytes kept: only the directory names it.
    const xlsx = officeDocument('xlsx', {
      first: [{ name: 'docProps/thumbnail.jpeg', data: randomBytes(2 * SNIFF_HEAD_BYTES), stored: true }],
      extra: [{ name: 'xl/media/image1.png', data: randomBytes(SNIFF_TAIL_BYTES + 1024), stored: true }],
    });
    expect(await sniffFileKind(...ends(xlsx))).toBe('xlsx');
  });

  it('refuses a plain ZIP, text and an empty file', async () => {
    expect(await sniffFileKind(zipArchive([{ name: 'notes.txt', data: 'notes' }]))).toBeNull();
    expect(await sniffFileKind(Buffer.from('just text'))).toBeNull();
    expect(await sniffFileKind(Buffer.alloc(0))).toBeNull();
  });

  it('refuses a ZIP whose directory is cut off, and a PNG cut inside its chunks, as unrecognised', async () => {
    const docx = officeDocument('docx');
    expect(await sniffFileKind(docx.subarray(0, docx.length - 30))).toBeNull();
    expect(await sniffFileKind(pngImage().subarray(0, 12))).toBeNull();
  });
});

describe('officeMacros', () => {
  it('finds none in a plain DOCX or XLSX', () => {
    expect(officeMacros(officeDocument('docx'))).toBe(false);
    expect(officeMacros(officeDocument('xlsx'))).toBe(false);
  });

  it('finds the VBA project of a .docm or .xlsm, even one relabelled as a plain document', () => {
    expect(officeMacros(officeDocument('docm'))).toBe(true);
    expect(officeMacros(officeDocument('xlsm'))).toBe(true);
    expect(officeMacros(officeDocument('docm', { plainContentType: true }))).toBe(true);
  });

  it('finds a macro-enabled content type without a VBA part, and Excel 4.0 macro sheets', () => {
    expect(officeMacros(officeDocument('docm', { withoutVbaProject: true }))).toBe(true);
    const macroSheet = officeDocument('xlsx', { extra: [{ name: 'xl/macrosheets/sheet1.xml', data: '<xm/>' }] });
    expect(officeMacros(macroSheet)).toBe(true);
  });

  it('finds the VBA project when only the directory at the end shows it', () => {
    const docm = officeDocument('docm', {
      extra: [{ name: 'word/media/image1.png', data: randomBytes(SNIFF_TAIL_BYTES + 1024), stored: true }],
      first: [{ name: 'docProps/thumbnail.jpeg', data: randomBytes(2 * SNIFF_HEAD_BYTES), stored: true }],
    });
    expect(officeMacros(...ends(docm))).toBe(true);
  });
});

describe('claimMismatch', () => {
  it('accepts a matching or missing name and a generic declared type', () => {
    expect(claimMismatch('pdf', 'a.PDF', 'application/pdf')).toBeNull();
    expect(claimMismatch('jpeg', 'photo.jpg', 'application/octet-stream')).toBeNull();
    expect(claimMismatch('docx', 'noextension', '')).toBeNull();
  });

  it('names the disagreement when the name or declared type claims another type', () => {
    expect(claimMismatch('pdf', 'scan.png', 'application/pdf')).toContain('.png');
    expect(claimMismatch('pdf', 'scan.pdf', 'image/png')).toContain('image/png');
  });
});
