/**
 * Reads and writes ONNX model protobufs with the `onnx-proto` package (protobufjs bindings of
 * onnx.proto). Its schema is that of ONNX IR version 8; protobufjs drops fields it does not know
 * while decoding, so a model of a newer IR version could silently lose fields in a rewrite and is
 * refused. (A byte-length round-trip check cannot tell instead: protobufjs and ONNX's C++ writer
 * choose packed and unpacked encodings of repeated numbers differently, so equal models differ in
 * length.)
 */
import { onnx } from 'onnx-proto';

export type ModelProto = onnx.ModelProto;
export type GraphProto = onnx.IGraphProto;
export type NodeProto = onnx.INodeProto;
export type TensorProto = onnx.ITensorProto;

/** The newest IR version whose every field the bundled schema knows. */
export const SCHEMA_IR_VERSION: number = onnx.Version.IR_VERSION;

/** Why a model could not be decoded for a rewrite (the caller keeps the original). */
export class UnsupportedModelError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'UnsupportedModelError';
  }
}

/** Decodes `bytes`, refusing models whose fields the schema may not know. */
export function decodeModel(bytes: Uint8Array): ModelProto {
  let model: ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (error) {
    throw new UnsupportedModelError(`not an ONNX model: ${(error as Error).message}`);
  }
  const irVersion = int64(model.irVersion);
  if (irVersion > SCHEMA_IR_VERSION)
    throw new UnsupportedModelError(
      `the model has ONNX IR version ${irVersion}; this reader knows the fields of versions up to ${SCHEMA_IR_VERSION}`,
    );
  return model;
}

/** Encodes `model` as ONNX protobuf bytes. */
export function encodeModel(model: ModelProto): Uint8Array {
  return onnx.ModelProto.encode(model).finish();
}

/**
 * An int64 field as a number: protobufjs gives `Long` objects (typed loosely by the bindings) or
 * numbers; an absent field is 0.
 */
export function int64(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'object' && value !== null && 'toNumber' in value) {
    const toNumber: unknown = value.toNumber;
    if (typeof toNumber === 'function') return Number(toNumber.call(value));
  }
  return 0;
}

/** The opset version of the default ONNX domain the model imports. */
export function defaultOpset(model: ModelProto): number {
  const entry = (model.opsetImport ?? []).find((o) => o.domain === '' || o.domain == null);
  return int64(entry?.version);
}

export { onnx };
