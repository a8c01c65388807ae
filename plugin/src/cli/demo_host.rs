//! Drives the plugin binary through the OFX host of `tests/ofx-host`, the way Nuke or Resolve
//! would, so the demo shows what the plugin itself renders.

use std::path::Path;

use ofx_host::ParamValue;

use super::chart::Chart;
use crate::effect::params;
use crate::ops::{Cdl, CdlStyle};

/// Renders the chart through the plugin at `bundle` with the look set on its parameters.
pub fn render(bundle: &Path, chart: &Chart, look: &Cdl) -> Result<Vec<f32>, String> {
    let style = match look.style {
        CdlStyle::NoClamp => 0,
        CdlStyle::Clamp => 1,
    };
    let values = [
        (params::SLOPE, ParamValue::from(look.slope)),
        (params::OFFSET, ParamValue::from(look.offset)),
        (params::POWER, ParamValue::from(look.power)),
        (params::SATURATION, ParamValue::from(look.saturation)),
        (params::STYLE, ParamValue::from(style)),
    ];
    ofx_host::render_rgba_f32(bundle, chart.width, chart.height, &chart.rgba, &values)
        .map_err(|e| format!("rendering through {}: {e}", bundle.display()))
}
