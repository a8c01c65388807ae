//! The 3×3 matrices of the ACES 1.x output transforms: built in f64 from the primaries, applied
//! in f32.

use std::sync::OnceLock;

use crate::aces::{bradford, rgb_to_rgb, rgb_to_xyz, Chromaticities, AP0, AP1, D65};
use crate::ops::matrix::invert;

/// A row-major matrix for column vectors, in f32.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Mat3(pub [[f32; 3]; 3]);

impl Mat3 {
    pub fn cast(m: &[[f64; 3]; 3]) -> Mat3 {
        Mat3(m.map(|row| row.map(|v| v as f32)))
    }
}

#[inline(always)]
pub fn mul(m: &Mat3, v: [f32; 3]) -> [f32; 3] {
    let row = |r: &[f32; 3]| r[0] * v[0] + r[1] * v[1] + r[2] * v[2];
    [row(&m.0[0]), row(&m.0[1]), row(&m.0[2])]
}

/// `f` on each of three values. Unlike `array::map`, always inlined: the pixel code is compiled
/// for AVX2+FMA only where it is inlined into the vector runner.
#[inline(always)]
pub fn map3<T: Copy, U>(v: [T; 3], f: impl Fn(T) -> U) -> [U; 3] {
    [f(v[0]), f(v[1]), f(v[2])]
}

pub const IDENTITY: [[f64; 3]; 3] = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];

/// `a · b` in f64.
pub fn product(a: &[[f64; 3]; 3], b: &[[f64; 3]; 3]) -> [[f64; 3]; 3] {
    std::array::from_fn(|i| std::array::from_fn(|k| (0..3).map(|j| a[i][j] * b[j][k]).sum()))
}

/// The inverse, or zeros for a singular matrix (none of ours is).
pub fn invert_or_zero(m: &[[f64; 3]; 3]) -> [[f64; 3]; 3] {
    invert(m).unwrap_or([[0.0; 3]; 3])
}

/// The fixed matrices every ACES 1.x transform shares.
pub struct Matrices {
    pub ap0_to_ap1: [[f64; 3]; 3],
    pub ap1_to_ap0: [[f64; 3]; 3],
    pub ap1_to_xyz: [[f64; 3]; 3],
    /// AP1 luminance weights (the second row of AP1 to XYZ).
    pub ap1_luma: [f64; 3],
    /// Bradford adaptation from the ACES white to D65, on XYZ (`D60_2_D65_CAT`).
    pub d60_to_d65: [[f64; 3]; 3],
}

impl Matrices {
    pub fn get() -> &'static Matrices {
        static MATRICES: OnceLock<Matrices> = OnceLock::new();
        MATRICES.get_or_init(|| {
            let ap1_to_xyz = rgb_to_xyz(&AP1);
            Matrices {
                ap0_to_ap1: rgb_to_rgb(&AP0, &AP1),
                ap1_to_ap0: rgb_to_rgb(&AP1, &AP0),
                ap1_to_xyz,
                ap1_luma: ap1_to_xyz[1],
                d60_to_d65: bradford(AP0.white, D65),
            }
        })
    }
}

/// XYZ to linear RGB of `space` (no adaptation).
pub fn xyz_to_rgb(space: &Chromaticities) -> [[f64; 3]; 3] {
    invert_or_zero(&rgb_to_xyz(space))
}
