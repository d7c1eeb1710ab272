import { claimMismatch, sniffFileKind } from './object-store';

const zip = (entry: string) =>
  Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(26), Buffer.from(entry, 'latin1')]);

describe('sniffFileKind', () => {
  it('decides PDF, PNG and JPEG from their magic numbers', () => {
    expect(sniffFileKind(Buffer.from('%PDF-1.7\n…'))).toBe('pdf');
    expect(sniffFileKind(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('png');
    expect(sniffFileKind(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
  });

  it('tells a DOCX from an XLSX by the ZIP entries, also when they show only in the central directory at the end', () => {
    expect(sniffFileKind(zip('[Content_Types].xmlword/document.xml'))).toBe('docx');
    expect(sniffFileKind(zip('[Content_Types].xml'), Buffer.from('PK\x01\x02 xl/workbook.xml', 'latin1'))).toBe('xlsx');
  });

  it('refuses a plain ZIP, text and an empty file', () => {
    expect(sniffFileKind(zip('notes.txt'))).toBeNull();
    expect(sniffFileKind(Buffer.from('just text'))).toBeNull();
    expect(sniffFileKind(Buffer.alloc(0))).toBeNull();
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
