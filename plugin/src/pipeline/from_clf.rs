//! A pipeline from a CLF process list, forward or inverse.

use super::Pipeline;
use crate::clf::ProcessList;
use crate::ops::OpError;

impl Pipeline {
    /// The file's ops (or their inverses, in reverse order), optimised like any pipeline.
    pub fn from_clf(list: &ProcessList, inverse: bool) -> Result<Pipeline, OpError> {
        let ops = if inverse {
            list.inverse_ops()?
        } else {
            list.ops()
        };
        Ok(Pipeline::new(ops))
    }
}
