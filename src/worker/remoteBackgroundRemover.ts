/**
 * A background-removal model hosted in the inference worker, behind the same interface as one
 * loaded here ({@link MaskProposer}): images go over, masks come back, the session stays loaded.
 */
import type { BinaryMask, RawImage } from '../core/image/rawImage';
import type { MaskProposer, ProposalOptions } from '../core/masks/backgroundRemoval';
import type { ExecutionProviderPreference } from '../shared/recipe';
import type { BackendInfo } from '../shared/workerProtocol';
import type { WorkerClient } from './client';

export class RemoteBackgroundRemover implements MaskProposer {
  constructor(
    private readonly client: WorkerClient,
    private readonly model: string,
    private readonly executionProvider: ExecutionProviderPreference,
  ) {}

  /** Loads (and checks) the model in the worker; returns where it runs. */
  load(): Promise<BackendInfo> {
    return this.client.request('loadBackgroundRemover', {
      model: this.model,
      executionProvider: this.executionProvider,
    });
  }

  propose(image: RawImage, options: ProposalOptions = {}): Promise<BinaryMask> {
    // Only the proposal settings cross: the caller's options may carry callbacks and signals.
    return this.client.request('removeBackground', {
      model: this.model,
      executionProvider: this.executionProvider,
      image,
      ...(options.threshold !== undefined ? { threshold: options.threshold } : {}),
      ...(options.dilate ? { dilate: options.dilate } : {}),
    });
  }
}
