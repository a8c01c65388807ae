//! Common LUT Format (CLF v3, SMPTE ST 2136-1): the document model, a streaming reader and a
//! writer. The reader turns every node into a normalized (32f in, 32f out) [`Op`]; the writer
//! writes any list of ops as CLF.
//!
//! Knows nothing of pixels: evaluation is the ops' business.

mod error;
mod read;
mod write;

pub use error::{ClfError, ClfErrorKind};
pub use read::{read_file, read_str, MAX_FILE_BYTES};
pub use write::{write, WriteError};

use crate::ops::{Op, OpError};

/// A CLF `ProcessList`: metadata and the nodes, in order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProcessList {
    /// `id` attribute, or the SMPTE `Id` element.
    pub id: Option<String>,
    pub name: Option<String>,
    pub inverse_of: Option<String>,
    pub comp_clf_version: Option<String>,
    pub descriptions: Vec<String>,
    pub input_descriptors: Vec<String>,
    pub output_descriptors: Vec<String>,
    pub nodes: Vec<Node>,
    /// Things a reader may pass over but should mention (unknown attributes, unknown elements
    /// inside nodes), each with its line.
    pub warnings: Vec<String>,
}

/// One ProcessNode: its op (already normalized to 32f in and out) and its labels.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub id: Option<String>,
    pub name: Option<String>,
    pub descriptions: Vec<String>,
    pub op: Op,
}

impl ProcessList {
    /// A process list of these ops, with no labels.
    pub fn from_ops(id: impl Into<String>, ops: Vec<Op>) -> ProcessList {
        ProcessList {
            id: Some(id.into()),
            comp_clf_version: Some("3.0".into()),
            nodes: ops
                .into_iter()
                .map(|op| Node {
                    id: None,
                    name: None,
                    descriptions: Vec::new(),
                    op,
                })
                .collect(),
            ..ProcessList::default()
        }
    }

    /// The ops, in processing order.
    pub fn ops(&self) -> Vec<Op> {
        self.nodes.iter().map(|n| n.op.clone()).collect()
    }

    /// The ops of the inverse transform: each node inverted, in reverse order.
    pub fn inverse_ops(&self) -> Result<Vec<Op>, OpError> {
        self.nodes.iter().rev().map(|n| n.op.inverse()).collect()
    }
}
