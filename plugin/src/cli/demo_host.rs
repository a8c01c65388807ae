//! Drives the plugin binary through the OFX host of `tests/ofx-host`, the way Nuke or Resolve
//! would, so the demo shows what the plugin itself renders.

use std::path::Path;

use ofx_host::ParamValue;

use super::chart::Chart;
use crate::effect::params;

/// Renders the chart through the plugin at `bundle` with the AMF set on its parameter, the
/// looks on or off.
pub fn render(bundle: &Path, chart: &Chart, amf: &Path, looks: bool) -> Result<Vec<f32>, String> {
    let values = [
        (
            params::AMF_FILE,
            ParamValue::from(amf.to_string_lossy().into_owned()),
        ),
        (params::APPLY_LOOKS, ParamValue::from(looks)),
        // The demo checks the exact path against the scalar reference.
        (params::QUALITY, ParamValue::from(0)),
    ];
    ofx_host::render_rgba_f32(bundle, chart.width, chart.height, &chart.rgba, &values)
        .map_err(|e| format!("rendering through {}: {e}", bundle.display()))
}
