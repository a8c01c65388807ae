//! The optimiser: rewrites neighbouring ops into fewer ops that give the same pixels.
//!
//! Each rewrite replaces two neighbours by at most one op, so the passes end; they run on a
//! stack, so a rewrite that makes a new pair of neighbours is looked at again. Results change by
//! rounding only (≤ 1e-6 relative, checked by the tests below on grids), except where noted:
//!
//! - identities are dropped, including matrices whose rows each stray from the identity's by
//!   at most 5e-7 in all (a matrix times its own inverse; a CLF's AP0→AP1 printed to 1e-7 times
//!   the ACES AP1→AP0): the change is at most 5e-7 of the pixel's largest channel;
//! - matrices fuse; an affine per-channel op beside a matrix (an unclamped Range, or an ASC CDL
//!   with power 1 and no clamp) folds into it. Only into a matrix: a matrix already spreads a
//!   NaN or an infinity in one channel to all three, the per-channel op alone would not;
//! - two Ranges fold into one where one Range can say it (both rescale upwards, or neither
//!   rescales);
//! - an op followed by its own inverse goes, when the first op loses nothing the second needs:
//!   - camera log curves with a linear toe (LinToLog/LogToLin, CLF camera styles, and one of
//!     each: a CLF LMT that opens with the ACEScct curve after the AMF's ACEScct working
//!     space), both orders, the curves' parameters equal to 1e-9 (the toe slope, kept in f32,
//!     to 1e-6);
//!   - decode then encode for toe-less logs (antiLog then log, logToLin then linToLog): the
//!     decode only loses values that overflow or underflow f32 (beyond ±126 stops), which the
//!     pair would have turned into ±inf or the log floor. Encode then decode is kept: the log
//!     floors negatives, and that clamp is real;
//!   - ACEScc decode then encode is exactly a clamp to [encode(0), 1.5], and encode then decode
//!     a clamp to [0, decode(1.5)]: each pair becomes that Range (which may fold further);
//! - the ACES 1.x RRT and the ODT after it become one op (the same pixels in its scalar path;
//!   its vector path leaves out the matrices and the log round trip between the two).

use crate::ops::log::Curve;
use crate::ops::{CameraLog, Cdl, CdlStyle, FixedFunction, Log, LogStyle, Matrix, Op, Range};

/// Rewrites `ops` until no rewrite applies.
pub(super) fn optimise(ops: Vec<Op>) -> Vec<Op> {
    let mut out: Vec<Op> = Vec::with_capacity(ops.len());
    for op in ops {
        if is_identity(&op) {
            continue;
        }
        out.push(op);
        while out.len() >= 2 {
            let n = out.len();
            let Some(replacement) = combine(&out[n - 2], &out[n - 1]) else {
                break;
            };
            out.truncate(n - 2);
            out.extend(replacement.filter(|op| !is_identity(op)));
        }
    }
    out
}

fn is_identity(op: &Op) -> bool {
    match op {
        Op::Matrix(m) => near_identity(m),
        op => op.is_identity(),
    }
}

/// How far a row of a matrix (its three entries and its offset) may stray from the identity's,
/// in all, for the matrix to count as the identity: what it changes is then at most this much
/// of the pixel's largest channel (and at least of 1), under the optimiser's 1e-6.
const IDENTITY_SLACK: f64 = 5e-7;

/// A matrix that moves no pixel by more than [`IDENTITY_SLACK`] of its largest channel.
fn near_identity(m: &Matrix) -> bool {
    let rows = m.rows();
    let offset = m.offset();
    (0..3).all(|i| {
        let stray: f64 = (0..3)
            .map(|j| (rows[i][j] - if i == j { 1.0 } else { 0.0 }).abs())
            .sum::<f64>()
            + offset[i].abs();
        stray <= IDENTITY_SLACK
    })
}

/// The single op (or none) equal to `first` then `second`, if there is one.
fn combine(first: &Op, second: &Op) -> Option<Option<Op>> {
    match (first, second) {
        (Op::Matrix(a), Op::Matrix(b)) => Some(Some(Op::Matrix(b.after(a)))),
        (Op::Matrix(m), op) => affine(op).map(|b| Some(Op::Matrix(b.after(m)))),
        (op, Op::Matrix(m)) => affine(op).map(|a| Some(Op::Matrix(m.after(&a)))),
        (Op::Range(a), Op::Range(b)) => fold_ranges(a, b).map(|r| Some(Op::Range(r))),
        (a, b) if camera_pair_cancels(a, b) => Some(None),
        (Op::Log(a), Op::Log(b)) if cancels(a, b) => Some(None),
        (Op::Fixed(a), Op::Fixed(b)) if b == &a.inverse() => acescc_pair(*a).map(Some),
        (Op::AcesOutput1(a), Op::AcesOutput1(b)) => {
            a.rrt_then(b).map(|op| Some(Op::AcesOutput1(op)))
        }
        _ => None,
    }
}

/// An op that is `m · x + offset` per pixel, as that matrix.
fn affine(op: &Op) -> Option<Matrix> {
    match op {
        Op::Range(r) if !r.clamp => {
            let (scale, offset) = range_affine(r)?;
            Some(Matrix::new(
                [[scale, 0.0, 0.0], [0.0, scale, 0.0], [0.0, 0.0, scale]],
                [offset; 3],
            ))
        }
        Op::Cdl(c) => cdl_affine(c),
        _ => None,
    }
}

/// Scale and offset of a Range with both pairs.
fn range_affine(r: &Range) -> Option<(f64, f64)> {
    let (lo_in, hi_in, lo_out, hi_out) = (r.min_in?, r.max_in?, r.min_out?, r.max_out?);
    let scale = (hi_out - lo_out) / (hi_in - lo_in);
    Some((scale, lo_out - lo_in * scale))
}

/// An unclamped CDL with power 1 is slope, offset and a saturation matrix (Rec.709 luma).
fn cdl_affine(c: &Cdl) -> Option<Matrix> {
    if c.style != CdlStyle::NoClamp || c.power != [1.0; 3] {
        return None;
    }
    const LUMA: [f64; 3] = [0.2126, 0.7152, 0.0722];
    let s = c.saturation;
    let sat: [[f64; 3]; 3] = std::array::from_fn(|i| {
        std::array::from_fn(|j| (1.0 - s) * LUMA[j] + if i == j { s } else { 0.0 })
    });
    let slope_offset = Matrix::new(
        [
            [c.slope[0], 0.0, 0.0],
            [0.0, c.slope[1], 0.0],
            [0.0, 0.0, c.slope[2]],
        ],
        c.offset,
    );
    let forward = Matrix::from_rows(sat).after(&slope_offset);
    if c.reverse {
        forward.inverse().ok()
    } else {
        Some(forward)
    }
}

/// A Range as `clamp(a·x + b, low, high)` (bounds may be infinite).
#[derive(Clone, Copy, Debug)]
struct Affine {
    a: f64,
    b: f64,
    low: f64,
    high: f64,
}

fn range_as_affine(r: &Range) -> Affine {
    let (a, b) = range_affine(r).unwrap_or((1.0, 0.0));
    let (low, high) = if r.clamp {
        (
            r.min_out.unwrap_or(f64::NEG_INFINITY),
            r.max_out.unwrap_or(f64::INFINITY),
        )
    } else {
        (f64::NEG_INFINITY, f64::INFINITY)
    };
    Affine { a, b, low, high }
}

/// `second` after `first`, when one Range says it.
fn fold_ranges(first: &Range, second: &Range) -> Option<Range> {
    let (f, s) = (range_as_affine(first), range_as_affine(second));
    if s.a <= 0.0 || f.a <= 0.0 {
        return None;
    }
    // s(clamp(u, lo, hi)) = clamp(s.a·u + s.b, s.a·lo + s.b, s.a·hi + s.b) for s.a > 0.
    let low = s.low.max(s.a * f.low + s.b);
    let high = s.high.min(s.a * f.high + s.b);
    let (a, b) = (s.a * f.a, s.a * f.b + s.b);
    let clamp = low.is_finite() || high.is_finite();
    if low.is_nan() || high.is_nan() || low >= high {
        return None;
    }
    if !clamp {
        // Unclamped both: a rescale through (0 → b, 1 → a + b).
        return Range::new(Some(0.0), Some(1.0), Some(b), Some(a + b), false).ok();
    }
    if a == 1.0 && b == 0.0 {
        let finite = |v: f64| Some(v).filter(|v| v.is_finite());
        return Range::new(finite(low), finite(high), finite(low), finite(high), true).ok();
    }
    if low.is_finite() && high.is_finite() {
        return Range::new(
            Some((low - b) / a),
            Some((high - b) / a),
            Some(low),
            Some(high),
            true,
        )
        .ok();
    }
    None
}

/// A camera log whose linear toe meets the log side (so each direction undoes the other
/// everywhere, negatives included).
fn has_smooth_toe(c: &CameraLog) -> bool {
    let brk = c.lin_side_break;
    if !brk.is_finite() || c.lin_side_slope <= 0.0 || c.linear_slope() <= 0.0 {
        return false;
    }
    let at_break = c.lin_side_slope * brk + c.lin_side_offset;
    if at_break <= 0.0 {
        return false;
    }
    let log_side = c.log_side_slope * at_break.log(c.base) + c.log_side_offset;
    let toe = c.lin_to_log(brk as f32) as f64;
    (toe - log_side).abs() <= 1e-6 * log_side.abs().max(1.0)
}

/// A camera log curve (built-in or a CLF camera-style Log with the same curve on every channel)
/// and whether it encodes (linear to log).
fn camera_curve(op: &Op) -> Option<(&CameraLog, bool)> {
    match op {
        Op::LinToLog(c) => Some((c, true)),
        Op::LogToLin(c) => Some((c, false)),
        Op::Log(log) => {
            let [Curve::Camera(first, encodes), rest @ ..] = log.curves() else {
                return None;
            };
            let uniform = rest.iter().all(|curve| {
                matches!(curve, Curve::Camera(c, e) if e == encodes && same_curve(c, first))
            });
            (log.style.is_camera() && uniform).then_some((first, *encodes))
        }
        _ => None,
    }
}

/// One camera curve, then the same curve the other way, with a toe that meets the log side:
/// each undoes the other everywhere.
fn camera_pair_cancels(first: &Op, second: &Op) -> bool {
    match (camera_curve(first), camera_curve(second)) {
        (Some((a, a_encodes)), Some((b, b_encodes))) => {
            a_encodes != b_encodes && same_curve(a, b) && has_smooth_toe(a) && has_smooth_toe(b)
        }
        _ => false,
    }
}

/// The same curve but for the last digits of its printed parameters.
fn same_curve(a: &CameraLog, b: &CameraLog) -> bool {
    let close = |x: f64, y: f64, tolerance: f64| {
        x == y || (x - y).abs() <= tolerance * x.abs().max(y.abs())
    };
    [
        (a.base, b.base),
        (a.log_side_slope, b.log_side_slope),
        (a.log_side_offset, b.log_side_offset),
        (a.lin_side_slope, b.lin_side_slope),
        (a.lin_side_offset, b.lin_side_offset),
        (a.lin_side_break, b.lin_side_break),
    ]
    .iter()
    .all(|&(x, y)| close(x, y, 1e-9))
        && close(a.linear_slope(), b.linear_slope(), 1e-6)
}

/// A CLF Log followed by its own inverse, where the pair gives back its input (see the notes).
fn cancels(first: &Log, second: &Log) -> bool {
    if first.params != second.params || second.style != first.style.inverse() {
        return false;
    }
    use LogStyle::*;
    match first.style {
        // Camera styles carry a toe in every channel (Log::new insists).
        CameraLinToLog | CameraLogToLin => true,
        AntiLog2 | AntiLog10 | LogToLin => true,
        Log2 | Log10 | LinToLog => false,
    }
}

/// ACEScc decode then encode (or the reverse) as the clamp it amounts to.
fn acescc_pair(first: FixedFunction) -> Option<Op> {
    let (low, high) = match first {
        // encode(decode(y)) = y held to [encode(0), 1.5]: decode stops at 0 and at 1.5.
        FixedFunction::AcesCcDecode => (FixedFunction::AcesCcEncode.eval([0.0; 3])[0] as f64, 1.5),
        // decode(encode(x)) = x held to [0, decode(1.5)].
        FixedFunction::AcesCcEncode => (0.0, FixedFunction::AcesCcDecode.eval([1.5; 3])[0] as f64),
    };
    Range::new(Some(low), Some(high), Some(low), Some(high), true)
        .ok()
        .map(Op::Range)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::LogParams;
    use crate::pipeline::Pipeline;

    /// A grid over negatives, the toe, mid grey, highlights, and the special values.
    fn grid() -> Vec<[f32; 3]> {
        let mut axis: Vec<f32> = (-40..=60).map(|k| k as f32 * 0.025).collect();
        axis.extend((-20..=16).map(|s| (s as f32).exp2()));
        axis.extend([-1e-3, 1e-8, 0.0, 100.0, -5.0]);
        let mut out = Vec::new();
        for (i, &a) in axis.iter().enumerate() {
            out.push([
                a,
                axis[(i * 7 + 3) % axis.len()],
                axis[(i * 13 + 5) % axis.len()],
            ]);
            out.push([a, a, a]);
        }
        out.extend([
            [f32::NAN, 0.5, 0.2],
            [f32::INFINITY, 0.5, 0.2],
            [f32::NEG_INFINITY, 0.5, 0.2],
        ]);
        out
    }

    /// How close the optimised pipeline must stay to the ops one by one.
    #[derive(Clone, Copy)]
    struct Tolerance {
        /// Relative to the pixel's largest magnitude (and at least 1).
        relative: f32,
        /// Pixels whose unoptimised chain overflows f32 between the ops are not compared
        /// (decode-then-encode pairs, where the documented difference lies).
        skip_overflow: bool,
    }

    /// Folds of matrices and ranges: rounding only.
    const FOLD: Tolerance = Tolerance {
        relative: 1e-6,
        skip_overflow: false,
    };
    /// A curve and its inverse removed: the pair's own f32 round trip (the encoded value holds
    /// 2^-24 relative, which the decode's 17.52 stops per unit amplify to about 2e-6).
    const PAIR: Tolerance = Tolerance {
        relative: 4e-6,
        skip_overflow: true,
    };

    /// The optimised pipeline against the ops one by one, over the grid; a NaN channel in
    /// stays NaN out.
    fn assert_same(ops: Vec<Op>, tolerance: Tolerance, expect_ops: usize) {
        let optimised = Pipeline::new(ops.clone());
        assert_eq!(optimised.ops().len(), expect_ops, "{:#?}", optimised.ops());
        for px in grid() {
            let mut overflow = false;
            let want = ops.iter().fold(px, |p, op| {
                let next = op.eval(p);
                overflow |= next.iter().any(|v| v.is_infinite()) && p.iter().all(|v| v.is_finite());
                next
            });
            if overflow && tolerance.skip_overflow {
                continue;
            }
            let got = optimised.eval_rgb(px);
            let scale = px
                .iter()
                .chain(&want)
                .filter(|v| v.is_finite())
                .fold(1f32, |m, v| m.max(v.abs()));
            for c in 0..3 {
                let (w, g) = (want[c], got[c]);
                if px.iter().any(|v| v.is_nan()) {
                    assert!(!px[c].is_nan() || g.is_nan(), "{px:?}: {got:?} vs {want:?}");
                    continue;
                }
                if px.iter().any(|v| v.is_infinite()) {
                    // No promise: a fold may turn the chain's inf − inf into a number.
                    continue;
                }
                assert!(
                    (w - g).abs() <= tolerance.relative * scale,
                    "{px:?}: {got:?} vs {want:?}"
                );
            }
        }
    }

    fn matrix() -> Matrix {
        Matrix::new(
            [[0.9, 0.08, 0.02], [0.05, 0.9, 0.05], [0.01, 0.1, 0.89]],
            [0.01, -0.02, 0.0],
        )
    }

    #[test]
    fn a_matrix_times_its_inverse_goes() {
        let m = matrix();
        assert_same(
            vec![Op::Matrix(m.clone()), Op::Matrix(m.inverse().unwrap())],
            FOLD,
            0,
        );
    }

    #[test]
    fn unclamped_ranges_and_affine_cdls_fold_into_matrices() {
        let range = Range::new(Some(0.1), Some(0.9), Some(-0.2), Some(1.4), false).unwrap();
        let cdl = Cdl {
            slope: [1.1, 0.9, 1.05],
            offset: [0.02, -0.01, 0.0],
            saturation: 0.85,
            ..Cdl::default()
        };
        let reverse = Cdl {
            reverse: true,
            ..cdl.clone()
        };
        assert_same(
            vec![
                Op::Matrix(matrix()),
                Op::Range(range.clone()),
                Op::Cdl(cdl.clone()),
                Op::Cdl(reverse),
                Op::Matrix(matrix()),
            ],
            FOLD,
            1,
        );
        // Alone, a per-channel op stays what it is (no NaN spread across channels).
        assert_same(vec![Op::Range(range), Op::Cdl(cdl.clone())], FOLD, 2);
        // A CDL with a power is not affine.
        let curved = Cdl {
            power: [1.1, 1.0, 1.0],
            ..cdl
        };
        assert_same(vec![Op::Matrix(matrix()), Op::Cdl(curved)], FOLD, 2);
    }

    #[test]
    fn ranges_fold_into_one() {
        let clamp = |lo: Option<f64>, hi: Option<f64>| Range::new(lo, hi, lo, hi, true).unwrap();
        let scale = Range::new(Some(0.0), Some(1.0), Some(0.1), Some(0.5), true).unwrap();
        let free = Range::new(Some(0.0), Some(1.0), Some(-1.0), Some(3.0), false).unwrap();
        for (ops, count) in [
            (vec![clamp(Some(0.0), None), clamp(Some(0.0), None)], 1),
            (vec![clamp(Some(0.0), None), clamp(None, Some(1.0))], 1),
            (vec![scale.clone(), clamp(Some(0.2), Some(0.4))], 1),
            (vec![free.clone(), scale.clone()], 1),
            (vec![scale.clone(), free.clone()], 1),
            (vec![free.clone(), free.clone()], 1),
            // A one-sided clamp after a rescale has no Range of its own.
            (vec![free, clamp(Some(0.0), None)], 2),
            // Disjoint: every value ends at one bound; left alone.
            (
                vec![clamp(Some(0.0), Some(0.1)), clamp(Some(0.5), Some(0.9))],
                2,
            ),
        ] {
            assert_same(ops.into_iter().map(Op::Range).collect(), FOLD, count);
        }
    }

    #[test]
    fn the_acescct_round_trip_between_two_cdls_goes() {
        let cdl = |s: f64| Cdl {
            slope: [s, 1.0, 0.9],
            offset: [0.01, 0.0, -0.01],
            power: [1.1, 1.0, 0.95],
            saturation: 0.9,
            ..Cdl::default()
        };
        let mut ops = crate::aces::aces_to_acescct();
        ops.push(Op::Cdl(cdl(1.1)));
        ops.extend(crate::aces::acescct_to_aces());
        ops.extend(crate::aces::aces_to_acescct());
        ops.push(Op::Cdl(cdl(0.9)));
        ops.extend(crate::aces::acescct_to_aces());
        // matrix, log, CDL, CDL, log, matrix. The pair is exact up to the f32 round trip of
        // the curve and the matrices (a few ulps at highlights).
        assert_same(ops, PAIR, 6);
    }

    #[test]
    fn camera_log_pairs_cancel_both_ways_but_only_with_a_smooth_toe() {
        let cct = crate::aces::acescct_curve();
        assert_same(
            vec![Op::LinToLog(cct.clone()), Op::LogToLin(cct.clone())],
            PAIR,
            0,
        );
        assert_same(
            vec![Op::LogToLin(cct.clone()), Op::LinToLog(cct.clone())],
            PAIR,
            0,
        );
        // Blackmagic's published toe misses the log side: kept.
        let gap = cct.clone().with_toe_offset(0.0729155);
        assert!(!has_smooth_toe(&gap));
        assert_eq!(
            Pipeline::new(vec![Op::LinToLog(gap.clone()), Op::LogToLin(gap)])
                .ops()
                .len(),
            2
        );
        // A different curve is not an inverse.
        let other = CameraLog::new(2.0, 1.0 / 17.52, 9.72 / 17.52, 1.0, 0.0, 0.01);
        assert_eq!(
            Pipeline::new(vec![Op::LinToLog(cct), Op::LogToLin(other)])
                .ops()
                .len(),
            2
        );
    }

    #[test]
    fn clf_log_pairs_cancel_where_nothing_is_lost() {
        let plain = [LogParams::default(); 3];
        let log = |style| Op::Log(Log::new(style, plain).unwrap());
        // Decode then encode: identical away from f32 overflow.
        assert_same(vec![log(LogStyle::AntiLog2), log(LogStyle::Log2)], PAIR, 0);
        assert_same(
            vec![log(LogStyle::AntiLog10), log(LogStyle::Log10)],
            PAIR,
            0,
        );
        // Encode then decode floors negatives: kept.
        assert_same(vec![log(LogStyle::Log2), log(LogStyle::AntiLog2)], FOLD, 2);
        let camera = LogParams {
            base: 10.0,
            log_side_slope: 0.25,
            log_side_offset: 0.6,
            lin_side_slope: 5.5,
            lin_side_offset: 0.05,
            lin_side_break: Some(0.01),
            linear_slope: None,
        };
        let cam = |style| Op::Log(Log::new(style, [camera; 3]).unwrap());
        assert_same(
            vec![cam(LogStyle::CameraLinToLog), cam(LogStyle::CameraLogToLin)],
            PAIR,
            0,
        );
        assert_same(
            vec![cam(LogStyle::CameraLogToLin), cam(LogStyle::CameraLinToLog)],
            PAIR,
            0,
        );
    }

    #[test]
    fn a_matrix_within_the_slack_of_the_identity_goes() {
        // As a CLF's AP0→AP1, printed to about 1e-7, after the ACES AP1→AP0.
        let nearly = Matrix::new(
            [
                [1.0 + 2e-7, -1e-7, 1e-7],
                [0.0, 1.0 - 3e-7, 1e-7],
                [5e-8, 0.0, 1.0],
            ],
            [0.0, 5e-8, 0.0],
        );
        assert_same(vec![Op::Matrix(nearly), Op::Matrix(matrix())], FOLD, 1);
        assert!(!near_identity(&Matrix::new(
            [[1.0, 3e-7, 3e-7], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]],
            [0.0; 3],
        )));
        assert!(!near_identity(&Matrix::new(
            [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]],
            [0.0, 0.0, 1e-6],
        )));
    }

    #[test]
    fn a_built_in_curve_cancels_against_a_clf_log_of_the_same_curve() {
        // ACEScct as a CLF LMT prints it (MasterLookBright_O-Rec709.clf in the corpus).
        let printed = LogParams {
            base: 2.0,
            log_side_slope: 0.057_077_625_570_776_25,
            log_side_offset: 0.554_794_520_547_945_2,
            lin_side_slope: 1.0,
            lin_side_offset: 0.0,
            lin_side_break: Some(0.0078125),
            linear_slope: Some(10.5402377416545),
        };
        let clf = |style, params| Op::Log(Log::new(style, params).unwrap());
        let cct = crate::aces::acescct_curve();
        assert_same(
            vec![
                Op::LogToLin(cct.clone()),
                clf(LogStyle::CameraLinToLog, [printed; 3]),
            ],
            PAIR,
            0,
        );
        assert_same(
            vec![
                clf(LogStyle::CameraLogToLin, [printed; 3]),
                Op::LinToLog(cct.clone()),
            ],
            PAIR,
            0,
        );
        // One channel on another curve: kept.
        let other = LogParams {
            log_side_offset: 0.56,
            ..printed
        };
        assert_same(
            vec![
                Op::LogToLin(cct),
                clf(LogStyle::CameraLinToLog, [printed, other, printed]),
            ],
            PAIR,
            2,
        );
    }

    #[test]
    fn acescc_pairs_become_their_clamps() {
        let enc = Op::Fixed(FixedFunction::AcesCcEncode);
        let dec = Op::Fixed(FixedFunction::AcesCcDecode);
        assert_same(vec![dec.clone(), enc.clone()], PAIR, 1);
        assert_same(vec![enc.clone(), dec.clone()], PAIR, 1);
        // The ACEScc working space between two looks: the clamps at 0 fold with the pair's.
        let mut ops = crate::aces::registry::registry()
            .ops("urn:ampas:aces:transformId:v2.0:CSC.Academy.ACEScc_to_ACES.a2.v1")
            .unwrap();
        ops.extend(
            crate::aces::registry::registry()
                .ops("urn:ampas:aces:transformId:v2.0:CSC.Academy.ACES_to_ACEScc.a2.v1")
                .unwrap(),
        );
        // decode, matrix, clamp ≥ 0, clamp ≥ 0, matrix⁻¹, encode: the clamps fold; the
        // matrices cannot meet across the clamp.
        assert_same(ops, PAIR, 5);
    }

    #[test]
    fn the_aces1_rrt_and_the_odt_after_it_become_one_op() {
        use crate::aces::output1::build;
        let stage = |recipe: &str| build(recipe).unwrap().remove(0);
        // The joined op's scalar path is the two stages', so to the bit (NaN in included: the
        // RRT turns it into a number).
        let joins = |ops: Vec<Op>| {
            let optimised = Pipeline::new(ops.clone());
            for px in grid() {
                let want = ops.iter().fold(px, |p, op| op.eval(p));
                let got = optimised.eval_rgb(px);
                assert_eq!(got.map(f32::to_bits), want.map(f32::to_bits), "{px:?}");
            }
            optimised.ops().len() == 1
        };
        let rrt = stage("aces1_rrt");
        for odt in [
            "aces1_odt:Rec709_100nits_dim",
            "aces1_hdr_odt:P3D60_PQ_1000nits",
        ] {
            assert!(joins(vec![rrt.clone(), stage(odt)]), "{odt}");
        }
        let inverse_odt = stage("aces1_inv_odt:Rec709_100nits_dim");
        assert!(!joins(vec![rrt.clone(), inverse_odt.clone()]));
        assert!(!joins(vec![inverse_odt, stage("aces1_inv_rrt")]));
        // A single-stage HDR transform has its own RRT: nothing to join.
        assert!(!joins(vec![
            rrt,
            stage("aces1_rrtodt:P3D65_1000nits_15nits_ST2084")
        ]));
    }
}
