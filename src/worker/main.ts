/**
 * The inference worker: a child process (forked by WorkerClient, bundled to dist/worker.js) that
 * hosts onnxruntime-node so a native crash or a long synchronous session.run never touches the
 * extension host or the CLI's event loop. It hosts the diffusion engine and the plain inpainters
 * (migan, lama), runs one job at a time and keeps the last model of each loaded between jobs.
 */
import { inpaintSource } from '../core/engines/diffusion/inpaintImage';
import { InpaintPipeline } from '../core/engines/diffusion/pipeline';
import type {
  BackendInfo,
  FromWorkerMessage,
  GenerateJob,
  ToWorkerMessage,
  WireImage,
} from '../shared/workerProtocol';
import { isToWorkerMessage } from '../shared/workerProtocol';
import { disposePlainEngine, runPlainJob } from './plainHost';

let pipeline: InpaintPipeline | undefined;
let pipelineKey = '';
const cancels = new Map<number, AbortController>();
let queue: Promise<void> = Promise.resolve();

function send(message: FromWorkerMessage): void {
  process.send?.(message);
}

async function pipelineFor(job: GenerateJob): Promise<InpaintPipeline> {
  const key = `${job.modelDir}\n${job.executionProvider}`;
  if (pipeline && pipelineKey === key) return pipeline;
  await pipeline?.dispose();
  pipeline = new InpaintPipeline(job.modelDir, { executionProvider: job.executionProvider });
  pipelineKey = key;
  return pipeline;
}

/** Diffusion: the pipeline's progress is forwarded as it comes; returns the images and backend. */
async function runDiffusionJob(
  jobId: number,
  job: GenerateJob,
  signal: AbortSignal,
): Promise<{ images: WireImage[]; backend: BackendInfo }> {
  const active = await pipelineFor(job);
  const generator = inpaintSource(active, { ...job }, signal);
  let next = await generator.next();
  while (!next.done) {
    send({ type: 'progress', jobId, progress: next.value });
    next = await generator.next();
  }
  const model = await active.load();
  return {
    images: next.value,
    backend: { executionProvider: model.executionProvider, fallbacks: model.fallbacks },
  };
}

async function runJob(jobId: number, job: GenerateJob, controller: AbortController): Promise<void> {
  try {
    const engine = job.engine ?? 'diffusion';
    const { images, backend } =
      engine === 'diffusion'
        ? await runDiffusionJob(jobId, job, controller.signal)
        : await runPlainJob(engine, job, controller.signal, (progress) =>
            send({ type: 'progress', jobId, progress }),
          );
    send({
      type: 'result',
      jobId,
      images,
      backend: {
        ...backend,
        workerPid: process.pid,
        // resourceUsage().maxRSS is in kilobytes.
        peakRssBytes: process.resourceUsage().maxRSS * 1024,
      },
    });
  } catch (error) {
    const err = error instanceof Error ? error : new Error(String(error));
    send({ type: 'failed', jobId, error: { name: err.name, message: err.message } });
  } finally {
    cancels.delete(jobId);
  }
}

function handle(message: ToWorkerMessage): void {
  switch (message.type) {
    case 'generate': {
      const controller = new AbortController();
      cancels.set(message.jobId, controller);
      queue = queue.then(() => runJob(message.jobId, message.job, controller));
      break;
    }
    case 'cancel':
      cancels.get(message.jobId)?.abort();
      break;
    case 'shutdown':
      void queue.then(async () => {
        await pipeline?.dispose();
        await disposePlainEngine();
        process.exit(0);
      });
      break;
    default: {
      const unreachable: never = message;
      throw new Error(`unhandled message ${JSON.stringify(unreachable)}`);
    }
  }
}

process.on('message', (message: unknown) => {
  if (isToWorkerMessage(message)) handle(message);
});
// The parent going away (crash, kill) must not leave an orphan holding a GPU.
process.on('disconnect', () => process.exit(0));
send({ type: 'ready', pid: process.pid });
