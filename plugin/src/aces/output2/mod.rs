//! The ACES 2.0 output transforms (forward and inverse), exact per step and matched to
//! OpenColorIO 2.6's built-ins:
//!
//! ACES2065-1 → clamp in AP1 to [0, 8·r_hit] → JMh (Hellwig 2022, AP0 white) → tonescale in J and
//! chroma compression in M → gamut compression to the limiting gamut → limiting RGB → clamp to
//! [0, peak/100] → white and linear scaling → encoding primaries (display linear, 1.0 = 100 cd/m²)
//! → display encoding.
//!
//! Each preset's tables are built once ([`OutputTransform2::for_preset`] caches them behind an
//! `Arc`); the pixel path runs in f32 as OpenColorIO does.

mod block;
mod cam;
mod chroma;
mod encoding;
#[cfg(target_arch = "x86_64")]
pub(crate) mod encoding_reg;
mod gamut;
mod preset;
mod real;
mod tables;
mod tone_table;
mod tonescale;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

pub use encoding::Eotf;
pub use preset::{
    rgb_to_rgb, rgb_to_xyz, Direction, Preset, P3_D60, P3_D65, PRESETS, REC2020, REC2020_D60,
    REC709_D60, XYZ_E,
};
pub use tables::HueTables;

use crate::aces::{AP0, AP1};
use crate::ops::matrix::invert;
use block::{BlockParams, Kernel};
use cam::{to_radians, JMhParams};
use chroma::ChromaCompression;
use gamut::GamutShape;
use real::{cast_mat, clamp, mul_vec, Mat3};
use tonescale::{ToneCurve, ToneScale};

/// One ACES 2.0 output transform with its tables, ready for pixels.
#[derive(Clone, Debug)]
pub struct OutputTransform2 {
    preset: Preset,
    input: JMhParams<f32>,
    limit: JMhParams<f32>,
    tone: ToneCurve<f32>,
    chroma: ChromaCompression<f32>,
    gamut: GamutShape<f32>,
    tables: HueTables,
    ap0_to_ap1: Mat3<f32>,
    ap1_to_ap0: Mat3<f32>,
    /// Upper bound of the AP1 clamp before rendering (8 × r_hit).
    ap1_limit: f32,
    /// Peak luminance / 100: the white limit of the rendered limiting RGB.
    white_limit: f32,
    /// Limiting RGB to encoding RGB and to CIE XYZ, white and linear scaling included.
    to_encoding: Mat3<f32>,
    from_encoding: Mat3<f32>,
    to_xyz: Mat3<f32>,
    from_xyz: Mat3<f32>,
    /// The constants of the eight-lane block path.
    block: BlockParams,
}

/// The ACES grey that an ACES 2.0 output transform for `peak` nits renders as display-linear
/// grey `display` (1.0 = 100 nits), in f64 (for tables derived from ACES 2.0): a neutral has no
/// colourfulness, so the chroma and gamut steps leave it and only the tonescale acts.
pub fn scene_grey_f64(peak: f64, display: f64) -> f64 {
    let luminance = display * cam::REFERENCE_LUMINANCE;
    ToneScale::new(peak).curve::<f64>().inverse(luminance) / cam::REFERENCE_LUMINANCE
}

impl OutputTransform2 {
    /// Builds the transform and its tables for any parameter set (a few milliseconds; prefer
    /// [`Self::for_preset`], which builds each official preset once).
    pub fn new(preset: &Preset) -> OutputTransform2 {
        let input = JMhParams::<f64>::new(&AP0);
        let limit = JMhParams::<f64>::new(&preset.limiting);
        let reach = JMhParams::<f64>::new(&AP1);
        let tone = ToneScale::new(preset.peak);
        let limit_j_max = input.y_to_j(preset.peak);
        let inv_cz = 1.0 / cam::model_gamma();
        let mid_j = input.y_to_j(tone.grey_out * cam::REFERENCE_LUMINANCE);
        let shape = GamutShape::<f64>::new(limit_j_max, inv_cz, mid_j, tone.log_peak);
        let tables = HueTables::build(&limit, &reach, &shape, preset.peak, tone.forward_limit);
        let chroma = ChromaCompression::<f64>::new(preset.peak, tone.log_peak, limit_j_max, inv_cz);

        let scale = display_scale(preset);
        let scaled = |m: [[f64; 3]; 3]| m.map(|row| row.map(|v| v * scale));
        let to_encoding = scaled(rgb_to_rgb(&preset.limiting, &preset.encoding));
        let to_xyz = scaled(rgb_to_xyz(&preset.limiting));
        let inverse = |m: &[[f64; 3]; 3]| invert(m).unwrap_or([[0.0; 3]; 3]);
        let ap0_to_ap1 = rgb_to_rgb(&AP0, &AP1);
        let block = BlockParams::new(&input, &limit, &tone, &chroma, &shape, &ap0_to_ap1);

        OutputTransform2 {
            preset: *preset,
            input: JMhParams::new(&AP0),
            limit: JMhParams::new(&preset.limiting),
            tone: tone.curve(),
            chroma: ChromaCompression::new(preset.peak, tone.log_peak, limit_j_max, inv_cz),
            gamut: GamutShape::new(limit_j_max, inv_cz, mid_j, tone.log_peak),
            tables,
            ap0_to_ap1: cast_mat(&ap0_to_ap1),
            ap1_to_ap0: cast_mat(&inverse(&ap0_to_ap1)),
            // OpenColorIO derives the bound in f32 from the formula, not from the tonescale.
            ap1_limit: ap1_clamp_limit(preset.peak as f32),
            white_limit: (preset.peak / 100.0) as f32,
            from_encoding: cast_mat(&inverse(&to_encoding)),
            to_encoding: cast_mat(&to_encoding),
            from_xyz: cast_mat(&inverse(&to_xyz)),
            to_xyz: cast_mat(&to_xyz),
            block,
        }
    }

    /// The shared, cached transform of a preset (built on first use).
    pub fn for_preset(preset: &Preset) -> Arc<OutputTransform2> {
        static CACHE: OnceLock<Mutex<HashMap<String, Arc<OutputTransform2>>>> = OnceLock::new();
        let key = format!("{preset:?}");
        let cache = CACHE.get_or_init(Default::default);
        if let Some(found) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return Arc::clone(found);
        }
        // Built outside the lock so other presets are not held up; a rare double build is
        // harmless (both are identical, the first one stored wins).
        let built = Arc::new(OutputTransform2::new(preset));
        let mut map = cache.lock().unwrap_or_else(|e| e.into_inner());
        Arc::clone(map.entry(key).or_insert(built))
    }

    /// The cached transform and direction of an ACES 2.0 output transformId
    /// (`Output.Academy.*` or `InvOutput.Academy.*`, with or without the URN prefix).
    pub fn for_transform_id(id: &str) -> Option<(Arc<OutputTransform2>, Direction)> {
        Preset::from_transform_id(id).map(|(p, d)| (OutputTransform2::for_preset(p), d))
    }

    pub fn preset(&self) -> &Preset {
        &self.preset
    }

    /// The per-hue tables (for inspection and tests).
    pub fn tables(&self) -> &HueTables {
        &self.tables
    }

    /// ACES2065-1 to display-linear RGB in the encoding primaries (1.0 = 100 cd/m², after the
    /// white and linear scaling; before the display encoding).
    #[inline]
    pub fn forward(&self, aces: [f32; 3]) -> [f32; 3] {
        mul_vec(&self.to_encoding, self.render_limited(aces))
    }

    /// ACES2065-1 to display-linear CIE XYZ (1.0 = 100 cd/m²), as OpenColorIO's
    /// `ACES-OUTPUT - ACES2065-1_to_CIE-XYZ-D65 - …_2.0` built-ins.
    #[inline]
    pub fn forward_xyz(&self, aces: [f32; 3]) -> [f32; 3] {
        mul_vec(&self.to_xyz, self.render_limited(aces))
    }

    /// ACES2065-1 to display code values.
    #[inline]
    pub fn forward_encoded(&self, aces: [f32; 3]) -> [f32; 3] {
        self.preset.eotf.encode(self.forward(aces))
    }

    /// Display-linear RGB in the encoding primaries back to ACES2065-1.
    #[inline]
    pub fn inverse(&self, display: [f32; 3]) -> [f32; 3] {
        self.unrender_limited(mul_vec(&self.from_encoding, display))
    }

    /// Display-linear CIE XYZ back to ACES2065-1 (OpenColorIO's built-in run inverse).
    #[inline]
    pub fn inverse_xyz(&self, xyz: [f32; 3]) -> [f32; 3] {
        self.unrender_limited(mul_vec(&self.from_xyz, xyz))
    }

    /// Display code values back to ACES2065-1.
    #[inline]
    pub fn inverse_encoded(&self, cv: [f32; 3]) -> [f32; 3] {
        self.inverse(self.preset.eotf.decode(cv))
    }

    /// [`Self::forward`] over planar channels, in place, eight pixels at a time with fast math
    /// (within the bounds tested in `tests.rs` of the scalar path).
    pub fn apply(&self, r: &mut [f32], g: &mut [f32], b: &mut [f32]) {
        self.run(Kernel::Forward, r, g, b)
    }

    /// [`Self::inverse`] over planar channels, in place (block path, as [`Self::apply`]).
    pub fn apply_inverse(&self, r: &mut [f32], g: &mut [f32], b: &mut [f32]) {
        self.run(Kernel::Inverse, r, g, b)
    }

    /// [`Self::forward_encoded`] over planar channels (block path).
    pub fn apply_encoded(&self, r: &mut [f32], g: &mut [f32], b: &mut [f32]) {
        self.run(Kernel::ForwardEncoded, r, g, b)
    }

    /// [`Self::inverse_encoded`] over planar channels (block path).
    pub fn apply_inverse_encoded(&self, r: &mut [f32], g: &mut [f32], b: &mut [f32]) {
        self.run(Kernel::InverseEncoded, r, g, b)
    }

    /// AP1 clamp, rendering and white limit: ACES2065-1 to limiting RGB in [0, peak/100].
    #[inline(always)]
    fn render_limited(&self, aces: [f32; 3]) -> [f32; 3] {
        self.render_unlimited(aces)
            .map(|v| clamp(v, 0.0, self.white_limit))
    }

    /// AP1 clamp and rendering, before the white limit: ACES2065-1 to limiting RGB (what a LUT
    /// bake stores, since the white-limit clamp is a kink inside a cell).
    #[inline(always)]
    pub fn render_unlimited(&self, aces: [f32; 3]) -> [f32; 3] {
        let ap1 = mul_vec(&self.ap0_to_ap1, aces).map(|v| clamp(v, 0.0, self.ap1_limit));
        self.render(mul_vec(&self.ap1_to_ap0, ap1))
    }

    /// The white limit (peak / 100) and the matrix from limiting RGB to display light in the
    /// encoding primaries (white and linear scaling included): the steps after
    /// [`Self::render_unlimited`], before the display encoding.
    pub fn display_stage(&self) -> (f32, [[f32; 3]; 3]) {
        (self.white_limit, self.to_encoding)
    }

    /// The inverse of [`Self::render_limited`]; the clamps are repeated on the way back, as
    /// OpenColorIO inverts its range ops.
    #[inline(always)]
    fn unrender_limited(&self, limited: [f32; 3]) -> [f32; 3] {
        let limited = limited.map(|v| clamp(v, 0.0, self.white_limit));
        let aces = self.unrender(limited);
        let ap1 = mul_vec(&self.ap0_to_ap1, aces).map(|v| clamp(v, 0.0, self.ap1_limit));
        mul_vec(&self.ap1_to_ap0, ap1)
    }

    /// The rendering proper: AP0 RGB to limiting RGB (no clamps).
    #[inline(always)]
    pub fn render(&self, aces: [f32; 3]) -> [f32; 3] {
        let aab = self.input.rgb_to_aab(aces);
        let [j, m, h] = self.input.aab_to_jmh(aab);
        let reach_m = self.tables.reach_m(h);
        let radians = to_radians(h);
        let (cos_h, sin_h) = (radians.cos(), radians.sin());
        let norm = self.chroma.norm(cos_h, sin_h);

        let j_ts = self.tone.a_to_j(aab[0], &self.input);
        let m_cc = self.chroma.forward(j, m, j_ts, norm, reach_m);
        let [j_out, m_out] = self
            .gamut
            .forward(j_ts, m_cc, || self.hue_shape(h), reach_m);

        let aab_out = self.limit.jmh_to_aab(j_out, m_out, cos_h, sin_h);
        self.limit.aab_to_rgb(aab_out)
    }

    /// The exact inverse of [`Self::render`]: limiting RGB to AP0 RGB.
    #[inline(always)]
    pub fn unrender(&self, limited: [f32; 3]) -> [f32; 3] {
        let [j, m, h] = self.limit.rgb_to_jmh(limited);
        let reach_m = self.tables.reach_m(h);
        let radians = to_radians(h);
        let (cos_h, sin_h) = (radians.cos(), radians.sin());
        let norm = self.chroma.norm(cos_h, sin_h);

        let [j_ts, m_cc] = self.gamut.inverse(j, m, || self.hue_shape(h), reach_m);
        let j_scene = self.tone.j_inverse(j_ts, &self.input);
        let m_scene = self.chroma.inverse(j_scene, m_cc, j_ts, norm, reach_m);

        let aab = self.input.jmh_to_aab(j_scene, m_scene, cos_h, sin_h);
        self.input.aab_to_rgb(aab)
    }

    #[inline(always)]
    fn hue_shape(&self, h: f32) -> gamut::HueShape<f32> {
        let [cusp_j, cusp_m, gamma_top_inv] = self.tables.cusp(h);
        self.gamut.at_cusp(cusp_j, cusp_m, gamma_top_inv)
    }
}

/// 8·r_hit in f32, the AP1 clamp's upper bound.
fn ap1_clamp_limit(peak: f32) -> f32 {
    8.0 * (128.0 + 768.0 * ((peak / 100.0).ln() / 100.0f32.ln()))
}

/// The display-linear scale: white scaling (D60 simulation) times the linear scale factor.
fn display_scale(preset: &Preset) -> f64 {
    let white = if preset.scale_white {
        let m = rgb_to_rgb(&preset.limiting, &preset.encoding);
        let w = m.map(|row| row.iter().sum::<f64>());
        1.0 / w[0].max(w[1]).max(w[2])
    } else {
        1.0
    };
    white * preset.linear_scale
}

#[cfg(test)]
mod tests;

/// An ACES 2.0 output transform as one op of a pipeline: ACES2065-1 to display code values
/// (display encoding included), or back.
#[derive(Clone, Debug)]
pub struct OutputOp {
    pub transform: Arc<OutputTransform2>,
    pub inverse: bool,
}

/// Presets are cached, so the same preset is the same `Arc`.
impl PartialEq for OutputOp {
    fn eq(&self, other: &OutputOp) -> bool {
        Arc::ptr_eq(&self.transform, &other.transform) && self.inverse == other.inverse
    }
}

impl OutputOp {
    pub fn eval(&self, rgb: [f32; 3]) -> [f32; 3] {
        if self.inverse {
            self.transform.inverse_encoded(rgb)
        } else {
            self.transform.forward_encoded(rgb)
        }
    }

    /// [`Self::eval`] over planar channels, on the block path.
    pub fn apply(&self, r: &mut [f32], g: &mut [f32], b: &mut [f32]) {
        if self.inverse {
            self.transform.apply_inverse_encoded(r, g, b)
        } else {
            self.transform.apply_encoded(r, g, b)
        }
    }

    pub fn inverted(&self) -> OutputOp {
        OutputOp {
            transform: Arc::clone(&self.transform),
            inverse: !self.inverse,
        }
    }
}
