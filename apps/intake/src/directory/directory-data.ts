import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { LocalGovernmentKind } from '@jlis/contracts';

export interface DirectoryRow {
  code: string;
  prefecture: string;
  name: string;
  nameKana: string;
  kind: LocalGovernmentKind;
}

const RELATIVE = join('apps', 'intake', 'data', 'local-governments.csv');

/**
 * The shipped directory file. Found by walking up from this file to the folder holding apps/intake/data,
 * so it works from apps/intake/src (tests, ts-node) and from apps/intake/dist (the build) alike.
 */
export function directoryCsvPath(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, RELATIVE);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`intake: ${RELATIVE} not found above ${from}`);
  }
}

/** Parses the CSV (UTF-8, LF, header `code,prefecture,name,name_kana,kind`, no quoted fields). */
export function parseDirectoryCsv(text: string): DirectoryRow[] {
  const [header, ...lines] = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  if (header.trim() !== 'code,prefecture,name,name_kana,kind')
    throw new Error(`intake: unexpected directory header: ${header}`);
  return lines.map((line, i) => {
    const cells = line.split(',');
    if (cells.length !== 5) throw new Error(`intake: directory line ${i + 2} has ${cells.length} fields, expected 5`);
    const [code, prefecture, name, nameKana, kind] = cells.map((c) => c.trim());
    return { code, prefecture, name, nameKana, kind: kind as LocalGovernmentKind };
  });
}

export function readDirectory(path: string = directoryCsvPath()): DirectoryRow[] {
  return parseDirectoryCsv(readFileSync(path, 'utf8'));
}
