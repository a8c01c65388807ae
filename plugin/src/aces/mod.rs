//! Built-in ACES transforms as ops: colour spaces and their encodings (more with the ACES library).

mod acescct;
mod acesproxy;
mod adx;
mod camera_curves;
mod cameras;
mod gamut_compress;
pub mod output1;
pub mod output2;
mod primaries;
pub mod registry;
mod tonescale_match;

pub use acescct::{aces_to_acescct, acescct_curve, acescct_to_aces};
pub use acesproxy::{aces_to_acesproxy, acesproxy_to_aces, ProxyDepth};
pub use adx::{adx_to_aces, AdxDepth};
pub use camera_curves::{CameraCurve, CurveShape};
pub use cameras::{aces_to_camera, camera_to_aces, Camera, CAMERAS};
pub use gamut_compress::{reference_gamut_compress, GamutCompress};
pub use primaries::{
    bradford, rgb_to_rgb, rgb_to_rgb_adapted, rgb_to_rgb_with, rgb_to_xyz, Cat, Chromaticities,
    AP0, AP1, D65, REC709,
};
pub use tonescale_match::v1_sdr_tonescale_match;
