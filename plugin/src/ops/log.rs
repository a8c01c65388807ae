//! Logarithmic curves: CLF `Log` in every style (log10, log2, antiLog10, antiLog2, linToLog,
//! logToLin, cameraLinToLog, cameraLogToLin) with per-channel parameters. [`CameraLog`] is the
//! single-curve camera form the built-in colour spaces use.

use super::OpError;
use crate::simd::{exp2_one, log2_one};

/// `log = logSideSlope · log_base(linSideSlope · lin + linSideOffset) + logSideOffset` above
/// `linSideBreak`, and the straight line that meets it with equal value and slope below.
#[derive(Clone, Debug, PartialEq)]
pub struct CameraLog {
    pub base: f64,
    pub log_side_slope: f64,
    pub log_side_offset: f64,
    pub lin_side_slope: f64,
    pub lin_side_offset: f64,
    pub lin_side_break: f64,
    // Derived once, in f32 for the pixel path.
    pub(super) log2_scale: f32,
    pub(super) exp2_scale: f32,
    pub(super) exp2_offset: f32,
    pub(super) lin_slope: f32,
    pub(super) lin_offset: f32,
    pub(super) log_slope: f32,
    pub(super) log_offset: f32,
    pub(super) linear_slope: f32,
    pub(super) linear_offset: f32,
    pub(super) log_break: f32,
    pub(super) lin_break: f32,
    // log_to_lin as multiply-adds (its two divisions were most of its time):
    // lin = exp2(..)·exp2_gain + exp2_lift, toe = y·toe_gain + toe_lift.
    pub(super) exp2_gain: f32,
    pub(super) exp2_lift: f32,
    pub(super) toe_gain: f32,
    pub(super) toe_lift: f32,
}

impl CameraLog {
    pub fn new(
        base: f64,
        log_side_slope: f64,
        log_side_offset: f64,
        lin_side_slope: f64,
        lin_side_offset: f64,
        lin_side_break: f64,
    ) -> CameraLog {
        CameraLog::with_linear_slope(
            base,
            log_side_slope,
            log_side_offset,
            lin_side_slope,
            lin_side_offset,
            lin_side_break,
            None,
        )
    }

    /// As [`CameraLog::new`], with CLF's optional `linearSlope` for the toe (by default the slope
    /// that meets the log side smoothly).
    pub fn with_linear_slope(
        base: f64,
        log_side_slope: f64,
        log_side_offset: f64,
        lin_side_slope: f64,
        lin_side_offset: f64,
        lin_side_break: f64,
        linear_slope: Option<f64>,
    ) -> CameraLog {
        let at_break = lin_side_slope * lin_side_break + lin_side_offset;
        let log_break = log_side_slope * at_break.log(base) + log_side_offset;
        // Equal slope at the break: d/dx of the log side.
        let linear_slope =
            linear_slope.unwrap_or(log_side_slope * lin_side_slope / (at_break * base.ln()));
        let linear_offset = log_break - linear_slope * lin_side_break;
        CameraLog {
            base,
            log_side_slope,
            log_side_offset,
            lin_side_slope,
            lin_side_offset,
            lin_side_break,
            log2_scale: (log_side_slope / base.log2()) as f32,
            exp2_scale: (base.log2() / log_side_slope) as f32,
            exp2_offset: (-base.log2() * log_side_offset / log_side_slope) as f32,
            lin_slope: lin_side_slope as f32,
            lin_offset: lin_side_offset as f32,
            log_slope: log_side_slope as f32,
            log_offset: log_side_offset as f32,
            linear_slope: linear_slope as f32,
            linear_offset: linear_offset as f32,
            log_break: log_break as f32,
            lin_break: lin_side_break as f32,
            exp2_gain: (1.0 / lin_side_slope) as f32,
            exp2_lift: (-lin_side_offset / lin_side_slope) as f32,
            toe_gain: (1.0 / linear_slope) as f32,
            toe_lift: (-linear_offset / linear_slope) as f32,
        }
    }

    /// The same curve with the toe's own offset (`linear_slope`·x + `offset`), which may miss the
    /// log side by a hair at the break: Blackmagic Film Gen 5 is published that way. Not
    /// expressible in CLF, which always joins the two.
    pub fn with_toe_offset(self, offset: f64) -> CameraLog {
        let linear_slope = self.linear_slope();
        CameraLog {
            linear_offset: offset as f32,
            toe_lift: (-offset / linear_slope) as f32,
            ..self
        }
    }

    /// The slope of the linear toe (derived, as CLF allows it to be).
    pub fn linear_slope(&self) -> f64 {
        self.linear_slope as f64
    }

    /// Both sides are computed and one is selected, so that loops over pixels vectorise.
    #[inline(always)]
    pub fn lin_to_log(&self, x: f32) -> f32 {
        let toe = self.linear_slope * x + self.linear_offset;
        // Like OpenColorIO, the log argument is kept at or above FLT_MIN so that values that
        // underflow give the curve's floor, not -inf; NaN stays NaN (the comparison is false).
        let arg = self.lin_slope * x + self.lin_offset;
        let arg = if arg < f32::MIN_POSITIVE {
            f32::MIN_POSITIVE
        } else {
            arg
        };
        let log = self.log2_scale.mul_add(log2_one(arg), self.log_offset);
        if x <= self.lin_break {
            toe
        } else {
            log
        }
    }

    #[inline(always)]
    pub fn log_to_lin(&self, y: f32) -> f32 {
        let toe = y.mul_add(self.toe_gain, self.toe_lift);
        // One fused step to the exponent, to keep f32 rounding out of the exp2 argument.
        let exponent = y.mul_add(self.exp2_scale, self.exp2_offset);
        let lin = exp2_one(exponent).mul_add(self.exp2_gain, self.exp2_lift);
        if y <= self.log_break {
            toe
        } else {
            lin
        }
    }
}

/// FLT_MIN: log arguments are kept at or above it, so that zero and negatives give the curve's
/// floor instead of -inf (what CLF and OpenColorIO specify).
const LOG_FLOOR: f32 = f32::MIN_POSITIVE;

/// The eight CLF `Log` styles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogStyle {
    Log10,
    Log2,
    AntiLog10,
    AntiLog2,
    LinToLog,
    LogToLin,
    CameraLinToLog,
    CameraLogToLin,
}

impl LogStyle {
    /// The style that undoes this one.
    pub fn inverse(self) -> LogStyle {
        use LogStyle::*;
        match self {
            Log10 => AntiLog10,
            AntiLog10 => Log10,
            Log2 => AntiLog2,
            AntiLog2 => Log2,
            LinToLog => LogToLin,
            LogToLin => LinToLog,
            CameraLinToLog => CameraLogToLin,
            CameraLogToLin => CameraLinToLog,
        }
    }

    /// Whether the style reads `LogParams`.
    pub fn has_params(self) -> bool {
        use LogStyle::*;
        matches!(self, LinToLog | LogToLin | CameraLinToLog | CameraLogToLin)
    }

    pub fn is_camera(self) -> bool {
        matches!(self, LogStyle::CameraLinToLog | LogStyle::CameraLogToLin)
    }
}

/// One channel's `LogParams` (CLF defaults: base 2, slopes 1, offsets 0).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LogParams {
    pub base: f64,
    pub log_side_slope: f64,
    pub log_side_offset: f64,
    pub lin_side_slope: f64,
    pub lin_side_offset: f64,
    /// Required by the camera styles, absent otherwise.
    pub lin_side_break: Option<f64>,
    /// Camera styles only; derived when absent.
    pub linear_slope: Option<f64>,
}

impl Default for LogParams {
    fn default() -> Self {
        LogParams {
            base: 2.0,
            log_side_slope: 1.0,
            log_side_offset: 0.0,
            lin_side_slope: 1.0,
            lin_side_offset: 0.0,
            lin_side_break: None,
            linear_slope: None,
        }
    }
}

/// A CLF `Log` node.
#[derive(Clone, Debug)]
pub struct Log {
    pub style: LogStyle,
    /// Per channel (R, G, B); ignored by the four parameterless styles.
    pub params: [LogParams; 3],
    // Boxed: three camera curves would make every `Op` large.
    curves: Box<[Curve; 3]>,
}

/// A channel's curve, ready for the f32 pixel path.
#[derive(Clone, Debug)]
pub(crate) enum Curve {
    Log10,
    Log2,
    AntiLog10,
    AntiLog2,
    /// `linToLog` / `logToLin` have no toe; camera styles do.
    Camera(CameraLog, bool),
}

impl Log {
    pub fn new(style: LogStyle, params: [LogParams; 3]) -> Result<Log, OpError> {
        let bad = |why: String| Err(OpError::InvalidLog(why));
        if style.has_params() {
            for p in &params {
                let values = [
                    p.base,
                    p.log_side_slope,
                    p.log_side_offset,
                    p.lin_side_slope,
                    p.lin_side_offset,
                ];
                if values
                    .iter()
                    .chain(&p.lin_side_break)
                    .chain(&p.linear_slope)
                    .any(|v| !v.is_finite())
                {
                    return bad("every LogParams value must be a finite number".into());
                }
                if p.base <= 0.0 || p.base == 1.0 {
                    return bad(format!("base {} must be positive and not 1", p.base));
                }
                if p.log_side_slope == 0.0 || p.lin_side_slope == 0.0 {
                    return bad("logSideSlope and linSideSlope must not be 0".into());
                }
                if style.is_camera() != p.lin_side_break.is_some() {
                    return bad(if style.is_camera() {
                        "the camera styles need linSideBreak".into()
                    } else {
                        "linSideBreak is only for cameraLinToLog and cameraLogToLin".into()
                    });
                }
                if let Some(brk) = p.lin_side_break {
                    if p.lin_side_slope * brk + p.lin_side_offset <= 0.0 && p.linear_slope.is_none()
                    {
                        return bad(format!(
                            "linSideBreak {brk} falls where the log is undefined"
                        ));
                    }
                }
                if p.linear_slope == Some(0.0) {
                    return bad("linearSlope must not be 0".into());
                }
            }
            if params.iter().any(|p| p.base != params[0].base) {
                return bad("every channel must use the same base".into());
            }
        }
        let curves = params.map(|p| match style {
            LogStyle::Log10 => Curve::Log10,
            LogStyle::Log2 => Curve::Log2,
            LogStyle::AntiLog10 => Curve::AntiLog10,
            LogStyle::AntiLog2 => Curve::AntiLog2,
            _ => {
                let forward = matches!(style, LogStyle::LinToLog | LogStyle::CameraLinToLog);
                // Without a toe the break is -inf: every value takes the log side.
                let brk = p.lin_side_break.unwrap_or(f64::NEG_INFINITY);
                Curve::Camera(
                    CameraLog::with_linear_slope(
                        p.base,
                        p.log_side_slope,
                        p.log_side_offset,
                        p.lin_side_slope,
                        p.lin_side_offset,
                        brk,
                        p.linear_slope.or(Some(1.0).filter(|_| !style.is_camera())),
                    ),
                    forward,
                )
            }
        });
        Ok(Log {
            style,
            params,
            curves: Box::new(curves),
        })
    }

    pub fn eval(&self, rgb: [f32; 3]) -> [f32; 3] {
        std::array::from_fn(|i| self.curves[i].eval(rgb[i]))
    }

    #[inline(always)]
    pub fn apply(&self, r: &mut [f32], g: &mut [f32], b: &mut [f32]) {
        for (curve, channel) in self.curves.iter().zip([r, g, b]) {
            curve.apply(channel);
        }
    }

    /// Each channel's curve (for the register form, `ops::registers`).
    pub(crate) fn curves(&self) -> &[Curve; 3] {
        &self.curves
    }

    pub fn inverse(&self) -> Result<Log, OpError> {
        Log::new(self.style.inverse(), self.params)
    }
}

/// Two logs are equal when their style and parameters are (the derived curves follow).
impl PartialEq for Log {
    fn eq(&self, other: &Log) -> bool {
        self.style == other.style && self.params == other.params
    }
}

impl Curve {
    /// One loop per curve kind (not a match per pixel), so each loop vectorises.
    #[inline(always)]
    fn apply(&self, values: &mut [f32]) {
        match self {
            Curve::Log10 => {
                for v in values.iter_mut() {
                    *v = log2_one(floor(*v)) * std::f32::consts::LOG10_2;
                }
            }
            Curve::Log2 => {
                for v in values.iter_mut() {
                    *v = log2_one(floor(*v));
                }
            }
            Curve::AntiLog10 => {
                for v in values.iter_mut() {
                    *v = exp2_one(*v * std::f32::consts::LOG2_10);
                }
            }
            Curve::AntiLog2 => {
                for v in values.iter_mut() {
                    *v = exp2_one(*v);
                }
            }
            Curve::Camera(c, true) => {
                for v in values.iter_mut() {
                    *v = c.lin_to_log(*v);
                }
            }
            Curve::Camera(c, false) => {
                for v in values.iter_mut() {
                    *v = c.log_to_lin(*v);
                }
            }
        }
    }

    fn eval(&self, x: f32) -> f32 {
        match self {
            Curve::Log10 => log2_one(floor(x)) * std::f32::consts::LOG10_2,
            Curve::Log2 => log2_one(floor(x)),
            Curve::AntiLog10 => exp2_one(x * std::f32::consts::LOG2_10),
            Curve::AntiLog2 => exp2_one(x),
            Curve::Camera(c, true) => c.lin_to_log(x),
            Curve::Camera(c, false) => c.log_to_lin(x),
        }
    }
}

/// `max(x, FLT_MIN)`, with NaN kept as NaN.
#[inline(always)]
fn floor(x: f32) -> f32 {
    if x < LOG_FLOOR {
        LOG_FLOOR
    } else {
        x
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn acescct() -> LogParams {
        LogParams {
            log_side_slope: 1.0 / 17.52,
            log_side_offset: 9.72 / 17.52,
            lin_side_break: Some(0.0078125),
            ..LogParams::default()
        }
    }

    #[test]
    fn camera_style_is_the_acescct_curve() {
        let log = Log::new(LogStyle::CameraLinToLog, [acescct(); 3]).unwrap();
        let cct = CameraLog::new(2.0, 1.0 / 17.52, 9.72 / 17.52, 1.0, 0.0, 0.0078125);
        for x in [-0.1f32, 0.0, 0.005, 0.18, 1.0, 100.0] {
            assert_eq!(log.eval([x; 3])[0], cct.lin_to_log(x));
        }
        // ACEScct of 0.18 is 0.4135884 (the ACES spec's worked value).
        assert!((log.eval([0.18; 3])[0] - 0.413_588_4).abs() < 1e-6);
    }

    #[test]
    fn every_style_is_undone_by_its_inverse() {
        let cineon = LogParams {
            base: 10.0,
            log_side_slope: 0.293_255_131_96,
            log_side_offset: 0.669_599_217_99,
            lin_side_slope: 0.989_202_248_38,
            lin_side_offset: 0.010_797_751_62,
            ..LogParams::default()
        };
        let cases = [
            (LogStyle::Log10, LogParams::default()),
            (LogStyle::Log2, LogParams::default()),
            (LogStyle::LinToLog, cineon),
            (LogStyle::CameraLinToLog, acescct()),
        ];
        for (style, p) in cases {
            let fwd = Log::new(style, [p; 3]).unwrap();
            let inv = fwd.inverse().unwrap();
            for x in [0.001f32, 0.18, 1.0, 40.0] {
                let back = inv.eval(fwd.eval([x; 3]))[0];
                assert!(
                    (back - x).abs() < 2e-6 * x.max(1.0),
                    "{style:?}: {x} → {back}"
                );
            }
        }
    }

    #[test]
    fn log_floors_at_flt_min() {
        let log = Log::new(LogStyle::Log2, [LogParams::default(); 3]).unwrap();
        assert_eq!(log.eval([0.0, -1.0, 1.0]), [-126.0, -126.0, 0.0]);
    }

    #[test]
    fn params_are_checked() {
        let with_break = LogParams {
            lin_side_break: Some(0.01),
            ..LogParams::default()
        };
        assert!(Log::new(LogStyle::LinToLog, [with_break; 3]).is_err());
        assert!(Log::new(LogStyle::CameraLogToLin, [LogParams::default(); 3]).is_err());
        let mixed = [
            LogParams::default(),
            LogParams {
                base: 10.0,
                ..LogParams::default()
            },
            LogParams::default(),
        ];
        assert!(Log::new(LogStyle::LinToLog, mixed).is_err());
    }
}
