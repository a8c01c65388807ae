//! The op vocabulary: every transform amfx applies is a list of these.
//!
//! Each op has a scalar reference evaluation (`eval`, the truth the fast paths must match), a
//! planar evaluation over a block of pixels (`apply`, what the kernel runs) and an inverse.
//! Ops know nothing of files or pixels formats.

mod cdl;
mod log;
pub(crate) mod matrix;

pub use cdl::{Cdl, CdlStyle};
pub use log::CameraLog;
pub use matrix::Matrix;

/// One step of a pipeline, on RGB triplets.
#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    Matrix(Matrix),
    /// Linear to log with a linear toe (CLF `cameraLinToLog`).
    LinToLog(CameraLog),
    /// Log to linear (CLF `cameraLogToLin`).
    LogToLin(CameraLog),
    Cdl(Cdl),
}

impl Op {
    /// Scalar reference evaluation of one pixel.
    pub fn eval(&self, rgb: [f32; 3]) -> [f32; 3] {
        match self {
            Op::Matrix(m) => m.eval(rgb),
            Op::LinToLog(l) => rgb.map(|v| l.lin_to_log(v)),
            Op::LogToLin(l) => rgb.map(|v| l.log_to_lin(v)),
            Op::Cdl(c) => c.eval(rgb),
        }
    }

    /// Applies the op to planar channels of equal length.
    pub fn apply(&self, r: &mut [f32], g: &mut [f32], b: &mut [f32]) {
        match self {
            Op::Matrix(m) => m.apply(r, g, b),
            Op::LinToLog(l) => [r, g, b]
                .into_iter()
                .flatten()
                .for_each(|v| *v = l.lin_to_log(*v)),
            Op::LogToLin(l) => [r, g, b]
                .into_iter()
                .flatten()
                .for_each(|v| *v = l.log_to_lin(*v)),
            Op::Cdl(c) => {
                for ((r, g), b) in r.iter_mut().zip(g.iter_mut()).zip(b.iter_mut()) {
                    [*r, *g, *b] = c.eval([*r, *g, *b]);
                }
            }
        }
    }

    pub fn inverse(&self) -> Result<Op, OpError> {
        Ok(match self {
            Op::Matrix(m) => Op::Matrix(m.inverse()?),
            Op::LinToLog(l) => Op::LogToLin(l.clone()),
            Op::LogToLin(l) => Op::LinToLog(l.clone()),
            Op::Cdl(c) => Op::Cdl(c.inverse()?),
        })
    }

    /// True when the op leaves every pixel as it is.
    pub fn is_identity(&self) -> bool {
        match self {
            Op::Matrix(m) => m.is_identity(),
            Op::Cdl(c) => c.is_identity(),
            Op::LinToLog(_) | Op::LogToLin(_) => false,
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum OpError {
    #[error("the matrix cannot be inverted (determinant {0:e})")]
    SingularMatrix(f64),
    #[error("the CDL cannot be inverted: {0}")]
    CdlNotInvertible(&'static str),
    #[error("invalid CDL: {0}")]
    InvalidCdl(String),
}
