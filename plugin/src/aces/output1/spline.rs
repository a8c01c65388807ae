//! The ACES 1.x tone scales: segmented quadratic B-splines in log10-log10 (the RRT's `c5`, the
//! 48-nit ODT's `c9`, and the single-stage tone scale of the HDR output transforms, a `c5` built
//! from three points), forward and inverse.
//!
//! A spline runs between a minimum, a middle and a maximum point, with a straight line of given
//! log-log slope beyond the ends; each half is a uniform quadratic B-spline with `n` knots whose
//! control values (log10 luminance) are the coefficients. Coefficients are expanded to per-segment
//! polynomials once (f64), the pixel path runs in f32.

/// The CTL's smallest positive half float: inputs at or below 0 are read as this.
use crate::simd::lanes::{exp2_fast, log2_pos, F8, LANES};
#[cfg(target_arch = "x86_64")]
use crate::simd::{
    reg::{Reg, RegMask, K8},
    reg_math::MathK,
};

const HALF_MIN: f32 = 5.960_464_5e-8;

/// An output stage built around one tone scale applied to each channel: per-pixel steps before
/// and after it. Every method is inlined into the vector runner (closures would not be: they
/// would be compiled without its target features).
pub trait ToneStage {
    fn before_tone(&self, rgb: [f32; 3]) -> [f32; 3];
    fn tone(&self) -> &Spline;
    fn after_tone(&self, y: [f32; 3]) -> [f32; 3];

    /// One pixel.
    #[inline(always)]
    fn forward_stage(&self, rgb: [f32; 3]) -> [f32; 3] {
        let v = self.before_tone(rgb);
        let tone = self.tone();
        self.after_tone([tone.forward(v[0]), tone.forward(v[1]), tone.forward(v[2])])
    }

    /// Eight pixels: the tone scale in vector loops, the steps around it per pixel. The same
    /// bits as [`Self::forward_stage`].
    #[inline(always)]
    fn forward_stage8(&self, rgb: [F8; 3]) -> [F8; 3] {
        let mut v = [F8::splat(0.0); 3];
        for i in 0..LANES {
            let px = self.before_tone([rgb[0].0[i], rgb[1].0[i], rgb[2].0[i]]);
            for c in 0..3 {
                v[c].0[i] = px[c];
            }
        }
        let tone = self.tone();
        let y = [
            tone.forward8(v[0]),
            tone.forward8(v[1]),
            tone.forward8(v[2]),
        ];
        let mut out = [F8::splat(0.0); 3];
        for i in 0..LANES {
            let px = self.after_tone([y[0].0[i], y[1].0[i], y[2].0[i]]);
            for c in 0..3 {
                out[c].0[i] = px[c];
            }
        }
        out
    }
}

/// log10 of max(x, HALF_MIN) (`max` also turns NaN into the floor, as the CTL's max does), by
/// the vector math's log2: within 2e-7 of the correctly rounded value's log2 (see `simd`).
#[inline(always)]
#[allow(clippy::manual_clamp)] // not clamp: NaN must become the floor, as max makes it
fn log10(x: f32) -> f32 {
    // log2_pos takes positive normal values: +inf reads as the largest exponent, a finite value.
    log2_pos(x.max(HALF_MIN).min(f32::MAX)) * std::f32::consts::LOG10_2
}

/// 10^y by the vector math's exp2 (relative error ≤ 3e-7 + |y·log2 10|·1.4e-7, at most 2e-6 for
/// the tone scales' outputs; 10^y beyond 2^126 is held there).
#[inline(always)]
fn exp10(y: f32) -> f32 {
    exp2_fast(y * std::f32::consts::LOG2_10)
}
/// The largest value the log reads (+inf reads as this, as in `log10`).
#[cfg(target_arch = "x86_64")]
const LOG_INPUT_TOP: f32 = f32::MAX;

/// The inverse reads luminances at or below 0 as this.
const INVERSE_FLOOR: f32 = 1e-10;
/// Most segments per half (the c9 spline has 8 knots, 7 segments).
const MAX_SEGMENTS: usize = 7;

/// A point of the curve: scene value and luminance (both linear).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SplinePoint {
    pub x: f64,
    pub y: f64,
}

/// The parameters of a segmented spline as the CTL writes them.
#[derive(Clone, Debug, PartialEq)]
pub struct SplineParams {
    /// `n + 2` coefficients below the middle point (n knots).
    pub coefs_low: Vec<f64>,
    /// `n + 2` coefficients above the middle point.
    pub coefs_high: Vec<f64>,
    pub min: SplinePoint,
    pub mid: SplinePoint,
    pub max: SplinePoint,
    pub slope_low: f64,
    pub slope_high: f64,
}

/// One half (between two points) of the spline, ready for pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Half {
    /// log10 of the lower and upper scene values.
    log_x0: f32,
    log_x1: f32,
    segments: usize,
    /// Per segment, `logy = a·t² + b·t + c` over t in [0, 1).
    poly: [[f32; 3]; MAX_SEGMENTS],
    /// log10 luminance at each knot (the inverse's segment bounds).
    knot_y: [f32; MAX_SEGMENTS + 1],
}

impl Half {
    fn new(coefs: &[f64], x0: f64, x1: f64) -> Half {
        let segments = coefs.len().saturating_sub(3).min(MAX_SEGMENTS);
        let mut poly = [[0.0f32; 3]; MAX_SEGMENTS];
        let mut knot_y = [0.0f32; MAX_SEGMENTS + 1];
        for j in 0..segments {
            let (c0, c1, c2) = (coefs[j], coefs[j + 1], coefs[j + 2]);
            poly[j] = [
                (0.5 * c0 - c1 + 0.5 * c2) as f32,
                (c1 - c0) as f32,
                (0.5 * c0 + 0.5 * c1) as f32,
            ];
        }
        for (i, y) in knot_y.iter_mut().enumerate().take(segments + 1) {
            *y = (0.5 * (coefs[i] + coefs[i + 1])) as f32;
        }
        Half {
            log_x0: x0.log10() as f32,
            log_x1: x1.log10() as f32,
            segments,
            poly,
            knot_y,
        }
    }

    /// log10 luminance at log10 scene value `logx`, inside the half.
    #[inline(always)]
    fn eval(&self, logx: f32) -> f32 {
        let knot = self.segments as f32 * (logx - self.log_x0) / (self.log_x1 - self.log_x0);
        // In range the knot coordinate is in [0, segments); the clamp only guards rounding.
        // (The second min states what `new` ensures, so no bounds check is left in lane loops.)
        let j = (knot.max(0.0) as usize)
            .min(self.segments - 1)
            .min(MAX_SEGMENTS - 1);
        let t = knot - j as f32;
        let [a, b, c] = self.poly[j];
        (a * t + b) * t + c
    }

    /// log10 scene value of log10 luminance `logy` (between the half's knot ends).
    #[inline]
    fn invert(&self, logy: f32) -> f32 {
        let j = (1..self.segments)
            .find(|&i| logy <= self.knot_y[i])
            .map_or(self.segments - 1, |i| i - 1);
        let [a, b, c] = self.poly[j];
        let c = c - logy;
        let d = (b * b - 4.0 * a * c).max(0.0).sqrt();
        // The root in [0, 1], written to stay exact when a is 0 (a straight segment).
        let t = 2.0 * c / (-d - b);
        let increment = (self.log_x1 - self.log_x0) / self.segments as f32;
        self.log_x0 + (t + j as f32) * increment
    }
}

/// A segmented spline, ready for pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spline {
    low: Half,
    high: Half,
    log_min_y: f32,
    log_mid_y: f32,
    log_max_y: f32,
    slope_low: f32,
    slope_high: f32,
}

impl Spline {
    pub fn new(p: &SplineParams) -> Spline {
        Spline {
            low: Half::new(&p.coefs_low, p.min.x, p.mid.x),
            high: Half::new(&p.coefs_high, p.mid.x, p.max.x),
            log_min_y: p.min.y.log10() as f32,
            log_mid_y: p.mid.y.log10() as f32,
            log_max_y: p.max.y.log10() as f32,
            slope_low: p.slope_low as f32,
            slope_high: p.slope_high as f32,
        }
    }

    /// Scene value to luminance.
    #[inline]
    pub fn forward(&self, x: f32) -> f32 {
        exp10(self.forward_log(log10(x)))
    }

    /// [`Self::forward`] on eight values: the same steps, so the same bits, with the log and
    /// the power in loops the compiler vectorises (the segment lookup stays per lane).
    #[inline(always)]
    pub fn forward8(&self, x: F8) -> F8 {
        let mut v = x;
        for v in &mut v.0 {
            *v = log10(*v);
        }
        for v in &mut v.0 {
            *v = self.forward_log(*v);
        }
        for v in &mut v.0 {
            *v = exp10(*v);
        }
        v
    }

    /// The tone scale in log10-log10. Every piece is computed and one selected (no branches),
    /// so that the lane loop of [`Self::forward8`] vectorises; the selected piece's arithmetic
    /// is that of the piece alone.
    #[inline(always)]
    fn forward_log(&self, logx: f32) -> f32 {
        let below = self.log_min_y + (logx - self.low.log_x0) * self.slope_low;
        let above = self.log_max_y + (logx - self.high.log_x1) * self.slope_high;
        let (low, high) = (self.low.eval(logx), self.high.eval(logx));
        let inside = if logx < self.low.log_x1 { low } else { high };
        let v = if logx <= self.low.log_x0 {
            below
        } else {
            inside
        };
        if logx < self.high.log_x1 {
            v
        } else {
            above
        }
    }

    /// Luminance to scene value; luminances beyond the end points give the end points (as the
    /// CTL does, whatever the end slopes).
    #[inline]
    pub fn inverse(&self, y: f32) -> f32 {
        let logy = y.max(INVERSE_FLOOR).log10();
        let logx = if logy <= self.log_min_y {
            self.low.log_x0
        } else if logy <= self.log_mid_y {
            self.low.invert(logy)
        } else if logy < self.log_max_y {
            self.high.invert(logy)
        } else {
            self.high.log_x1
        };
        10f32.powf(logx)
    }
}

impl SplineParams {
    /// The tone scale in f64, as the CTL's `segmented_spline_c5_fwd` / `c9_fwd` computes it
    /// (for tables derived from ACES 1.x; pixels take [`Spline`]).
    pub fn forward_f64(&self, x: f64) -> f64 {
        let logx = x.max(HALF_MIN as f64).log10();
        let (log_min, log_mid, log_max) =
            (self.min.x.log10(), self.mid.x.log10(), self.max.x.log10());
        let piece = |coefs: &[f64], x0: f64, x1: f64| {
            let segments = coefs.len() - 3;
            let knot = segments as f64 * (logx - x0) / (x1 - x0);
            let j = (knot as usize).min(segments - 1);
            let t = knot - j as f64;
            let (c0, c1, c2) = (coefs[j], coefs[j + 1], coefs[j + 2]);
            (0.5 * c0 - c1 + 0.5 * c2) * t * t + (c1 - c0) * t + 0.5 * (c0 + c1)
        };
        let logy = if logx <= log_min {
            self.min.y.log10() + (logx - log_min) * self.slope_low
        } else if logx < log_mid {
            piece(&self.coefs_low, log_min, log_mid)
        } else if logx < log_max {
            piece(&self.coefs_high, log_mid, log_max)
        } else {
            self.max.y.log10() + (logx - log_max) * self.slope_high
        };
        10f64.powf(logy)
    }
}

/// The RRT's tone scale (`segmented_spline_c5_fwd` with `RRT_PARAMS`).
pub fn rrt_params() -> SplineParams {
    SplineParams {
        coefs_low: vec![
            -4.0,
            -4.0,
            -3.157_376_577_3,
            -0.485_249_995_8,
            1.847_732_470_6,
            1.847_732_470_6,
        ],
        coefs_high: vec![
            -0.718_548_242_5,
            2.081_030_717_2,
            3.668_124_123_7,
            4.0,
            4.0,
            4.0,
        ],
        min: SplinePoint {
            x: 0.18 * 2f64.powi(-15),
            y: 0.0001,
        },
        mid: SplinePoint { x: 0.18, y: 4.8 },
        max: SplinePoint {
            x: 0.18 * 2f64.powi(18),
            y: 10000.0,
        },
        slope_low: 0.0,
        slope_high: 0.0,
    }
}

/// The 48-nit SDR ODT's tone scale (`segmented_spline_c9_fwd` with `ODT_48nits`); its x points
/// are the RRT's tone scale at 0.18·2^(−6.5, 0, 6.5).
pub fn odt_48nits_params() -> SplineParams {
    let rrt = Spline::new(&rrt_params());
    let at = |stops: f64| rrt.forward((0.18 * 2f64.powf(stops)) as f32) as f64;
    SplineParams {
        coefs_low: vec![
            -1.698_970_004_3,
            -1.698_970_004_3,
            -1.4779,
            -1.2291,
            -0.8648,
            -0.448,
            0.00518,
            0.451_108_033_4,
            0.911_374_441_4,
            0.911_374_441_4,
        ],
        coefs_high: vec![
            0.515_438_696_5,
            0.847_043_778_3,
            1.1358,
            1.3802,
            1.5197,
            1.5985,
            1.6467,
            1.674_609_135_7,
            1.687_873_339,
            1.687_873_339,
        ],
        min: SplinePoint {
            x: at(-6.5),
            y: 0.02,
        },
        mid: SplinePoint { x: at(0.0), y: 4.8 },
        max: SplinePoint {
            x: at(6.5),
            y: 48.0,
        },
        slope_low: 0.0,
        slope_high: 0.04,
    }
}

/// Which release's coefficients the 1.0.x HDR ODT tone scales use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HdrToneVersion {
    /// v1.0 (`P3D60_PQ_*`): a flat floor at 0.005 cd/m².
    V1_0_0,
    /// v1.0.1 on (`*_ST2048_*`, `*_ST2084_*`): down to 0.0001 cd/m² with a log-log slope of 3
    /// below, so that black can reach code value 0 once the ODT subtracts its offset.
    V1_0_1,
}

/// The 1.0.x HDR ODTs' tone scales (`segmented_spline_c9_fwd` with `ODT_1000nits`,
/// `ODT_2000nits` or `ODT_4000nits`; `None` for another peak); x points are the RRT's tone
/// scale at 0.18·2^(−12, 0, 10|11|12).
pub fn odt_hdr_params(peak: f64, version: HdrToneVersion) -> Option<SplineParams> {
    let (coefs_high, top_stop, slope_high) = match peak as u32 {
        1000 => (
            [
                0.808_913_207_0,
                1.191_086_793_0,
                1.5683,
                1.9483,
                2.3083,
                2.6384,
                2.8595,
                2.987_260_880_5,
                3.012_739_119_5,
            ],
            10.0,
            0.06,
        ),
        2000 => (
            [
                0.801_995_204_2,
                1.198_004_795_8,
                1.5943,
                1.9973,
                2.3783,
                2.7684,
                3.0515,
                3.274_629_356_2,
                3.327_430_635_1,
            ],
            11.0,
            0.12,
        ),
        4000 => (
            [
                0.797_318_661_3,
                1.202_681_338_7,
                1.6093,
                2.0108,
                2.4148,
                2.8179,
                3.1725,
                3.534_499_545_1,
                3.669_620_437_6,
            ],
            12.0,
            0.3,
        ),
        _ => return None,
    };
    let (low_start, min_y, slope_low) = match version {
        HdrToneVersion::V1_0_0 => (
            [-2.301_029_995_7, -2.301_029_995_7, -1.9312, -1.5205],
            0.005,
            0.0,
        ),
        HdrToneVersion::V1_0_1 => (
            [-4.970_621_933_1, -3.029_378_066_9, -2.1262, -1.5105],
            0.0001,
            3.0,
        ),
    };
    let coefs_low = low_start
        .into_iter()
        .chain([
            -1.0578,
            -0.4668,
            0.11938,
            0.708_813_420_1,
            1.291_186_579_9,
            1.291_186_579_9,
        ])
        .collect();
    let rrt = Spline::new(&rrt_params());
    let at = |stops: f64| rrt.forward((0.18 * 2f64.powf(stops)) as f32) as f64;
    Some(SplineParams {
        coefs_low,
        coefs_high: coefs_high
            .into_iter()
            .chain(std::iter::once(coefs_high[8]))
            .collect(),
        min: SplinePoint {
            x: at(-12.0),
            y: min_y,
        },
        mid: SplinePoint {
            x: at(0.0),
            y: 10.0,
        },
        max: SplinePoint {
            x: at(top_stop),
            y: peak,
        },
        slope_low,
        slope_high,
    })
}

/// Linear interpolation through two (x, y) points, clamped to their y range (CTL `interpolate1D`).
fn interpolate(table: [[f64; 2]; 2], x: f64) -> f64 {
    let [[x0, y0], [x1, y1]] = table;
    if x <= x0 {
        y0
    } else if x >= x1 {
        y1
    } else {
        y0 + (x - x0) / (x1 - x0) * (y1 - y0)
    }
}

/// The single-stage tone scale (ACESlib.SSTS) for a display from `y_min` to `y_max` cd/m², with
/// 18 % grey shown at `y_mid` (built once at the default exposure, then shifted so that the
/// middle grey lands on `y_mid`).
pub fn ssts_params(y_min: f64, y_mid: f64, y_max: f64) -> SplineParams {
    let unshifted = ssts_at_shift(y_min, y_max, 0.0);
    let grey = Spline::new(&unshifted).inverse(y_mid as f32) as f64;
    ssts_at_shift(y_min, y_max, grey.log2() - 0.18f64.log2())
}

fn ssts_at_shift(y_min: f64, y_max: f64, exp_shift: f64) -> SplineParams {
    const MIN_STOP_SDR: f64 = -6.5;
    const MAX_STOP_SDR: f64 = 6.5;
    const MIN_STOP_RRT: f64 = -15.0;
    const MAX_STOP_RRT: f64 = 18.0;
    const MIN_LUM_SDR: f64 = 0.02;
    const MAX_LUM_SDR: f64 = 48.0;
    const MIN_LUM_RRT: f64 = 0.0001;
    const MAX_LUM_RRT: f64 = 10000.0;
    const MID_SLOPE: f64 = 1.55;

    let min_x = 0.18
        * 2f64.powf(interpolate(
            [
                [MIN_LUM_RRT.log10(), MIN_STOP_RRT],
                [MIN_LUM_SDR.log10(), MIN_STOP_SDR],
            ],
            y_min.log10(),
        ));
    let max_x = 0.18
        * 2f64.powf(interpolate(
            [
                [MAX_LUM_SDR.log10(), MAX_STOP_SDR],
                [MAX_LUM_RRT.log10(), MAX_STOP_RRT],
            ],
            y_max.log10(),
        ));
    let (mid_x, mid_y) = (0.18f64, 4.8f64);

    // A line through (x, y) of log-log slope `slope`, sampled half a knot either side of x.
    let line = |x: f64, y: f64, slope: f64, offset: f64| {
        slope * (x.log10() + offset) + (y.log10() - slope * x.log10())
    };
    let inc_low = (mid_x.log10() - min_x.log10()) / 3.0;
    let pct_low = interpolate(
        [[MIN_STOP_RRT, 0.18], [MIN_STOP_SDR, 0.35]],
        (min_x / 0.18).log2(),
    );
    let low_c4 = line(mid_x, mid_y, MID_SLOPE, 0.5 * inc_low);
    let coefs_low = vec![
        line(min_x, y_min, 0.0, -0.5 * inc_low),
        line(min_x, y_min, 0.0, 0.5 * inc_low),
        y_min.log10() + pct_low * (mid_y.log10() - y_min.log10()),
        line(mid_x, mid_y, MID_SLOPE, -0.5 * inc_low),
        low_c4,
        low_c4,
    ];
    let inc_high = (max_x.log10() - mid_x.log10()) / 3.0;
    let pct_high = interpolate(
        [[MAX_STOP_SDR, 0.89], [MAX_STOP_RRT, 0.90]],
        (max_x / 0.18).log2(),
    );
    let high_c4 = line(max_x, y_max, 0.0, 0.5 * inc_high);
    let coefs_high = vec![
        line(mid_x, mid_y, MID_SLOPE, -0.5 * inc_high),
        line(mid_x, mid_y, MID_SLOPE, 0.5 * inc_high),
        mid_y.log10() + pct_high * (y_max.log10() - mid_y.log10()),
        line(max_x, y_max, 0.0, -0.5 * inc_high),
        high_c4,
        high_c4,
    ];
    let shift = |x: f64| 2f64.powf(x.log2() - exp_shift);
    SplineParams {
        coefs_low,
        coefs_high,
        min: SplinePoint {
            x: shift(min_x),
            y: y_min,
        },
        mid: SplinePoint {
            x: shift(mid_x),
            y: mid_y,
        },
        max: SplinePoint {
            x: shift(max_x),
            y: y_max,
        },
        slope_low: 0.0,
        slope_high: 0.0,
    }
}

/// Rows of a spline's register table: the straight part below, up to [`MAX_SEGMENTS`] per half,
/// the straight part above.
#[cfg(target_arch = "x86_64")]
const TABLE_ROWS: usize = 2 * MAX_SEGMENTS + 2;

/// A spline's constants for the register path: the whole curve as one table of quadratics in
/// one knot coordinate (row 0 the straight part below, then the low half's segments, the high
/// half's, and the straight part above), so each lane evaluates one quadratic, not both halves
/// and both ends. Up to 16 rows: two eight-entry tables per coefficient.
#[cfg(target_arch = "x86_64")]
#[derive(Clone, Debug)]
pub(super) struct SplineK {
    /// Coefficients of a·t² + b·t + c per row, rows 0-7 then 8-15.
    a: [K8; 2],
    b: [K8; 2],
    c: [K8; 2],
    /// Below `mid`, knot = (logx − low_x0)·low_scale + 1; from it, (logx − mid)·high_scale
    /// + the high half's first row.
    low_x0: K8,
    low_scale: K8,
    mid: K8,
    high_scale: K8,
    high_first: K8,
    /// The last row (the straight part above).
    top: K8,
    /// Whether rows 8-15 are used.
    wide: bool,
}

#[cfg(target_arch = "x86_64")]
impl Spline {
    pub(super) fn register_constants(&self) -> SplineK {
        let (low, high) = (&self.low, &self.high);
        let per = |h: &Half| h.segments as f32 / (h.log_x1 - h.log_x0);
        let (low_scale, high_scale) = (per(low), per(high));
        let mut rows = [[0f32; 3]; TABLE_ROWS];
        // Straight ends as quadratics with a = 0 in the knot coordinate: below reaches
        // log_min_y at knot 1 (low_x0); above starts from log_max_y at the top row's knot.
        let below = self.slope_low / low_scale;
        rows[0] = [0.0, below, self.log_min_y - below];
        let high_first = 1 + low.segments;
        rows[1..high_first].copy_from_slice(&low.poly[..low.segments]);
        let top = high_first + high.segments;
        rows[high_first..top].copy_from_slice(&high.poly[..high.segments]);
        rows[top] = [0.0, self.slope_high / high_scale, self.log_max_y];
        let table = |k: usize, from: usize| {
            F8(std::array::from_fn(|j| {
                rows.get(from + j).map_or(0.0, |row| row[k])
            }))
        };
        let tables = |k: usize| [table(k, 0), table(k, 8)];
        SplineK {
            a: tables(0),
            b: tables(1),
            c: tables(2),
            low_x0: F8::splat(low.log_x0),
            low_scale: F8::splat(low_scale),
            mid: F8::splat(low.log_x1),
            high_scale: F8::splat(high_scale),
            high_first: F8::splat(high_first as f32),
            top: F8::splat(top as f32),
            wide: top >= 8,
        }
    }

    /// The tone scale in log10-log10 over register lanes ([`Self::forward_log`]), by one row
    /// of [`SplineK`]'s table per lane.
    ///
    /// # Safety
    /// `V`'s instruction set must be there.
    #[inline(always)]
    unsafe fn forward_log_reg<V: Reg>(&self, k: &SplineK, logx: V) -> V {
        use super::registers::c;
        let one = c::<V>(1.0);
        let in_low = (logx - V::k(&k.low_x0)).mul_add(V::k(&k.low_scale), one);
        let in_high = (logx - V::k(&k.mid)).mul_add(V::k(&k.high_scale), V::k(&k.high_first));
        let knot = logx.lt(V::k(&k.mid)).select(in_low, in_high);
        let row = knot.floor().clamp(knot.zero(), V::k(&k.top));
        let t = knot - row;
        let a = lookup16(&k.a, row, k.wide);
        let b = lookup16(&k.b, row, k.wide);
        let c = lookup16(&k.c, row, k.wide);
        (a * t + b) * t + c
    }
}

/// A spline's inverse for the register path ([`Spline::inverse`]): both halves as one table of
/// segments (the low half's, then the high half's), each lane's segment found by counting the
/// segment bounds below its log luminance, then the segment's quadratic solved for t.
#[cfg(target_arch = "x86_64")]
pub(super) struct SplineInverseK {
    /// log10 luminance where one segment ends and the next begins, ascending (the low half's
    /// inner knots, the middle point, the high half's inner knots).
    bounds: [K8; 2 * MAX_SEGMENTS - 1],
    bound_count: usize,
    /// Per segment, rows 0-7 then 8-15: a, b, c of log10 luminance = a·t² + b·t + c, and the
    /// log10 scene value at t = 0 and per unit of t.
    a: [K8; 2],
    b: [K8; 2],
    c: [K8; 2],
    log_x_start: [K8; 2],
    log_x_step: [K8; 2],
    /// Whether rows 8-15 are used.
    wide: bool,
    log_min_y: K8,
    log_max_y: K8,
    log_x_min: K8,
    log_x_max: K8,
}

/// `table[row]` for rows 0-15 held in two eight-entry tables (the second read only if `wide`;
/// both read in range, lookup8's contract, and the right one kept).
///
/// # Safety
/// `V`'s instruction set must be there.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
unsafe fn lookup16<V: Reg>(table: &[K8; 2], row: V, wide: bool) -> V {
    use super::registers::c;
    if !wide {
        return V::lookup8(&table[0], row);
    }
    let eight = c::<V>(8.0);
    let high = row.ge(eight);
    high.select(
        V::lookup8(&table[1], (row - eight).max0()),
        V::lookup8(&table[0], row.min(c::<V>(7.0))),
    )
}

#[cfg(target_arch = "x86_64")]
impl Spline {
    /// Built for every block an inverse renders, so on the stack: no allocation.
    pub(super) fn inverse_constants(&self) -> SplineInverseK {
        let (low, high) = (&self.low, &self.high);
        // Segment bounds: the low half's inner knots, the middle point, the high half's.
        let mut bounds = [F8::splat(0.0); 2 * MAX_SEGMENTS - 1];
        let all = low.knot_y[1..low.segments]
            .iter()
            .chain([&self.log_mid_y])
            .chain(&high.knot_y[1..high.segments]);
        let mut bound_count = 0;
        for (k, &y) in bounds.iter_mut().zip(all) {
            *k = F8::splat(y);
            bound_count += 1;
        }
        // Per segment, low half first: (a, b, c, log x at t = 0, log x per unit t).
        let mut rows = [[0f32; 5]; 2 * MAX_SEGMENTS];
        let mut row_count = 0;
        for h in [low, high] {
            let step = (h.log_x1 - h.log_x0) / h.segments as f32;
            for (j, &[a, b, c]) in h.poly[..h.segments].iter().enumerate() {
                rows[row_count] = [a, b, c, h.log_x0 + j as f32 * step, step];
                row_count += 1;
            }
        }
        let tables = |k: usize| {
            let table = |from: usize| {
                F8(std::array::from_fn(|j| {
                    rows[..row_count].get(from + j).map_or(0.0, |row| row[k])
                }))
            };
            [table(0), table(8)]
        };
        SplineInverseK {
            bounds,
            bound_count,
            a: tables(0),
            b: tables(1),
            c: tables(2),
            log_x_start: tables(3),
            log_x_step: tables(4),
            wide: row_count > 8,
            log_min_y: F8::splat(self.log_min_y),
            log_max_y: F8::splat(self.log_max_y),
            log_x_min: F8::splat(low.log_x0),
            log_x_max: F8::splat(high.log_x1),
        }
    }

    /// [`Self::inverse`] over register lanes, with the register math's log and power.
    ///
    /// # Safety
    /// `V`'s instruction set must be there.
    #[inline(always)]
    pub(super) unsafe fn inverse_reg<V: Reg>(&self, k: &SplineInverseK, m: &MathK, y: V) -> V {
        use super::registers::c;
        // max first: NaN becomes the floor, as in `inverse`.
        let y = c::<V>(INVERSE_FLOOR).max(y).min(c::<V>(f32::MAX));
        let logy = m.log2_pos(y) * c::<V>(std::f32::consts::LOG10_2);
        let one = c::<V>(1.0);
        let mut row = logy.zero();
        for bound in &k.bounds[..k.bound_count] {
            row = row + one.keep(V::k(bound).lt(logy));
        }
        let a = lookup16(&k.a, row, k.wide);
        let b = lookup16(&k.b, row, k.wide);
        let c0 = lookup16(&k.c, row, k.wide) - logy;
        let d = b.mul_sub(b, c::<V>(4.0) * a * c0).max0().sqrt();
        // The root in [0, 1], written to stay exact when a is 0 (a straight segment).
        let t = (c0 + c0) / (-d - b);
        let logx = t.mul_add(
            lookup16(&k.log_x_step, row, k.wide),
            lookup16(&k.log_x_start, row, k.wide),
        );
        let logx = logy.le(V::k(&k.log_min_y)).select(V::k(&k.log_x_min), logx);
        let logx = logy.ge(V::k(&k.log_max_y)).select(V::k(&k.log_x_max), logx);
        exp10_reg(m, logx)
    }
}

/// [`log10`] over register lanes.
///
/// # Safety
/// `V`'s instruction set must be there.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
pub(super) unsafe fn log10_reg<V: Reg>(m: &MathK, x: V) -> V {
    use super::registers::c;
    // max first: NaN becomes the floor, as in `log10`.
    let x = c::<V>(HALF_MIN).max(x).min(c::<V>(LOG_INPUT_TOP));
    m.log2_pos(x) * c::<V>(std::f32::consts::LOG10_2)
}

/// [`exp10`] over register lanes.
///
/// # Safety
/// As [`log10_reg`].
#[cfg(target_arch = "x86_64")]
#[inline(always)]
pub(super) unsafe fn exp10_reg<V: Reg>(m: &MathK, y: V) -> V {
    use super::registers::c;
    m.exp2(y * c::<V>(std::f32::consts::LOG2_10))
}

/// Two tone scales one after the other (the RRT's, then an ODT's), for the register path.
/// They meet in log10: the first's log luminance, held to the range [`log10`] reads, is the
/// second's log scene value, so the first's 10^y and the second's log10 (a round trip that only
/// adds rounding) are left out.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SplineChain {
    pub first: Spline,
    pub second: Spline,
}

/// A tone step the register runner applies to each channel, in log10-log10: one spline or a
/// chain of two.
#[cfg(target_arch = "x86_64")]
pub(super) trait ToneReg {
    /// Its pre-broadcast constants.
    type K;
    fn register_constants(&self) -> Self::K;
    /// log10 luminance of the log10 scene value `logx` (as [`log10_reg`] gives it).
    ///
    /// # Safety
    /// `V`'s instruction set must be there.
    unsafe fn forward_log_reg<V: Reg>(&self, k: &Self::K, logx: V) -> V;
}

#[cfg(target_arch = "x86_64")]
impl ToneReg for Spline {
    type K = SplineK;

    fn register_constants(&self) -> SplineK {
        Spline::register_constants(self)
    }

    #[inline(always)]
    unsafe fn forward_log_reg<V: Reg>(&self, k: &SplineK, logx: V) -> V {
        Spline::forward_log_reg(self, k, logx)
    }
}

/// A chain's constants for the register path.
#[cfg(target_arch = "x86_64")]
pub(super) struct SplineChainK {
    first: SplineK,
    second: SplineK,
    /// log10 of the smallest and largest value [`log10`] reads.
    log_floor: K8,
    log_top: K8,
}

#[cfg(target_arch = "x86_64")]
impl ToneReg for SplineChain {
    type K = SplineChainK;

    fn register_constants(&self) -> SplineChainK {
        SplineChainK {
            first: self.first.register_constants(),
            second: self.second.register_constants(),
            log_floor: K8::splat(HALF_MIN.log10()),
            log_top: K8::splat(LOG_INPUT_TOP.log10()),
        }
    }

    #[inline(always)]
    unsafe fn forward_log_reg<V: Reg>(&self, k: &SplineChainK, logx: V) -> V {
        let logy = self.first.forward_log_reg(&k.first, logx);
        let logy = V::k(&k.log_floor).max(logy).min(V::k(&k.log_top));
        self.second.forward_log_reg(&k.second, logy)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The register tone scale (one table row per lane) against the scalar halves and ends, on
    /// a sweep across both halves and far past both ends.
    #[cfg(target_arch = "x86_64")]
    #[test]
    fn register_spline_follows_the_scalar_one() {
        use crate::simd::avx2::V8;
        use crate::simd::reg::Reg;
        use crate::simd::{best_isa, Isa};
        if best_isa() != Isa::Avx2Fma {
            return;
        }
        for params in [
            rrt_params(),
            odt_48nits_params(),
            ssts_params(0.0001, 15.0, 1000.0),
            ssts_params(0.0001, 4.8, 100.0),
        ] {
            let spline = Spline::new(&params);
            let k = spline.register_constants();
            // logx from -9 to 9 in steps of 1/4096 (the knots' own values are among them).
            for start in (-9 * 4096..9 * 4096).step_by(8) {
                let logx: [f32; 8] = std::array::from_fn(|i| (start + i as i32) as f32 / 4096.0);
                let mut out = [0f32; 8];
                // SAFETY: AVX2 and FMA are there (checked above).
                unsafe { spline.forward_log_reg(&k, V8::load(&logx)).store(&mut out) };
                for (x, y) in logx.into_iter().zip(out) {
                    let want = spline.forward_log(x);
                    assert!((y - want).abs() <= 2e-6, "{params:?} at {x}: {y} vs {want}");
                }
            }
        }
    }

    fn close(a: f32, b: f64, rel: f64) -> bool {
        ((a as f64) - b).abs() <= rel * b.abs()
    }

    #[test]
    fn rrt_tone_scale_anchors() {
        let s = Spline::new(&rrt_params());
        // Middle grey is 4.8 cd/m², the ends are flat at 1e-4 and 1e4.
        assert!(close(s.forward(0.18), 4.8, 1e-5), "{}", s.forward(0.18));
        assert!(close(s.forward(0.0), 0.0001, 1e-5));
        assert!(close(s.forward(1e6), 10000.0, 1e-5));
    }

    #[test]
    fn every_spline_inverts_its_forward() {
        for params in [
            rrt_params(),
            odt_48nits_params(),
            ssts_params(0.0001, 15.0, 1000.0),
        ] {
            let s = Spline::new(&params);
            for stops in -14..16 {
                let x = 0.18 * 2f32.powf(stops as f32 * 0.93);
                if (x as f64) <= params.min.x || (x as f64) >= params.max.x {
                    continue;
                }
                let back = s.inverse(s.forward(x));
                assert!((back - x).abs() <= 2e-5 * x, "{x} -> {back}");
            }
        }
    }

    #[test]
    fn hdr_tone_scales_put_grey_on_their_mid_luminance() {
        for (min, mid, max) in [
            (0.0001, 15.0, 1000.0),
            (0.0001, 15.0, 4000.0),
            (0.0001, 7.2, 108.0),
        ] {
            let s = Spline::new(&ssts_params(min, mid, max));
            assert!(close(s.forward(0.18), mid, 1e-4), "{}", s.forward(0.18));
            assert!(close(s.forward(1e5), max, 1e-5));
        }
    }
}
