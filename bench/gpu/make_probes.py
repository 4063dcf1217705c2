"""Single-operator ONNX graphs with fixed shapes that isolate what a 9-channel inpainting UNet does
differently from a 4-channel one (its first convolution takes 9 input channels), for
bench/gpu/providerCheck.ts to run on the CPU provider and a GPU provider side by side.
Usage: python bench/gpu/make_probes.py OUT_DIR
"""
import sys
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def conv(path: Path, cin: int, cout: int, size: int, kernel: int = 3) -> None:
    rng = np.random.default_rng(cin * 1000 + cout)
    weight = rng.standard_normal((cout, cin, kernel, kernel)).astype(np.float32) * 0.1
    bias = rng.standard_normal(cout).astype(np.float32) * 0.1
    pad = kernel // 2
    node = helper.make_node("Conv", ["x", "w", "b"], ["y"], pads=[pad] * 4, kernel_shape=[kernel, kernel])
    graph = helper.make_graph(
        [node], path.stem,
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, cin, size, size])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, cout, size, size])],
        [numpy_helper.from_array(weight, "w"), numpy_helper.from_array(bias, "b")],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, str(path))


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for cin, cout, size in ((4, 8, 8), (9, 8, 8), (9, 8, 64), (9, 320, 64), (12, 8, 8), (5, 8, 8), (1, 8, 8)):
        conv(out / f"conv_{cin}to{cout}_{size}px.onnx", cin, cout, size)


if __name__ == "__main__":
    main()
