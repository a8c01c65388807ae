//! CLF LUT1D: one curve for all channels or one per channel, sampled either evenly over [0, 1]
//! or at every half-float value (`halfDomain`), with linear interpolation, and its exact inverse.
//!
//! Inverse: the forward LUT is a piecewise-linear curve; its inverse is found by searching the
//! table (made monotonic first: a value that goes against the overall direction is held at the
//! previous one, as OpenColorIO does) and interpolating the domain between the two entries that
//! bracket the value. Values beyond the table's range map to the ends of the domain; where the
//! table starts or ends flat, to the end of that flat run nearest the rest of the curve (so a
//! half-domain LUT whose negative half is one constant inverts values below it to -0).

use half::f16;

use super::OpError;

/// Sanity cap on entries (2^20): far above any real LUT, small enough to never exhaust memory.
pub const MAX_LUT1D_ENTRIES: usize = 1 << 20;
/// A half-domain LUT has one entry per 16-bit pattern.
pub const HALF_DOMAIN_ENTRIES: usize = 65536;

#[derive(Clone, Debug)]
pub struct Lut1d {
    /// Entries per channel.
    size: usize,
    /// 1 (the same curve for R, G and B) or 3 (row-major: R, G, B per entry).
    components: usize,
    values: Vec<f32>,
    half_domain: bool,
    /// Evaluates the inverse curve.
    inverse: bool,
    /// Per channel, the prepared (domain, monotonic table) pairs of the inverse.
    inverse_tables: Option<Box<[InverseTable; 3]>>,
}

/// Two LUTs are equal when they hold the same table the same way (the prepared inverse follows).
impl PartialEq for Lut1d {
    fn eq(&self, other: &Lut1d) -> bool {
        self.size == other.size
            && self.components == other.components
            && self.half_domain == other.half_domain
            && self.inverse == other.inverse
            && self.values.len() == other.values.len()
            && self
                .values
                .iter()
                .zip(&other.values)
                .all(|(a, b)| a.to_bits() == b.to_bits())
    }
}

impl Lut1d {
    /// A LUT of `values.len() / components` entries (normalized output values).
    pub fn new(values: Vec<f32>, components: usize, half_domain: bool) -> Result<Lut1d, OpError> {
        let bad = |why: String| Err(OpError::InvalidLut(why));
        if components != 1 && components != 3 {
            return bad(format!("a LUT1D has 1 or 3 channels, not {components}"));
        }
        if !values.len().is_multiple_of(components) {
            return bad(format!(
                "{} values do not fill rows of {components}",
                values.len()
            ));
        }
        let size = values.len() / components;
        if !(2..=MAX_LUT1D_ENTRIES).contains(&size) {
            return bad(format!(
                "a LUT1D needs 2 to {MAX_LUT1D_ENTRIES} entries, not {size}"
            ));
        }
        if half_domain && size != HALF_DOMAIN_ENTRIES {
            return bad(format!(
                "a halfDomain LUT1D needs exactly {HALF_DOMAIN_ENTRIES} entries, not {size}"
            ));
        }
        Ok(Lut1d {
            size,
            components,
            values,
            half_domain,
            inverse: false,
            inverse_tables: None,
        })
    }

    pub fn size(&self) -> usize {
        self.size
    }

    pub fn components(&self) -> usize {
        self.components
    }

    /// The table, row-major (`components` values per entry).
    pub fn values(&self) -> &[f32] {
        &self.values
    }

    pub fn half_domain(&self) -> bool {
        self.half_domain
    }

    pub fn is_inverse(&self) -> bool {
        self.inverse
    }

    fn entry(&self, index: usize, channel: usize) -> f32 {
        let column = if self.components == 1 { 0 } else { channel };
        self.values[index * self.components + column]
    }

    pub fn eval(&self, rgb: [f32; 3]) -> [f32; 3] {
        std::array::from_fn(|c| self.eval_channel(c, rgb[c]))
    }

    fn eval_channel(&self, channel: usize, x: f32) -> f32 {
        if let Some(tables) = &self.inverse_tables {
            return tables[channel].eval(x);
        }
        if self.half_domain {
            return self.eval_half_domain(channel, x);
        }
        let last = (self.size - 1) as f32;
        // NaN lands on the first entry (max/min ignore NaN), as in OpenColorIO.
        let pos = (x * last).max(0.0).min(last);
        let i0 = (pos as usize).min(self.size - 2);
        let frac = pos - i0 as f32;
        let (a, b) = (self.entry(i0, channel), self.entry(i0 + 1, channel));
        frac.mul_add(b - a, a)
    }

    /// The entry at the input's half-float pattern, interpolated towards the neighbouring half
    /// value for inputs between two halves; beyond ±65504 the end entries hold.
    fn eval_half_domain(&self, channel: usize, x: f32) -> f32 {
        if x.is_nan() {
            return self.entry(f16::NAN.to_bits() as usize, channel);
        }
        let x = x.clamp(-65504.0, 65504.0);
        let h0 = f16::from_f32(x);
        let f0 = h0.to_f32();
        let b0 = h0.to_bits();
        let v0 = self.entry(b0 as usize, channel);
        if f0 == x {
            return v0;
        }
        let b1 = neighbour_towards(b0, x > f0);
        let f1 = f16::from_bits(b1).to_f32();
        let v1 = self.entry(b1 as usize, channel);
        let frac = (x - f0) / (f1 - f0);
        frac.mul_add(v1 - v0, v0)
    }

    pub fn apply(&self, r: &mut [f32], g: &mut [f32], b: &mut [f32]) {
        for (c, channel) in [r, g, b].into_iter().enumerate() {
            for v in channel {
                *v = self.eval_channel(c, *v);
            }
        }
    }

    /// The exact inverse of the piecewise-linear curve (see the module notes).
    pub fn inverse(&self) -> Result<Lut1d, OpError> {
        let mut out = Lut1d {
            inverse: !self.inverse,
            inverse_tables: None,
            ..self.clone()
        };
        if out.inverse {
            out.inverse_tables = Some(Box::new(std::array::from_fn(|c| {
                InverseTable::new(self.domain_and_table(c))
            })));
        }
        Ok(out)
    }

    /// The (input, output) samples of one channel, in increasing input order.
    fn domain_and_table(&self, channel: usize) -> Vec<(f32, f32)> {
        if self.half_domain {
            // Negative halves from -65504 up to -0, then +0 up to 65504; NaN and Inf are skipped.
            let negatives = (0x8000u16..0xfc00).rev();
            let positives = 0u16..0x7c00;
            negatives
                .chain(positives)
                .map(|bits| {
                    (
                        f16::from_bits(bits).to_f32(),
                        self.entry(bits as usize, channel),
                    )
                })
                .collect()
        } else {
            let last = (self.size - 1) as f64;
            (0..self.size)
                .map(|i| ((i as f64 / last) as f32, self.entry(i, channel)))
                .collect()
        }
    }

    pub fn is_identity(&self) -> bool {
        false
    }
}

/// The next half-float pattern up (`up`) or down in value from `bits`.
fn neighbour_towards(bits: u16, up: bool) -> u16 {
    let negative = bits & 0x8000 != 0;
    let magnitude = bits & 0x7fff;
    match (up, negative) {
        (true, false) => bits + 1,
        (true, true) if magnitude == 0 => 0x0001,
        (true, true) => bits - 1,
        (false, true) => bits + 1,
        (false, false) if magnitude == 0 => 0x8001,
        (false, false) => bits - 1,
    }
}

/// One channel of an inverted LUT1D: the domain and the table made monotonic.
#[derive(Clone, Debug)]
struct InverseTable {
    domain: Vec<f32>,
    table: Vec<f32>,
    increasing: bool,
}

impl InverseTable {
    fn new(samples: Vec<(f32, f32)>) -> InverseTable {
        let finite: Vec<(f32, f32)> = samples.into_iter().filter(|(_, t)| t.is_finite()).collect();
        let increasing = match (finite.first(), finite.last()) {
            (Some(a), Some(b)) => b.1 >= a.1,
            _ => true,
        };
        let mut domain = Vec::with_capacity(finite.len());
        let mut table: Vec<f32> = Vec::with_capacity(finite.len());
        for (d, t) in finite {
            // Hold values that go against the overall direction at the previous value.
            let t = match table.last() {
                Some(&prev) if increasing => t.max(prev),
                Some(&prev) => t.min(prev),
                None => t,
            };
            domain.push(d);
            table.push(t);
        }
        InverseTable {
            domain,
            table,
            increasing,
        }
    }

    fn eval(&self, y: f32) -> f32 {
        let n = self.table.len();
        if n == 0 || y.is_nan() {
            return f32::NAN;
        }
        if n == 1 {
            return self.domain[0];
        }
        // Index of the first entry past y (in the table's direction).
        let past = if self.increasing {
            self.table.partition_point(|&t| t <= y)
        } else {
            self.table.partition_point(|&t| t >= y)
        };
        if past == 0 {
            // y at or beyond the first value: the end of the flat run that starts the table
            // (the point nearest the rest of the curve), as OpenColorIO does.
            let first = self.table[0];
            let run = if self.increasing {
                self.table.partition_point(|&t| t <= first)
            } else {
                self.table.partition_point(|&t| t >= first)
            };
            return self.domain[run.max(1) - 1];
        }
        if past == n {
            // y at or beyond the last value: the end of the flat run that reaches it.
            let first_at_end = if self.increasing {
                self.table.partition_point(|&t| t < self.table[n - 1])
            } else {
                self.table.partition_point(|&t| t > self.table[n - 1])
            };
            return self.domain[first_at_end];
        }
        let (i0, i1) = (past - 1, past);
        let (t0, t1) = (self.table[i0], self.table[i1]);
        let frac = (y - t0) / (t1 - t0);
        frac.mul_add(self.domain[i1] - self.domain[i0], self.domain[i0])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interpolates_linearly_and_clamps_the_domain() {
        let lut = Lut1d::new(vec![0.0, 0.5, 2.0], 1, false).unwrap();
        assert_eq!(lut.eval([0.25, 0.75, 1.0]), [0.25, 1.25, 2.0]);
        assert_eq!(lut.eval([-1.0, 5.0, f32::NAN]), [0.0, 2.0, 0.0]);
    }

    #[test]
    fn three_channel_luts_read_their_own_column() {
        let lut = Lut1d::new(vec![0.0, 0.0, 1.0, 1.0, 2.0, 0.0], 3, false).unwrap();
        assert_eq!(lut.eval([0.5; 3]), [0.5, 1.0, 0.5]);
    }

    fn identity_half_lut() -> Lut1d {
        let values = (0..=u16::MAX).map(|b| f16::from_bits(b).to_f32()).collect();
        Lut1d::new(values, 1, true).unwrap()
    }

    #[test]
    fn half_domain_indexes_by_bit_pattern_and_interpolates_between_halves() {
        let lut = identity_half_lut();
        for x in [1.0f32, -2.5, 0.3, 1e-6, -1e-6, 1000.123, 0.0] {
            let got = lut.eval([x; 3])[0];
            assert!((got - x).abs() <= 1e-6 * x.abs().max(1e-3), "{x} → {got}");
        }
        assert_eq!(lut.eval([1e9; 3])[0], 65504.0);
    }

    #[test]
    fn the_inverse_undoes_a_monotonic_curve() {
        let values: Vec<f32> = (0..33).map(|i| (i as f32 / 32.0).powf(2.2) * 3.0).collect();
        let lut = Lut1d::new(values, 1, false).unwrap();
        let inv = lut.inverse().unwrap();
        for x in [0.0f32, 0.1, 0.5, 0.93, 1.0] {
            let back = inv.eval(lut.eval([x; 3]))[0];
            assert!((back - x).abs() < 1e-6, "{x} → {back}");
        }
        assert_eq!(inv.eval([-1.0, 10.0, 0.0]), [0.0, 1.0, 0.0]);
        assert_eq!(inv.inverse().unwrap(), lut);
    }

    #[test]
    fn the_inverse_of_a_half_domain_lut() {
        let inv = identity_half_lut().inverse().unwrap();
        for x in [-3.0f32, -0.01, 0.0, 0.18, 7.5, 60000.0] {
            let back = inv.eval([x; 3])[0];
            assert!((back - x).abs() <= 1e-6 * x.abs().max(1e-3), "{x} → {back}");
        }
    }

    #[test]
    fn sizes_are_checked() {
        assert!(Lut1d::new(vec![0.0], 1, false).is_err());
        assert!(Lut1d::new(vec![0.0; 7], 3, false).is_err());
        assert!(Lut1d::new(vec![0.0; 1024], 1, true).is_err());
    }
}
