//! The RRT and then an ODT that starts from OCES (an SDR ODT, or a 1.0.x HDR ODT) as one stage:
//! an AMF names them as two transforms, a viewer always runs both. The scalar path is exactly
//! the two stages one after the other; the register path leaves out what the pair undoes (the
//! RRT's last matrix, AP1→AP0, against the ODT's first, AP0→AP1; the RRT tone scale's 10^y
//! against the ODT's log10), so it differs from the two stages by rounding only.

use super::hdr_odt::HdrOdt;
use super::odt::Odt;
use super::rrt::Rrt;
use super::spline::{SplineChain, ToneStage};
#[cfg(target_arch = "x86_64")]
use {
    super::registers::RegStage, super::rrt::RrtK, super::spline::Spline, crate::simd::reg::Reg,
    crate::simd::reg_math::MathK,
};

/// An ODT whose steps before its tone scale are AP0→AP1 alone, so that it can take the RRT's
/// tone-mapped AP1 as it is.
pub trait OcesStage: ToneStage {}

impl OcesStage for Odt {}
impl OcesStage for HdrOdt {}

/// The RRT, then `odt`.
#[derive(Clone, Debug, PartialEq)]
pub struct RrtThen<S> {
    pub rrt: Rrt,
    pub odt: S,
    /// The two tone scales, composed.
    chain: SplineChain,
}

impl<S: OcesStage> RrtThen<S> {
    pub(super) fn new(rrt: Rrt, odt: S) -> RrtThen<S> {
        let chain = SplineChain {
            first: *rrt.tone(),
            second: *odt.tone(),
        };
        RrtThen { rrt, odt, chain }
    }

    /// ACES2065-1 to the ODT's display-linear output.
    pub(super) fn forward(&self, aces: [f32; 3]) -> [f32; 3] {
        self.odt.forward_stage(self.rrt.forward_stage(aces))
    }
}

/// The RRT's steps before its tone scale, both tone scales per channel, then the ODT's steps
/// after its own (see the module's notes).
#[cfg(target_arch = "x86_64")]
impl<S: OcesStage + RegStage<Tone = Spline>> RegStage for RrtThen<S> {
    type K = (RrtK, S::K);
    type Tone = SplineChain;

    fn reg_constants(&self) -> (RrtK, S::K) {
        (self.rrt.register_constants(), self.odt.reg_constants())
    }

    fn register_tone(&self) -> &SplineChain {
        &self.chain
    }

    const HAS_FIRST: bool = true;

    #[inline(always)]
    unsafe fn first_reg<V: Reg>(&self, rgb: [V; 3]) -> [V; 3] {
        self.rrt.glow_reg(rgb)
    }

    #[inline(always)]
    unsafe fn before_reg<V: Reg>(&self, k: &Self::K, m: &MathK, aces: [V; 3]) -> [V; 3] {
        self.rrt.sweeten_reg(&k.0, m, aces)
    }

    #[inline(always)]
    unsafe fn after_reg<V: Reg>(&self, k: &Self::K, m: &MathK, y: [V; 3]) -> [V; 3] {
        self.odt.after_reg(&k.1, m, y)
    }
}
