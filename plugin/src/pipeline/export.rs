//! A pipeline written as a LUT file, for hosts without the plugin: a per-channel shaper that
//! spreads the input over the nodes, then a 3D LUT sampled from the exact pipeline.
//!
//! The shaper follows what the pipeline reads ([`InputDomain`]):
//! - scene-linear input: an ACEScct-like curve (straight below 2^-7, log2 above) from about
//!   -0.0069 up to a top value. In CLF it is a half-domain LUT1D (exact at every half float);
//!   in .cube a Resolve-style 1D shaper sampled evenly over its input range, which cannot
//!   follow a log curve as closely, so its top is lower;
//! - code values (camera log, ACEScct, display code values): straight. In CLF a clamping Range
//!   over the domain; in .cube a plain 3D table over [0, 1].
//!
//! The file written is read back and compared with the exact pipeline on in-gamut samples that
//! fall between the nodes ([`measure`]); that figure goes into the file's description.

pub mod cube;

use rayon::prelude::*;

use super::{InputDomain, Pipeline};
use crate::aces::{rgb_to_rgb, AP0, AP1};
use crate::clf::{self, Node, ProcessList};
use crate::ops::{Interpolation, Lut1d, Lut3d, Matrix, Op, Range};

/// Nodes per side allowed (what a CLF LUT3D and our reader accept).
pub const SIZES: std::ops::RangeInclusive<usize> = 2..=129;
/// Entries of the .cube 1D shaper (the format's largest).
pub const CUBE_SHAPER_ENTRIES: usize = 65536;
/// Where the scene-linear shaper's log side would reach 0 (ACEScct's log2 offset).
const LOG_FLOOR: f64 = -9.72;
/// Below 2^-7 the scene-linear shaper is a straight line (ACEScct's break).
const LOG_BREAK: f64 = 0.0078125;
/// Top of the CLF scene-linear shaper, in stops: 2^16, the whole half-float range.
pub const CLF_TOP_STOPS: f64 = 16.0;
/// Top of the .cube scene-linear shaper, in stops: 2^7 = 128. An evenly sampled 1D table
/// spaces its entries by top / 65535, and the log curve's bend just above 2^-7 needs them
/// close (about 0.002 here).
pub const CUBE_TOP_STOPS: f64 = 7.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Clf,
    Cube,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ExportError {
    #[error("a LUT needs 2 to 129 nodes per side, not {0}")]
    Size(usize),
    #[error("the input domain {0} is empty or not finite")]
    Domain(String),
    #[error("writing the LUT: {0}")]
    Write(String),
}

/// How inputs are spread over the nodes, per channel.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Shaper {
    /// Scene-linear: straight below 2^-7, log2 above, up to 2^`top_stops`.
    SceneLog { top_stops: f64 },
    /// Code values, evenly from `low` to `high`.
    Linear { low: f64, high: f64 },
}

impl Shaper {
    /// The shaper for a pipeline reading `domain`, written as `format`.
    pub fn for_domain(domain: InputDomain, format: Format) -> Shaper {
        match (domain, format) {
            (InputDomain::SceneLinear, Format::Clf) => Shaper::SceneLog {
                top_stops: CLF_TOP_STOPS,
            },
            (InputDomain::SceneLinear, Format::Cube) => Shaper::SceneLog {
                top_stops: CUBE_TOP_STOPS,
            },
            (InputDomain::CodeValue { low, high }, Format::Clf) => Shaper::Linear {
                low: low as f64,
                high: high as f64,
            },
            // A plain cube: every host reads [0, 1] tables.
            (InputDomain::CodeValue { .. }, Format::Cube) => Shaper::Linear {
                low: 0.0,
                high: 1.0,
            },
        }
    }

    /// The lowest and highest input the shaper distinguishes (others are held at these).
    pub fn bounds(&self) -> (f64, f64) {
        match *self {
            Shaper::SceneLog { top_stops } => (self.from_unit(0.0), top_stops.exp2()),
            Shaper::Linear { low, high } => (low, high),
        }
    }

    /// Position in [0, 1] of input `x`.
    pub fn to_unit(&self, x: f64) -> f64 {
        let t = match *self {
            Shaper::SceneLog { top_stops } => {
                let span = top_stops - LOG_FLOOR;
                if x >= LOG_BREAK {
                    (x.log2() - LOG_FLOOR) / span
                } else {
                    let at_break = (LOG_BREAK.log2() - LOG_FLOOR) / span;
                    at_break + (x - LOG_BREAK) / (LOG_BREAK * std::f64::consts::LN_2 * span)
                }
            }
            Shaper::Linear { low, high } => (x - low) / (high - low),
        };
        if t.is_nan() {
            0.0
        } else {
            t.clamp(0.0, 1.0)
        }
    }

    /// The input at position `t` in [0, 1] (where the nodes sit).
    pub fn from_unit(&self, t: f64) -> f64 {
        match *self {
            Shaper::SceneLog { top_stops } => {
                let span = top_stops - LOG_FLOOR;
                let at_break = (LOG_BREAK.log2() - LOG_FLOOR) / span;
                if t >= at_break {
                    (t * span + LOG_FLOOR).exp2()
                } else {
                    LOG_BREAK + (t - at_break) * LOG_BREAK * std::f64::consts::LN_2 * span
                }
            }
            Shaper::Linear { low, high } => low + t * (high - low),
        }
    }

    fn is_valid(&self) -> bool {
        match *self {
            Shaper::SceneLog { top_stops } => top_stops.is_finite() && top_stops > 0.0,
            Shaper::Linear { low, high } => low.is_finite() && high.is_finite() && high > low,
        }
    }
}

impl std::fmt::Display for Shaper {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (low, high) = self.bounds();
        match self {
            Shaper::SceneLog { .. } => {
                write!(f, "scene-linear {low:.4}..{high} (log2 above 2^-7)")
            }
            Shaper::Linear { .. } => write!(f, "code values {}..{}", low as f32, high as f32),
        }
    }
}

/// The exact pipeline at every node, `size`³ RGB triplets with blue varying fastest (CLF's
/// order); NaN stored as 0 and infinities as ±1e30 (as fast mode does), so that the table
/// is finite.
pub fn sample(pipeline: &Pipeline, shaper: &Shaper, size: usize) -> Result<Vec<f32>, ExportError> {
    if !SIZES.contains(&size) {
        return Err(ExportError::Size(size));
    }
    if !shaper.is_valid() {
        return Err(ExportError::Domain(shaper.to_string()));
    }
    let axis: Vec<f32> = (0..size)
        .map(|i| shaper.from_unit(i as f64 / (size - 1) as f64) as f32)
        .collect();
    let slices: Vec<Vec<f32>> = (0..size)
        .into_par_iter()
        .map(|ri| {
            let count = size * size;
            let mut r = vec![axis[ri]; count];
            let mut g = Vec::with_capacity(count);
            let mut b = Vec::with_capacity(count);
            for &gv in &axis {
                g.extend(std::iter::repeat_n(gv, size));
                b.extend_from_slice(&axis);
            }
            pipeline.apply(&mut r, &mut g, &mut b);
            (0..count)
                .flat_map(|k| [r[k], g[k], b[k]])
                .map(storable)
                .collect()
        })
        .collect();
    Ok(slices.concat())
}

fn storable(v: f32) -> f32 {
    if v.is_nan() {
        0.0
    } else {
        v.clamp(-1e30, 1e30)
    }
}

/// What a LUT file says about itself.
#[derive(Clone, Debug, Default)]
pub struct Labels {
    pub id: String,
    pub name: String,
    pub descriptions: Vec<String>,
    pub input: String,
    pub output: String,
}

/// The shaper's CLF nodes: a half-domain LUT1D for scene-linear input, a Range for code values.
fn shaper_ops(shaper: &Shaper) -> Result<Vec<Op>, ExportError> {
    let bad = |e: crate::ops::OpError| ExportError::Write(e.to_string());
    match *shaper {
        Shaper::SceneLog { .. } => {
            let values: Vec<f32> = (0..=u16::MAX)
                .map(|bits| {
                    let x = half::f16::from_bits(bits).to_f32();
                    // -inf and NaN read as the bottom, +inf as the top.
                    if x.is_nan() {
                        0.0
                    } else {
                        shaper.to_unit(x as f64) as f32
                    }
                })
                .collect();
            Ok(vec![Op::Lut1d(Lut1d::new(values, 1, true).map_err(bad)?)])
        }
        Shaper::Linear { low, high } => Ok(vec![Op::Range(
            Range::new(Some(low), Some(high), Some(0.0), Some(1.0), true).map_err(bad)?,
        )]),
    }
}

/// The CLF of shaper + lattice (tetrahedral), with `labels`.
pub fn to_clf(
    shaper: &Shaper,
    size: usize,
    lattice: Vec<f32>,
    labels: &Labels,
) -> Result<ProcessList, ExportError> {
    let mut nodes: Vec<Node> = shaper_ops(shaper)?
        .into_iter()
        .map(|op| Node {
            id: None,
            name: Some("shaper".into()),
            descriptions: vec![format!("shaper over {shaper}")],
            op,
        })
        .collect();
    let lut = Lut3d::new(size, lattice, Interpolation::Tetrahedral)
        .map_err(|e| ExportError::Write(e.to_string()))?;
    nodes.push(Node {
        id: None,
        name: Some("lut".into()),
        descriptions: Vec::new(),
        op: Op::Lut3d(lut),
    });
    Ok(ProcessList {
        id: Some(if labels.id.is_empty() {
            "amfx-bake".to_string()
        } else {
            labels.id.clone()
        }),
        name: (!labels.name.is_empty()).then(|| labels.name.clone()),
        comp_clf_version: Some("3.0".into()),
        descriptions: labels.descriptions.clone(),
        input_descriptors: [labels.input.clone()]
            .into_iter()
            .filter(|d| !d.is_empty())
            .collect(),
        output_descriptors: [labels.output.clone()]
            .into_iter()
            .filter(|d| !d.is_empty())
            .collect(),
        nodes,
        ..ProcessList::default()
    })
}

/// The .cube of shaper + lattice: a Resolve-style 1D shaper and 3D table for scene-linear input,
/// a plain 3D table over the code-value range otherwise.
pub fn to_cube(shaper: &Shaper, size: usize, lattice: &[f32], labels: &Labels) -> cube::Cube {
    let n = size;
    let mut values = Vec::with_capacity(n * n * n);
    for b in 0..n {
        for g in 0..n {
            for r in 0..n {
                let at = ((r * n + g) * n + b) * 3;
                values.push([lattice[at], lattice[at + 1], lattice[at + 2]]);
            }
        }
    }
    let (low, high) = shaper.bounds();
    let (lut1d, lut3d_range) = match shaper {
        Shaper::SceneLog { .. } => {
            let last = (CUBE_SHAPER_ENTRIES - 1) as f64;
            let values = (0..CUBE_SHAPER_ENTRIES)
                .map(|i| {
                    let x = low + (high - low) * i as f64 / last;
                    [shaper.to_unit(x) as f32; 3]
                })
                .collect();
            (
                Some(cube::Table1d {
                    values,
                    min: [low; 3],
                    max: [high; 3],
                }),
                ([0.0; 3], [1.0; 3]),
            )
        }
        Shaper::Linear { .. } => (None, ([low; 3], [high; 3])),
    };
    let mut comments = labels.descriptions.clone();
    comments.push(format!("input: {}", labels.input));
    comments.push(format!("output: {}", labels.output));
    cube::Cube {
        title: (!labels.name.is_empty()).then(|| labels.name.clone()),
        comments,
        lut1d,
        lut3d: Some(cube::Table3d {
            size: n,
            values,
            min: lut3d_range.0,
            max: lut3d_range.1,
        }),
    }
}

/// How far a baked LUT is from the exact chain.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Accuracy {
    /// Largest difference on any channel: absolute for display code values; for other outputs
    /// relative to the pixel's largest channel when that is above 1.
    pub max_error: f32,
    /// The input where it occurs.
    pub worst_input: [f32; 3],
    /// Samples compared.
    pub samples: usize,
    /// The error that 99% of the samples stay within, in output units.
    pub p99_error: f32,
    /// The share of samples within one 10-bit code value (0 to 1).
    pub within_one_code: f64,
    /// Largest error over the samples whose AP1 saturation is at most
    /// [`MODERATE_SATURATION`] (all samples when the input's ACES values are not known).
    pub max_error_moderate: f32,
}

/// The saturation, (max − min) / max of the ACEScg components, up to which the second figure
/// counts: ACES 2.0's gamut compression bends faster than a LUT cell beyond it.
pub const MODERATE_SATURATION: f32 = 0.5;

impl Accuracy {
    /// In 10-bit code values (1 = 1/1023; relative tenths of a percent or so for scene output).
    pub fn in_10bit_codes(&self) -> f32 {
        self.max_error * 1023.0
    }
}

/// Compares `baked` (the ops read back from the file) with `exact` on `per_axis`³ samples, one
/// per stratum of the shaper's space (jittered, so between the nodes), over code values [0, 1]
/// or scene-linear 0 to the shaper's top. A sample counts when it is in gamut (inside AP1 once
/// `to_aces` has made it ACES2065-1; every sample when `to_aces` is None) and the exact output
/// is finite and, when `display` is set, strictly inside (0, 1) on every channel (what a
/// display shows unclipped).
pub fn measure(
    exact: &Pipeline,
    baked: &Pipeline,
    shaper: &Shaper,
    to_aces: Option<&Pipeline>,
    display: bool,
    per_axis: usize,
) -> Accuracy {
    let per_axis = per_axis.max(2);
    let (lo, hi) = match shaper {
        Shaper::SceneLog { top_stops } => (shaper.to_unit(0.0), shaper.to_unit(top_stops.exp2())),
        Shaper::Linear { .. } => (
            shaper.to_unit(0.0),
            shaper.to_unit(1.0).max(shaper.to_unit(0.0) + 1e-9),
        ),
    };
    let to_ap1 = Matrix::from_rows(rgb_to_rgb(&AP0, &AP1));
    let slices: Vec<(Vec<f32>, f32, [f32; 3], f32)> = (0..per_axis)
        .into_par_iter()
        .map(|ri| {
            let count = per_axis * per_axis;
            let mut inputs = Vec::with_capacity(count);
            for gi in 0..per_axis {
                for bi in 0..per_axis {
                    let cell = [ri, gi, bi];
                    let rgb: [f32; 3] = std::array::from_fn(|c| {
                        let jitter = jitter(ri * 7919 + gi * 104729 + bi * 1299709 + c);
                        let t = lo + (hi - lo) * (cell[c] as f64 + jitter) / per_axis as f64;
                        shaper.from_unit(t) as f32
                    });
                    inputs.push(rgb);
                }
            }
            let run = |p: &Pipeline| -> Vec<[f32; 3]> {
                let mut r: Vec<f32> = inputs.iter().map(|v| v[0]).collect();
                let mut g: Vec<f32> = inputs.iter().map(|v| v[1]).collect();
                let mut b: Vec<f32> = inputs.iter().map(|v| v[2]).collect();
                p.apply(&mut r, &mut g, &mut b);
                (0..count).map(|k| [r[k], g[k], b[k]]).collect()
            };
            let want = run(exact);
            let got = run(baked);
            let aces = to_aces.map(run);
            let mut errors = Vec::new();
            let (mut worst, mut worst_input) = (0f32, [0f32; 3]);
            let mut moderate = 0f32;
            for k in 0..count {
                // AP1 saturation, (max - min) / max of the ACEScg components (0 without ACES).
                let mut saturation = 0f32;
                if let Some(aces) = &aces {
                    let ap1 = to_ap1.eval(aces[k]);
                    if ap1.iter().any(|v| *v < 0.0 || !v.is_finite()) {
                        continue;
                    }
                    let (lo, hi) = ap1
                        .iter()
                        .fold((f32::MAX, 0f32), |(lo, hi), v| (lo.min(*v), hi.max(*v)));
                    saturation = if hi > 0.0 { (hi - lo) / hi } else { 0.0 };
                }
                let w = want[k];
                let usable = w
                    .iter()
                    .all(|v| v.is_finite() && (!display || (*v > 0.0 && *v < 1.0)));
                if !usable {
                    continue;
                }

                // Display code values: absolute. Anything else (scene-linear out): relative
                // to the pixel's largest channel above 1, so that 1/1023 still means 10 bits.
                let scale = if display {
                    1.0
                } else {
                    w.iter().fold(1f32, |m, v| m.max(v.abs()))
                };
                let err = (0..3)
                    .map(|c| (got[k][c] - w[c]).abs() / scale)
                    .fold(
                        0f32,
                        |m, e| {
                            if e.is_nan() {
                                f32::INFINITY
                            } else {
                                m.max(e)
                            }
                        },
                    );
                errors.push(err);
                if saturation <= MODERATE_SATURATION {
                    moderate = moderate.max(err);
                }
                if err > worst {
                    worst = err;
                    worst_input = inputs[k];
                }
            }
            (errors, worst, worst_input, moderate)
        })
        .collect();
    let mut accuracy = Accuracy {
        max_error: 0.0,
        worst_input: [0.0; 3],
        samples: 0,
        p99_error: 0.0,
        within_one_code: 1.0,
        max_error_moderate: 0.0,
    };
    let mut errors = Vec::new();
    for (slice, worst, worst_input, moderate) in slices {
        accuracy.max_error_moderate = accuracy.max_error_moderate.max(moderate);
        if worst > accuracy.max_error {
            accuracy.max_error = worst;
            accuracy.worst_input = worst_input;
        }
        errors.extend(slice);
    }
    if !errors.is_empty() {
        errors.sort_by(f32::total_cmp);
        accuracy.samples = errors.len();
        accuracy.p99_error = errors[(errors.len() - 1) * 99 / 100];
        let within = errors.iter().filter(|e| **e * 1023.0 <= 1.0).count();
        accuracy.within_one_code = within as f64 / errors.len() as f64;
    }
    accuracy
}

/// A fixed pseudo-random offset in [0.1, 0.9] per index (a hash, so runs repeat).
fn jitter(index: usize) -> f64 {
    let mut x = (index as u64).wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^= x >> 31;
    0.1 + 0.8 * (x >> 11) as f64 / (1u64 << 53) as f64
}

/// A LUT file made from a pipeline, and how close it is.
#[derive(Clone, Debug)]
pub struct Exported {
    pub text: String,
    pub shaper: Shaper,
    pub accuracy: Accuracy,
    /// The ops the file computes, as our reader reads it back.
    pub ops: Vec<Op>,
}

/// What to bake and how to check it.
#[derive(Clone, Copy, Debug)]
pub struct Request<'a> {
    /// What the pipeline's first op reads (chooses the shaper).
    pub domain: InputDomain,
    pub format: Format,
    /// Nodes per side.
    pub size: usize,
    /// Takes the input to ACES2065-1, for telling in-gamut samples (None: all are).
    pub to_aces: Option<&'a Pipeline>,
    /// The output is display code values: only samples strictly inside (0, 1) count.
    pub display: bool,
    /// Samples per axis of the check.
    pub check_per_axis: usize,
}

/// Bakes `pipeline` into a LUT file as `request` says, reads it back, measures it against the
/// exact pipeline (see [`measure`]) and writes the figure into the file's description.
pub fn export(
    pipeline: &Pipeline,
    request: &Request,
    labels: &Labels,
) -> Result<Exported, ExportError> {
    let Request {
        domain,
        format,
        size,
        to_aces,
        display,
        check_per_axis: per_axis,
    } = *request;
    let shaper = Shaper::for_domain(domain, format);
    let lattice = sample(pipeline, &shaper, size)?;
    let render = |labels: &Labels| -> Result<(String, Vec<Op>), ExportError> {
        match format {
            Format::Clf => {
                let list = to_clf(&shaper, size, lattice.clone(), labels)?;
                let text = clf::write(&list).map_err(|e| ExportError::Write(e.to_string()))?;
                let back = clf::read_str(&text, &labels.id)
                    .map_err(|e| ExportError::Write(e.to_string()))?;
                Ok((text, back.ops()))
            }
            Format::Cube => {
                let text = cube::write(&to_cube(&shaper, size, &lattice, labels));
                let back = cube::read_str(&text, &labels.id)
                    .map_err(|e| ExportError::Write(e.to_string()))?
                    .ops(Interpolation::Trilinear)
                    .map_err(ExportError::Write)?;
                Ok((text, back))
            }
        }
    };
    let (_, ops) = render(labels)?;
    let baked = Pipeline::planned(ops.clone());
    let accuracy = measure(pipeline, &baked, &shaper, to_aces, display, per_axis);
    let mut labelled = labels.clone();
    labelled.descriptions.push(format!(
        "Baked by amfx {}: {size}^3 nodes, shaper over {shaper}; error against the exact \
         chain in 10-bit code values{}: max {:.3}, 99% within {:.3}, {:.2}% within 1, max {:.3} up \
         to AP1 saturation {MODERATE_SATURATION} ({} in-gamut samples between the nodes{})",
        env!("CARGO_PKG_VERSION"),
        if display {
            ""
        } else {
            " (x 1/1023, relative above 1)"
        },
        accuracy.in_10bit_codes(),
        accuracy.p99_error * 1023.0,
        accuracy.within_one_code * 100.0,
        accuracy.max_error_moderate * 1023.0,
        accuracy.samples,
        if format == Format::Cube {
            ", read with trilinear interpolation"
        } else {
            ", tetrahedral interpolation"
        }
    ));
    let (text, _) = render(&labelled)?;
    Ok(Exported {
        text,
        shaper,
        accuracy,
        ops,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scene_shaper_inverts_and_places_the_break() {
        for shaper in [
            Shaper::SceneLog { top_stops: 16.0 },
            Shaper::SceneLog { top_stops: 7.0 },
            Shaper::Linear {
                low: -0.1,
                high: 1.1,
            },
        ] {
            for i in 0..=100 {
                let t = i as f64 / 100.0;
                let back = shaper.to_unit(shaper.from_unit(t));
                assert!((back - t).abs() < 1e-12, "{shaper}: {t} -> {back}");
            }
        }
        let s = Shaper::SceneLog { top_stops: 16.0 };
        assert!(s.bounds().0 < 0.0 && s.bounds().0 > -0.01);
        assert_eq!(s.to_unit(65536.0), 1.0);
        assert_eq!(s.to_unit(f64::NAN), 0.0);
    }

    #[test]
    fn an_identity_bakes_exactly_over_code_values() {
        for format in [Format::Clf, Format::Cube] {
            let domain = InputDomain::CODE_VALUES;
            let labels = Labels::default();
            let request = Request {
                domain,
                format,
                size: 9,
                to_aces: None,
                display: false,
                check_per_axis: 8,
            };
            let out = export(&Pipeline::default(), &request, &labels).unwrap();
            assert!(out.accuracy.samples > 0);
            assert!(
                out.accuracy.max_error < 1e-5,
                "{format:?}: {:?}",
                out.accuracy
            );
        }
    }

    #[test]
    fn an_acescct_encoding_bakes_almost_exactly_over_scene_linear() {
        // ACEScct is the scene shaper's own curve (same break, toe and log2 slope), so the
        // lattice is linear in the shaper's space; what remains is the shaper's sampling.
        let encode = Pipeline::new(vec![Op::LinToLog(crate::aces::acescct_curve())]);
        for format in [Format::Clf, Format::Cube] {
            let labels = Labels::default();
            let request = Request {
                domain: InputDomain::SceneLinear,
                format,
                size: 17,
                to_aces: None,
                display: false,
                check_per_axis: 16,
            };
            let out = export(&encode, &request, &labels).unwrap();
            assert!(out.accuracy.samples > 1000);
            let bound = match format {
                Format::Clf => 2e-4,
                Format::Cube => 5e-3,
            };
            assert!(
                out.accuracy.max_error < bound,
                "{format:?}: {:?}",
                out.accuracy
            );
        }
    }

    #[test]
    fn a_size_out_of_range_is_refused() {
        let err = sample(
            &Pipeline::default(),
            &Shaper::Linear {
                low: 0.0,
                high: 1.0,
            },
            200,
        );
        assert_eq!(err, Err(ExportError::Size(200)));
    }
}
