import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderMailSamples } from './mail-samples';

/** docs/mail-samples/ of the repository (this file is apps/notifications/src/mail/samples/). */
const DIR = join(__dirname, '..', '..', '..', '..', '..', 'docs', 'mail-samples');
const REGENERATE = 'run `npm run mail-samples` and commit docs/mail-samples/';

describe('docs/mail-samples', () => {
  const samples = renderMailSamples();

  it('holds one file per template and nothing else', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.txt'));
    const expected = samples.map((s) => s.file);
    if (JSON.stringify([...files].sort()) !== JSON.stringify([...expected].sort()))
      throw new Error(
        `docs/mail-samples/ has ${JSON.stringify(files)} but the templates render ${JSON.stringify(expected)}: ${REGENERATE}`,
      );
  });

  it.each(samples.map((s) => [s.file, s] as const))('%s is the letter the template sends', (file, sample) => {
    let committed: string;
    try {
      committed = readFileSync(join(DIR, file), 'utf8');
    } catch {
      throw new Error(`docs/mail-samples/${file} is missing: ${REGENERATE}`);
    }
    if (committed !== sample.text)
      throw new Error(`docs/mail-samples/${file} differs from what the template renders now: ${REGENERATE}`);
  });

  it('renders the same text on every run', () => {
    expect(renderMailSamples()).toEqual(samples);
  });
});
