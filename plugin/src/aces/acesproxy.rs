//! ACESproxy (S-2013-001): AP1 primaries, a log2 encoding of 50 (10-bit) or 200 (12-bit) code
//! values per stop, held between the legal video code values CVmin and CVmax.
//!
//! Like OpenColorIO (the reference), the encoding is continuous: the CTL rounds to whole code
//! values, which a float pipeline need not do (values agree at every whole code value), and which
//! would make the two directions no longer undo each other.

use super::primaries::{rgb_to_rgb, AP0, AP1};
use crate::ops::{Log, LogParams, LogStyle, Matrix, Op, Range};

/// The two ACESproxy integer encodings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProxyDepth {
    Ten,
    Twelve,
}

/// The encoding's constants, in code values.
struct ProxyCodes {
    steps_per_stop: f64,
    mid_cv_offset: f64,
    cv_min: f64,
    cv_max: f64,
    /// Largest code value (1023 or 4095): code values are stored as `cv / full_scale`.
    full_scale: f64,
}

impl ProxyDepth {
    fn codes(self) -> ProxyCodes {
        match self {
            ProxyDepth::Ten => ProxyCodes {
                steps_per_stop: 50.0,
                mid_cv_offset: 425.0,
                cv_min: 64.0,
                cv_max: 940.0,
                full_scale: 1023.0,
            },
            ProxyDepth::Twelve => ProxyCodes {
                steps_per_stop: 200.0,
                mid_cv_offset: 1700.0,
                cv_min: 256.0,
                cv_max: 3760.0,
                full_scale: 4095.0,
            },
        }
    }
}

impl ProxyCodes {
    /// log2 of linear AP1 at code value `cv`: `(cv − MidCVoffset) / StepsPerStop − 2.5`.
    fn stops(&self, cv: f64) -> f64 {
        (cv - self.mid_cv_offset) / self.steps_per_stop - 2.5
    }

    /// Stored code values [CVmin, CVmax] to log2 linear AP1 (clamped, as both the CTL and
    /// OpenColorIO hold the code values to the legal range).
    fn code_to_stops(&self) -> Option<Range> {
        Range::new(
            Some(self.cv_min / self.full_scale),
            Some(self.cv_max / self.full_scale),
            Some(self.stops(self.cv_min)),
            Some(self.stops(self.cv_max)),
            true,
        )
        .ok()
    }
}

fn log_op(style: LogStyle) -> Option<Op> {
    Log::new(style, [LogParams::default(); 3]).ok().map(Op::Log)
}

/// ACESproxy code values (0–1) to ACES2065-1.
pub fn acesproxy_to_aces(depth: ProxyDepth) -> Option<Vec<Op>> {
    let codes = depth.codes();
    Some(vec![
        Op::Range(codes.code_to_stops()?),
        log_op(LogStyle::AntiLog2)?,
        Op::Matrix(Matrix::from_rows(rgb_to_rgb(&AP1, &AP0))),
    ])
}

/// ACES2065-1 to ACESproxy code values (0–1).
pub fn aces_to_acesproxy(depth: ProxyDepth) -> Option<Vec<Op>> {
    let codes = depth.codes();
    Some(vec![
        // The CTL's pre-clamp: a large negative ACES value must not fold into a positive AP1 one.
        Op::Range(Range::new(Some(0.0), None, Some(0.0), None, true).ok()?),
        Op::Matrix(Matrix::from_rows(rgb_to_rgb(&AP0, &AP1))),
        // Values at or below 2^-9.72 (and 0, which log2 floors) land on CVmin through the clamp.
        log_op(LogStyle::Log2)?,
        Op::Range(codes.code_to_stops()?.inverse().ok()?),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::Pipeline;

    /// The CTL's decoding of a whole code value, in f64: 2^((cv − MidCVoffset)/StepsPerStop − 2.5)
    /// in AP1, then AP1 to AP0.
    fn ctl_decode(depth: ProxyDepth, cv: [f64; 3]) -> [f64; 3] {
        let c = depth.codes();
        let ap1 = cv.map(|v| 2f64.powf((v - c.mid_cv_offset) / c.steps_per_stop - 2.5));
        let m = rgb_to_rgb(&AP1, &AP0);
        [0, 1, 2].map(|i| (0..3).map(|j| m[i][j] * ap1[j]).sum())
    }

    #[test]
    fn whole_code_values_decode_as_the_ctl_does() {
        for depth in [ProxyDepth::Ten, ProxyDepth::Twelve] {
            let c = depth.codes();
            let chain = Pipeline::new(acesproxy_to_aces(depth).unwrap());
            let mut worst = 0f64;
            let mut cv = c.cv_min;
            while cv <= c.cv_max {
                let codes = [cv, (cv + 37.0).min(c.cv_max), (cv * 0.7).max(c.cv_min)];
                let want = ctl_decode(depth, codes);
                let got = chain.eval_rgb(codes.map(|v| (v / c.full_scale) as f32));
                for i in 0..3 {
                    let rel = (got[i] as f64 - want[i]).abs() / want[i].abs().max(1e-3);
                    worst = worst.max(rel);
                }
                cv += 1.0;
            }
            assert!(worst < 2e-6, "{depth:?}: worst relative error {worst:e}");
        }
    }

    #[test]
    fn the_twelve_bit_encoding_is_the_ten_bit_one_at_four_times_the_codes() {
        // S-2013-001: 12-bit code = 4 × 10-bit code; the stored values differ by 1023/4095.
        let ten = Pipeline::new(aces_to_acesproxy(ProxyDepth::Ten).unwrap());
        let twelve = Pipeline::new(aces_to_acesproxy(ProxyDepth::Twelve).unwrap());
        for aces in [[0.18f32, 0.18, 0.18], [0.02, 0.5, 3.0], [1.0, 0.3, 0.05]] {
            let a = ten.eval_rgb(aces).map(|v| v as f64 * 1023.0 * 4.0);
            let b = twelve.eval_rgb(aces).map(|v| v as f64 * 4095.0);
            for i in 0..3 {
                assert!((a[i] - b[i]).abs() < 2e-3, "{aces:?}: {a:?} vs {b:?}");
            }
        }
    }

    #[test]
    fn encoding_clamps_to_the_legal_code_values() {
        for depth in [ProxyDepth::Ten, ProxyDepth::Twelve] {
            let c = depth.codes();
            let chain = Pipeline::new(aces_to_acesproxy(depth).unwrap());
            let low = chain.eval_rgb([-1.0, 0.0, 1e-6]);
            let high = [1e3f32, 65504.0, 1e30].map(|v| chain.eval_rgb([v; 3])[0]);
            for v in low {
                assert!(
                    (v as f64 * c.full_scale - c.cv_min).abs() < 1e-4,
                    "{depth:?}"
                );
            }
            for v in high {
                assert!(
                    (v as f64 * c.full_scale - c.cv_max).abs() < 1e-3,
                    "{depth:?}"
                );
            }
            // 18 % grey: (log2(0.18) + 2.5)·steps + mid.
            let grey = chain.eval_rgb([0.18; 3])[1] as f64 * c.full_scale;
            let want = (0.18f64.log2() + 2.5) * c.steps_per_stop + c.mid_cv_offset;
            assert!((grey - want).abs() < 2e-3, "{depth:?}: {grey} vs {want}");
        }
    }
}
