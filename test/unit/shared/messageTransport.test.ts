import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Envelope, ProtocolGuards } from '../../../src/shared/messageTransport';
import { RequestChannel } from '../../../src/shared/requestChannel';
import { type Handlers, RequestServer } from '../../../src/shared/requestServer';

/** A small protocol: `add` answers a sum and reports each term; `wait` waits to be cancelled. */
type Toy = {
  add: { params: number[]; result: number; progress: number };
  wait: { params: null; result: string; progress: never };
};

const isNumber = (v: unknown): v is number => typeof v === 'number';
const guards: ProtocolGuards<Toy> = {
  add: {
    params: (v): v is number[] => Array.isArray(v) && v.every(isNumber),
    result: isNumber,
    progress: isNumber,
  },
  wait: {
    params: (v): v is null => v === null,
    result: (v): v is string => typeof v === 'string',
    progress: (_v): _v is never => false,
  },
};

/** Both ends in one process, every envelope delivered on a later turn as over a real channel. */
function connect(handlers: Handlers<Toy>): {
  channel: RequestChannel<Toy>;
  sent: Envelope[];
  answered: Envelope[];
} {
  const sent: Envelope[] = [];
  const answered: Envelope[] = [];
  const later = (deliver: () => void): void => void Promise.resolve().then(deliver);
  const server: RequestServer<Toy> = new RequestServer(guards, handlers, (envelope) => {
    answered.push(envelope);
    later(() => channel.receive(envelope));
  });
  const channel: RequestChannel<Toy> = new RequestChannel(guards, (envelope) => {
    sent.push(envelope);
    later(() => server.receive(envelope));
  });
  return { channel, sent, answered };
}

/** A wait handler that ends only when cancelled, recording that it ran. */
function waiting(ran: string[], onStart: () => void = () => undefined): Handlers<Toy>['wait'] {
  return (_params, { signal }) =>
    new Promise((_resolve, reject) => {
      ran.push('wait');
      signal.addEventListener('abort', () => reject(new DOMException('stop', 'AbortError')));
      onStart();
    });
}

const add: Handlers<Toy>['add'] = (terms, { progress }) => {
  for (const term of terms) progress(term);
  return Promise.resolve(terms.reduce((a, b) => a + b, 0));
};

describe('message transport', () => {
  it('answers a request by its id, with its progress in between', async () => {
    const { channel, sent, answered } = connect({ add, wait: waiting([]) });
    const seen: number[] = [];
    assert.equal(await channel.request('add', [1, 2, 3], { onProgress: (p) => seen.push(p) }), 6);
    assert.deepEqual(seen, [1, 2, 3]);
    const id = (sent[0] as { id: number }).id;
    assert.ok(answered.every((e) => 'replyTo' in e && e.replyTo === id));
    assert.equal(channel.size, 0);
  });

  it('a failure keeps its name; bad params and unknown methods are refused by the server', async () => {
    const { channel, answered } = connect({
      add: () => Promise.reject(Object.assign(new Error('no model'), { name: 'ModelFolderError' })),
      wait: waiting([]),
    });
    await assert.rejects(channel.request('add', [1]), {
      name: 'ModelFolderError',
      message: 'no model',
    });
    await assert.rejects(
      channel.request('add', ['x'] as unknown as number[]),
      /malformed params for "add"/,
    );
    assert.equal(answered.filter((e) => e.kind === 'failure').length, 2);
    const posted: Envelope[] = [];
    const server = new RequestServer<Toy>(guards, { add, wait: waiting([]) }, (e) =>
      posted.push(e),
    );
    assert.ok(server.receive({ kind: 'request', id: 7, method: 'explode', params: [] }));
    // Names an own or inherited member of the handlers object that is not a method of the protocol.
    const extended = new RequestServer<Toy>(
      guards,
      Object.assign({ add, wait: waiting([]) }, { dispose: add }),
      (e) => posted.push(e),
    );
    assert.ok(extended.receive({ kind: 'request', id: 8, method: 'dispose', params: [] }));
    assert.ok(extended.receive({ kind: 'request', id: 9, method: 'toString', params: [] }));
    assert.deepEqual(
      posted.slice(1).map((e) => e.kind === 'failure' && e.error.message),
      ['unknown method "dispose"', 'unknown method "toString"'],
    );
    posted.splice(1);
    assert.deepEqual(posted, [
      {
        kind: 'failure',
        replyTo: 7,
        error: { name: 'TypeError', message: 'unknown method "explode"' },
      },
    ]);
    assert.equal(server.receive({ kind: 'reply', replyTo: 7, result: 1 }), false);
  });

  it('a malformed answer is refused by the channel, not handed to the caller', async () => {
    const { channel } = connect({
      add: () => Promise.resolve('six' as unknown as number),
      wait: waiting([]),
    });
    await assert.rejects(channel.request('add', [1]), /malformed reply to "add"/);
  });

  it('cancel fires the running handler signal; a request cancelled while queued never runs', async () => {
    const ran: string[] = [];
    let started: () => void = () => undefined;
    const firstStarted = new Promise<void>((resolve) => (started = resolve));
    const { channel, sent } = connect({ add, wait: waiting(ran, () => started()) });
    const first = new AbortController();
    const second = new AbortController();
    const running = channel.request('wait', null, { signal: first.signal });
    const queued = channel.request('wait', null, { signal: second.signal });
    second.abort();
    await firstStarted;
    first.abort();
    await assert.rejects(running, { name: 'AbortError' });
    await assert.rejects(queued, { name: 'AbortError' });
    assert.deepEqual(ran, ['wait'], 'requests run one at a time; the queued one was skipped');
    assert.equal(sent.filter((e) => e.kind === 'cancel').length, 2);
    await assert.rejects(channel.request('wait', null, { signal: first.signal }), {
      name: 'AbortError',
    });
  });

  it('keeps unanswered requests so they can be sent again, or failed', async () => {
    const sent: Envelope[] = [];
    const channel = new RequestChannel<Toy>(guards, (e) => sent.push(e));
    const pending = channel.request('add', [4, 5]);
    const [request] = channel.inFlight();
    assert.deepEqual(request, { id: 1, method: 'add', cancelled: false });
    channel.resend(1);
    assert.deepEqual(sent[1], sent[0], 'the same request, the same id');
    channel.receive({ kind: 'reply', replyTo: 1, result: 9 });
    assert.equal(await pending, 9);
    const failing = channel.request('add', [1]);
    channel.failAll(new Error('the other end stopped'));
    await assert.rejects(failing, /the other end stopped/);
    assert.equal(channel.receive({ kind: 'notice', notice: 'ready' }), false);
  });
});
