import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recordWarningsAndErrors } from '../../../src/extension/logging/recordingLogger';

type Channel = Parameters<typeof recordWarningsAndErrors>[0];

/** Just enough of a LogOutputChannel: records what reaches it. */
function fakeChannel(): { channel: Channel; received: string[] } {
  const received: string[] = [];
  const channel = {
    name: 'fake',
    info: (message: string) => received.push(`info ${message}`),
    warn: (message: string) => received.push(`warn ${message}`),
    error: (error: string | Error) => received.push(`error ${String(error)}`),
    show: () => received.push('show'),
  } as unknown as Channel;
  return { channel, received };
}

test('forwards every call and records only warnings and errors', () => {
  const { channel, received } = fakeChannel();
  const { logger, recent } = recordWarningsAndErrors(channel);
  logger.info('hello');
  logger.warn('refused message', 'extra');
  logger.error(new Error('boom'));
  logger.show();
  assert.equal(logger.name, 'fake');
  assert.deepEqual(received, ['info hello', 'warn refused message', 'error Error: boom', 'show']);
  assert.deepEqual(recent(), ['warn: refused message extra', 'error: boom']);
});

test('keeps only the newest lines', () => {
  const { channel } = fakeChannel();
  const { logger, recent } = recordWarningsAndErrors(channel, 2);
  logger.warn('a');
  logger.warn('b');
  logger.warn('c');
  assert.deepEqual(recent(), ['warn: b', 'warn: c']);
});

test('tells the listener about each recorded line after the channel got it', () => {
  const { channel, received } = fakeChannel();
  const heard: string[] = [];
  const { logger } = recordWarningsAndErrors(channel, 10, (line) =>
    heard.push(`${line} (${received.length})`),
  );
  logger.info('quiet');
  logger.error('loud');
  assert.deepEqual(heard, ['error: loud (2)']);
});
