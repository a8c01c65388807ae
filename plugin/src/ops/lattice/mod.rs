//! A lattice of RGB nodes and its tetrahedral interpolation: the portable reference, which the
//! accelerated path (`avx2.rs`) matches to the bit. Fast mode's baked LUT and the tetrahedral
//! CLF LUT3D both run on it.

#[cfg(target_arch = "x86_64")]
pub(crate) mod avx2;

/// N³ nodes over shaper positions, red slowest and blue fastest (as in CLF), each node's RGB
/// padded to four floats so that a node never straddles two cache lines.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Lattice {
    size: usize,
    nodes: Vec<f32>,
}

/// Node outputs beyond this are held here, so that differences of neighbours stay finite.
pub(crate) const NODE_LIMIT: f32 = 1e30;

/// NaN as 0, anything beyond ±[`NODE_LIMIT`] (±inf too) held there.
pub(crate) fn finite(v: f32) -> f32 {
    if v.is_nan() {
        0.0
    } else {
        v.clamp(-NODE_LIMIT, NODE_LIMIT)
    }
}

impl Lattice {
    /// `rgb` holds N³ triplets in lattice order; NaN nodes become 0 and ±inf (or anything
    /// beyond ±[`NODE_LIMIT`]) is held at ±[`NODE_LIMIT`].
    pub fn new(size: usize, rgb: &[[f32; 3]]) -> Lattice {
        let nodes = rgb
            .iter()
            .flat_map(|px| {
                let [r, g, b] = px.map(finite);
                [r, g, b, 0.0]
            })
            .collect();
        Lattice { size, nodes }
    }

    pub fn size(&self) -> usize {
        self.size
    }

    /// Node storage: 4 floats per node.
    pub fn nodes(&self) -> &[f32] {
        &self.nodes
    }

    /// Distance in floats between neighbouring nodes along red, green and blue.
    pub fn strides(&self) -> [usize; 3] {
        let n = self.size;
        [4 * n * n, 4 * n, 4]
    }

    #[cfg(test)]
    pub fn node(&self, r: usize, g: usize, b: usize) -> [f32; 3] {
        let i = ((r * self.size + g) * self.size + b) * 4;
        [self.nodes[i], self.nodes[i + 1], self.nodes[i + 2]]
    }

    /// Tetrahedral interpolation at positions `p` (in node units, each in [0, N − 1]).
    ///
    /// The cell is split along its black–white diagonal into six tetrahedra; the one holding
    /// the point is found by ordering the three fractions, and walked from the black corner
    /// (v0) towards white (v3) along the axes in decreasing order of their fractions.
    #[inline(always)]
    pub fn interpolate(&self, p: [f32; 3]) -> [f32; 3] {
        let top = (self.size - 2) as f32;
        let stride = self.strides();
        // Positions are ≥ 0, so truncation is floor.
        let base = p.map(|v| {
            let b = v as i32 as f32;
            if b < top {
                b
            } else {
                top
            }
        });
        let [fr, fg, fb] = [p[0] - base[0], p[1] - base[1], p[2] - base[2]];
        let origin = base[0] as usize * stride[0]
            + base[1] as usize * stride[1]
            + base[2] as usize * stride[2];
        // The axis with the largest fraction is walked first, the smallest last.
        let first = if fr >= fg && fr >= fb {
            stride[0]
        } else if fg >= fb {
            stride[1]
        } else {
            stride[2]
        };
        let last = if fb <= fr && fb <= fg {
            stride[2]
        } else if fg <= fr {
            stride[1]
        } else {
            stride[0]
        };
        let all = stride[0] + stride[1] + stride[2];
        let (f1, f3) = (fr.max(fg).max(fb), fr.min(fg).min(fb));
        let f2 = fr.min(fg).max(fr.max(fg).min(fb));
        let corner = |offset: usize| -> [f32; 3] {
            let i = origin + offset;
            [self.nodes[i], self.nodes[i + 1], self.nodes[i + 2]]
        };
        let (v0, v1, v2, v3) = (corner(0), corner(first), corner(all - last), corner(all));
        std::array::from_fn(|c| {
            v0[c] + f1 * (v1[c] - v0[c]) + f2 * (v2[c] - v1[c]) + f3 * (v3[c] - v2[c])
        })
    }

    /// Trilinear interpolation at positions `p` (in node units, each in [0, N − 1]): blue
    /// first, then green, then red, each step one fused multiply-add, as `Lut3d::eval` does it.
    #[inline(always)]
    pub fn interpolate_trilinear(&self, p: [f32; 3]) -> [f32; 3] {
        let top = (self.size - 2) as f32;
        let stride = self.strides();
        let base = p.map(|v| (v as i32 as f32).min(top));
        let [fr, fg, fb] = [p[0] - base[0], p[1] - base[1], p[2] - base[2]];
        let origin = base[0] as usize * stride[0]
            + base[1] as usize * stride[1]
            + base[2] as usize * stride[2];
        let corner = |offset: usize| -> [f32; 3] {
            let i = origin + offset;
            [self.nodes[i], self.nodes[i + 1], self.nodes[i + 2]]
        };
        let lerp = |a: [f32; 3], b: [f32; 3], t: f32| -> [f32; 3] {
            [
                t.mul_add(b[0] - a[0], a[0]),
                t.mul_add(b[1] - a[1], a[1]),
                t.mul_add(b[2] - a[2], a[2]),
            ]
        };
        let [sr, sg, sb] = stride;
        let along_blue = |offset: usize| lerp(corner(offset), corner(offset + sb), fb);
        let low_red = lerp(along_blue(0), along_blue(sg), fg);
        let high_red = lerp(along_blue(sr), along_blue(sr + sg), fg);
        lerp(low_red, high_red, fr)
    }

    /// Planar interpolation, position by position (the portable path).
    #[inline(always)]
    pub fn interpolate_planar(
        &self,
        [pr, pg, pb]: [&[f32]; 3],
        r: &mut [f32],
        g: &mut [f32],
        b: &mut [f32],
    ) {
        for i in 0..r
            .len()
            .min(g.len())
            .min(b.len())
            .min(pr.len())
            .min(pg.len())
            .min(pb.len())
        {
            [r[i], g[i], b[i]] = self.interpolate([pr[i], pg[i], pb[i]]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lattice(size: usize, f: impl Fn([f32; 3]) -> [f32; 3]) -> Lattice {
        let mut rgb = Vec::new();
        for r in 0..size {
            for g in 0..size {
                for b in 0..size {
                    rgb.push(f([r as f32, g as f32, b as f32]));
                }
            }
        }
        Lattice::new(size, &rgb)
    }

    #[test]
    fn an_affine_map_is_reproduced_everywhere() {
        let affine = |[r, g, b]: [f32; 3]| {
            [
                0.5 * r + 0.1 * g + 1.0,
                0.2 * r + 0.3 * b,
                0.9 * b - 0.05 * g,
            ]
        };
        let lut = lattice(5, affine);
        for p in [
            [0.3f32, 2.6, 3.9],
            [0.0, 4.0, 1.5],
            [3.77, 1.12, 0.05],
            [4.0, 4.0, 4.0],
            [2.0, 2.0, 2.0],
        ] {
            let (got, want) = (lut.interpolate(p), affine(p));
            for c in 0..3 {
                assert!(
                    (got[c] - want[c]).abs() < 1e-5,
                    "{p:?}: {got:?} vs {want:?}"
                );
            }
        }
    }

    #[test]
    fn each_of_the_six_tetrahedra_is_the_right_one() {
        // On one cell of products the tetrahedral result is known in closed form: along the
        // walk r→g→b (fr ≥ fg ≥ fb) the node value r·g·b is 0 until the white corner, so the
        // result is fb (the smallest fraction); for r·g, it is the middle one.
        let lut = lattice(2, |[r, g, b]| [r * g * b, r * g, g * b]);
        for p in [
            [0.7f32, 0.5, 0.2],
            [0.7, 0.2, 0.5],
            [0.5, 0.2, 0.7],
            [0.2, 0.5, 0.7],
            [0.2, 0.7, 0.5],
            [0.5, 0.7, 0.2],
        ] {
            let mut sorted = p;
            sorted.sort_by(f32::total_cmp);
            let got = lut.interpolate(p);
            assert!((got[0] - sorted[0]).abs() < 1e-6, "{p:?}: {got:?}");
            assert!((got[1] - p[0].min(p[1])).abs() < 1e-6, "{p:?}: {got:?}");
            assert!((got[2] - p[1].min(p[2])).abs() < 1e-6, "{p:?}: {got:?}");
        }
    }

    #[test]
    fn non_finite_nodes_are_made_finite() {
        let lut = Lattice::new(2, &[[f32::NAN, f32::INFINITY, f32::NEG_INFINITY]; 8]);
        assert_eq!(lut.node(1, 1, 1), [0.0, NODE_LIMIT, -NODE_LIMIT]);
        assert!(lut
            .interpolate([0.5, 0.5, 0.5])
            .iter()
            .all(|v| v.is_finite()));
    }
}
