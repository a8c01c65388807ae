//! The ACES 1.x output transforms, forward and inverse, exact per step (aces-dev v1.0 … v1.3.1
//! CTL) and matched to OpenColorIO 2.6's ACES 1.x built-ins:
//!
//! * the Reference Rendering Transform (ACES2065-1 → OCES) and its inverse;
//! * the SDR Output Device Transforms (OCES → display code values) and their inverses;
//! * the 1.0.x HDR Output Device Transforms (OCES → PQ code values) and their inverses;
//! * the single-stage HDR output transforms (`RRTODT`, ACES2065-1 → display code values, the RRT
//!   included) and their inverses;
//! * a display encoding alone (the ACESutil PQ and HLG conversions).
//!
//! The pixel path runs in f32 as OpenColorIO does; tone-scale coefficients are expanded in f64.

mod hdr_odt;
#[cfg(target_arch = "x86_64")]
mod inverse_registers;
mod matrix;
mod odt;
mod presets;
#[cfg(target_arch = "x86_64")]
mod registers;
mod rrt;
mod rrt_then;
mod rrtodt;
mod spline;

use std::sync::Arc;

use crate::aces::output2::Eotf;
use crate::ops::Op;
use crate::simd::lanes::{F8, LANES};

pub use hdr_odt::HdrOdt;
pub use odt::Odt;
pub use presets::{
    hdr_odt_preset, odt_preset, rrtodt_preset, DisplayEncoding, HdrOdtPreset, OdtPreset,
    RrtOdtPreset, HDR_ODT_ENCODING, HDR_ODT_PRESETS, ODT_PRESETS, P3_DCI, RRTODT_PRESETS,
};
pub use rrt::Rrt;
pub use rrt_then::RrtThen;
pub use rrtodt::RrtOdt;
pub use spline::HdrToneVersion;
use spline::ToneStage;

/// The display-linear grey (0 to 1 from cinema black to white) that the RRT and a 48-nit cinema
/// ODT show for an ACES grey, in f64 (for tables derived from ACES 1.x). Greys pass the RRT's and
/// ODT's matrices, glow and red modifier unchanged, so only the two tone scales act on them.
pub fn cinema_grey_f64(aces: f64) -> f64 {
    let rrt = spline::rrt_params();
    let mut odt = spline::odt_48nits_params();
    // The ODT's knots at the RRT's outputs, here in f64 too.
    for (point, stops) in [
        (&mut odt.min, -6.5),
        (&mut odt.mid, 0.0),
        (&mut odt.max, 6.5),
    ] {
        point.x = rrt.forward_f64(0.18 * 2f64.powf(stops));
    }
    let (white, black) = (48.0, 48.0 / 2400.0);
    let luminance = odt.forward_f64(rrt.forward_f64(aces));
    ((luminance - black) / (white - black)).clamp(0.0, 1.0)
}

/// One ACES 1.x output stage.
// Built once per op and shared behind an Arc, so the variants' sizes do not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum OutputTransform1 {
    /// ACES2065-1 to OCES.
    Rrt(Rrt),
    /// OCES to display code values.
    Odt(Odt),
    /// OCES to PQ code values (the 1.0.x HDR ODTs).
    HdrOdt(HdrOdt),
    /// ACES2065-1 to display code values (HDR, single stage).
    RrtOdt(RrtOdt),
    /// Display-linear values to code values, nothing else (ACESutil's PQ and HLG conversions).
    Encoding(DisplayEncoding),
    /// ACES2065-1 to display code values through the RRT and an SDR ODT (the optimiser's join
    /// of the two).
    RrtThenOdt(RrtThen<Odt>),
    /// ACES2065-1 to PQ code values through the RRT and a 1.0.x HDR ODT.
    RrtThenHdrOdt(RrtThen<HdrOdt>),
}

impl OutputTransform1 {
    /// The display encoding, for the stages that end on a display.
    pub fn encoding(&self) -> Option<DisplayEncoding> {
        match self {
            OutputTransform1::Rrt(_) => None,
            OutputTransform1::Odt(o) => Some(o.preset.encoding),
            OutputTransform1::HdrOdt(_) => Some(HDR_ODT_ENCODING),
            OutputTransform1::RrtOdt(o) => Some(o.preset.encoding),
            OutputTransform1::Encoding(e) => Some(*e),
            OutputTransform1::RrtThenOdt(o) => Some(o.odt.preset.encoding),
            OutputTransform1::RrtThenHdrOdt(_) => Some(HDR_ODT_ENCODING),
        }
    }

    /// The stage's input to its display-linear output (OCES for the RRT).
    pub fn forward_linear(&self, rgb: [f32; 3]) -> [f32; 3] {
        match self {
            OutputTransform1::Rrt(r) => r.forward(rgb),
            OutputTransform1::Odt(o) => o.forward(rgb),
            OutputTransform1::HdrOdt(o) => o.forward(rgb),
            OutputTransform1::RrtOdt(o) => o.forward(rgb),
            OutputTransform1::Encoding(_) => rgb,
            OutputTransform1::RrtThenOdt(o) => o.forward(rgb),
            OutputTransform1::RrtThenHdrOdt(o) => o.forward(rgb),
        }
    }

    /// Display-linear (OCES for the RRT) back to the stage's input.
    pub fn inverse_linear(&self, rgb: [f32; 3]) -> [f32; 3] {
        match self {
            OutputTransform1::Rrt(r) => r.inverse(rgb),
            OutputTransform1::Odt(o) => o.inverse(rgb),
            OutputTransform1::HdrOdt(o) => o.inverse(rgb),
            OutputTransform1::RrtOdt(o) => o.inverse(rgb),
            OutputTransform1::Encoding(_) => rgb,
            OutputTransform1::RrtThenOdt(o) => o.rrt.inverse(o.odt.inverse(rgb)),
            OutputTransform1::RrtThenHdrOdt(o) => o.rrt.inverse(o.odt.inverse(rgb)),
        }
    }

    /// Forward, display encoding included.
    pub fn forward(&self, rgb: [f32; 3]) -> [f32; 3] {
        let linear = self.forward_linear(rgb);
        match self.encoding() {
            Some(e) => encode(e, linear),
            None => linear,
        }
    }

    /// Inverse, from display code values.
    pub fn inverse(&self, rgb: [f32; 3]) -> [f32; 3] {
        let linear = match self.encoding() {
            Some(e) => decode(e, rgb),
            None => rgb,
        };
        self.inverse_linear(linear)
    }
}

impl OutputTransform1 {
    /// [`Self::forward`] on eight pixels (the encoding alone per pixel). The display encoding
    /// runs on the lanes too: within 1e-6 of the scalar path's.
    #[inline(always)]
    fn forward8(&self, rgb: [F8; 3]) -> [F8; 3] {
        let linear = match self {
            OutputTransform1::Rrt(r) => r.forward_stage8(rgb),
            OutputTransform1::Odt(o) => o.forward_stage8(rgb),
            OutputTransform1::HdrOdt(o) => o.forward_stage8(rgb),
            OutputTransform1::RrtOdt(o) => o.forward_stage8(rgb),
            OutputTransform1::RrtThenOdt(o) => o.odt.forward_stage8(o.rrt.forward_stage8(rgb)),
            OutputTransform1::RrtThenHdrOdt(o) => o.odt.forward_stage8(o.rrt.forward_stage8(rgb)),
            OutputTransform1::Encoding(_) => {
                let mut out = rgb;
                for i in 0..LANES {
                    let v = self.forward_linear([rgb[0].0[i], rgb[1].0[i], rgb[2].0[i]]);
                    for c in 0..3 {
                        out[c].0[i] = v[c];
                    }
                }
                out
            }
        };
        match self.encoding() {
            Some(e) => {
                let scale = e.scale as f32;
                e.eotf.encode8(matrix::map3(linear, |v| v * scale))
            }
            None => linear,
        }
    }

    /// Planar channels through [`Self::forward8`], eight at a time (the rest padded).
    #[inline(always)]
    fn forward_blocks(&self, r: &mut [f32], g: &mut [f32], b: &mut [f32]) {
        let n = r.len().min(g.len()).min(b.len());
        let whole = n / LANES * LANES;
        // Whole groups by fixed-size copies (a copy of variable length is a memcpy call).
        for start in (0..whole).step_by(LANES) {
            let end = start + LANES;
            let lanes = [
                F8(r[start..end].try_into().unwrap_or([0.0; LANES])),
                F8(g[start..end].try_into().unwrap_or([0.0; LANES])),
                F8(b[start..end].try_into().unwrap_or([0.0; LANES])),
            ];
            let out = self.forward8(lanes);
            r[start..end].copy_from_slice(&out[0].0);
            g[start..end].copy_from_slice(&out[1].0);
            b[start..end].copy_from_slice(&out[2].0);
        }
        if whole < n {
            let mut lanes = [F8::splat(0.0); 3];
            for (lane, channel) in lanes.iter_mut().zip([&*r, &*g, &*b]) {
                lane.0[..n - whole].copy_from_slice(&channel[whole..n]);
            }
            let out = self.forward8(lanes);
            for (channel, lane) in [&mut *r, &mut *g, &mut *b].into_iter().zip(out) {
                channel[whole..n].copy_from_slice(&lane.0[..n - whole]);
            }
        }
    }

    /// [`Self::forward_blocks`] compiled for AVX2+FMA, on AVX-512 registers where the
    /// processor has them.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    fn forward_blocks_avx2(&self, r: &mut [f32], g: &mut [f32], b: &mut [f32]) {
        // SAFETY: AVX2 and FMA are here (this function's target features), AVX-512 where
        // `has_avx512` detected it.
        unsafe { self.forward_registers(crate::simd::has_avx512(), r, g, b) }
    }

    /// Every stage with a tone scale in registers (see `registers.rs`): two AVX-512 registers
    /// at a time when `wide`, four AVX2 ones otherwise.
    ///
    /// # Safety
    /// The processor must support AVX2 and FMA, and AVX-512 F, VL, DQ and BW when `wide`.
    #[cfg(target_arch = "x86_64")]
    unsafe fn forward_registers(&self, wide: bool, r: &mut [f32], g: &mut [f32], b: &mut [f32]) {
        let encoding = self.encoding().map(|e| (e.scale as f32, e.eotf));
        // SAFETY: as this function's contract.
        unsafe {
            match self {
                OutputTransform1::Rrt(s) => registers::run(wide, s, encoding, r, g, b),
                OutputTransform1::Odt(s) => registers::run(wide, s, encoding, r, g, b),
                OutputTransform1::HdrOdt(s) => registers::run(wide, s, encoding, r, g, b),
                OutputTransform1::RrtOdt(s) => registers::run(wide, s, encoding, r, g, b),
                OutputTransform1::RrtThenOdt(s) => registers::run(wide, s, encoding, r, g, b),
                OutputTransform1::RrtThenHdrOdt(s) => registers::run(wide, s, encoding, r, g, b),
                OutputTransform1::Encoding(_) => self.forward_blocks(r, g, b),
            }
        }
    }
}

impl OutputTransform1 {
    /// [`Self::inverse`] over planar channels in registers: two AVX-512 registers at a time
    /// when `wide`, four AVX2 ones otherwise. Returns false, with the channels untouched, for a
    /// display encoding alone (no tone scale).
    ///
    /// # Safety
    /// The processor must support AVX2 and FMA, and AVX-512 F, VL, DQ and BW when `wide`.
    #[cfg(target_arch = "x86_64")]
    unsafe fn inverse_registers(
        &self,
        wide: bool,
        r: &mut [f32],
        g: &mut [f32],
        b: &mut [f32],
    ) -> bool {
        type Planar<'a> = dyn Fn(&mut [f32], &mut [f32], &mut [f32]) + 'a;
        // SAFETY (each call): as this function's contract.
        let stages: &Planar = match self {
            OutputTransform1::Rrt(s) => {
                &|r, g, b| unsafe { inverse_registers::run(wide, s, r, g, b) }
            }
            OutputTransform1::Odt(s) => {
                &|r, g, b| unsafe { inverse_registers::run(wide, s, r, g, b) }
            }
            OutputTransform1::HdrOdt(s) => {
                &|r, g, b| unsafe { inverse_registers::run(wide, s, r, g, b) }
            }
            OutputTransform1::RrtOdt(s) => {
                &|r, g, b| unsafe { inverse_registers::run(wide, s, r, g, b) }
            }
            OutputTransform1::RrtThenOdt(s) => &|r, g, b| unsafe {
                inverse_registers::run(wide, &s.odt, r, g, b);
                inverse_registers::run(wide, &s.rrt, r, g, b);
            },
            OutputTransform1::RrtThenHdrOdt(s) => &|r, g, b| unsafe {
                inverse_registers::run(wide, &s.odt, r, g, b);
                inverse_registers::run(wide, &s.rrt, r, g, b);
            },
            OutputTransform1::Encoding(_) => return false,
        };
        if let Some(e) = self.encoding() {
            // SAFETY: as this function's contract.
            unsafe { inverse_registers::decode(wide, e.eotf, r, g, b) };
            let scale = e.scale as f32;
            if scale != 1.0 {
                for channel in [&mut *r, &mut *g, &mut *b] {
                    channel.iter_mut().for_each(|v| *v /= scale);
                }
            }
        }
        stages(r, g, b);
        true
    }
}

/// Display-linear values to code values.
pub fn encode(e: DisplayEncoding, linear: [f32; 3]) -> [f32; 3] {
    let scale = e.scale as f32;
    e.eotf.encode(linear.map(|v| v * scale))
}

/// Code values to display-linear values.
pub fn decode(e: DisplayEncoding, cv: [f32; 3]) -> [f32; 3] {
    let scale = e.scale as f32;
    e.eotf.decode(cv).map(|v| v / scale)
}

/// An ACES 1.x output stage as one op of a pipeline.
#[derive(Clone, Debug, PartialEq)]
pub struct OutputOp1 {
    pub transform: Arc<OutputTransform1>,
    pub inverse: bool,
}

impl OutputOp1 {
    pub fn eval(&self, rgb: [f32; 3]) -> [f32; 3] {
        if self.inverse {
            self.transform.inverse(rgb)
        } else {
            self.transform.forward(rgb)
        }
    }

    pub fn apply(&self, r: &mut [f32], g: &mut [f32], b: &mut [f32]) {
        #[cfg(target_arch = "x86_64")]
        if self.inverse && crate::simd::best_isa() == crate::simd::Isa::Avx2Fma {
            let wide = crate::simd::has_avx512();
            // SAFETY: AVX2 and FMA are there (checked just above), AVX-512 where detected.
            if unsafe { self.transform.inverse_registers(wide, r, g, b) } {
                return;
            }
        }
        let lanes = !self.inverse && !matches!(*self.transform, OutputTransform1::Encoding(_));
        if !lanes {
            for ((r, g), b) in r.iter_mut().zip(g.iter_mut()).zip(b.iter_mut()) {
                [*r, *g, *b] = self.eval([*r, *g, *b]);
            }
            return;
        }
        #[cfg(target_arch = "x86_64")]
        if crate::simd::best_isa() == crate::simd::Isa::Avx2Fma {
            // SAFETY: the processor supports AVX2 and FMA (checked just above).
            unsafe { self.transform.forward_blocks_avx2(r, g, b) };
            return;
        }
        self.transform.forward_blocks(r, g, b)
    }

    pub fn inverted(&self) -> OutputOp1 {
        OutputOp1 {
            transform: Arc::clone(&self.transform),
            inverse: !self.inverse,
        }
    }

    /// The RRT followed by an ODT that reads OCES, as one op (see `rrt_then.rs`); `None` for
    /// any other pair, inverses included.
    pub fn rrt_then(&self, next: &OutputOp1) -> Option<OutputOp1> {
        if self.inverse || next.inverse {
            return None;
        }
        let OutputTransform1::Rrt(rrt) = self.transform.as_ref() else {
            return None;
        };
        let joined = match next.transform.as_ref() {
            OutputTransform1::Odt(odt) => {
                OutputTransform1::RrtThenOdt(RrtThen::new(rrt.clone(), odt.clone()))
            }
            OutputTransform1::HdrOdt(odt) => {
                OutputTransform1::RrtThenHdrOdt(RrtThen::new(rrt.clone(), odt.clone()))
            }
            _ => return None,
        };
        Some(OutputOp1 {
            transform: Arc::new(joined),
            inverse: false,
        })
    }
}

fn stage(transform: OutputTransform1, inverse: bool) -> Op {
    Op::AcesOutput1(OutputOp1 {
        transform: Arc::new(transform),
        inverse,
    })
}

/// PQ for values in cd/m² (ACESutil's `Lin_to_DolbyPQ`: 1.0 = 1 cd/m²).
const PQ_OF_NITS: DisplayEncoding = DisplayEncoding {
    eotf: Eotf::St2084,
    scale: 0.01,
};
/// PQ and HLG (1000-nit display) for display light, 1.0 = 100 cd/m².
const PQ: DisplayEncoding = DisplayEncoding {
    eotf: Eotf::St2084,
    scale: 1.0,
};
const HLG_1000_NITS: DisplayEncoding = DisplayEncoding {
    eotf: Eotf::Hlg,
    scale: 1.0,
};

/// The ACESutil conversions: `pq_to_nits`, `nits_to_pq`, `pq_to_hlg`, `hlg_to_pq`.
fn build_utility(name: &str) -> Option<Vec<Op>> {
    let encoding = |e| OutputTransform1::Encoding(e);
    Some(match name {
        "pq_to_nits" => vec![stage(encoding(PQ_OF_NITS), true)],
        "nits_to_pq" => vec![stage(encoding(PQ_OF_NITS), false)],
        "pq_to_hlg" => vec![
            stage(encoding(PQ), true),
            stage(encoding(HLG_1000_NITS), false),
        ],
        "hlg_to_pq" => vec![
            stage(encoding(HLG_1000_NITS), true),
            stage(encoding(PQ), false),
        ],
        _ => return None,
    })
}

/// The ops of a registry recipe: `aces1_rrt`, `aces1_odt:KEY`, `aces1_hdr_odt:KEY`,
/// `aces1_rrtodt:KEY`, each with an `aces1_inv_` form (KEY from [`ODT_PRESETS`] /
/// [`HDR_ODT_PRESETS`] / [`RRTODT_PRESETS`]), and `aces1_util:NAME` (see [`build_utility`]).
pub fn build(recipe: &str) -> Option<Vec<Op>> {
    if let Some(name) = recipe.strip_prefix("aces1_util:") {
        return build_utility(name);
    }
    let (inverse, rest) = match recipe.strip_prefix("aces1_inv_") {
        Some(rest) => (true, rest),
        None => (false, recipe.strip_prefix("aces1_")?),
    };
    let transform = if rest == "rrt" {
        OutputTransform1::Rrt(Rrt::new())
    } else if let Some(key) = rest.strip_prefix("odt:") {
        OutputTransform1::Odt(Odt::new(odt_preset(key)?))
    } else if let Some(key) = rest.strip_prefix("hdr_odt:") {
        OutputTransform1::HdrOdt(HdrOdt::new(hdr_odt_preset(key)?)?)
    } else if let Some(key) = rest.strip_prefix("rrtodt:") {
        OutputTransform1::RrtOdt(RrtOdt::new(rrtodt_preset(key)?))
    } else {
        return None;
    };
    Some(vec![stage(transform, inverse)])
}

#[cfg(all(test, target_arch = "x86_64"))]
mod register_tests {
    use super::*;

    /// Every stage with a tone scale: the RRT, each SDR and HDR ODT alone and joined to the
    /// RRT, and each RRT+ODT preset.
    fn stages() -> Vec<(String, OutputTransform1)> {
        let mut all = vec![("rrt".to_string(), OutputTransform1::Rrt(Rrt::new()))];
        for preset in &ODT_PRESETS {
            let odt = Odt::new(preset);
            all.push((
                format!("rrt then {}", preset.key),
                OutputTransform1::RrtThenOdt(RrtThen::new(Rrt::new(), odt.clone())),
            ));
            all.push((preset.key.to_string(), OutputTransform1::Odt(odt)));
        }
        for preset in &HDR_ODT_PRESETS {
            let odt = HdrOdt::new(preset).expect(preset.key);
            all.push((
                format!("rrt then {}", preset.key),
                OutputTransform1::RrtThenHdrOdt(RrtThen::new(Rrt::new(), odt.clone())),
            ));
            all.push((preset.key.to_string(), OutputTransform1::HdrOdt(odt)));
        }
        for preset in &RRTODT_PRESETS {
            all.push((
                preset.key.to_string(),
                OutputTransform1::RrtOdt(RrtOdt::new(preset)),
            ));
        }
        all
    }

    /// Every combination of `steps` on the three channels, planar.
    fn cube(steps: &[f32]) -> [Vec<f32>; 3] {
        let mut planar: [Vec<f32>; 3] = Default::default();
        for &r in steps {
            for &g in steps {
                for &b in steps {
                    for (channel, v) in planar.iter_mut().zip([r, g, b]) {
                        channel.push(v);
                    }
                }
            }
        }
        planar
    }

    fn bits(v: &[f32]) -> Vec<u32> {
        v.iter().map(|x| x.to_bits()).collect()
    }

    /// Where AVX-512 is there, the forward runner on two AVX-512 registers does the four AVX2
    /// registers' arithmetic in wider registers: the same bits, for every stage.
    #[test]
    fn the_avx512_runner_gives_the_avx2_bits() {
        if !crate::simd::has_avx512() {
            eprintln!("no AVX-512 here (or AMFX_NO_AVX512 set): skipped");
            return;
        }
        let planar = cube(&[
            -0.05f32,
            0.0,
            0.001,
            0.02,
            0.18,
            0.5,
            1.0,
            4.0,
            30.0,
            200.0,
            5000.0,
            f32::NAN,
        ]);
        for (name, stage) in stages() {
            let [mut r0, mut g0, mut b0] = planar.clone();
            let [mut r1, mut g1, mut b1] = planar.clone();
            // SAFETY: AVX2, FMA and the AVX-512 subsets are available (checked above).
            unsafe {
                stage.forward_registers(false, &mut r0, &mut g0, &mut b0);
                stage.forward_registers(true, &mut r1, &mut g1, &mut b1);
            }
            for (a, b) in [(&r0, &r1), (&g0, &g1), (&b0, &b1)] {
                assert_eq!(bits(a), bits(b), "{name}");
            }
        }
    }

    /// The register inverse follows the scalar one on finite input: within 5e-5 of the pixel's
    /// largest channel (at least 0.01; the register log and power against libm's, through a
    /// steep inverse tone scale), NaN where it gives NaN; the AVX-512 runner gives the AVX2
    /// runner's bits on every input.
    #[test]
    fn register_inverses_follow_the_scalar_ones() {
        if crate::simd::best_isa() != crate::simd::Isa::Avx2Fma {
            eprintln!("no AVX2+FMA here: skipped");
            return;
        }
        let wide_too = crate::simd::has_avx512();
        let planar = cube(&[
            -0.1f32,
            0.0,
            1e-4,
            0.01,
            0.05,
            0.1,
            0.2,
            0.35,
            0.5,
            0.7,
            0.85,
            0.95,
            1.0,
            1.2,
            // Above 1.98 PQ's decoding has no real value (the scalar path gives black, the
            // lanes another defined value); this is as high as the two agree.
            1.9,
            f32::NAN,
            f32::INFINITY,
        ]);
        let n = planar[0].len();
        for (name, stage) in stages() {
            let [mut r, mut g, mut b] = planar.clone();
            // SAFETY: AVX2 and FMA are there (checked above).
            let ran = unsafe { stage.inverse_registers(false, &mut r, &mut g, &mut b) };
            assert!(ran, "{name}: no register inverse");
            let mut worst = 0.0f32;
            for k in 0..n {
                let input = [planar[0][k], planar[1][k], planar[2][k]];
                // NaN and infinities: any defined output (the twin check below still runs).
                if !input.iter().all(|v| v.is_finite()) {
                    continue;
                }
                let want = stage.inverse(input);
                let size = want.iter().fold(0.01f32, |m, v| m.max(v.abs()));
                for (got, want) in [r[k], g[k], b[k]].into_iter().zip(want) {
                    if want.is_nan() || got.is_nan() {
                        assert!(
                            want.is_nan() && got.is_nan(),
                            "{name} at {k}: {got} vs {want}"
                        );
                        continue;
                    }
                    let e = (got - want).abs() / size;
                    worst = worst.max(if e.is_nan() { 0.0 } else { e });
                }
            }
            eprintln!("{name}: worst {worst:.2e}");
            assert!(worst <= 5e-5, "{name}: relative error {worst:.2e}");
            if wide_too {
                let [mut r1, mut g1, mut b1] = planar.clone();
                // SAFETY: AVX-512 is there too (detected).
                unsafe { stage.inverse_registers(true, &mut r1, &mut g1, &mut b1) };
                for (a, b) in [(&r, &r1), (&g, &g1), (&b, &b1)] {
                    assert_eq!(bits(a), bits(b), "{name}: AVX-512 against AVX2");
                }
            }
        }
    }
}
