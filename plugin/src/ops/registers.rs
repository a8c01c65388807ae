//! The ops with a register form, for a fused run (`pipeline::fused`): a run of them goes over a
//! block once, one register of pixels through every op in turn, instead of one pass per op with
//! a load and a store of every channel in between.
//!
//! The matrices, the camera log curves both ways, the CLF `Log` in every style, the ASC CDL
//! both ways, the CLF Range, the ACES reference gamut compression both ways and the forward
//! CLF LUT1D on an even domain (its entries gathered), written over [`Reg`].
//! The output transforms keep their own register loops: fused into the same loop as these
//! they ran 4-8 % slower (chains a and c, 1080p, one thread, Zen 3; the bigger loop spills its
//! constants to the stack), and their own loops are already one pass.
//!
//! Each op here mirrors its scalar definition step for step, rounding for rounding (no fused
//! multiply-add where the scalar code has none; [`MathK`]'s log2 and exp2 variants that match
//! the scalar ones), special values included: the fused path gives the scalar reference's bits
//! but for subnormal inputs and results (`tests/fused_runs.rs`).

use super::cdl::LUMA;
use super::log::Curve;
use super::{CameraLog, Cdl, CdlStyle, Log, Lut1d, Matrix, Op, Range};
use crate::aces::GamutCompress;
use crate::simd::lanes::F8;
use crate::simd::reg::{kmat3, KMat3, Reg, RegMask, K8};
use crate::simd::reg_math::MathK;

/// One op in registers, its constants pre-broadcast.
#[derive(Debug)]
pub(crate) enum RegOp {
    Matrix(Box<MatrixK>),
    LinToLog(Box<LinToLogK>),
    LogToLin(Box<LogToLinK>),
    Cdl(Box<CdlK>),
    Log(Box<LogK>),
    Range(Box<RangeK>),
    GamutCompress(Box<GamutCompressK>),
    Lut1d(Box<Lut1dK>),
}

impl RegOp {
    /// The register form of `op`, if it has one.
    pub(crate) fn new(op: &Op) -> Option<RegOp> {
        Some(match op {
            Op::Matrix(m) => RegOp::Matrix(Box::new(MatrixK::new(m))),
            Op::LinToLog(l) => RegOp::LinToLog(Box::new(LinToLogK::new(l))),
            Op::LogToLin(l) => RegOp::LogToLin(Box::new(LogToLinK::new(l))),
            Op::Cdl(c) => RegOp::Cdl(Box::new(CdlK::new(c))),
            Op::Log(l) => RegOp::Log(Box::new(LogK::new(l))),
            Op::Range(r) => RegOp::Range(Box::new(RangeK::new(r))),
            Op::GamutCompress(g) => RegOp::GamutCompress(Box::new(GamutCompressK::new(g))),
            // The half-float domain and the inverse keep their own paths.
            Op::Lut1d(l) if !l.half_domain() && !l.is_inverse() => {
                RegOp::Lut1d(Box::new(Lut1dK::new(l)))
            }
            _ => return None,
        })
    }

    /// Whether the op's own block loop is vectorised already, so that alone (no neighbour to
    /// fuse with) it keeps that loop. The Range, the gamut compression and the LUT1D loop pixel
    /// by pixel:
    /// alone they still run in registers (a Range before the ACESproxy curve, 1920x1080, one
    /// thread: 25 ms on its own loop).
    pub(crate) fn has_vector_loop(&self) -> bool {
        !matches!(
            self,
            RegOp::Range(_) | RegOp::GamutCompress(_) | RegOp::Lut1d(_)
        )
    }

    /// One register of pixels through the op.
    ///
    /// # Safety
    /// `V`'s instruction set must be there (it is, wherever a `V` exists).
    #[inline(always)]
    pub(crate) unsafe fn run<V: Reg>(&self, m: &MathK, rgb: [V; 3]) -> [V; 3] {
        match self {
            RegOp::Matrix(k) => k.run(rgb),
            // No closures here (`map`): they would not inherit the caller's target features.
            RegOp::LinToLog(k) => [k.run(m, rgb[0]), k.run(m, rgb[1]), k.run(m, rgb[2])],
            RegOp::LogToLin(k) => [k.run(m, rgb[0]), k.run(m, rgb[1]), k.run(m, rgb[2])],
            RegOp::Cdl(k) => k.run(m, rgb),
            RegOp::Log(k) => [
                k.curves[0].run(m, rgb[0]),
                k.curves[1].run(m, rgb[1]),
                k.curves[2].run(m, rgb[2]),
            ],
            RegOp::Range(k) => [k.run(rgb[0]), k.run(rgb[1]), k.run(rgb[2])],
            RegOp::Lut1d(k) => [k.run(0, rgb[0]), k.run(1, rgb[1]), k.run(2, rgb[2])],
            RegOp::GamutCompress(k) => {
                if k.inverse {
                    k.run::<true, V>(m, rgb)
                } else {
                    k.run::<false, V>(m, rgb)
                }
            }
        }
    }
}

/// A constant in every lane of a register.
#[inline(always)]
fn c<V: Reg>(k: &K8) -> V {
    // SAFETY: only called where a V exists (see `RegOp::run`).
    unsafe { V::k(k) }
}

/// [`Matrix`]: rows as multiply-adds, then the offset (when there is one).
#[derive(Debug)]
pub(crate) struct MatrixK {
    m: KMat3,
    offset: Option<[K8; 3]>,
}

impl MatrixK {
    fn new(m: &Matrix) -> MatrixK {
        let rows = m.rows().map(|row| row.map(|v| v as f32));
        let offset = m.offset().map(|v| v as f32);
        MatrixK {
            m: kmat3(&rows),
            offset: (offset != [0.0; 3]).then(|| offset.map(F8::splat)),
        }
    }

    #[inline(always)]
    fn run<V: Reg>(&self, rgb: [V; 3]) -> [V; 3] {
        [self.row(0, rgb), self.row(1, rgb), self.row(2, rgb)]
    }

    /// Products and sums in the scalar `Matrix::eval`'s order, without fused multiply-adds:
    /// the same bits (a pixel whose channels cancel in a row keeps OpenColorIO's rounding).
    #[inline(always)]
    fn row<V: Reg>(&self, i: usize, [r, g, b]: [V; 3]) -> V {
        let m = &self.m[i];
        let sum = r * &m[0] + g * &m[1] + b * &m[2];
        match &self.offset {
            Some(o) => sum + &o[i],
            None => sum,
        }
    }
}

/// [`CameraLog::lin_to_log`].
#[derive(Debug)]
pub(crate) struct LinToLogK {
    linear_slope: K8,
    linear_offset: K8,
    lin_slope: K8,
    lin_offset: K8,
    log2_scale: K8,
    log_offset: K8,
    lin_break: K8,
    min_positive: K8,
}

impl LinToLogK {
    fn new(l: &CameraLog) -> LinToLogK {
        let s = F8::splat;
        LinToLogK {
            linear_slope: s(l.linear_slope),
            linear_offset: s(l.linear_offset),
            lin_slope: s(l.lin_slope),
            lin_offset: s(l.lin_offset),
            log2_scale: s(l.log2_scale),
            log_offset: s(l.log_offset),
            lin_break: s(l.lin_break),
            min_positive: s(f32::MIN_POSITIVE),
        }
    }

    #[inline(always)]
    fn run<V: Reg>(&self, m: &MathK, x: V) -> V {
        let toe = x * &self.linear_slope + &self.linear_offset;
        // The log argument floored at FLT_MIN, NaN kept (max keeps a NaN self).
        let arg = (x * &self.lin_slope + &self.lin_offset).max(c(&self.min_positive));
        let log = m
            .log2_normal(arg)
            .mul_add(c(&self.log2_scale), c(&self.log_offset));
        x.le(c(&self.lin_break)).select(toe, log)
    }
}

/// [`CameraLog::log_to_lin`].
#[derive(Debug)]
pub(crate) struct LogToLinK {
    toe_gain: K8,
    toe_lift: K8,
    exp2_scale: K8,
    exp2_offset: K8,
    exp2_gain: K8,
    exp2_lift: K8,
    log_break: K8,
}

impl LogToLinK {
    fn new(l: &CameraLog) -> LogToLinK {
        let s = F8::splat;
        LogToLinK {
            toe_gain: s(l.toe_gain),
            toe_lift: s(l.toe_lift),
            exp2_scale: s(l.exp2_scale),
            exp2_offset: s(l.exp2_offset),
            exp2_gain: s(l.exp2_gain),
            exp2_lift: s(l.exp2_lift),
            log_break: s(l.log_break),
        }
    }

    #[inline(always)]
    fn run<V: Reg>(&self, m: &MathK, y: V) -> V {
        let toe = y.mul_add(c(&self.toe_gain), c(&self.toe_lift));
        let exponent = y.mul_add(c(&self.exp2_scale), c(&self.exp2_offset));
        let lin = m
            .exp2_wide(exponent)
            .mul_add(c(&self.exp2_gain), c(&self.exp2_lift));
        y.le(c(&self.log_break)).select(toe, lin)
    }
}

/// [`Range`]: scale and offset in one rounding, then the clamp written with comparisons so that
/// NaN passes (as `Range::eval`).
#[derive(Debug)]
pub(crate) struct RangeK {
    scale: K8,
    offset: K8,
    /// `None` for noClamp.
    bounds: Option<[K8; 2]>,
}

impl RangeK {
    fn new(range: &Range) -> RangeK {
        let (scale, offset, low, high, clamp) = range.pixel_terms();
        let s = F8::splat;
        RangeK {
            scale: s(scale),
            offset: s(offset),
            bounds: clamp.then(|| [s(low), s(high)]),
        }
    }

    #[inline(always)]
    fn run<V: Reg>(&self, x: V) -> V {
        let v = x.mul_add(c(&self.scale), c(&self.offset));
        match &self.bounds {
            Some([low, high]) => {
                let (low, high) = (c::<V>(low), c::<V>(high));
                v.lt(low).select(low, v.gt(high).select(high, v))
            }
            None => v,
        }
    }
}

/// [`Lut1d`] forward on the even domain [0, 1]: the position clamped to the table (NaN to the
/// first entry), the two entries around it gathered, interpolated with one fused multiply-add,
/// as `Lut1d::eval`.
#[derive(Debug)]
pub(crate) struct Lut1dK {
    /// The entries, as the op holds them (one column, or R, G, B per entry).
    table: Vec<f32>,
    /// Entries per row (1 or 3), and the first index of each channel's column.
    stride: K8,
    column: [K8; 3],
    last: K8,
    last_start: K8,
    zero: K8,
}

impl Lut1dK {
    fn new(lut: &Lut1d) -> Lut1dK {
        let s = F8::splat;
        let components = lut.components();
        let last = (lut.size() - 1) as f32;
        Lut1dK {
            table: lut.values().to_vec(),
            stride: s(components as f32),
            column: std::array::from_fn(|c| s(if components == 1 { 0.0 } else { c as f32 })),
            last: s(last),
            last_start: s(last - 1.0),
            zero: s(0.0),
        }
    }

    #[inline(always)]
    fn run<V: Reg>(&self, channel: usize, x: V) -> V {
        // (x·last) held in [0, last], NaN to 0 (Reg::max keeps the non-NaN side).
        let pos = c::<V>(&self.zero).max(x * &self.last).min(c(&self.last));
        let start = pos.floor().min(c(&self.last_start));
        let frac = pos - start;
        // Exact: integers far below 2^24 (at most 2^20 entries of 3).
        let at = start.mul_add(c(&self.stride), c(&self.column[channel]));
        let a = V::gather(&self.table, at);
        let b = V::gather(&self.table, at + &self.stride);
        frac.mul_add(b - a, a)
    }
}

/// [`GamutCompress`] both ways, step for step (its pow as the scalar `pow_one`: the exact log2
/// and exp2, with the negative arguments that make the scalar pow NaN made NaN here too).
#[derive(Debug)]
pub(crate) struct GamutCompressK {
    inverse: bool,
    threshold: [K8; 3],
    scale: [K8; 3],
    /// Where the inverse curve has its asymptote (threshold + scale, rounded as the scalar).
    asymptote: [K8; 3],
    power: K8,
    inv_power: K8,
    zero: K8,
    one: K8,
    min_positive: K8,
    nan: K8,
}

impl GamutCompressK {
    fn new(g: &GamutCompress) -> GamutCompressK {
        let (threshold, scale, power) = g.pixel_terms();
        let s = F8::splat;
        GamutCompressK {
            inverse: g.inverse,
            threshold: threshold.map(s),
            scale: scale.map(s),
            asymptote: std::array::from_fn(|i| s(threshold[i] + scale[i])),
            power: s(power),
            inv_power: s(1.0 / power),
            zero: s(0.0),
            one: s(1.0),
            min_positive: s(f32::MIN_POSITIVE),
            nan: s(f32::NAN),
        }
    }

    /// `pow_one(x, p)`: NaN for x < 0 (and NaN), 0 for 0, else 2^(p·log2 x). Below the smallest
    /// normal x is taken as it: the results there are far below what they are added to.
    #[inline(always)]
    fn pow<V: Reg>(&self, m: &MathK, x: V, p: &K8) -> V {
        let y = m.exp2_wide(m.log2_normal(x.max(c(&self.min_positive))) * p);
        x.lt(c(&self.zero)).select(c(&self.nan), y)
    }

    #[inline(always)]
    fn run<const INVERSE: bool, V: Reg>(&self, m: &MathK, [r, g, b]: [V; 3]) -> [V; 3] {
        // C++'s std::max (the first argument unless the second is larger), as Reg::max.
        let ach = r.max(g.max(b));
        [
            self.channel::<INVERSE, V>(m, 0, r, ach),
            self.channel::<INVERSE, V>(m, 1, g, ach),
            self.channel::<INVERSE, V>(m, 2, b, ach),
        ]
    }

    #[inline(always)]
    fn channel<const INVERSE: bool, V: Reg>(&self, m: &MathK, i: usize, value: V, ach: V) -> V {
        let (threshold, scale) = (c::<V>(&self.threshold[i]), c::<V>(&self.scale[i]));
        let size = ach.abs();
        let dist = (ach - value) / size;
        let nd = (dist - threshold) / scale;
        let p = self.pow(m, nd, &self.power);
        let distance = if INVERSE {
            let unrolled = self.pow(m, -(p / (p - &self.one)), &self.inv_power);
            let uncompressed = threshold + scale * unrolled;
            dist.ge(c(&self.asymptote[i])).select(dist, uncompressed)
        } else {
            threshold + scale * nd / self.pow(m, p + &self.one, &self.inv_power)
        };
        let moved = ach - distance * size;
        let out = dist.lt(threshold).select(value, moved);
        ach.eq(c(&self.zero)).select(c(&self.zero), out)
    }
}

/// The [`Cdl`] both ways. Forward: slope, offset, optional clamp, power, saturation. Reverse
/// (CLF `Rev` / `RevNoClamp`, `Cdl::eval_reverse`): optional clamp, saturation undone, optional
/// clamp, the power undone, offset and slope undone, optional clamp.
#[derive(Debug)]
pub(crate) struct CdlK {
    reverse: bool,
    slope: [K8; 3],
    offset: [K8; 3],
    /// The power (reverse: 1/power as the scalar path rounds it); `None` where it is 1.
    power: [Option<K8>; 3],
    clamp: bool,
    /// `None` where the saturation is 1.
    saturation: Option<K8>,
    luma: [K8; 3],
    zero: K8,
    one: K8,
    min_positive: K8,
}

impl CdlK {
    fn new(cdl: &Cdl) -> CdlK {
        let s = |v: f64| F8::splat(v as f32);
        CdlK {
            reverse: cdl.reverse,
            slope: cdl.slope.map(s),
            offset: cdl.offset.map(s),
            power: cdl.power.map(|p| {
                let p = if cdl.reverse {
                    1.0 / p as f32
                } else {
                    p as f32
                };
                (p != 1.0).then(|| F8::splat(p))
            }),
            clamp: cdl.style == CdlStyle::Clamp,
            saturation: (cdl.saturation as f32 != 1.0).then(|| s(cdl.saturation)),
            luma: LUMA.map(F8::splat),
            zero: F8::splat(0.0),
            one: F8::splat(1.0),
            min_positive: F8::splat(f32::MIN_POSITIVE),
        }
    }

    /// [0, 1] in the clamping style, NaN kept (as `f32::clamp`; `Reg::clamp` would make it 0).
    #[inline(always)]
    fn clamp01<V: Reg>(&self, v: V) -> V {
        if self.clamp {
            v.max(c(&self.zero)).min(c(&self.one))
        } else {
            v
        }
    }

    /// x^p for x > 0 (p the channel's power or its inverse); x itself at or below 0, for NaN,
    /// and where p is 1.
    #[inline(always)]
    fn power<V: Reg>(&self, m: &MathK, i: usize, v: V) -> V {
        match &self.power[i] {
            Some(p) => {
                let log = m.log2_normal(v.max(c(&self.min_positive)));
                v.gt0().select(m.exp2_wide(log * p), v)
            }
            None => v,
        }
    }

    #[inline(always)]
    fn luma<V: Reg>(&self, v: [V; 3]) -> V {
        v[0] * &self.luma[0] + v[1] * &self.luma[1] + v[2] * &self.luma[2]
    }

    #[inline(always)]
    fn run<V: Reg>(&self, m: &MathK, rgb: [V; 3]) -> [V; 3] {
        if self.reverse {
            self.reverse(m, rgb)
        } else {
            self.forward(m, rgb)
        }
    }

    #[inline(always)]
    fn forward<V: Reg>(&self, m: &MathK, rgb: [V; 3]) -> [V; 3] {
        let sop = [
            self.slope_offset_power(m, 0, rgb[0]),
            self.slope_offset_power(m, 1, rgb[1]),
            self.slope_offset_power(m, 2, rgb[2]),
        ];
        let Some(sat) = &self.saturation else {
            return sop;
        };
        let y = self.luma(sop);
        [
            self.clamp01(y + (sop[0] - y) * sat),
            self.clamp01(y + (sop[1] - y) * sat),
            self.clamp01(y + (sop[2] - y) * sat),
        ]
    }

    #[inline(always)]
    fn slope_offset_power<V: Reg>(&self, m: &MathK, i: usize, v: V) -> V {
        let v = self.clamp01(v * &self.slope[i] + &self.offset[i]);
        self.power(m, i, v)
    }

    #[inline(always)]
    fn reverse<V: Reg>(&self, m: &MathK, rgb: [V; 3]) -> [V; 3] {
        let v = [
            self.clamp01(rgb[0]),
            self.clamp01(rgb[1]),
            self.clamp01(rgb[2]),
        ];
        let v = match &self.saturation {
            Some(sat) => {
                let y = self.luma(v);
                [
                    y + (v[0] - y) / sat,
                    y + (v[1] - y) / sat,
                    y + (v[2] - y) / sat,
                ]
            }
            None => v,
        };
        [
            self.unpower(m, 0, v[0]),
            self.unpower(m, 1, v[1]),
            self.unpower(m, 2, v[2]),
        ]
    }

    #[inline(always)]
    fn unpower<V: Reg>(&self, m: &MathK, i: usize, v: V) -> V {
        let u = self.power(m, i, self.clamp01(v));
        self.clamp01((u - &self.offset[i]) / &self.slope[i])
    }
}

/// A CLF [`Log`]: a curve per channel.
#[derive(Debug)]
pub(crate) struct LogK {
    curves: [CurveK; 3],
}

impl LogK {
    fn new(log: &Log) -> LogK {
        LogK {
            curves: log.curves().each_ref().map(CurveK::new),
        }
    }
}

/// One channel of a CLF [`Log`] (`Curve::eval`'s steps).
#[derive(Debug)]
enum CurveK {
    /// log2 of the value floored at FLT_MIN (NaN kept), then times the factor (log10) if any.
    Log2 {
        factor: Option<K8>,
        min_positive: K8,
    },
    /// exp2 of the value, times the factor first (antiLog10) if any.
    Exp2 {
        factor: Option<K8>,
    },
    LinToLog(LinToLogK),
    LogToLin(LogToLinK),
}

impl CurveK {
    fn new(curve: &Curve) -> CurveK {
        let min_positive = F8::splat(f32::MIN_POSITIVE);
        match curve {
            Curve::Log10 => CurveK::Log2 {
                factor: Some(F8::splat(std::f32::consts::LOG10_2)),
                min_positive,
            },
            Curve::Log2 => CurveK::Log2 {
                factor: None,
                min_positive,
            },
            Curve::AntiLog10 => CurveK::Exp2 {
                factor: Some(F8::splat(std::f32::consts::LOG2_10)),
            },
            Curve::AntiLog2 => CurveK::Exp2 { factor: None },
            Curve::Camera(l, true) => CurveK::LinToLog(LinToLogK::new(l)),
            Curve::Camera(l, false) => CurveK::LogToLin(LogToLinK::new(l)),
        }
    }

    #[inline(always)]
    fn run<V: Reg>(&self, m: &MathK, x: V) -> V {
        match self {
            CurveK::Log2 {
                factor,
                min_positive,
            } => {
                // `max` keeps a NaN self, as the scalar floor does.
                let log = m.log2_normal(x.max(c(min_positive)));
                match factor {
                    Some(f) => log * f,
                    None => log,
                }
            }
            CurveK::Exp2 { factor } => match factor {
                Some(f) => m.exp2_wide(x * f),
                None => m.exp2_wide(x),
            },
            CurveK::LinToLog(k) => k.run(m, x),
            CurveK::LogToLin(k) => k.run(m, x),
        }
    }
}
