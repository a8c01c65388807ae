//! Built-in ACES transforms as ops: colour spaces and their encodings (more with the ACES library).

mod acescct;
mod primaries;
pub mod registry;

pub use acescct::{aces_to_acescct, acescct_curve, acescct_to_aces};
pub use primaries::{
    bradford, rgb_to_rgb, rgb_to_rgb_adapted, rgb_to_xyz, Chromaticities, AP0, AP1, REC709,
};
