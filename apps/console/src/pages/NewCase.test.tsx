import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NewCase } from './NewCase';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('NewCase (A-1)', () => {
  it("shows the refusal's Japanese message next to the field it names, tied to it for screen readers", async () => {
    const answer = {
      type: 'urn:jlis:problem:validation-failed',
      title: 'Bad Request',
      status: 400,
      code: 'VALIDATION_FAILED',
      detail: 'Invalid request: check contact.email.',
      requestId: 'r-1',
      errors: [{ field: 'contact.email', message: 'メールアドレスの形式が正しくありません / not an e-mail' }],
    };
    const fetch = vi.fn(
      async (_request: Request) =>
        new Response(JSON.stringify(answer), { status: 400, headers: { 'content-type': 'application/problem+json' } }),
    );
    vi.stubGlobal('fetch', fetch);
    render(<NewCase identity={{ sub: 'a', role: 'applicant', org: '131016' }} />);
    fireEvent.click(screen.getByRole('button', { name: '依頼を送信する' }));

    const email = screen.getByLabelText('メールアドレス');
    const message = await screen.findByText('メールアドレスの形式が正しくありません');
    expect(email.getAttribute('aria-invalid')).toBe('true');
    expect(email.getAttribute('aria-describedby')).toContain(message.id);
    expect(screen.getByRole('alert').textContent).toBe('入力内容を確認してください。');
    // The request went through the typed client, with an Idempotency-Key.
    const request = fetch.mock.calls[0][0];
    expect(request.url).toMatch(/\/api\/v1\/applications$/);
    expect(request.headers.get('idempotency-key')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
