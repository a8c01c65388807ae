//! Per-node state: the pipeline built from the parameters (and the AMF they name), cached until a
//! setting changes or the user reloads.

use std::sync::{Arc, Mutex};

use super::params::Settings;
use crate::amf;
use crate::pipeline::{build, BuildOptions, Pipeline};

/// One node's state, shared by every render thread of that node.
#[derive(Default)]
pub struct Instance {
    cache: Mutex<Option<(Settings, Arc<Pipeline>)>>,
}

impl Instance {
    /// The pipeline for these settings: the cached one if they did not change (no file is read
    /// then), else a new one. Render threads wait for one build rather than each building.
    pub fn pipeline_for(&self, settings: &Settings) -> Result<Arc<Pipeline>, String> {
        let mut cache = self
            .cache
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((key, pipeline)) = cache.as_ref() {
            if key == settings {
                return Ok(Arc::clone(pipeline));
            }
        }
        // A failed build keeps the last good pipeline cached for the settings it was built with.
        let pipeline = Arc::new(build_pipeline(settings)?);
        *cache = Some((settings.clone(), Arc::clone(&pipeline)));
        Ok(pipeline)
    }

    pub fn purge(&self) {
        *self
            .cache
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = None;
    }
}

/// The AMF's pipeline with the trim grade after its looks, or the trim grade alone.
fn build_pipeline(settings: &Settings) -> Result<Pipeline, String> {
    settings
        .trim
        .validate()
        .map_err(|e| format!("trim grade: {e}"))?;
    let trim = Pipeline::cdl_in_acescct(&settings.trim);
    let Some(path) = &settings.amf else {
        return if settings.options.inverse {
            trim.inverse().map_err(|e| format!("trim grade: {e}"))
        } else {
            Ok(trim)
        };
    };
    let document = amf::read_file(path).map_err(|e| e.to_string())?;
    let options = BuildOptions {
        trim: trim.ops().to_vec(),
        ..settings.options.clone()
    };
    build(&document.amf, path, &options)
        .map(|built| built.pipeline)
        .map_err(|e| format!("{}: {e}", path.display()))
}
