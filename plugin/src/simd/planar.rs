//! Planar channels one register at a time: the loop every register kernel shares.

use super::lanes::LANES;
use super::reg::Reg;

/// The widest register a kernel runs on, in f32 lanes ([`super::pair::Quad`] of AVX2
/// registers).
const MAX_WIDTH: usize = 32;

/// What [`each_register`] runs on each register of pixels.
///
/// A trait, not a closure: a closure written in a function without the target features would
/// not inherit them, and every register operation in it would become a call.
pub trait RegKernel<V: Reg> {
    fn run(&self, rgb: [V; 3]) -> [V; 3];
}

/// Runs `kernel` over the pixels of three planar channels, one register of `V` at a time, in
/// place: whole registers straight from and to the channels, the remainder padded with zeros
/// (the padding's results are dropped).
///
/// # Safety
/// The processor must support `V`'s instruction set.
#[inline(always)]
pub unsafe fn each_register<V: Reg>(
    r: &mut [f32],
    g: &mut [f32],
    b: &mut [f32],
    kernel: &impl RegKernel<V>,
) {
    let width = V::BLOCKS * LANES;
    assert!(width <= MAX_WIDTH, "a register of {width} lanes");
    let n = r.len().min(g.len()).min(b.len());
    let whole = n - n % width;
    for start in (0..whole).step_by(width) {
        let at = start..start + width;
        let out = kernel.run([
            V::load(&r[at.clone()]),
            V::load(&g[at.clone()]),
            V::load(&b[at.clone()]),
        ]);
        out[0].store(&mut r[at.clone()]);
        out[1].store(&mut g[at.clone()]);
        out[2].store(&mut b[at]);
    }
    if whole == n {
        return;
    }
    let mut padded = [[0.0f32; MAX_WIDTH]; 3];
    for (lanes, channel) in padded.iter_mut().zip([&*r, &*g, &*b]) {
        lanes[..n - whole].copy_from_slice(&channel[whole..n]);
    }
    let out = kernel.run([
        V::load(&padded[0]),
        V::load(&padded[1]),
        V::load(&padded[2]),
    ]);
    for ((lanes, value), channel) in padded.iter_mut().zip(out).zip([r, g, b]) {
        value.store(lanes);
        channel[whole..n].copy_from_slice(&lanes[..n - whole]);
    }
}

/// What [`each_register_of`] runs on each register of one channel's values.
pub trait RegKernel1<V: Reg> {
    fn run(&self, x: V) -> V;
}

/// [`each_register`] for one channel: runs `kernel` over `values` in place, one register at a
/// time, the remainder padded with zeros.
///
/// Why a loop of its own: a per-channel step (a tone curve) written as its own short loop lets
/// the processor overlap the dependent chains of successive registers, which one long loop body
/// over all the steps of a transform does not.
///
/// # Safety
/// The processor must support `V`'s instruction set.
#[inline(always)]
pub unsafe fn each_register_of<V: Reg>(values: &mut [f32], kernel: &impl RegKernel1<V>) {
    let width = V::BLOCKS * LANES;
    assert!(width <= MAX_WIDTH, "a register of {width} lanes");
    let n = values.len();
    let whole = n - n % width;
    for start in (0..whole).step_by(width) {
        let at = start..start + width;
        kernel
            .run(V::load(&values[at.clone()]))
            .store(&mut values[at]);
    }
    if whole == n {
        return;
    }
    let mut padded = [0.0f32; MAX_WIDTH];
    padded[..n - whole].copy_from_slice(&values[whole..n]);
    kernel.run(V::load(&padded)).store(&mut padded);
    values[whole..n].copy_from_slice(&padded[..n - whole]);
}
