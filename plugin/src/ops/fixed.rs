//! Fixed functions: curves with a closed form that no CLF node expresses exactly.

use crate::simd::{exp2_one, log2_one};

/// A fixed function and its direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FixedFunction {
    /// Linear AP1 to ACEScc (S-2014-003): log2 with a toe that halves values below 2^-15.
    AcesCcEncode,
    /// ACEScc to linear AP1.
    AcesCcDecode,
}

/// The lowest ACEScc value encoded (OpenColorIO's floor).
const ACESCC_FLOOR: f32 = -0.36;
/// The highest ACEScc value decoded (OpenColorIO's ceiling).
const ACESCC_CEILING: f32 = 1.5;
/// (9.72 − 15) / 17.52: the ACEScc value of 2^-15, where the toe starts.
const ACESCC_TOE: f32 = -0.301_369_86;

impl FixedFunction {
    pub fn inverse(self) -> FixedFunction {
        match self {
            FixedFunction::AcesCcEncode => FixedFunction::AcesCcDecode,
            FixedFunction::AcesCcDecode => FixedFunction::AcesCcEncode,
        }
    }

    #[inline(always)]
    fn channel(self, x: f32) -> f32 {
        match self {
            FixedFunction::AcesCcEncode => {
                // Both branches computed, one selected, so loops vectorise. Like OpenColorIO (the
                // reference), the toe goes on below 0 and is held at -0.36 (where the CTL stops at
                // its floor, (log2(2^-16) + 9.72)/17.52, for every x <= 0).
                let toe_arg = 2f32.powi(-16) + x * 0.5;
                let toe_arg = if toe_arg < f32::MIN_POSITIVE {
                    f32::MIN_POSITIVE
                } else {
                    toe_arg
                };
                let toe = (log2_one(toe_arg) + 9.72) / 17.52;
                let toe = if toe < ACESCC_FLOOR {
                    ACESCC_FLOOR
                } else {
                    toe
                };
                let log = (log2_one(x) + 9.72) / 17.52;
                if x < 2f32.powi(-15) {
                    toe
                } else {
                    log
                }
            }
            FixedFunction::AcesCcDecode => {
                // OpenColorIO (the reference) holds ACEScc at 1.5 (linear ~96618) from above.
                let x = if x > ACESCC_CEILING {
                    ACESCC_CEILING
                } else {
                    x
                };
                let lin = exp2_one(x * 17.52 - 9.72);
                // Below the encoding's floor the toe would go negative; like OpenColorIO, stop at 0.
                let toe = (lin - 2f32.powi(-16)) * 2.0;
                let toe = if toe < 0.0 { 0.0 } else { toe };
                // The CTL stops at 65504 from (log2(65504) + 9.72)/17.52 up; amfx follows
                // OpenColorIO, which goes on to 1.5.
                if x < ACESCC_TOE {
                    toe
                } else {
                    lin
                }
            }
        }
    }

    pub fn eval(self, rgb: [f32; 3]) -> [f32; 3] {
        rgb.map(|v| self.channel(v))
    }

    #[inline(always)]
    pub fn apply(self, r: &mut [f32], g: &mut [f32], b: &mut [f32]) {
        for channel in [r, g, b] {
            for v in channel.iter_mut() {
                *v = self.channel(*v);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acescc_encodes_the_published_values() {
        let f = |x| FixedFunction::AcesCcEncode.channel(x);
        // S-2014-003: 0.18 -> 0.4135884, 0 -> (log2(2^-16) + 9.72)/17.52.
        assert!((f(0.18) - 0.413_588_4).abs() < 1e-6);
        assert!((f(0.0) - (-0.358_447_5)).abs() < 1e-6);
        assert_eq!(f(-1.0), ACESCC_FLOOR);
    }

    #[test]
    fn acescc_round_trips_through_the_toe_and_above() {
        for x in [
            1e-6f32,
            2f32.powi(-15) * 0.5,
            0.001,
            0.18,
            1.0,
            100.0,
            60000.0,
        ] {
            let back = FixedFunction::AcesCcDecode.channel(FixedFunction::AcesCcEncode.channel(x));
            assert!((back - x).abs() <= 2e-6 * x.max(1e-3), "{x} -> {back}");
        }
    }
}
