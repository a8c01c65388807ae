//! The per-hue tables of one preset, built once (in f64, stored in f32 for the pixel path):
//! reach gamut M at the top lightness, the limiting gamut's cusp (J, M) and the upper hull gamma,
//! over a hue axis of 360 samples that is uniform except that it passes exactly through the hues
//! of the limiting and reach gamut corners.
//!
//! Layout (as OpenColorIO): index 0 wraps the last nominal entry (hue − 360), 1..=360 are the
//! nominal entries, 361 and 362 wrap the first two (hue + 360), so a hue of exactly 360.0 after
//! rounding still finds its interval.

use super::cam::JMhParams;
use super::gamut::{GamutShape, SMOOTH_CUSPS, SMOOTH_M};
use super::real::lerp;
use crate::simd::lanes::F8;
use rayon::prelude::*;

const NOMINAL: usize = 360;
pub const TABLE_SIZE: usize = NOMINAL + 3;
const FIRST: usize = 1;
const LAST: usize = NOMINAL;
const UPPER_WRAP: usize = NOMINAL + 1;

/// Search tolerances; they define the table values, so they are part of the transform.
const REACH_M_STEP: f64 = 50.0;
const REACH_M_MAX: f64 = 1300.0;
const REACH_M_TOLERANCE: f64 = 0.01;
const REACH_CORNER_TOLERANCE: f64 = 1e-3;
const CUSP_TOLERANCE: f64 = 1e-7;
const GAMMA_STEP: f64 = 0.4;
const GAMMA_MAX: f64 = 5.0;
const GAMMA_TOLERANCE: f64 = 1e-5;
/// Points between cusp and top where a candidate upper hull gamma must lie outside the gamut.
const GAMMA_TEST_POSITIONS: [f64; 5] = [0.01, 0.1, 0.5, 0.8, 0.99];

/// One gamut's six cube corners (R, Y, G, C, B, M), rotated so the smallest hue is at index 1,
/// with wrap entries at 0 and 7.
struct Corners {
    rgb: [[f64; 3]; 8],
    jmh: [[f64; 3]; 8],
}

/// The tables of one preset.
#[derive(Clone, Debug)]
pub struct HueTables {
    /// Reach (AP1) gamut M at `limit_j_max`, uniform 1° steps.
    reach_m: [f32; TABLE_SIZE],
    /// The non-uniform hue of each row of `cusp`.
    hues: [f32; TABLE_SIZE],
    /// Limiting gamut cusp J, M (inflated for the smooth minimum) and 1/upper-hull-gamma.
    cusp: [[f32; 3]; TABLE_SIZE],
    /// How far (in rows) a hue's row can be from its uniform position.
    search_range: [i32; 2],
    /// The lane layout of the same tables (see [`LaneTables`]).
    lanes: Box<LaneTables>,
}

/// The tables laid out for eight-lane lookups: one contiguous load per lane and table.
#[derive(Clone, Debug)]
pub struct LaneTables {
    /// Per whole degree d (0..=360): reach M at d and at d + 1.
    reach_pairs: [[f32; 2]; NOMINAL + 1],
    /// Per upper row `hi` of a hue interval: hue, cusp J, cusp M, 1/gamma of rows hi − 1 and hi.
    cusp_pairs: [[f32; 8]; TABLE_SIZE],
    /// Per bin of 1/`bins_per_degree` degrees (bins nest in whole degrees), all that a hue in it
    /// needs before its cusp rows, in one row: [`BinRow`].
    bins: Vec<[f32; 8]>,
    bins_per_degree: f32,
}

/// The columns of a [`LaneTables`] bin row.
///
/// The scalar path's interval for hue h is the first row k whose hue is ≥ h, moved into a
/// window of rows around h's uniform position (see [`LaneTables::reach_and_cusp`]): a
/// nondecreasing step function w(k) of k. Bins are made fine enough that at most three row hues
/// fall inside one, so within a bin k = start + (how many of those hues are < h), and
/// w(k) = `BASE` + (how many of the hues that move w are < h): a hue whose step w leaves
/// unchanged is stored as +inf.
struct BinRow;

impl BinRow {
    /// w(start), as f32 (exact: a small integer).
    const BASE: usize = 0;
    /// The three hues that can move the interval within the bin.
    const STEPS: usize = 1;
    /// Reach M at the bin's whole degree d and at d + 1.
    const REACH: usize = 4;
}

impl HueTables {
    /// Builds every table. `limit` and `reach` are the model for the limiting and AP1 spaces.
    pub fn build(
        limit: &JMhParams<f64>,
        reach: &JMhParams<f64>,
        shape: &GamutShape<f64>,
        peak: f64,
        forward_limit: f64,
    ) -> HueTables {
        let reach_m = reach_m_table(reach, shape.limit_j_max);
        let reach_corners = reach_corners(reach, shape.limit_j_max, forward_limit);
        let limit_corners = limiting_corners(limit, peak);
        let hues = hue_table(&sorted_corner_hues(&reach_corners, &limit_corners));
        let mut cusp = cusp_table(&hues, &limit_corners, limit);
        let search_range = search_range(&cusp);
        upper_hull_gammas(&hues, &mut cusp, shape, peak, limit);
        let reach_m = reach_m.map(|v| v as f32);
        let hues = hues.map(|v| v as f32);
        let cusp = cusp.map(|row| row.map(|v| v as f32));
        let lanes = Box::new(LaneTables::new(&reach_m, &hues, &cusp, search_range));
        HueTables {
            reach_m,
            hues,
            cusp,
            search_range,
            lanes,
        }
    }

    /// The lane layout (for the block path).
    pub fn lanes(&self) -> &LaneTables {
        &self.lanes
    }

    /// Reach M at hue `h` (degrees, [0, 360]).
    #[inline(always)]
    pub fn reach_m(&self, h: f32) -> f32 {
        // `as` saturates (NaN → 0), and the min keeps a hue beyond 360 inside the table.
        let base = (h as usize).min(NOMINAL);
        let t = h - base as f32;
        let lo = base + FIRST;
        lerp(self.reach_m[lo], self.reach_m[lo + 1], t)
    }

    /// Cusp J, cusp M and 1/upper-hull-gamma at hue `h`.
    #[inline(always)]
    pub fn cusp(&self, h: f32) -> [f32; 3] {
        let hi = self.interval(h);
        let (lo_row, hi_row) = (self.cusp[hi - 1], self.cusp[hi]);
        let t = (h - self.hues[hi - 1]) / (self.hues[hi] - self.hues[hi - 1]);
        std::array::from_fn(|c| lerp(lo_row[c], hi_row[c], t))
    }

    /// The upper row of the hue interval holding `h`: a binary search narrowed by how far the
    /// table strays from uniform.
    #[inline(always)]
    fn interval(&self, h: f32) -> usize {
        let mut i = FIRST as i32 + (h as i32).clamp(0, NOMINAL as i32);
        let mut lo = (i + self.search_range[0]).max(0);
        let mut hi = (i + self.search_range[1]).min(UPPER_WRAP as i32);
        while lo + 1 < hi {
            if h > self.hues[i as usize] {
                lo = i;
            } else {
                hi = i;
            }
            i = (lo + hi) / 2;
        }
        hi.max(1) as usize
    }

    /// The nominal rows (for tests and inspection): hue, cusp J, cusp M, 1/gamma, reach M.
    pub fn rows(&self) -> impl Iterator<Item = [f32; 5]> + '_ {
        (FIRST..=LAST).map(|i| {
            let [j, m, g] = self.cusp[i];
            [self.hues[i], j, m, g, self.reach_m[i]]
        })
    }
}

impl LaneTables {
    fn new(
        reach_m: &[f32; TABLE_SIZE],
        hues: &[f32; TABLE_SIZE],
        cusp: &[[f32; 3]; TABLE_SIZE],
        search_range: [i32; 2],
    ) -> LaneTables {
        let reach_pairs = std::array::from_fn(|d| [reach_m[d + FIRST], reach_m[d + FIRST + 1]]);
        let cusp_pairs = std::array::from_fn(|hi| {
            let (lo, hi) = (hi.max(1) - 1, hi.max(1));
            let [j0, m0, g0] = cusp[lo];
            let [j1, m1, g1] = cusp[hi];
            [hues[lo], j0, m0, g0, hues[hi], j1, m1, g1]
        });
        // The scalar lookup finds the smallest row ≥ FIRST whose hue is ≥ h; per bin, that row for
        // the bin's start, and the hues that can move it within the bin.
        let mut bins_per_degree = 1usize;
        let raw_bins = loop {
            let count = NOMINAL * bins_per_degree + 1;
            let mut bins = Vec::with_capacity(count);
            let mut fits = true;
            for bin in 0..count {
                let start_hue = bin as f32 / bins_per_degree as f32;
                let end_hue = (bin + 1) as f32 / bins_per_degree as f32;
                let start = (FIRST..TABLE_SIZE)
                    .find(|&k| hues[k] >= start_hue)
                    .unwrap_or(TABLE_SIZE - 1);
                let at = |k: usize| hues[(start + k).min(TABLE_SIZE - 1)];
                if start + 3 < TABLE_SIZE && at(3) < end_hue {
                    fits = false;
                }
                bins.push([start as f32, at(0), at(1), at(2)]);
            }
            // A pathological table (corner hues closer than 1/1024°) keeps the finest bins; its
            // rare misplaced hues then interpolate in a neighbouring interval.
            if fits || bins_per_degree >= 1024 {
                break bins;
            }
            bins_per_degree *= 2;
        };
        let bins = raw_bins
            .iter()
            .enumerate()
            .map(|(bin, &[start, h0, h1, h2])| {
                // The bin's whole degree, as `cusp` and `reach_m` truncate a hue in it.
                let degree = (bin / bins_per_degree).min(NOMINAL);
                let window = search_window(degree, search_range);
                let first = (start as i32).clamp(0, TABLE_SIZE as i32 - 1);
                let mut row = [0.0f32; 8];
                row[BinRow::BASE] = window(first) as f32;
                for (i, hue) in [h0, h1, h2].into_iter().enumerate() {
                    let moves = window(first + i as i32 + 1) > window(first + i as i32);
                    row[BinRow::STEPS + i] = if moves { hue } else { f32::INFINITY };
                }
                row[BinRow::REACH] = reach_pairs[degree][0];
                row[BinRow::REACH + 1] = reach_pairs[degree][1];
                row
            })
            .collect();
        LaneTables {
            reach_pairs,
            cusp_pairs,
            bins,
            bins_per_degree: bins_per_degree as f32,
        }
    }

    /// Reach M at eight hues (degrees, [0, 360]); the same interpolation as
    /// [`HueTables::reach_m`].
    #[inline(always)]
    pub fn reach_m(&self, h: F8) -> F8 {
        let base = h.to_i32_clamped(0, NOMINAL as i32);
        let t = h - base.to_f32();
        let [lo, hi] = F8::gather_rows(&self.reach_pairs, base);
        (hi - lo) * t + lo
    }

    /// Cusp J, cusp M and 1/upper-hull-gamma at eight hues; the same rows and interpolation as
    /// [`HueTables::cusp`].
    #[inline(always)]
    pub fn cusp(&self, h: F8) -> [F8; 3] {
        self.reach_and_cusp(h).1
    }

    /// [`Self::reach_m`] and [`Self::cusp`] together, from one bin row per lane.
    ///
    /// The scalar path (as OpenColorIO) searches a window of rows around the hue's uniform
    /// position; where the table strays from uniform by more than the window allows (slivers next
    /// to gamut corners) it lands on a neighbouring interval and extrapolates. The lanes find the
    /// true interval from the bins, moved into the same window (folded into the bin rows, see
    /// [`BinRow`]), so they pick the same rows.
    #[inline(always)]
    pub fn reach_and_cusp(&self, h: F8) -> (F8, [F8; 3]) {
        let last_bin = self.bins.len() as i32 - 1;
        let bin = (h * self.bins_per_degree).to_i32_clamped(0, last_bin);
        let row = F8::gather_rows(&self.bins, bin);
        let step = |i: usize| h.gt(row[BinRow::STEPS + i]);
        let hi = row[BinRow::BASE]
            .to_i32_clamped(0, TABLE_SIZE as i32 - 1)
            .inc_where(step(0))
            .inc_where(step(1))
            .inc_where(step(2));
        let [hue0, j0, m0, g0, hue1, j1, m1, g1] = F8::gather_rows(&self.cusp_pairs, hi);
        let t = (h - hue0) / (hue1 - hue0);
        let cusp = [(j1 - j0) * t + j0, (m1 - m0) * t + m0, (g1 - g0) * t + g0];
        let degree = h.to_i32_clamped(0, NOMINAL as i32);
        let (at, next) = (row[BinRow::REACH], row[BinRow::REACH + 1]);
        ((next - at) * (h - degree.to_f32()) + at, cusp)
    }
}

/// The scalar search's result for true interval `k` at whole degree `degree`: with window
/// [lo, hi] around the uniform row i it is k clamped to [lo + 1, hi], or to [lo, hi] when
/// i = lo (its first probe is then the window's bottom), never row 0; and hi whatever k is when
/// the window is one row wide (the search does not probe at all: at the top of the table).
fn search_window(degree: usize, [below, above]: [i32; 2]) -> impl Fn(i32) -> i32 {
    let i = degree as i32 + FIRST as i32;
    let lo = (i + below).max(0);
    let hi = (i + above).min(UPPER_WRAP as i32);
    let floor = if hi - lo <= 1 {
        hi
    } else {
        lo + (i != lo) as i32
    };
    move |k| k.max(floor).min(hi).max(1)
}

/// For each whole degree, the largest M at the top lightness that stays inside AP1.
fn reach_m_table(reach: &JMhParams<f64>, limit_j_max: f64) -> [f64; TABLE_SIZE] {
    let mut table = [0.0; TABLE_SIZE];
    let inside = |m: f64, hue: f64| {
        let rgb = reach.jmh_to_rgb([limit_j_max, m, hue]);
        !rgb.iter().any(|&v| v < 0.0)
    };
    // Hues are independent: searched on the worker threads (most of a preset's build time).
    let found: Vec<f64> = (0..NOMINAL)
        .into_par_iter()
        .map(|i| {
            let hue = i as f64;
            let mut low = 0.0;
            let mut high = low + REACH_M_STEP;
            while high < REACH_M_MAX && inside(high, hue) {
                low = high;
                high += REACH_M_STEP;
            }
            while high - low > REACH_M_TOLERANCE {
                let mid = (high + low) / 2.0;
                if inside(mid, hue) {
                    low = mid;
                } else {
                    high = mid;
                }
            }
            high
        })
        .collect();
    table[FIRST..FIRST + NOMINAL].copy_from_slice(&found);
    wrap(&mut table);
    table
}

/// Copies the nominal ends into the wrap entries.
fn wrap<V: Copy>(table: &mut [V; TABLE_SIZE]) {
    table[0] = table[LAST];
    table[UPPER_WRAP] = table[FIRST];
    table[UPPER_WRAP + 1] = table[FIRST + 1];
}

/// Unit cube corner `i` in the order R, Y, G, C, B, M (hues rotate monotonically).
fn cube_corner(i: usize) -> [f64; 3] {
    let on = |k: usize| if (i + k) % 6 < 3 { 1.0 } else { 0.0 };
    [on(1), on(5), on(3)]
}

/// Rotates six (rgb, jmh) corners so the smallest hue sits at index 1 and adds wrap entries.
fn arrange_corners(rgb: [[f64; 3]; 6], jmh: [[f64; 3]; 6]) -> Corners {
    let mut first = 0;
    for i in 0..6 {
        if jmh[i][2] < jmh[first][2] {
            first = i;
        }
    }
    let mut corners = Corners {
        rgb: [[0.0; 3]; 8],
        jmh: [[0.0; 3]; 8],
    };
    for i in 0..6 {
        corners.rgb[i + 1] = rgb[(i + first) % 6];
        corners.jmh[i + 1] = jmh[(i + first) % 6];
    }
    corners.rgb[0] = corners.rgb[6];
    corners.rgb[7] = corners.rgb[1];
    corners.jmh[0] = corners.jmh[6];
    corners.jmh[7] = corners.jmh[1];
    corners.jmh[0][2] -= 360.0;
    corners.jmh[7][2] += 360.0;
    corners
}

/// The limiting gamut's cube corners at peak luminance.
fn limiting_corners(limit: &JMhParams<f64>, peak: f64) -> Corners {
    let rgb: [[f64; 3]; 6] = std::array::from_fn(|i| cube_corner(i).map(|v| v * peak / 100.0));
    let jmh = rgb.map(|c| limit.rgb_to_jmh(c));
    arrange_corners(rgb, jmh)
}

/// The AP1 corner directions scaled until their achromatic response reaches the top lightness.
fn reach_corners(reach: &JMhParams<f64>, limit_j_max: f64, forward_limit: f64) -> Corners {
    let limit_a = (limit_j_max * (1.0 / 100.0)).powf(reach.inv_cz());
    let mut jmh = [[0.0; 3]; 6];
    for (i, out) in jmh.iter_mut().enumerate() {
        let direction = cube_corner(i);
        let (mut lower, mut upper) = (0.0, forward_limit);
        while upper - lower > REACH_CORNER_TOLERANCE {
            let test = (lower + upper) / 2.0;
            let a = reach.rgb_to_aab(direction.map(|v| v * test))[0];
            if a < limit_a {
                lower = test;
            } else {
                upper = test;
            }
            if a == limit_a {
                break;
            }
        }
        *out = reach.rgb_to_jmh(direction.map(|v| v * upper));
    }
    arrange_corners([[0.0; 3]; 6], jmh)
}

/// The merged, de-duplicated corner hues of both gamuts in increasing order.
fn sorted_corner_hues(reach: &Corners, limit: &Corners) -> Vec<f64> {
    let mut hues = Vec::with_capacity(12);
    let (mut r, mut d) = (1, 1);
    while r < 7 || d < 7 {
        let (rh, dh) = (reach.jmh[r][2], limit.jmh[d][2]);
        if rh == dh {
            hues.push(rh);
            r += 1;
            d += 1;
        } else if rh < dh {
            hues.push(rh);
            r += 1;
        } else {
            hues.push(dh);
            d += 1;
        }
    }
    hues
}

/// 360 hues, about one per degree, passing exactly through every corner hue.
fn hue_table(corner_hues: &[f64]) -> [f64; TABLE_SIZE] {
    let mut table = [0.0; TABLE_SIZE];
    // Samples before each corner hue: its rounded position, nudged so no two coincide.
    let mut counts = vec![0usize; corner_hues.len()];
    let mut last: Option<usize> = None;
    let mut min_index = if corner_hues.first() == Some(&0.0) {
        0
    } else {
        1
    };
    for (k, &hue) in corner_hues.iter().enumerate() {
        let mut index = ((hue.round().max(0.0)) as usize)
            .max(min_index)
            .min(NOMINAL - 1);
        if last == Some(index) {
            if k > 1 && counts[k - 2] != counts[k - 1].wrapping_sub(1) {
                counts[k - 1] -= 1;
            } else {
                index += 1;
            }
        }
        counts[k] = index.min(NOMINAL - 1);
        last = Some(index);
        min_index = index;
    }
    let mut fill = |count: usize, from: f64, to: f64, start: usize| {
        let delta = (to - from) / count as f64;
        for i in 0..count {
            if let Some(slot) = table.get_mut(start + i) {
                *slot = from + i as f64 * delta;
            }
        }
    };
    let mut total = 0;
    let mut previous_hue = 0.0;
    for (k, &hue) in corner_hues.iter().enumerate() {
        let count = if k == 0 {
            counts[0]
        } else {
            counts[k].saturating_sub(counts[k - 1])
        };
        fill(count, previous_hue, hue, total + FIRST);
        total += count;
        previous_hue = hue;
    }
    fill(
        NOMINAL.saturating_sub(total),
        previous_hue,
        360.0,
        total + FIRST,
    );
    table[0] = table[LAST] - 360.0;
    table[UPPER_WRAP] = table[FIRST] + 360.0;
    table[UPPER_WRAP + 1] = table[FIRST + 1] + 360.0;
    table
}

/// The limiting gamut's cusp at every hue of the hue table: bisection along the cube edge between
/// the two corners whose hues bracket it.
fn cusp_table(
    hues: &[f64; TABLE_SIZE],
    corners: &Corners,
    limit: &JMhParams<f64>,
) -> [[f64; 3]; TABLE_SIZE] {
    let mut table = [[0.0; 3]; TABLE_SIZE];
    // Successive hues on the same edge resume the search where the previous one ended.
    let mut previous: (usize, f64) = (0, 0.0);
    for i in FIRST..UPPER_WRAP {
        let hue = hues[i];
        let upper = (1..8).find(|&c| corners.jmh[c][2] > hue).unwrap_or(1);
        let lower = upper - 1;
        let [j, m] = if corners.jmh[lower][2] == hue {
            [corners.jmh[lower][0], corners.jmh[lower][1]]
        } else {
            let (from, to) = (corners.rgb[lower], corners.rgb[upper]);
            let along = |t: f64| -> [f64; 3] { std::array::from_fn(|c| lerp(from[c], to[c], t)) };
            let mut lower_t = if previous.0 == upper { previous.1 } else { 0.0 };
            let mut upper_t = 1.0;
            while upper_t - lower_t > CUSP_TOLERANCE {
                let t = (lower_t + upper_t) / 2.0;
                let h = limit.rgb_to_jmh(along(t))[2];
                if h < corners.jmh[lower][2] {
                    upper_t = t;
                } else if h >= corners.jmh[upper][2] {
                    lower_t = t;
                } else if h > hue {
                    upper_t = t;
                } else {
                    lower_t = t;
                }
            }
            let t = (lower_t + upper_t) / 2.0;
            previous = (upper, t);
            let jmh = limit.rgb_to_jmh(along(t));
            [jmh[0], jmh[1]]
        };
        table[i] = [j, m * (1.0 + SMOOTH_M * SMOOTH_CUSPS), hue];
    }
    table[0] = [table[LAST][0], table[LAST][1], hues[0]];
    table[UPPER_WRAP] = [table[FIRST][0], table[FIRST][1], hues[UPPER_WRAP]];
    table[UPPER_WRAP + 1] = [
        table[FIRST + 1][0],
        table[FIRST + 1][1],
        hues[UPPER_WRAP + 1],
    ];
    table
}

/// The narrowest row window around a hue's uniform position that always contains its interval.
fn search_range(cusp: &[[f64; 3]; TABLE_SIZE]) -> [i32; 2] {
    let mut range = [0, 1];
    for (i, row) in cusp.iter().enumerate().take(UPPER_WRAP).skip(FIRST) {
        let uniform = FIRST as i32 + row[2] as i32;
        let delta = i as i32 - uniform;
        range[0] = range[0].min(delta);
        range[1] = range[1].max(delta + 1);
    }
    range
}

/// For each cusp, the smallest upper hull gamma whose approximate boundary lies above the real
/// top of the limiting gamut at five lightnesses between cusp and top; stored as 1/gamma in the
/// cusp table's third column.
fn upper_hull_gammas(
    hues: &[f64; TABLE_SIZE],
    cusp: &mut [[f64; 3]; TABLE_SIZE],
    shape: &GamutShape<f64>,
    peak: f64,
    limit: &JMhParams<f64>,
) {
    let luminance_limit = peak / 100.0;
    // Hues are independent: searched on the worker threads (the costliest table to build).
    let gammas: Vec<f64> = (FIRST..UPPER_WRAP)
        .into_par_iter()
        .map(|i| upper_hull_gamma(hues[i], cusp[i], shape, luminance_limit, limit))
        .collect();
    for (i, gamma) in (FIRST..UPPER_WRAP).zip(gammas) {
        cusp[i][2] = 1.0 / gamma;
    }
    cusp[0][2] = cusp[LAST][2];
    cusp[UPPER_WRAP][2] = cusp[FIRST][2];
    cusp[UPPER_WRAP + 1][2] = cusp[FIRST + 1][2];
}

/// One hue's smallest fitting gamma: steps up to the first that fits, then bisects.
fn upper_hull_gamma(
    hue: f64,
    [cusp_j, cusp_m, _]: [f64; 3],
    shape: &GamutShape<f64>,
    luminance_limit: f64,
    limit: &JMhParams<f64>,
) -> f64 {
    let base = shape.at_cusp(cusp_j, cusp_m, 1.0);
    // Per test point: (J_intersect, slope, J_intersect of the cusp), independent of gamma.
    let tests = GAMMA_TEST_POSITIONS.map(|p| {
        let j = lerp(cusp_j, shape.limit_j_max, p);
        let gain = shape.focus_gain(j, &base);
        let j_intersect = shape.j_intersect(j, cusp_m, base.focus_j, gain);
        (
            j_intersect,
            shape.slope(j_intersect, base.focus_j, gain),
            shape.j_intersect(cusp_j, cusp_m, base.focus_j, gain),
        )
    });
    let fits = |gamma: f64| {
        let hue_shape = shape.at_cusp(cusp_j, cusp_m, 1.0 / gamma);
        tests.iter().all(|&(j_intersect, slope, j_intersect_cusp)| {
            let m = shape.gamut_boundary_m(&hue_shape, j_intersect, slope, j_intersect_cusp);
            let j = j_intersect + slope * m;
            let rgb = limit.jmh_to_rgb([j, m, hue]);
            rgb.iter().any(|&v| v > luminance_limit)
        })
    };
    let mut low = 0.0;
    let mut high = low + GAMMA_STEP;
    while high < GAMMA_MAX && !fits(high) {
        low = high;
        high += GAMMA_STEP;
    }
    while high - low > GAMMA_TOLERANCE {
        let mid = (high + low) / 2.0;
        if fits(mid) {
            high = mid;
        } else {
            low = mid;
        }
    }
    high
}

#[cfg(test)]
mod tests {
    use super::super::{OutputTransform2, PRESETS};
    use super::*;
    use crate::simd::lanes::LANES;

    /// The lane lookups pick the scalar path's rows and interpolate as it does: the same bits at
    /// every table hue, a float step either side of it, and a dense sweep of [0, 360], for every
    /// preset (their tables differ in where the corners fall).
    #[test]
    fn lane_lookups_give_the_scalar_bits() {
        for preset in PRESETS.iter() {
            let t = OutputTransform2::new(preset);
            let tables = t.tables();
            let mut hues: Vec<f32> = (0..=36_000).map(|i| i as f32 * 0.01).collect();
            for &hue in &tables.hues {
                hues.extend([hue.next_down(), hue, hue.next_up()]);
            }
            hues.extend([-0.0, 360.0f32.next_up(), 0.0f32.next_up()]);
            hues.retain(|h| (0.0..=360.0).contains(h));
            for chunk in hues.chunks(LANES) {
                let mut lanes = F8::splat(chunk[0]);
                lanes.0[..chunk.len()].copy_from_slice(chunk);
                let (reach, cusp) = tables.lanes().reach_and_cusp(lanes);
                let alone = tables.lanes().reach_m(lanes);
                for (i, &h) in chunk.iter().enumerate() {
                    let want_cusp = tables.cusp(h);
                    let want_reach = tables.reach_m(h);
                    assert_eq!(
                        reach.0[i].to_bits(),
                        want_reach.to_bits(),
                        "{} reach at {h}",
                        preset.name
                    );
                    assert_eq!(
                        alone.0[i].to_bits(),
                        want_reach.to_bits(),
                        "{} reach_m at {h}",
                        preset.name
                    );
                    for c in 0..3 {
                        assert_eq!(
                            cusp[c].0[i].to_bits(),
                            want_cusp[c].to_bits(),
                            "{} cusp {c} at {h}",
                            preset.name
                        );
                    }
                }
            }
        }
    }
}
