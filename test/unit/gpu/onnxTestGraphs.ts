/**
 * Small ONNX graphs built in the tests with the same protobuf bindings the rewrite uses, and a
 * helper that moves a model's weights into an external file (as exports of large UNets do).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { onnx } from 'onnx-proto';

export interface ConvGraphOptions {
  inputChannels?: number;
  outputChannels?: number;
  opset?: number;
  irVersion?: number;
  group?: number;
  /** A second Conv uses the same weight (the rewrite must refuse). */
  sharedWeight?: boolean;
}

function floatTensor(
  name: string,
  dims: number[],
  values: (i: number) => number,
): onnx.TensorProto {
  const count = dims.reduce((a, b) => a * b, 1);
  const data = Float32Array.from({ length: count }, (_, i) => values(i));
  return onnx.TensorProto.create({
    name,
    dims,
    dataType: onnx.TensorProto.DataType.FLOAT,
    rawData: new Uint8Array(data.buffer),
  });
}

function valueInfo(name: string, dims: (number | string)[]): onnx.ValueInfoProto {
  return onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType: onnx.TensorProto.DataType.FLOAT,
        shape: {
          dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })),
        },
      },
    },
  });
}

/** x [batch, C, 8, 8] -> Conv 3x3 (padding 1) -> y; weights a smooth deterministic pattern. */
export function convModel(options: ConvGraphOptions = {}): Uint8Array {
  const c = options.inputChannels ?? 9;
  const o = options.outputChannels ?? 8;
  const group = options.group ?? 1;
  const attributes = [
    onnx.AttributeProto.create({
      name: 'pads',
      type: onnx.AttributeProto.AttributeType.INTS,
      ints: [1, 1, 1, 1],
    }),
    onnx.AttributeProto.create({
      name: 'group',
      type: onnx.AttributeProto.AttributeType.INT,
      i: group,
    }),
  ];
  const nodes = [
    onnx.NodeProto.create({
      name: 'conv',
      opType: 'Conv',
      input: ['x', 'w', 'b'],
      output: ['y'],
      attribute: attributes,
    }),
  ];
  const outputs = [valueInfo('y', ['batch', o, 8, 8])];
  if (options.sharedWeight) {
    nodes.push(
      onnx.NodeProto.create({
        name: 'conv2',
        opType: 'Conv',
        input: ['x', 'w'],
        output: ['y2'],
        attribute: attributes,
      }),
    );
    outputs.push(valueInfo('y2', ['batch', o, 8, 8]));
  }
  const graph = onnx.GraphProto.create({
    name: 'conv',
    node: nodes,
    input: [valueInfo('x', ['batch', c, 8, 8])],
    output: outputs,
    initializer: [
      floatTensor('w', [o, c / group, 3, 3], (i) => Math.sin(i * 0.37) * 0.3),
      floatTensor('b', [o], (i) => 0.1 * i),
    ],
  });
  return onnx.ModelProto.encode(
    onnx.ModelProto.create({
      irVersion: options.irVersion ?? 7,
      opsetImport: [{ domain: '', version: options.opset ?? 17 }],
      producerName: 'maskmedpaint-test',
      graph,
    }),
  ).finish();
}

/**
 * Writes `modelBytes` to `folder/model.onnx` with every float initializer of more than 64 values
 * moved into `folder/model.onnx_data`, like exporters do for models over 2 GB.
 */
export function writeWithExternalWeights(modelBytes: Uint8Array, folder: string): string {
  const model = onnx.ModelProto.decode(modelBytes);
  const chunks: Buffer[] = [];
  let offset = 0;
  for (const tensor of model.graph?.initializer ?? []) {
    const raw = tensor.rawData;
    if (tensor.dataType !== onnx.TensorProto.DataType.FLOAT || !raw || raw.length <= 256) continue;
    chunks.push(Buffer.from(raw));
    tensor.externalData = [
      { key: 'location', value: 'model.onnx_data' },
      { key: 'offset', value: String(offset) },
      { key: 'length', value: String(raw.length) },
    ];
    tensor.dataLocation = onnx.TensorProto.DataLocation.EXTERNAL;
    tensor.rawData = new Uint8Array(0);
    offset += raw.length;
  }
  writeFileSync(join(folder, 'model.onnx_data'), Buffer.concat(chunks));
  const path = join(folder, 'model.onnx');
  writeFileSync(path, onnx.ModelProto.encode(model).finish());
  return path;
}
