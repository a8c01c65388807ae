//! amfx: the ACES pipeline of an ACES Metadata File, as an OpenFX plugin and a command-line tool.
//!
//! Layers (see DESIGN.md): [`ops`] (the math), [`aces`] (built-in transforms as ops),
//! [`pipeline`] (a chain built once), [`kernel`] (pixels), [`effect`] (the OFX plugin), [`cli`].

pub mod aces;
pub mod amf;
pub mod clf;
#[cfg(feature = "cli")]
pub mod cli;
pub mod effect;
#[doc(hidden)]
pub mod fuzzing;
pub mod kernel;
pub mod ops;
pub mod pipeline;
pub mod simd;

ofx_bindings::export_plugins!(effect::AcesAmf);
