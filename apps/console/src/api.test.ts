import { afterEach, describe, expect, it, vi } from 'vitest';
import { PortalProblem, settled, uploadTransport } from './api';

afterEach(() => vi.unstubAllGlobals());

/** An XMLHttpRequest that uploads in two halves and answers 201. */
class FakeXhr {
  static last: FakeXhr;
  upload: { onprogress?: (e: { lengthComputable: boolean; loaded: number; total: number }) => void } = {};
  onload?: () => void;
  onerror?: () => void;
  status = 0;
  statusText = '';
  response: ArrayBuffer = new ArrayBuffer(0);
  responseType = '';
  method = '';
  url = '';
  headers: Record<string, string> = {};
  sent?: ArrayBuffer;
  constructor() {
    FakeXhr.last = this;
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  getAllResponseHeaders() {
    return 'content-type: application/json\r\nx-request-id: r-1\r\n';
  }
  send(body: ArrayBuffer) {
    this.sent = body;
    this.upload.onprogress?.({ lengthComputable: true, loaded: body.byteLength / 2, total: body.byteLength });
    this.status = 201;
    this.response = new TextEncoder().encode('{"id":"s-1"}').buffer;
    this.onload?.();
  }
}

describe('uploadTransport', () => {
  it('sends the request the client built and reports the bytes sent', async () => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    const progress: number[] = [];
    const sut = uploadTransport((fraction) => progress.push(fraction));
    const answer = await sut(
      new Request('http://gw.test/api/v1/applications/x/submissions', {
        method: 'POST',
        headers: { authorization: 'Bearer t' },
        body: 'abcd',
      }),
    );
    expect([FakeXhr.last.method, FakeXhr.last.url, FakeXhr.last.headers.authorization]).toEqual([
      'POST',
      'http://gw.test/api/v1/applications/x/submissions',
      'Bearer t',
    ]);
    expect(FakeXhr.last.sent?.byteLength).toBe(4);
    expect(progress).toEqual([0.5, 1]);
    expect([answer.status, answer.headers.get('x-request-id'), await answer.json()]).toEqual([
      201,
      'r-1',
      { id: 's-1' },
    ]);
  });
});

describe('settled', () => {
  const problem = (code: string) =>
    new PortalProblem(409, { type: 'about:blank', title: '', status: 409, code, detail: '', requestId: 'r' });

  it('tries again while a service has not yet heard of what was just done, and not otherwise', async () => {
    vi.useFakeTimers();
    let calls = 0;
    const pending = settled(async () => {
      calls += 1;
      if (calls < 3) throw problem('PRECONDITION_NOT_YET_KNOWN');
      return 'done';
    });
    await vi.runAllTimersAsync();
    expect(await pending).toBe('done');
    expect(calls).toBe(3);

    let other = 0;
    const refused = settled(async () => {
      other += 1;
      throw problem('SUBMISSION_AWAITING_REVIEW');
    });
    await expect(refused).rejects.toMatchObject({ code: 'SUBMISSION_AWAITING_REVIEW' });
    expect(other).toBe(1);
    vi.useRealTimers();
  });
});
