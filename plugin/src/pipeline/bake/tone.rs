//! The chain's grey response, per channel, as fine 1D tables over the shaper's positions.
//!
//! Most of a display chain's curvature is its tone curve (a steep toe, a shoulder near the white
//! limit), which changes faster than a lattice cell. The lattice stores what the chain does on
//! top of it (out(x) − T(x), T applied per channel), and T is added back per channel after the
//! lookup: greys are then exact up to this table, and near-neutral colours only see the
//! residual's much smaller curvature.

/// Table entries per lattice cell: the grey response between two nodes is followed at 1/16 of
/// a cell (1025 entries per channel at 65³, 12 kB in all).
pub(super) const STEPS_PER_CELL: usize = 16;

#[derive(Clone, Debug, PartialEq)]
pub(super) struct ToneCurve {
    /// Entries per node step.
    steps: f32,
    /// Per channel: the response at positions k / steps, k = 0 ..= (N − 1)·steps, then the last
    /// entry again (so that the interpolation at the very top reads inside the table).
    tables: [Vec<f32>; 3],
}

impl ToneCurve {
    /// `grey[k]` is the chain's output for grey input at position k / [`STEPS_PER_CELL`].
    pub fn new(grey: &[[f32; 3]]) -> ToneCurve {
        let tables = std::array::from_fn(|c| {
            let mut t: Vec<f32> = grey.iter().map(|px| px[c]).collect();
            t.push(t.last().copied().unwrap_or(0.0));
            t
        });
        ToneCurve {
            steps: STEPS_PER_CELL as f32,
            tables,
        }
    }

    /// The channel's tables (with the repeated last entry).
    pub fn table(&self, c: usize) -> &[f32] {
        &self.tables[c]
    }

    pub fn steps(&self) -> f32 {
        self.steps
    }

    /// The response of channel `c` at position `p` in [0, N − 1] (node units), linearly
    /// between entries.
    #[inline(always)]
    pub fn at(&self, c: usize, p: f32) -> f32 {
        let t = &self.tables[c];
        let q = p * self.steps;
        // q ≥ 0, so truncation is floor; the top entry is repeated, so i + 1 is inside.
        let i = (q as usize).min(t.len() - 2);
        let f = q - i as f32;
        t[i] + f * (t[i + 1] - t[i])
    }
}
