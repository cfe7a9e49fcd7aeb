import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createSwfHandlers } from '../../src/msw/index.js';
import { StubService } from './support/stub-service.js';

const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('msw handlers', () => {
  test('let requests without an SWF target fall through to other handlers', async () => {
    server.use(
      ...createSwfHandlers(new StubService()),
      http.post('https://example.test/other', () => HttpResponse.json({ handledBy: 'other' })),
    );
    const response = await fetch('https://example.test/other', { method: 'POST', body: '{}' });
    expect(await response.json()).toEqual({ handledBy: 'other' });
  });

  test('answer SWF requests on any URL', async () => {
    server.use(...createSwfHandlers(new StubService()));
    const response = await fetch('https://swf.fake.example/', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'SimpleWorkflowService.RecordActivityTaskHeartbeat',
      },
      body: JSON.stringify({ taskToken: 'token-cancel' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-amzn-requestid')).toBeTruthy();
    expect(await response.json()).toEqual({ cancelRequested: true });
  });
});
