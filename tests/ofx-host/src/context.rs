//! Image effect contexts.

use std::fmt;

use ofx_bindings::raw;

use crate::names::name;

/// An OFX image effect context.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Context {
    Generator,
    Filter,
    Transition,
    Paint,
    General,
    Retimer,
}

impl Context {
    pub const ALL: [Context; 6] = [
        Context::Generator,
        Context::Filter,
        Context::Transition,
        Context::Paint,
        Context::General,
        Context::Retimer,
    ];

    /// The `kOfxImageEffectContext*` name.
    pub fn ofx_name(self) -> &'static str {
        name(match self {
            Context::Generator => raw::kOfxImageEffectContextGenerator,
            Context::Filter => raw::kOfxImageEffectContextFilter,
            Context::Transition => raw::kOfxImageEffectContextTransition,
            Context::Paint => raw::kOfxImageEffectContextPaint,
            Context::General => raw::kOfxImageEffectContextGeneral,
            Context::Retimer => raw::kOfxImageEffectContextRetimer,
        })
    }

    pub fn from_ofx(text: &str) -> Option<Context> {
        Context::ALL.into_iter().find(|c| c.ofx_name() == text)
    }
}

impl fmt::Display for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.ofx_name())
    }
}
