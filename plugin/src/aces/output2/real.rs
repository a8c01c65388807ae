//! The float type the ACES 2.0 math is written over: f32 on the pixel path (as OpenColorIO
//! renders), f64 where the per-preset tables are searched.

use std::ops::{Add, Div, Mul, Neg, Sub};

/// The operations the output transform needs, for f32 and f64.
pub trait Real:
    Copy
    + PartialOrd
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
{
    /// A constant, rounded to this type.
    fn of(v: f64) -> Self;
    fn to_f64(self) -> f64;
    fn powf(self, e: Self) -> Self;
    fn sqrt(self) -> Self;
    fn abs(self) -> Self;
    fn copysign(self, sign: Self) -> Self;
    fn atan2(self, x: Self) -> Self;
    fn cos(self) -> Self;
    fn sin(self) -> Self;
    fn log10(self) -> Self;
    /// `std::max` as C++ writes it: `(a < b) ? b : a` (a NaN `b` gives `a`).
    fn max_of(self, b: Self) -> Self {
        if self < b {
            b
        } else {
            self
        }
    }
    /// `std::min` as C++ writes it: `(b < a) ? b : a` (a NaN `b` gives `a`).
    fn min_of(self, b: Self) -> Self {
        if b < self {
            b
        } else {
            self
        }
    }
}

macro_rules! impl_real {
    ($t:ty) => {
        impl Real for $t {
            #[inline(always)]
            fn of(v: f64) -> Self {
                v as $t
            }
            #[inline(always)]
            fn to_f64(self) -> f64 {
                self as f64
            }
            #[inline(always)]
            fn powf(self, e: Self) -> Self {
                <$t>::powf(self, e)
            }
            #[inline(always)]
            fn sqrt(self) -> Self {
                <$t>::sqrt(self)
            }
            #[inline(always)]
            fn abs(self) -> Self {
                <$t>::abs(self)
            }
            #[inline(always)]
            fn copysign(self, sign: Self) -> Self {
                <$t>::copysign(self, sign)
            }
            #[inline(always)]
            fn atan2(self, x: Self) -> Self {
                <$t>::atan2(self, x)
            }
            #[inline(always)]
            fn cos(self) -> Self {
                <$t>::cos(self)
            }
            #[inline(always)]
            fn sin(self) -> Self {
                <$t>::sin(self)
            }
            #[inline(always)]
            fn log10(self) -> Self {
                <$t>::log10(self)
            }
        }
    };
}

impl_real!(f32);
impl_real!(f64);

/// `(b - a)·t + a`, the order OpenColorIO interpolates in.
#[inline(always)]
pub fn lerp<T: Real>(a: T, b: T, t: T) -> T {
    (b - a) * t + a
}

/// Clamp where NaN becomes `lo`, as OpenColorIO's Range op does.
#[inline(always)]
pub fn clamp<T: Real>(x: T, lo: T, hi: T) -> T {
    lo.max_of(x).min_of(hi)
}

/// A 3×3 matrix of rows, applied to column vectors.
pub type Mat3<T> = [[T; 3]; 3];

/// `m · v`, summed left to right.
#[inline(always)]
pub fn mul_vec<T: Real>(m: &Mat3<T>, v: [T; 3]) -> [T; 3] {
    [
        m[0][0] * v[0] + m[0][1] * v[1] + m[0][2] * v[2],
        m[1][0] * v[0] + m[1][1] * v[1] + m[1][2] * v[2],
        m[2][0] * v[0] + m[2][1] * v[1] + m[2][2] * v[2],
    ]
}

/// An f64 matrix rounded to `T`.
pub fn cast_mat<T: Real>(m: &Mat3<f64>) -> Mat3<T> {
    m.map(|row| row.map(T::of))
}
