//! A pipeline: the ops of a whole chain, built once and shared by every render that needs it.

pub mod bake;
mod build;
pub mod export;
mod from_clf;
mod optimise;

pub use bake::{BakeError, BakedPipeline, InputDomain};
pub use build::{build, BuildError, BuildOptions, Built, Outcome, StageReport};

use optimise::optimise;

use crate::aces;
use crate::ops::{Cdl, Op, OpError};

/// An ordered list of ops, optimised at build time.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pipeline {
    ops: Vec<Op>,
}

impl Pipeline {
    /// A pipeline of these ops, optimised: no-ops dropped, neighbours fused or cancelled
    /// (see `optimise.rs`).
    pub fn new(ops: Vec<Op>) -> Pipeline {
        Pipeline { ops: optimise(ops) }
    }

    /// An ASC CDL graded in ACEScct on ACES2065-1 pixels: AP0 → ACEScct → CDL → AP0.
    pub fn cdl_in_acescct(cdl: &Cdl) -> Pipeline {
        if cdl.is_identity() {
            return Pipeline::default();
        }
        let mut ops = aces::aces_to_acescct();
        ops.push(Op::Cdl(cdl.clone()));
        ops.extend(aces::acescct_to_aces());
        Pipeline::new(ops)
    }

    pub fn ops(&self) -> &[Op] {
        &self.ops
    }

    pub fn is_identity(&self) -> bool {
        self.ops.is_empty()
    }

    /// The scalar reference: one pixel through every op.
    pub fn eval_rgb(&self, rgb: [f32; 3]) -> [f32; 3] {
        self.ops.iter().fold(rgb, |px, op| op.eval(px))
    }

    /// Every op over planar channels (the kernel's block path).
    pub fn apply(&self, r: &mut [f32], g: &mut [f32], b: &mut [f32]) {
        for op in &self.ops {
            op.apply(r, g, b);
        }
    }

    pub fn inverse(&self) -> Result<Pipeline, OpError> {
        let ops = self
            .ops
            .iter()
            .rev()
            .map(Op::inverse)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Pipeline { ops })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::Matrix;

    #[test]
    fn an_identity_cdl_builds_an_empty_pipeline() {
        assert!(Pipeline::cdl_in_acescct(&Cdl::default()).is_identity());
    }

    #[test]
    fn a_matrix_and_its_inverse_cancel() {
        let m = Matrix::from_rows([[2.0, 0.0, 0.0], [0.0, 4.0, 0.0], [0.0, 0.0, 0.5]]);
        let p = Pipeline::new(vec![
            Op::Matrix(m.clone()),
            Op::Matrix(m.inverse().unwrap()),
        ]);
        assert!(p.is_identity());
    }

    #[test]
    fn the_inverse_pipeline_round_trips() {
        let cdl = Cdl {
            slope: [1.1, 0.9, 1.0],
            offset: [0.01, 0.0, -0.01],
            power: [1.1, 1.0, 0.9],
            saturation: 1.2,
            ..Cdl::default()
        };
        let p = Pipeline::cdl_in_acescct(&cdl);
        let inv = p.inverse().unwrap();
        for rgb in [[0.18f32, 0.18, 0.18], [0.5, 0.2, 0.05], [4.0, 2.0, 1.0]] {
            let back = inv.eval_rgb(p.eval_rgb(rgb));
            for i in 0..3 {
                assert!(
                    (back[i] - rgb[i]).abs() < 2e-5 * rgb[i].abs().max(1.0),
                    "{rgb:?} -> {back:?}"
                );
            }
        }
    }
}
