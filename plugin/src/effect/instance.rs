//! Per-node state: the pipeline built from the parameters, cached until they change.

use std::sync::{Arc, Mutex};

use crate::ops::Cdl;
use crate::pipeline::Pipeline;

/// One node's state, shared by every render thread of that node.
#[derive(Default)]
pub struct Instance {
    cache: Mutex<Option<(Cdl, Arc<Pipeline>)>>,
}

impl Instance {
    /// The pipeline for these settings: the cached one if they did not change, else a new one.
    /// Renders only hold the lock for the comparison, never while pixels are processed.
    pub fn pipeline_for(&self, cdl: &Cdl) -> Arc<Pipeline> {
        let mut cache = self
            .cache
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((key, pipeline)) = cache.as_ref() {
            if key == cdl {
                return Arc::clone(pipeline);
            }
        }
        let pipeline = Arc::new(Pipeline::cdl_in_acescct(cdl));
        *cache = Some((cdl.clone(), Arc::clone(&pipeline)));
        pipeline
    }

    pub fn purge(&self) {
        *self
            .cache
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = None;
    }
}
