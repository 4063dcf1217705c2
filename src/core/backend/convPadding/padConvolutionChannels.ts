/**
 * The graph edit that lets onnxruntime-node 1.30's WebGPU provider run an inpainting UNet: its
 * Conv kernels compute 9 input channels wrongly but 12 correctly (bench/results/gpu-h200.md), so
 * every Conv with 9 input channels gets its weight zero-padded to 12 input channels and a Pad
 * node in front that appends three zero channels to its input. Zero weights times zero inputs add
 * nothing, so the result is the original convolution's. The graph's inputs and outputs do not
 * change: the engine feeds the same 9-channel sample, and the padding happens on the device.
 */
import {
  decodeModel,
  defaultOpset,
  encodeModel,
  type GraphProto,
  int64,
  type NodeProto,
  onnx,
  type TensorProto,
  UnsupportedModelError,
} from './onnxModelCodec';
import { floatElementSize, floatTensorBytes } from './tensorBytes';

/** Input-channel counts: the one the provider gets wrong and the one it gets right. */
export interface ChannelPadding {
  from: number;
  to: number;
}

/** What the rewrite did. */
export interface PaddedModel {
  bytes: Uint8Array;
  /** The Conv nodes that now see padded inputs (their names, or their outputs when unnamed). */
  convolutions: string[];
}

/** Pads 9 input channels to 12: the case onnxruntime-node 1.30's WebGPU provider gets wrong. */
export const NINE_TO_TWELVE: ChannelPadding = { from: 9, to: 12 };

/**
 * Rewrites every Conv of `modelBytes` with `padding.from` input channels. `modelFolder` resolves
 * external weight files; the padded weights are stored inline, the others keep their references.
 * Throws {@link UnsupportedModelError} for graphs the rewrite does not cover (nothing changed).
 */
export function padConvolutionChannels(
  modelBytes: Uint8Array,
  modelFolder?: string,
  padding: ChannelPadding = NINE_TO_TWELVE,
): PaddedModel {
  const model = decodeModel(modelBytes);
  const graph = model.graph;
  if (!graph) throw new UnsupportedModelError('the model has no graph');
  const names = new Set(allNames(graph));
  const fresh = (base: string): string => {
    let name = base;
    for (let i = 1; names.has(name); i++) name = `${base}_${i}`;
    names.add(name);
    return name;
  };
  const opset = defaultOpset(model);
  const convolutions: string[] = [];
  const nodes = [...(graph.node ?? [])];
  for (const conv of [...nodes]) {
    if (conv.opType !== 'Conv' || (conv.domain ?? '') !== '') continue;
    const weight = weightInitializer(graph, conv);
    if (!weight || int64(weight.dims?.[1]) !== padding.from) continue;
    checkCovered(graph, conv, weight);
    padWeight(weight, padding, modelFolder);
    dropValueInfo(graph, [conv.input?.[1] ?? '', weight.name ?? '']);
    const rank = weight.dims?.length ?? 4;
    const input = conv.input?.[0] ?? '';
    const padded = fresh(`${input}_padded_to_${padding.to}_channels`);
    const pads = Array<number>(2 * rank).fill(0);
    pads[rank + 1] = padding.to - padding.from;
    const pad = padNode(fresh(`${conv.name || padded}_channel_pad`), input, padded, pads, opset);
    if (pad.initializer) {
      pad.initializer.name = fresh(pad.initializer.name ?? 'pads');
      pad.node.input = [input, pad.initializer.name];
      graph.initializer = [...(graph.initializer ?? []), pad.initializer];
    }
    nodes.splice(nodes.indexOf(conv), 0, pad.node);
    conv.input = [padded, ...(conv.input ?? []).slice(1)];
    convolutions.push(conv.name || (conv.output?.[0] ?? 'Conv'));
  }
  if (convolutions.length === 0)
    throw new UnsupportedModelError(
      `no Conv with ${padding.from} input channels and an initializer weight`,
    );
  graph.node = nodes;
  return { bytes: encodeModel(model), convolutions };
}

function allNames(graph: GraphProto): string[] {
  const fromNodes = (graph.node ?? []).flatMap((n) => [
    n.name ?? '',
    ...(n.input ?? []),
    ...(n.output ?? []),
  ]);
  const fromValues = [...(graph.input ?? []), ...(graph.output ?? []), ...(graph.valueInfo ?? [])];
  return [
    ...fromNodes,
    ...fromValues.map((v) => v.name ?? ''),
    ...(graph.initializer ?? []).map((t) => t.name ?? ''),
  ];
}

/** The weight initializer of a Conv: the initializer itself or the source of one Cast before it. */
function weightInitializer(graph: GraphProto, conv: NodeProto): TensorProto | undefined {
  const name = conv.input?.[1];
  if (!name) return undefined;
  const initializers = graph.initializer ?? [];
  const direct = initializers.find((t) => t.name === name);
  if (direct) return direct;
  const producer = (graph.node ?? []).find((n) => n.output?.includes(name));
  if (producer?.opType !== 'Cast') return undefined;
  return initializers.find((t) => t.name === producer.input?.[0]);
}

/** Refuses shapes of graph the padding would change in ways it does not account for. */
function checkCovered(graph: GraphProto, conv: NodeProto, weight: TensorProto): void {
  const group = (conv.attribute ?? []).find((a) => a.name === 'group');
  if (group && int64(group.i) !== 1)
    throw new UnsupportedModelError(`Conv ${conv.name ?? ''} is a grouped convolution`);
  const weightName = conv.input?.[1] ?? '';
  const consumers = (name: string): NodeProto[] =>
    (graph.node ?? []).filter((n) => n.input?.includes(name));
  const shared =
    consumers(weightName).length !== 1 ||
    (weight.name !== weightName && consumers(weight.name ?? '').length !== 1);
  if (shared)
    throw new UnsupportedModelError(
      `the weight of Conv ${conv.name ?? ''} is shared with other nodes`,
    );
  if ((graph.input ?? []).some((i) => i.name === weight.name))
    throw new UnsupportedModelError(`the weight ${weight.name ?? ''} is also a graph input`);
}

/** Zero-pads the input-channel axis (axis 1) of an [O, C, ...kernel] weight, inline. */
function padWeight(weight: TensorProto, padding: ChannelPadding, folder: string | undefined): void {
  const bytes = floatTensorBytes(weight, folder);
  const dims = (weight.dims ?? []).map(int64);
  const elementSize = floatElementSize(weight.dataType) ?? 4;
  const kernel = dims.slice(2).reduce((a, b) => a * b, 1) * elementSize;
  const before = padding.from * kernel;
  const after = padding.to * kernel;
  const out = Buffer.alloc(dims[0] * after); // zero-filled: the padded channels stay 0
  for (let o = 0; o < dims[0]; o++) bytes.copy(out, o * after, o * before, (o + 1) * before);
  weight.dims = [dims[0], padding.to, ...dims.slice(2)];
  weight.rawData = out;
  weight.floatData = [];
  weight.int32Data = [];
  weight.doubleData = [];
  weight.externalData = [];
  weight.dataLocation = onnx.TensorProto.DataLocation.DEFAULT;
}

/** Shapes recorded for the weight are now wrong; onnxruntime infers them again. */
function dropValueInfo(graph: GraphProto, names: string[]): void {
  graph.valueInfo = (graph.valueInfo ?? []).filter((v) => !names.includes(v.name ?? ''));
}

/** A constant-mode Pad (pads as an attribute before opset 11, as an int64 input from 11 on). */
function padNode(
  name: string,
  input: string,
  output: string,
  pads: number[],
  opset: number,
): { node: NodeProto; initializer?: TensorProto } {
  const mode = onnx.AttributeProto.create({
    name: 'mode',
    type: onnx.AttributeProto.AttributeType.STRING,
    s: Buffer.from('constant'),
  });
  if (opset < 11) {
    const attribute = onnx.AttributeProto.create({
      name: 'pads',
      type: onnx.AttributeProto.AttributeType.INTS,
      ints: pads,
    });
    return {
      node: onnx.NodeProto.create({
        name,
        opType: 'Pad',
        input: [input],
        output: [output],
        attribute: [mode, attribute],
      }),
    };
  }
  const initializer = onnx.TensorProto.create({
    name: `${name}_pads`,
    dims: [pads.length],
    dataType: onnx.TensorProto.DataType.INT64,
    rawData: Buffer.from(BigInt64Array.from(pads.map(BigInt)).buffer),
  });
  return {
    node: onnx.NodeProto.create({
      name,
      opType: 'Pad',
      input: [input],
      output: [output],
      attribute: [mode],
    }),
    initializer,
  };
}
