/**
 * The inference worker: a child process (forked by WorkerClient, bundled to dist/worker.js) that
 * hosts onnxruntime-node so a native crash or a long synchronous session.run never touches the
 * CLI's event loop. It is a generic engine host: any engine whose registry descriptor says it runs
 * here, plus background removal and the provider comparison of `models check`. It answers one
 * request at a time, in arrival order, and keeps loaded sessions between requests.
 */
import { type Envelope, isEnvelope } from '../shared/messageTransport';
import { RequestServer } from '../shared/requestServer';
import type { WorkerNotice, WorkerProtocol } from '../shared/workerProtocol';
import { isClientNotice, WORKER_GUARDS } from '../shared/workerProtocolGuards';
import { workerHandlers } from './requestHandlers';

function post(envelope: Envelope): void {
  process.send?.(envelope);
}

const handlers = workerHandlers();
const server = new RequestServer<WorkerProtocol>(WORKER_GUARDS, handlers, post);

/** Finishes the requests already received, releases every session, exits. */
async function shutdown(): Promise<void> {
  await server.idle();
  await handlers.dispose();
  process.exit(0);
}

process.on('message', (message: unknown) => {
  if (!isEnvelope(message)) return;
  if (message.kind === 'notice') {
    if (isClientNotice(message.notice)) void shutdown();
    return;
  }
  server.receive(message);
});
// The parent going away (crash, kill) must not leave an orphan holding a GPU.
process.on('disconnect', () => process.exit(0));
const ready: WorkerNotice = { type: 'ready', pid: process.pid };
post({ kind: 'notice', notice: ready });
