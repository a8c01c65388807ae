//! RGB spaces from their primaries and white point; matrices derived in f64.

use crate::ops::matrix::{invert, mul};

/// CIE xy chromaticities of the red, green and blue primaries and the white point.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Chromaticities {
    pub red: [f64; 2],
    pub green: [f64; 2],
    pub blue: [f64; 2],
    pub white: [f64; 2],
}

/// ACES AP0 (ACES2065-1), SMPTE ST 2065-1.
pub const AP0: Chromaticities = Chromaticities {
    red: [0.7347, 0.2653],
    green: [0.0, 1.0],
    blue: [0.0001, -0.0770],
    white: [0.32168, 0.33767],
};

/// ACES AP1 (ACEScg, ACEScc, ACEScct), S-2014-004.
pub const AP1: Chromaticities = Chromaticities {
    red: [0.713, 0.293],
    green: [0.165, 0.830],
    blue: [0.128, 0.044],
    white: [0.32168, 0.33767],
};

/// CIE D65 as the ACES transforms write it.
pub const D65: [f64; 2] = [0.3127, 0.3290];

/// ITU-R BT.709 (and sRGB) primaries, D65 white.
pub const REC709: Chromaticities = Chromaticities {
    red: [0.64, 0.33],
    green: [0.30, 0.60],
    blue: [0.15, 0.06],
    white: [0.3127, 0.3290],
};

/// The cone spaces chromatic adaptations are done in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cat {
    /// Lam 1985: the ACES CTL default, ACES 1.x ODTs, RED, Panasonic, Apple.
    Bradford,
    /// CIECAM02: the newer camera CSCs (ARRI, Sony, Canon, Blackmagic, DJI).
    Cat02,
}

impl Cat {
    fn cone_matrix(self) -> [[f64; 3]; 3] {
        match self {
            Cat::Bradford => [
                [0.8951, 0.2664, -0.1614],
                [-0.7502, 1.7135, 0.0367],
                [0.0389, -0.0685, 1.0296],
            ],
            Cat::Cat02 => [
                [0.7328, 0.4296, -0.1624],
                [-0.7036, 1.6975, 0.0061],
                [0.0030, 0.0136, 0.9834],
            ],
        }
    }

    /// Von Kries adaptation in this cone space, XYZ under `from` white to XYZ under `to` white.
    pub fn adapt(self, from: [f64; 2], to: [f64; 2]) -> [[f64; 3]; 3] {
        let cones = self.cone_matrix();
        let cone = |white| crate::ops::matrix::mul_vec(&cones, &xy_to_xyz(white));
        let (src, dst) = (cone(from), cone(to));
        let scale = [
            [dst[0] / src[0], 0.0, 0.0],
            [0.0, dst[1] / src[1], 0.0],
            [0.0, 0.0, dst[2] / src[2]],
        ];
        let inverse = invert(&cones).unwrap_or(cones);
        mul(&inverse, &mul(&scale, &cones))
    }
}

/// Bradford adaptation of XYZ from one white to another.
pub fn bradford(from: [f64; 2], to: [f64; 2]) -> [[f64; 3]; 3] {
    Cat::Bradford.adapt(from, to)
}

/// RGB in `from` to RGB in `to`, adapting white with Bradford when the white points differ.
pub fn rgb_to_rgb_adapted(from: &Chromaticities, to: &Chromaticities) -> [[f64; 3]; 3] {
    rgb_to_rgb_with(from, to, Cat::Bradford)
}

/// RGB in `from` to RGB in `to`, adapting white with `cat` when the white points differ.
pub fn rgb_to_rgb_with(from: &Chromaticities, to: &Chromaticities, cat: Cat) -> [[f64; 3]; 3] {
    if from.white == to.white {
        return rgb_to_rgb(from, to);
    }
    let to_xyz = rgb_to_xyz(to);
    let from_xyz = invert(&to_xyz).unwrap_or(to_xyz);
    mul(
        &from_xyz,
        &mul(&cat.adapt(from.white, to.white), &rgb_to_xyz(from)),
    )
}

fn xy_to_xyz([x, y]: [f64; 2]) -> [f64; 3] {
    [x / y, 1.0, (1.0 - x - y) / y]
}

/// The matrix from linear RGB in `space` to CIE XYZ (Y of white = 1). Built from the primaries'
/// xyz columns (not X/Y, Y, Z/Y), so that primaries with y = 0 (XYZ-E's blue) work too.
pub fn rgb_to_xyz(space: &Chromaticities) -> [[f64; 3]; 3] {
    let xyz = |[x, y]: [f64; 2]| [x, y, 1.0 - x - y];
    let [r, g, b] = [space.red, space.green, space.blue].map(xyz);
    let primaries = [[r[0], g[0], b[0]], [r[1], g[1], b[1]], [r[2], g[2], b[2]]];
    // Primaries were checked for independence by construction of the constants we call this with.
    let inv = invert(&primaries).unwrap_or(primaries);
    let w = xy_to_xyz(space.white);
    let scale: [f64; 3] = std::array::from_fn(|i| (0..3).map(|k| inv[i][k] * w[k]).sum());
    primaries.map(|row| std::array::from_fn(|j| row[j] * scale[j]))
}

/// RGB in `from` to RGB in `to`, for spaces that share a white point (no adaptation).
pub fn rgb_to_rgb(from: &Chromaticities, to: &Chromaticities) -> [[f64; 3]; 3] {
    let to_xyz = rgb_to_xyz(to);
    let from_xyz = invert(&to_xyz).unwrap_or(to_xyz);
    mul(&from_xyz, &rgb_to_xyz(from))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_close(got: [[f64; 3]; 3], want: [[f64; 3]; 3], tol: f64) {
        for i in 0..3 {
            for j in 0..3 {
                assert!(
                    (got[i][j] - want[i][j]).abs() < tol,
                    "[{i}][{j}]: {} vs {}",
                    got[i][j],
                    want[i][j]
                );
            }
        }
    }

    #[test]
    fn ap0_to_xyz_matches_st_2065_1() {
        // The normative matrix of SMPTE ST 2065-1.
        let want = [
            [0.9525523959, 0.0000000000, 0.0000936786],
            [0.3439664498, 0.7281660966, -0.0721325464],
            [0.0000000000, 0.0000000000, 1.0088251844],
        ];
        assert_close(rgb_to_xyz(&AP0), want, 1e-9);
    }

    #[test]
    fn ap0_to_rec709_with_bradford_matches_opencolorio() {
        // OpenColorIO 2.6, studio config: ACES2065-1 -> "Linear Rec.709 (sRGB)" on the unit
        // primaries (float32 output, hence the tolerance).
        let want = [
            [2.52168608, -1.13413095, -0.387555212],
            [-0.2764799, 1.37271905, -0.0962391719],
            [-0.0153780654, -0.152975336, 1.16835344],
        ];
        assert_close(rgb_to_rgb_adapted(&AP0, &REC709), want, 2e-7);
    }

    #[test]
    fn ap0_to_ap1_matches_the_aces_reference() {
        // AP0_2_AP1_MAT of the ACES CTL library (ACESlib.Transform_Common).
        let want = [
            [1.4514393161, -0.2365107469, -0.2149285693],
            [-0.0765537734, 1.1762296998, -0.0996759264],
            [0.0083161484, -0.0060324498, 0.9977163014],
        ];
        assert_close(rgb_to_rgb(&AP0, &AP1), want, 1e-9);
    }
}
