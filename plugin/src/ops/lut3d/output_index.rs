//! Where a LUT3D's outputs lie: its cells and nodes binned on a grid over the output space,
//! so that the inverse visits only the few whose outputs come near the value it inverts
//! instead of every one of them (a 33³ LUT has 32,768 cells and 35,937 nodes; scanning them
//! all took about 50 µs per pixel).
//!
//! The bins only narrow the search; they never change its answer. A cell is listed in every
//! bin its output box (widened by more than the inverse's slack) touches, in cell order, so the
//! first cell of a bin's list that holds a preimage is the first of the whole LUT. The nearest
//! node is searched shell by shell around the value's bin until no closer node can remain, ties
//! going to the lower node index, as a full scan would.

/// Bins per axis at most (64³ = 262,144 bins).
const MAX_BINS: usize = 64;

/// Entries in the cells' lists at most, beyond one per cell: a LUT whose cells' outputs spread
/// wide (a noisy or folded table) gets fewer, larger bins instead of a list that grows with
/// cells × bins.
const LIST_BUDGET: usize = 1 << 22;

#[derive(Debug)]
pub(super) struct OutputIndex {
    /// Lower bound of the outputs per channel (−∞ when they are not finite: one bin).
    lo: [f64; 3],
    /// Bins per output unit, per channel (0 with one bin).
    scale: [f64; 3],
    bins: [usize; 3],
    /// Values further than this outside the outputs' bounds are in no cell's box.
    pad: f64,
    hi: [f64; 3],
    /// Per bin, a range of `cells` (CSR): bin `i`'s cells are `cells[cell_starts[i]..cell_starts[i + 1]]`.
    cell_starts: Vec<u32>,
    cells: Vec<u32>,
    node_starts: Vec<u32>,
    nodes: Vec<u32>,
}

impl OutputIndex {
    /// Bins the cells for which `listed` is true (by their output `boxes`: min rgb then max
    /// rgb) and the `nodes`, with at
    /// most `max_bins` per axis (1: every cell and node in one bin, a full scan).
    pub fn new(
        boxes: &[[f32; 6]],
        listed: impl Fn(usize) -> bool + Copy,
        nodes: &[[f32; 3]],
        max_bins: usize,
    ) -> OutputIndex {
        let mut lo = [f64::INFINITY; 3];
        let mut hi = [f64::NEG_INFINITY; 3];
        for node in nodes {
            for c in 0..3 {
                lo[c] = lo[c].min(f64::from(node[c]));
                hi[c] = hi[c].max(f64::from(node[c]));
            }
        }
        let finite = lo.iter().chain(&hi).all(|v| v.is_finite());
        if !finite {
            lo = [f64::NEG_INFINITY; 3];
            hi = [f64::INFINITY; 3];
        }
        let magnitude = lo.iter().chain(&hi).fold(1.0f64, |m, v| m.max(v.abs()));
        // The inverse's slack is 1e-6 of the largest of 1 and the value's channels; a value
        // that passes a box test has no channel much beyond these bounds, so twice the slack
        // at their magnitude covers it.
        let pad = 2e-6 * magnitude;
        let mut per_axis = max_bins.clamp(1, MAX_BINS);
        loop {
            let index = OutputIndex::with_bins(lo, hi, pad, finite, per_axis);
            let entries: usize = (boxes.iter().enumerate())
                .filter(|&(i, _)| listed(i))
                .map(|(_, b)| index.box_bins(b).2)
                .sum();
            if per_axis == 1 || entries <= boxes.len() + LIST_BUDGET {
                return index.filled(boxes, listed, nodes);
            }
            per_axis /= 2;
        }
    }

    fn with_bins(
        lo: [f64; 3],
        hi: [f64; 3],
        pad: f64,
        finite: bool,
        per_axis: usize,
    ) -> OutputIndex {
        let mut bins = [1usize; 3];
        let mut scale = [0f64; 3];
        for c in 0..3 {
            let span = hi[c] - lo[c];
            if finite && span > 0.0 && per_axis > 1 {
                bins[c] = per_axis;
                scale[c] = per_axis as f64 / span;
            }
        }
        OutputIndex {
            lo,
            scale,
            bins,
            pad,
            hi,
            cell_starts: Vec::new(),
            cells: Vec::new(),
            node_starts: Vec::new(),
            nodes: Vec::new(),
        }
    }

    /// The bin of `v` on `axis`: monotonic in `v`, values beyond the bounds in the edge bins.
    fn bin(&self, axis: usize, v: f64) -> usize {
        let x = (v - self.lo[axis]) * self.scale[axis];
        if x > 0.0 {
            (x as usize).min(self.bins[axis] - 1)
        } else {
            0
        }
    }

    fn flat(&self, at: [usize; 3]) -> usize {
        (at[0] * self.bins[1] + at[1]) * self.bins[2] + at[2]
    }

    /// The first and last bin a cell's widened box touches per axis, and how many bins that is.
    fn box_bins(&self, bx: &[f32; 6]) -> ([usize; 3], [usize; 3], usize) {
        let first: [usize; 3] = std::array::from_fn(|c| self.bin(c, f64::from(bx[c]) - self.pad));
        let last: [usize; 3] =
            std::array::from_fn(|c| self.bin(c, f64::from(bx[c + 3]) + self.pad));
        let count = (0..3).map(|c| last[c] + 1 - first[c]).product();
        (first, last, count)
    }

    fn filled(
        mut self,
        boxes: &[[f32; 6]],
        listed: impl Fn(usize) -> bool,
        nodes: &[[f32; 3]],
    ) -> OutputIndex {
        let total = self.bins.iter().product::<usize>();
        let mut cell_counts = vec![0u32; total + 1];
        for bx in (boxes.iter().enumerate()).filter_map(|(i, b)| listed(i).then_some(b)) {
            let (first, last, _) = self.box_bins(bx);
            self.each_bin(first, last, |i, _| cell_counts[i] += 1);
        }
        let cell_starts = prefix_sums(&cell_counts);
        let mut next = cell_starts.clone();
        let mut cells = vec![0u32; cell_starts[total] as usize];
        for (index, bx) in boxes.iter().enumerate().filter(|&(i, _)| listed(i)) {
            let (first, last, _) = self.box_bins(bx);
            self.each_bin(first, last, |i, _| {
                cells[next[i] as usize] = index as u32;
                next[i] += 1;
            });
        }
        let mut node_counts = vec![0u32; total + 1];
        let node_bins: Vec<usize> = nodes.iter().map(|n| self.bin_of(n)).collect();
        for &i in &node_bins {
            node_counts[i] += 1;
        }
        let node_starts = prefix_sums(&node_counts);
        let mut next = node_starts.clone();
        let mut node_list = vec![0u32; nodes.len()];
        for (index, &i) in node_bins.iter().enumerate() {
            node_list[next[i] as usize] = index as u32;
            next[i] += 1;
        }
        self.cell_starts = cell_starts;
        self.cells = cells;
        self.node_starts = node_starts;
        self.nodes = node_list;
        self
    }

    fn bin_of(&self, v: &[f32; 3]) -> usize {
        self.flat(std::array::from_fn(|c| self.bin(c, f64::from(v[c]))))
    }

    /// Calls `f` with the flat index and the coordinates of every bin from `first` to `last`.
    fn each_bin(&self, first: [usize; 3], last: [usize; 3], mut f: impl FnMut(usize, [usize; 3])) {
        for r in first[0]..=last[0] {
            for g in first[1]..=last[1] {
                for b in first[2]..=last[2] {
                    f(self.flat([r, g, b]), [r, g, b]);
                }
            }
        }
    }

    /// The cells whose output box may hold `target`, in cell order (empty when it lies beyond
    /// every box).
    pub fn cells_near(&self, target: [f64; 3]) -> &[u32] {
        let outside = (0..3)
            .any(|c| !(target[c] >= self.lo[c] - self.pad && target[c] <= self.hi[c] + self.pad));
        if outside {
            return &[];
        }
        let i = self.flat(std::array::from_fn(|c| self.bin(c, target[c])));
        &self.cells[self.cell_starts[i] as usize..self.cell_starts[i + 1] as usize]
    }

    /// The node whose output is nearest `target` (squared distance as `distance2` gives it),
    /// the lowest index among equals; node 0 when no distance is below infinity.
    pub fn nearest_node(&self, target: [f64; 3], distance2: impl Fn(usize) -> f64) -> usize {
        let centre: [usize; 3] = std::array::from_fn(|c| self.bin(c, target[c]));
        let mut best = (f64::INFINITY, 0usize);
        let shells = *self.bins.iter().max().unwrap_or(&1);
        for k in 0..shells {
            if k > 0 && self.beyond(target, centre, k - 1) > best.0 {
                break;
            }
            let first: [usize; 3] = std::array::from_fn(|c| centre[c].saturating_sub(k));
            let last: [usize; 3] = std::array::from_fn(|c| (centre[c] + k).min(self.bins[c] - 1));
            let mut visit = |at: [usize; 3]| {
                let i = self.flat(at);
                let nodes =
                    &self.nodes[self.node_starts[i] as usize..self.node_starts[i + 1] as usize];
                for &node in nodes {
                    let node = node as usize;
                    let d = distance2(node);
                    if d < best.0 || (d == best.0 && node < best.1) {
                        best = (d, node);
                    }
                }
            };
            // The shell's surface only: whole blue rows where red or green is on it, else its
            // two blue ends.
            for r in first[0]..=last[0] {
                for g in first[1]..=last[1] {
                    if r.abs_diff(centre[0]) == k || g.abs_diff(centre[1]) == k {
                        (first[2]..=last[2]).for_each(|b| visit([r, g, b]));
                    } else {
                        if centre[2] >= k {
                            visit([r, g, centre[2] - k]);
                        }
                        if k > 0 && centre[2] + k < self.bins[2] {
                            visit([r, g, centre[2] + k]);
                        }
                    }
                }
            }
        }
        best.1
    }

    /// A lower bound of the squared distance from `target` to any output in a bin more than
    /// `k` bins from `centre` on some axis: past one face of the visited block on that axis,
    /// anywhere within the bounds on the others.
    fn beyond(&self, target: [f64; 3], centre: [usize; 3], k: usize) -> f64 {
        let outside: [f64; 3] = std::array::from_fn(|c| {
            (self.lo[c] - target[c])
                .max(target[c] - self.hi[c])
                .max(0.0)
                .powi(2)
        });
        let all: f64 = outside.iter().sum();
        let mut bound = f64::INFINITY;
        for c in 0..3 {
            let others = all - outside[c];
            let width = 1.0 / self.scale[c];
            if centre[c] > k {
                let face = self.lo[c] + (centre[c] - k) as f64 * width;
                bound = bound.min((target[c] - face).max(0.0).powi(2) + others);
            }
            if centre[c] + k + 1 < self.bins[c] {
                let face = self.lo[c] + (centre[c] + k + 1) as f64 * width;
                bound = bound.min((face - target[c]).max(0.0).powi(2) + others);
            }
        }
        // Rounding margin: a bin's edge is where the bin function's product crosses an integer.
        bound * (1.0 - 1e-9) - 1e-300
    }
}

/// Exclusive prefix sums of `counts` (whose last entry is a spare 0): the starts of each bin's
/// range, and the total at the end.
fn prefix_sums(counts: &[u32]) -> Vec<u32> {
    let mut starts = Vec::with_capacity(counts.len());
    let mut sum = 0u32;
    for &n in counts {
        starts.push(sum);
        sum += n;
    }
    starts
}
