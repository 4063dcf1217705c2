"""Export of a (fine-tuned) Stable Diffusion pipeline to the ONNX folder layout MaskMedPaint loads."""
