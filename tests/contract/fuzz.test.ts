// 1,000 malformed or unauthorised WebSocket messages and HTTP requests: each gets an error reply, the server stays up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import WebSocket from 'ws';
import { startTestHall, testTokens, wsClient } from './host-kit';
import { commands } from '../../shared/contract';

type Hall = Awaited<ReturnType<typeof startTestHall>>;
let hall: Hall;
beforeAll(async () => {
  hall = await startTestHall();
});
afterAll(async () => {
  await hall.stop();
});

const commandNames = Object.keys(commands);
const mutating = commandNames.filter((n) => commands[n as keyof typeof commands].mutates);

// Frames that must never succeed: not JSON, not an invoke frame, unknown commands, inputs that fail the schema,
// mutating commands from a display token.
const badFrame = fc.oneof(
  fc.string({ maxLength: 200 }).filter((s) => { try { JSON.parse(s); return false; } catch { return true; } }),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)).filter((s) => { const v = JSON.parse(s) as { type?: unknown }; return typeof v !== 'object' || v === null || v.type !== 'invoke'; }),
  fc.record({ type: fc.constant('invoke'), id: fc.oneof(fc.string(), fc.double(), fc.constant(-1)), command: fc.constantFrom(...commandNames) }).map((f) => JSON.stringify(f)),
  fc.record({ type: fc.constant('invoke'), id: fc.integer({ min: 1_000_000, max: 9_000_000 }), command: fc.string({ minLength: 1, maxLength: 40 }).filter((s) => !commandNames.includes(s)), input: fc.jsonValue({ maxDepth: 2 }) }).map((f) => JSON.stringify(f)),
  fc.record({ type: fc.constant('invoke'), id: fc.integer({ min: 1_000_000, max: 9_000_000 }), command: fc.constantFrom('settings.set', 'session.signIn', 'session.setupAdmin', 'operators.create'), input: fc.oneof(fc.jsonValue({ maxDepth: 2 }).filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)), fc.record({ lang: fc.integer(), pin: fc.array(fc.nat()) })) }).map((f) => JSON.stringify(f)),
  fc.record({ type: fc.constant('invoke'), id: fc.integer({ min: 1_000_000, max: 9_000_000 }), command: fc.constantFrom(...mutating), input: fc.constant({}) }).map((f) => JSON.stringify(f)),
);

describe('fuzzing the network edge', () => {
  it('600 malformed WebSocket frames from a display screen each get an error reply; the socket stays usable', async () => {
    const client = await wsClient(hall.server.url, testTokens[2].secret);
    const frames = fc.sample(badFrame, { numRuns: 600, seed: 135 });
    let errors = 0;
    let successes = 0;
    client.ws.on('message', (data) => {
      const f = JSON.parse(data.toString()) as { type: string; ok?: boolean };
      if (f.type !== 'reply') return;
      if (f.ok) successes++;
      else errors++;
    });
    for (const frame of frames) client.sendRaw(frame);
    const health = await client.invoke('system.health', {});
    await new Promise((r) => setTimeout(r, 200));
    expect(successes).toBe(1); // the health call only
    expect(errors).toBe(frames.length);
    expect(health).toMatchObject({ type: 'reply', ok: true });
    // Refusals of well-formed calls are logged with the principal, so an operator can see who sent them.
    const refusals = hall.log.lines.filter((l) => l.msg === 'command refused');
    expect(refusals.length).toBeGreaterThan(100);
    expect(refusals.every((l) => l.fields?.principal === 'wall')).toBe(true);
    client.close();
  });

  it('binary frames and oversized frames get errors, not a crash', async () => {
    const client = await wsClient(hall.server.url, testTokens[0].secret);
    client.sendRaw(Buffer.from([0, 1, 2, 3]));
    await new Promise((r) => setTimeout(r, 100));
    expect(client.orphans.some((f) => f.type === 'reply' && !f.ok && f.error.code === 'BAD_REQUEST')).toBe(true);
    client.close();
    const big = await wsClient(hall.server.url, testTokens[0].secret);
    const closed = new Promise<number>((r) => big.ws.once('close', (code) => r(code)));
    big.sendRaw('x'.repeat(1_100_000));
    expect(await closed).toBe(1009); // "message too big"
    const after = await wsClient(hall.server.url, testTokens[0].secret);
    expect(await after.invoke('system.health', {})).toMatchObject({ ok: true });
    after.close();
  });

  it('300 unauthorised or malformed HTTP requests each get a JSON error with a code and a message', async () => {
    const base = hall.server.url;
    const auth = { authorization: `Bearer ${testTokens[0].secret}` };
    const display = { authorization: `Bearer ${testTokens[2].secret}` };
    const requests = fc.sample(
      fc.oneof(
        fc.record({ path: fc.constantFrom('/api/v1/health', '/', '/ws', '/api/v1/nothing'), headers: fc.constantFrom({}, { authorization: 'Bearer wrong-token-wrong-token' }, { authorization: 'Basic abc' }), method: fc.constantFrom('GET', 'POST'), body: fc.constant(undefined) }),
        fc.record({ path: fc.stringMatching(/^\/api\/v[0-9]\/[a-z/]{0,20}$/), headers: fc.constant(auth), method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'), body: fc.constant(undefined) }),
        fc.record({ path: fc.constant('/api/v1/health'), headers: fc.constant({ ...auth, 'content-type': 'application/json' }), method: fc.constant('POST'), body: fc.string({ maxLength: 50 }) }),
        fc.record({ path: fc.constant('/api/v1/health'), headers: fc.constant(display), method: fc.constantFrom('PUT', 'DELETE'), body: fc.constant(undefined) }),
        fc.record({ path: fc.stringMatching(/^\/(\.\.\/)+[a-z]{1,8}$/), headers: fc.constant(auth), method: fc.constant('GET'), body: fc.constant(undefined) }),
      ),
      { numRuns: 300, seed: 5 },
    );
    const statuses = new Map<number, number>();
    for (const r of requests) {
      const res = await fetch(base + r.path, { method: r.method, headers: r.headers as Record<string, string>, body: r.body as string | undefined });
      const text = await res.text();
      expect(res.status, `${r.method} ${r.path} -> ${res.status}`).toBeGreaterThanOrEqual(400);
      const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
      expect(typeof body.error?.code).toBe('string');
      expect(String(body.error?.message).length).toBeGreaterThan(10);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }
    expect([...statuses.keys()].sort()).toEqual(expect.arrayContaining([401, 404]));
    const health = await fetch(`${base}/api/v1/health`, { headers: auth });
    expect(health.status).toBe(200);
  });

  it('100 WebSocket upgrades without a valid token are refused and nothing is served to them', async () => {
    let refused = 0;
    for (let i = 0; i < 100; i++) {
      const token = i % 3 === 0 ? '' : i % 3 === 1 ? 'not-a-token' : `${testTokens[0].secret}x`;
      const path = i % 5 === 0 ? '/elsewhere' : '/ws';
      const ws = new WebSocket(`${hall.server.url.replace('http', 'ws')}${path}?token=${token}`);
      await new Promise<void>((resolve) => {
        ws.once('unexpected-response', (_req, res) => {
          if (res.statusCode === 401) refused++;
          resolve();
        });
        ws.once('open', () => resolve());
        ws.once('error', () => resolve());
      });
      ws.terminate();
    }
    expect(refused).toBe(100);
    const ok = await wsClient(hall.server.url, testTokens[1].secret);
    expect(await ok.invoke('system.health', {})).toMatchObject({ ok: true });
    ok.close();
  });
});
