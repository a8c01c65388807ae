//! ACES 2.0's `Look.Academy.v1_SDR_Tonescale_Match`: an LMT that gives ACES 2.0 SDR output the
//! contrast of ACES 1.x. The CTL (`Look.Academy.Contrast_of_ACESv1.ctl`, ampas/aces-look) is a
//! table of 1024 (ACES, ACES) pairs, 5 decimals each, read per channel with `interpolate1D`.
//!
//! Its inputs are greys from 6.5 stops below to 6.5 above 0.18, evenly by stops; each output is
//! the ACES value whose ACES 2.0 SDR Rec.709 rendering shows the grey that ACES 1.x showed for
//! the input (RRT, then the 48-nit cinema ODT: no dim-surround step), both as fractions of the
//! display's white. amfx builds the table the same way from its own RRT, ODT and inverse ACES
//! 2.0 output transform and rounds it to 5 decimals as published; `tests/golden.rs` holds it to
//! published pairs. Outside the table the CTL holds the end values: 0 below 0.00199 (the ACES
//! 1.x black), 128.00191 above 16.29174.

use std::sync::LazyLock;

use super::output1::cinema_grey_f64;
use super::output2::scene_grey_f64;
use crate::ops::{Op, Piecewise};

/// Knots in the published table.
const KNOTS: usize = 1024;
/// Stops from 0.18 to the first and last knot.
const STOPS: f64 = 6.5;
/// The peak luminance of the ACES 2.0 output the table matches through (SDR, 100 nits).
const ACES2_PEAK: f64 = 100.0;

/// To the table's 5 decimals.
fn published(v: f64) -> f32 {
    ((v * 1e5).round() / 1e5) as f32
}

/// The table: ACES in, ACES out (computed in f64, then rounded as published).
fn table() -> (Vec<f32>, Vec<f32>) {
    let grey = |i: usize| 0.18 * 2f64.powf(STOPS * (2.0 * i as f64 / (KNOTS - 1) as f64 - 1.0));
    let x = (0..KNOTS).map(|i| published(grey(i))).collect();
    let y = (0..KNOTS)
        .map(|i| published(scene_grey_f64(ACES2_PEAK, cinema_grey_f64(grey(i)))))
        .collect();
    (x, y)
}

static CURVE: LazyLock<Option<Piecewise>> = LazyLock::new(|| {
    let (x, y) = table();
    Piecewise::new(x, y).ok()
});

/// The look as ops (None only if a built-in transform it derives from were missing).
pub fn v1_sdr_tonescale_match() -> Option<Vec<Op>> {
    CURVE.clone().map(|curve| vec![Op::Piecewise(curve)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_spans_the_published_range_and_inverts() {
        let curve = CURVE.as_ref().expect("the table builds");
        let (x, y) = curve.knots();
        assert_eq!((x.len(), y.len()), (KNOTS, KNOTS));
        // The published first and last inputs: 0.18 * 2^-6.5 and 0.18 * 2^6.5, 5 decimals.
        assert_eq!((x[0], x[KNOTS - 1]), (0.00199, 16.29174));
        // ACES 1.x shows black at 0.00199 (its cinema black is 0.02 nits of 48).
        assert_eq!(y[0], 0.0);
        let inverse = curve.inverse().expect("monotonic, so invertible");
        for v in [0.003f32, 0.01, 0.18, 1.0, 10.0, 16.0] {
            let back = inverse.value(curve.value(v));
            assert!((back - v).abs() <= 1e-5 * v.max(1.0), "{v} -> {back}");
        }
    }
}
