;; WebAssembly SIMD kernels for the denoising loop's per-step float32 arithmetic.
;;
;; Why hand-written WebAssembly: the loop must round every operation to float32 exactly like torch
;; (so the schedulers stay bit-identical to diffusers). In JavaScript that is Math.fround after each
;; double operation, about 1-2 ns per value and operation; f32x4 is float32 arithmetic natively,
;; four lanes at a time, with the same IEEE rounding. No library offers these few loops.
;; Each kernel mirrors a JavaScript reference that stays in the TypeScript source (and in the tests):
;; every f32 operation here is the Math.fround(...) of one operation there, in the same order.
;; Pointers are byte offsets into the exported memory, 16-byte aligned; n is a count of floats.
;; Compiled to kernelsWasm.ts by scripts/build-wasm.mjs (wabt).
(module
  (memory (export "memory") 1)

  ;; PNDM's fourth-order step (diffusers' PNDMScheduler with four stored model outputs):
  ;; eps = k24 * ((((55 e3 - 59 e2) + 37 e1) - 9 e0)); out = sc * s - (diff * eps) / denom.
  (func (export "pndm4")
    (param $e0 i32) (param $e1 i32) (param $e2 i32) (param $e3 i32) (param $s i32) (param $out i32)
    (param $n i32) (param $sc f32) (param $diff f32) (param $denom f32) (param $k24 f32)
    (local $o i32) (local $vend i32) (local $end i32) (local $eps v128) (local $x f32)
    (local.set $vend (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $vdone
      (loop $vloop
        (br_if $vdone (i32.ge_u (local.get $o) (local.get $vend)))
        (local.set $eps
          (f32x4.mul (f32x4.splat (local.get $k24))
            (f32x4.sub
              (f32x4.add
                (f32x4.sub
                  (f32x4.mul (f32x4.splat (f32.const 55)) (v128.load (i32.add (local.get $e3) (local.get $o))))
                  (f32x4.mul (f32x4.splat (f32.const 59)) (v128.load (i32.add (local.get $e2) (local.get $o)))))
                (f32x4.mul (f32x4.splat (f32.const 37)) (v128.load (i32.add (local.get $e1) (local.get $o)))))
              (f32x4.mul (f32x4.splat (f32.const 9)) (v128.load (i32.add (local.get $e0) (local.get $o)))))))
        (v128.store (i32.add (local.get $out) (local.get $o))
          (f32x4.sub
            (f32x4.mul (f32x4.splat (local.get $sc)) (v128.load (i32.add (local.get $s) (local.get $o))))
            (f32x4.div (f32x4.mul (f32x4.splat (local.get $diff)) (local.get $eps))
                       (f32x4.splat (local.get $denom)))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $vloop)))
    (block $done
      (loop $loop
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $x
          (f32.mul (local.get $k24)
            (f32.sub
              (f32.add
                (f32.sub
                  (f32.mul (f32.const 55) (f32.load (i32.add (local.get $e3) (local.get $o))))
                  (f32.mul (f32.const 59) (f32.load (i32.add (local.get $e2) (local.get $o)))))
                (f32.mul (f32.const 37) (f32.load (i32.add (local.get $e1) (local.get $o)))))
              (f32.mul (f32.const 9) (f32.load (i32.add (local.get $e0) (local.get $o)))))))
        (f32.store (i32.add (local.get $out) (local.get $o))
          (f32.sub
            (f32.mul (local.get $sc) (f32.load (i32.add (local.get $s) (local.get $o))))
            (f32.div (f32.mul (local.get $diff) (local.get $x)) (local.get $denom))))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $loop))))

  ;; Classifier-free guidance: out = u + scale * (c - u).
  (func (export "guidance")
    (param $u i32) (param $c i32) (param $out i32) (param $n i32) (param $scale f32)
    (local $o i32) (local $vend i32) (local $end i32) (local $a v128) (local $x f32)
    (local.set $vend (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $vdone
      (loop $vloop
        (br_if $vdone (i32.ge_u (local.get $o) (local.get $vend)))
        (local.set $a (v128.load (i32.add (local.get $u) (local.get $o))))
        (v128.store (i32.add (local.get $out) (local.get $o))
          (f32x4.add (local.get $a)
            (f32x4.mul (f32x4.splat (local.get $scale))
              (f32x4.sub (v128.load (i32.add (local.get $c) (local.get $o))) (local.get $a)))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $vloop)))
    (block $done
      (loop $loop
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $x (f32.load (i32.add (local.get $u) (local.get $o))))
        (f32.store (i32.add (local.get $out) (local.get $o))
          (f32.add (local.get $x)
            (f32.mul (local.get $scale)
              (f32.sub (f32.load (i32.add (local.get $c) (local.get $o))) (local.get $x)))))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $loop))))

  ;; out = a x + b y (the schedulers' add_noise: sqrt(alpha) x0 + sqrt(1 - alpha) noise).
  (func (export "axpby")
    (param $x i32) (param $y i32) (param $out i32) (param $n i32) (param $a f32) (param $b f32)
    (local $o i32) (local $vend i32) (local $end i32)
    (local.set $vend (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $vdone
      (loop $vloop
        (br_if $vdone (i32.ge_u (local.get $o) (local.get $vend)))
        (v128.store (i32.add (local.get $out) (local.get $o))
          (f32x4.add
            (f32x4.mul (f32x4.splat (local.get $a)) (v128.load (i32.add (local.get $x) (local.get $o))))
            (f32x4.mul (f32x4.splat (local.get $b)) (v128.load (i32.add (local.get $y) (local.get $o))))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $vloop)))
    (block $done
      (loop $loop
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (f32.store (i32.add (local.get $out) (local.get $o))
          (f32.add
            (f32.mul (local.get $a) (f32.load (i32.add (local.get $x) (local.get $o))))
            (f32.mul (local.get $b) (f32.load (i32.add (local.get $y) (local.get $o))))))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $loop))))

  ;; DDIM's step for epsilon prediction without clipping (eta = 0):
  ;; x0 = (x - sb m) / sa; out = sap x0 + dc m.
  (func (export "ddimEpsilon")
    (param $x i32) (param $m i32) (param $out i32) (param $n i32)
    (param $sb f32) (param $sa f32) (param $sap f32) (param $dc f32)
    (local $o i32) (local $vend i32) (local $end i32) (local $vm v128) (local $fm f32)
    (local.set $vend (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $vdone
      (loop $vloop
        (br_if $vdone (i32.ge_u (local.get $o) (local.get $vend)))
        (local.set $vm (v128.load (i32.add (local.get $m) (local.get $o))))
        (v128.store (i32.add (local.get $out) (local.get $o))
          (f32x4.add
            (f32x4.mul (f32x4.splat (local.get $sap))
              (f32x4.div
                (f32x4.sub (v128.load (i32.add (local.get $x) (local.get $o)))
                           (f32x4.mul (f32x4.splat (local.get $sb)) (local.get $vm)))
                (f32x4.splat (local.get $sa))))
            (f32x4.mul (f32x4.splat (local.get $dc)) (local.get $vm))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $vloop)))
    (block $done
      (loop $loop
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $fm (f32.load (i32.add (local.get $m) (local.get $o))))
        (f32.store (i32.add (local.get $out) (local.get $o))
          (f32.add
            (f32.mul (local.get $sap)
              (f32.div
                (f32.sub (f32.load (i32.add (local.get $x) (local.get $o)))
                         (f32.mul (local.get $sb) (local.get $fm)))
                (local.get $sa)))
            (f32.mul (local.get $dc) (local.get $fm))))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $loop))))

  ;; DPM-Solver++'s predicted clean sample for epsilon prediction: out = (s - sigma m) / alpha.
  (func (export "dpmX0")
    (param $s i32) (param $m i32) (param $out i32) (param $n i32) (param $sigma f32) (param $alpha f32)
    (local $o i32) (local $vend i32) (local $end i32)
    (local.set $vend (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $vdone
      (loop $vloop
        (br_if $vdone (i32.ge_u (local.get $o) (local.get $vend)))
        (v128.store (i32.add (local.get $out) (local.get $o))
          (f32x4.div
            (f32x4.sub (v128.load (i32.add (local.get $s) (local.get $o)))
              (f32x4.mul (f32x4.splat (local.get $sigma)) (v128.load (i32.add (local.get $m) (local.get $o)))))
            (f32x4.splat (local.get $alpha))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $vloop)))
    (block $done
      (loop $loop
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (f32.store (i32.add (local.get $out) (local.get $o))
          (f32.div
            (f32.sub (f32.load (i32.add (local.get $s) (local.get $o)))
              (f32.mul (local.get $sigma) (f32.load (i32.add (local.get $m) (local.get $o)))))
            (local.get $alpha)))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $loop))))

  ;; DPM-Solver++ 2M's second-order update:
  ;; d1 = r (m0 - m1); out = (sc s - d0c m0) + d1c d1.
  (func (export "dpm2")
    (param $s i32) (param $m0 i32) (param $m1 i32) (param $out i32) (param $n i32)
    (param $r f32) (param $sc f32) (param $d0c f32) (param $d1c f32)
    (local $o i32) (local $vend i32) (local $end i32) (local $v0 v128) (local $f0 f32)
    (local.set $vend (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $vdone
      (loop $vloop
        (br_if $vdone (i32.ge_u (local.get $o) (local.get $vend)))
        (local.set $v0 (v128.load (i32.add (local.get $m0) (local.get $o))))
        (v128.store (i32.add (local.get $out) (local.get $o))
          (f32x4.add
            (f32x4.sub
              (f32x4.mul (f32x4.splat (local.get $sc)) (v128.load (i32.add (local.get $s) (local.get $o))))
              (f32x4.mul (f32x4.splat (local.get $d0c)) (local.get $v0)))
            (f32x4.mul (f32x4.splat (local.get $d1c))
              (f32x4.mul (f32x4.splat (local.get $r))
                (f32x4.sub (local.get $v0) (v128.load (i32.add (local.get $m1) (local.get $o))))))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $vloop)))
    (block $done
      (loop $loop
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $f0 (f32.load (i32.add (local.get $m0) (local.get $o))))
        (f32.store (i32.add (local.get $out) (local.get $o))
          (f32.add
            (f32.sub
              (f32.mul (local.get $sc) (f32.load (i32.add (local.get $s) (local.get $o))))
              (f32.mul (local.get $d0c) (local.get $f0)))
            (f32.mul (local.get $d1c)
              (f32.mul (local.get $r)
                (f32.sub (local.get $f0) (f32.load (i32.add (local.get $m1) (local.get $o))))))))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $loop))))

  ;; Decoded VAE output (planar C x H x W, 3 planes of $pixels floats) to interleaved 8-bit RGB like
  ;; diffusers' postprocess: round_half_even(clamp((x / 2 + 0.5) * 255, 0, 255)), x / 2 as x * 0.5
  ;; (the same float32 result). Returns 0, having written nothing useful, when a value is not finite.
  (func (export "toRgb8") (param $in i32) (param $out i32) (param $pixels i32) (result i32)
    (local $p i32) (local $vend i32) (local $c i32) (local $plane i32) (local $v v128) (local $b v128)
    (local $bad v128) (local $x f32) (local $dst i32)
    (local.set $plane (i32.shl (local.get $pixels) (i32.const 2)))
    (local.set $vend (i32.and (local.get $pixels) (i32.const -4)))
    (block $vdone
      (loop $vloop
        (br_if $vdone (i32.ge_u (local.get $p) (local.get $vend)))
        (local.set $c (i32.const 0))
        (loop $channels
          (local.set $v (v128.load (i32.add (local.get $in)
            (i32.add (i32.mul (local.get $c) (local.get $plane)) (i32.shl (local.get $p) (i32.const 2))))))
          (local.set $bad (v128.or (local.get $bad)
            (f32x4.ne (f32x4.sub (local.get $v) (local.get $v)) (f32x4.splat (f32.const 0)))))
          (local.set $b
            (i32x4.trunc_sat_f32x4_u
              (f32x4.nearest
                (f32x4.min (f32x4.splat (f32.const 255))
                  (f32x4.max (f32x4.splat (f32.const 0))
                    (f32x4.mul (f32x4.splat (f32.const 255))
                      (f32x4.add (f32x4.mul (local.get $v) (f32x4.splat (f32.const 0.5)))
                                 (f32x4.splat (f32.const 0.5)))))))))
          (local.set $dst (i32.add (local.get $out) (i32.add (i32.mul (local.get $p) (i32.const 3)) (local.get $c))))
          (i32.store8 (local.get $dst) (i32x4.extract_lane 0 (local.get $b)))
          (i32.store8 offset=3 (local.get $dst) (i32x4.extract_lane 1 (local.get $b)))
          (i32.store8 offset=6 (local.get $dst) (i32x4.extract_lane 2 (local.get $b)))
          (i32.store8 offset=9 (local.get $dst) (i32x4.extract_lane 3 (local.get $b)))
          (local.set $c (i32.add (local.get $c) (i32.const 1)))
          (br_if $channels (i32.lt_u (local.get $c) (i32.const 3))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $vloop)))
    (if (v128.any_true (local.get $bad)) (then (return (i32.const 0))))
    (block $done
      (loop $loop
        (br_if $done (i32.ge_u (local.get $p) (local.get $pixels)))
        (local.set $c (i32.const 0))
        (loop $channels
          (local.set $x (f32.load (i32.add (local.get $in)
            (i32.add (i32.mul (local.get $c) (local.get $plane)) (i32.shl (local.get $p) (i32.const 2))))))
          (if (f32.ne (f32.sub (local.get $x) (local.get $x)) (f32.const 0)) (then (return (i32.const 0))))
          (i32.store8 (i32.add (local.get $out) (i32.add (i32.mul (local.get $p) (i32.const 3)) (local.get $c)))
            (i32.trunc_sat_f32_u
              (f32.nearest
                (f32.min (f32.const 255)
                  (f32.max (f32.const 0)
                    (f32.mul (f32.const 255)
                      (f32.add (f32.mul (local.get $x) (f32.const 0.5)) (f32.const 0.5))))))))
          (local.set $c (i32.add (local.get $c) (i32.const 1)))
          (br_if $channels (i32.lt_u (local.get $c) (i32.const 3))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $loop)))
    (i32.const 1))

  ;; Euler ancestral's step for epsilon prediction:
  ;; x0 = x - sigma m; d = (x - x0) / sigma; out = (x + d dt) + noise sigmaUp.
  (func (export "eulerAncestralEpsilon")
    (param $x i32) (param $m i32) (param $noise i32) (param $out i32) (param $n i32)
    (param $sigma f32) (param $dt f32) (param $up f32)
    (local $o i32) (local $vend i32) (local $end i32) (local $vx v128) (local $fx f32)
    (local.set $vend (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $vdone
      (loop $vloop
        (br_if $vdone (i32.ge_u (local.get $o) (local.get $vend)))
        (local.set $vx (v128.load (i32.add (local.get $x) (local.get $o))))
        (v128.store (i32.add (local.get $out) (local.get $o))
          (f32x4.add
            (f32x4.add (local.get $vx)
              (f32x4.mul
                (f32x4.div
                  (f32x4.sub (local.get $vx)
                    (f32x4.sub (local.get $vx)
                      (f32x4.mul (f32x4.splat (local.get $sigma)) (v128.load (i32.add (local.get $m) (local.get $o))))))
                  (f32x4.splat (local.get $sigma)))
                (f32x4.splat (local.get $dt))))
            (f32x4.mul (v128.load (i32.add (local.get $noise) (local.get $o))) (f32x4.splat (local.get $up)))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $vloop)))
    (block $done
      (loop $loop
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $fx (f32.load (i32.add (local.get $x) (local.get $o))))
        (f32.store (i32.add (local.get $out) (local.get $o))
          (f32.add
            (f32.add (local.get $fx)
              (f32.mul
                (f32.div
                  (f32.sub (local.get $fx)
                    (f32.sub (local.get $fx)
                      (f32.mul (local.get $sigma) (f32.load (i32.add (local.get $m) (local.get $o))))))
                  (local.get $sigma))
                (local.get $dt)))
            (f32.mul (f32.load (i32.add (local.get $noise) (local.get $o))) (local.get $up))))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $loop))))

  ;; LCM's denoised sample for epsilon prediction without clipping:
  ;; x0 = (x - sb m) / sa; out = cOut x0 + cSkip x.
  (func (export "lcmEpsilon")
    (param $x i32) (param $m i32) (param $out i32) (param $n i32)
    (param $sb f32) (param $sa f32) (param $cout f32) (param $cskip f32)
    (local $o i32) (local $vend i32) (local $end i32) (local $vx v128) (local $fx f32)
    (local.set $vend (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $vdone
      (loop $vloop
        (br_if $vdone (i32.ge_u (local.get $o) (local.get $vend)))
        (local.set $vx (v128.load (i32.add (local.get $x) (local.get $o))))
        (v128.store (i32.add (local.get $out) (local.get $o))
          (f32x4.add
            (f32x4.mul (f32x4.splat (local.get $cout))
              (f32x4.div
                (f32x4.sub (local.get $vx)
                  (f32x4.mul (f32x4.splat (local.get $sb)) (v128.load (i32.add (local.get $m) (local.get $o)))))
                (f32x4.splat (local.get $sa))))
            (f32x4.mul (f32x4.splat (local.get $cskip)) (local.get $vx))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $vloop)))
    (block $done
      (loop $loop
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $fx (f32.load (i32.add (local.get $x) (local.get $o))))
        (f32.store (i32.add (local.get $out) (local.get $o))
          (f32.add
            (f32.mul (local.get $cout)
              (f32.div
                (f32.sub (local.get $fx)
                  (f32.mul (local.get $sb) (f32.load (i32.add (local.get $m) (local.get $o)))))
                (local.get $sa)))
            (f32.mul (local.get $cskip) (local.get $fx))))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $loop))))

  ;; 1 when every value is finite (x - x is 0 for finite x, NaN for NaN and infinities), else 0.
  (func (export "allFinite") (param $p i32) (param $n i32) (result i32)
    (local $o i32) (local $vend i32) (local $end i32) (local $bad v128) (local $v v128) (local $x f32)
    (local.set $vend (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $vdone
      (loop $vloop
        (br_if $vdone (i32.ge_u (local.get $o) (local.get $vend)))
        (local.set $v (v128.load (i32.add (local.get $p) (local.get $o))))
        (local.set $bad
          (v128.or (local.get $bad)
            (f32x4.ne (f32x4.sub (local.get $v) (local.get $v)) (f32x4.splat (f32.const 0)))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $vloop)))
    (if (v128.any_true (local.get $bad)) (then (return (i32.const 0))))
    (block $done
      (loop $loop
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $x (f32.load (i32.add (local.get $p) (local.get $o))))
        (if (f32.ne (f32.sub (local.get $x) (local.get $x)) (f32.const 0))
          (then (return (i32.const 0))))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $loop)))
    (i32.const 1))
)
