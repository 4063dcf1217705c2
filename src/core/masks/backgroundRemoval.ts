/**
 * Key-region proposals from a background-removal model (the authors used BRIA RMBG-1.4 for birds
 * and camera traps): foreground = key region. RMBG-1.4's interface, read from its model card and
 * utilities: input float32 [1,3,S,S] with pixel / 255 - 0.5, output [1,1,S,S] foreground
 * probability, min-max normalised before use. Sizes come from the session (1024 when dynamic).
 */
import { floatTensor, toFloat32, type InferenceModel } from '../backend/tensor';
import { toBitDepth, toChannels } from '../image/pixelFormat';
import type { BinaryMask, RawImage } from '../image/rawImage';
import { resizeExact } from '../image/resize';
import { dilateSquare } from './squareDilate';

export interface ProposalOptions {
  /** Foreground probability (after min-max normalisation) counted as key region, 0..1 (default 0.5). */
  threshold?: number;
  /** Square dilation to keep a margin, e.g. { kernel: 11, iterations: 3 } for camera traps. */
  dilate?: { kernel: number; iterations: number };
}

const DEFAULT_SIZE = 1024;

/**
 * Anything that proposes key-region masks: {@link BackgroundRemover} where the graph is loaded,
 * or a proxy for one hosted in the inference worker (src/worker/remoteBackgroundRemover.ts).
 */
export interface MaskProposer {
  propose(image: RawImage, options?: ProposalOptions): Promise<BinaryMask>;
}

/** Runs a background-removal graph on images and returns binary key-region masks. */
export class BackgroundRemover implements MaskProposer {
  private readonly inputName: string;
  private readonly inputDtype: string;
  private readonly size: [number, number];

  constructor(private readonly model: InferenceModel) {
    const input = model.inputs[0];
    if (model.inputs.length !== 1 || input === undefined || input.shape.length !== 4) {
      throw new Error(
        `a background-removal model takes one [1,3,H,W] image; this one has inputs ${model.inputs.map((i) => `${i.name}[${i.shape.join(',')}]`).join(', ')}`,
      );
    }
    this.inputName = input.name;
    this.inputDtype = input.dtype;
    const [h, w] = [input.shape[2], input.shape[3]];
    this.size = [
      typeof w === 'number' && w > 0 ? w : DEFAULT_SIZE,
      typeof h === 'number' && h > 0 ? h : DEFAULT_SIZE,
    ];
  }

  /** Foreground probability as an 8-bit grey image at the image's size (0 = background, 255 = foreground). */
  async probability(image: RawImage): Promise<RawImage> {
    const [width, height] = this.size;
    const rgb = await resizeExact(toBitDepth(toChannels(image, 3), 8), width, height, 'linear');
    const plane = width * height;
    const values = new Float32Array(3 * plane);
    for (let p = 0; p < plane; p++)
      for (let c = 0; c < 3; c++) values[c * plane + p] = rgb.data[p * 3 + c] / 255 - 0.5;
    const results = await this.model.run({
      [this.inputName]: floatTensor(this.inputDtype, [1, 3, height, width], values),
    });
    const outputName = this.model.outputs[0]?.name ?? Object.keys(results)[0];
    const output = outputName === undefined ? undefined : results[outputName];
    if (output === undefined) throw new Error('the background-removal model produced no output');
    const [oh, ow] = output.dims.slice(-2) as [number, number];
    if (output.dims.length < 2 || oh * ow !== output.data.length) {
      throw new Error(
        `background-removal output has shape [${output.dims.join(',')}], expected [1,1,H,W]`,
      );
    }
    const probs = toFloat32(output);
    let min = Infinity;
    let max = -Infinity;
    for (const v of probs) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    const span = max - min;
    const grey = new Uint8Array(probs.length);
    // A constant output carries no foreground information; min-max would divide by zero.
    if (span > 0)
      for (let i = 0; i < probs.length; i++) grey[i] = Math.round(((probs[i] - min) / span) * 255);
    const map: RawImage = { width: ow, height: oh, channels: 1, bitDepth: 8, data: grey };
    return resizeExact(map, image.width, image.height, 'linear');
  }

  /** The proposed key region (foreground) of `image`, at its size. */
  async propose(image: RawImage, options: ProposalOptions = {}): Promise<BinaryMask> {
    const threshold = options.threshold ?? 0.5;
    if (!(threshold > 0 && threshold < 1))
      throw new Error(`threshold must be between 0 and 1, got ${threshold}`);
    const map = await this.probability(image);
    const cut = threshold * 255;
    const data = new Uint8Array(map.width * map.height);
    for (let i = 0; i < data.length; i++) data[i] = map.data[i] >= cut ? 1 : 0;
    const mask: BinaryMask = { width: map.width, height: map.height, data };
    return options.dilate
      ? dilateSquare(mask, options.dilate.kernel, options.dilate.iterations)
      : mask;
  }

  async dispose(): Promise<void> {
    await this.model.release();
  }
}
