import { ensureSystemDeps, missingDeps, SYSTEM_DEPS } from './lib/system-deps';

describe('system-deps', () => {
  it('lists each Debian package once, with what proves it is installed and who needs it', () => {
    const names = SYSTEM_DEPS.map((d) => d.package);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(['fonts-ipaexfont-gothic', 'poppler-utils']));
    for (const dep of SYSTEM_DEPS) {
      expect(!!dep.file !== !!dep.binary).toBe(true);
      expect(dep.for.length).toBeGreaterThan(5);
    }
  });

  it('finds what is missing by its file or its binary on PATH', () => {
    const deps = [
      { package: 'surely-absent', file: '/nonexistent/font.ttf', for: 'a test' },
      { package: 'nodejs', binary: 'node', for: 'a test' },
      { package: 'no-such-tool', binary: 'no-such-tool-jlis', for: 'a test' },
    ];
    expect(missingDeps(deps).map((d) => d.package)).toEqual(['surely-absent', 'no-such-tool']);
  });

  it('does nothing when everything is there (the suite runs after it installed the real list)', () => {
    expect(missingDeps()).toEqual([]);
    expect(ensureSystemDeps({ log: () => undefined })).toEqual([]);
  });
});
