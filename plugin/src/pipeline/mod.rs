//! A pipeline: the ops of a whole chain, built once and shared by every render that needs it.

pub mod bake;
mod build;
pub mod export;
mod from_clf;
mod fused;
mod optimise;

pub use bake::{BakeError, BakedPipeline, InputDomain};
pub use build::{build, BuildError, BuildOptions, Built, Outcome, StageReport};

use optimise::optimise;

use crate::aces;
use crate::ops::{Cdl, Op, OpError};

/// An ordered list of ops, optimised at build time, and how they run over a block of pixels.
#[derive(Default)]
pub struct Pipeline {
    ops: Vec<Op>,
    /// The block path (`fused.rs`), planned once from `ops`.
    steps: Vec<fused::Step>,
}

impl Clone for Pipeline {
    fn clone(&self) -> Pipeline {
        Pipeline::planned(self.ops.clone())
    }
}

/// Two pipelines are equal when their ops are (the block path follows from them).
impl PartialEq for Pipeline {
    fn eq(&self, other: &Pipeline) -> bool {
        self.ops == other.ops
    }
}

impl std::fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pipeline").field("ops", &self.ops).finish()
    }
}

impl Pipeline {
    /// A pipeline of these ops, optimised: no-ops dropped, neighbours fused or cancelled
    /// (see `optimise.rs`).
    pub fn new(ops: Vec<Op>) -> Pipeline {
        Pipeline::planned(optimise(ops))
    }

    /// These ops as they are, with their block path planned.
    pub(crate) fn planned(ops: Vec<Op>) -> Pipeline {
        Pipeline {
            steps: fused::plan(&ops),
            ops,
        }
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

    /// The block path's steps by name: an op's kind, or `Fused(kind+kind+…)` for a run of ops
    /// fused into one pass of registers.
    pub fn block_steps(&self) -> Vec<String> {
        self.steps
            .iter()
            .map(|step| match step {
                fused::Step::Op(i) => self.ops[*i].kind().to_string(),
                #[cfg(target_arch = "x86_64")]
                fused::Step::Fused(run) => format!("Fused({})", run.kinds().join("+")),
            })
            .collect()
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
        for step in &self.steps {
            match step {
                fused::Step::Op(i) => self.ops[*i].apply(r, g, b),
                #[cfg(target_arch = "x86_64")]
                fused::Step::Fused(run) => run.apply(r, g, b),
            }
        }
    }

    /// [`Self::apply`] one op at a time, without fused runs: the reference the fused block
    /// path is tested against.
    pub fn apply_unfused(&self, r: &mut [f32], g: &mut [f32], b: &mut [f32]) {
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
        Ok(Pipeline::planned(ops))
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
