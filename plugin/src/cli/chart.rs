//! The built-in test chart: a synthetic ACES2065-1 image with the things a look must be judged on.
//!
//! Top to bottom: a neutral exposure ramp (-8 to +8 stops around 18% grey), the 24 patches of a
//! ColorChecker (from the published sRGB values of the chart, taken to ACES), saturated AP1
//! primaries and secondaries, and HDR neutrals from 1 to 64.

use crate::aces::{rgb_to_rgb_adapted, AP0, AP1, REC709};
use crate::ops::matrix::mul_vec;

/// An RGBA float image, rows top to bottom.
pub struct Chart {
    pub width: usize,
    pub height: usize,
    pub rgba: Vec<f32>,
}

/// sRGB 8-bit values of the ColorChecker Classic patches, row by row (BabelColor averages).
const CHECKER_SRGB: [[u8; 3]; 24] = [
    [115, 82, 68],
    [194, 150, 130],
    [98, 122, 157],
    [87, 108, 67],
    [133, 128, 177],
    [103, 189, 170],
    [214, 126, 44],
    [80, 91, 166],
    [193, 90, 99],
    [94, 60, 108],
    [157, 188, 64],
    [224, 163, 46],
    [56, 61, 150],
    [70, 148, 73],
    [175, 54, 60],
    [231, 199, 31],
    [187, 86, 149],
    [8, 133, 161],
    [243, 243, 242],
    [200, 200, 200],
    [160, 160, 160],
    [122, 122, 121],
    [85, 85, 85],
    [52, 52, 52],
];

fn srgb_to_linear(v: u8) -> f64 {
    let v = v as f64 / 255.0;
    if v <= 0.04045 {
        v / 12.92
    } else {
        ((v + 0.055) / 1.055).powf(2.4)
    }
}

/// Builds the chart at the given size (at least 96 x 64).
pub fn test_chart(width: usize, height: usize) -> Chart {
    let (width, height) = (width.max(96), height.max(64));
    let rec709_to_ap0 = rgb_to_rgb_adapted(&REC709, &AP0);
    let ap1_to_ap0 = rgb_to_rgb_adapted(&AP1, &AP0);
    let checker: Vec<[f64; 3]> = CHECKER_SRGB
        .iter()
        .map(|c| mul_vec(&rec709_to_ap0, &c.map(srgb_to_linear)))
        .collect();
    let saturated: Vec<[f64; 3]> = [
        [1.0, 0.0, 0.0],
        [1.0, 1.0, 0.0],
        [0.0, 1.0, 0.0],
        [0.0, 1.0, 1.0],
        [0.0, 0.0, 1.0],
        [1.0, 0.0, 1.0],
    ]
    .iter()
    .map(|c| mul_vec(&ap1_to_ap0, &c.map(|v: f64| v * 0.5)))
    .collect();

    let ramp_end = height / 6;
    let checker_end = ramp_end + height / 2;
    let saturated_end = checker_end + height / 6;
    let mut rgba = Vec::with_capacity(width * height * 4);
    for y in 0..height {
        for x in 0..width {
            let u = x as f64 / width as f64;
            let rgb = if y < ramp_end {
                let v = 0.18 * (16.0 * u - 8.0).exp2();
                [v; 3]
            } else if y < checker_end {
                let row = (y - ramp_end) * 4 / (checker_end - ramp_end);
                checker[row * 6 + (u * 6.0) as usize]
            } else if y < saturated_end {
                saturated[(u * 6.0) as usize]
            } else {
                [(u * 6.0).floor().exp2(); 3]
            };
            rgba.extend([rgb[0] as f32, rgb[1] as f32, rgb[2] as f32, 1.0]);
        }
    }
    Chart {
        width,
        height,
        rgba,
    }
}
