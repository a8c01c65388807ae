//! Drives the plugin binary through the OFX test host for `amfx demo`.

use std::path::Path;

use super::chart::Chart;
use crate::ops::Cdl;

/// Renders the chart through the plugin at `bundle` with the look's parameters.
pub fn render(bundle: &Path, _chart: &Chart, _look: &Cdl) -> Result<Vec<f32>, String> {
    Err(format!(
        "rendering through {} is not wired yet",
        bundle.display()
    ))
}
