//! 3x3 matrix with offset (CLF Matrix, 3x4 form).

use super::OpError;

/// `out = m · in + offset`. Built and inverted in f64; evaluated in f32.
#[derive(Clone, Debug, PartialEq)]
pub struct Matrix {
    m: [[f64; 3]; 3],
    offset: [f64; 3],
    m32: [[f32; 3]; 3],
    offset32: [f32; 3],
}

impl Matrix {
    pub fn new(m: [[f64; 3]; 3], offset: [f64; 3]) -> Matrix {
        Matrix {
            m,
            offset,
            m32: m.map(|row| row.map(|v| v as f32)),
            offset32: offset.map(|v| v as f32),
        }
    }

    pub fn from_rows(m: [[f64; 3]; 3]) -> Matrix {
        Matrix::new(m, [0.0; 3])
    }

    pub fn rows(&self) -> [[f64; 3]; 3] {
        self.m
    }

    pub fn offset(&self) -> [f64; 3] {
        self.offset
    }

    #[inline(always)]
    pub fn eval(&self, [r, g, b]: [f32; 3]) -> [f32; 3] {
        let m = &self.m32;
        let o = &self.offset32;
        [
            m[0][0] * r + m[0][1] * g + m[0][2] * b + o[0],
            m[1][0] * r + m[1][1] * g + m[1][2] * b + o[1],
            m[2][0] * r + m[2][1] * g + m[2][2] * b + o[2],
        ]
    }

    #[inline(always)]
    pub fn apply(&self, r: &mut [f32], g: &mut [f32], b: &mut [f32]) {
        for ((r, g), b) in r.iter_mut().zip(g.iter_mut()).zip(b.iter_mut()) {
            [*r, *g, *b] = self.eval([*r, *g, *b]);
        }
    }

    /// `self` after `first`: the single matrix equal to applying `first`, then `self`.
    pub fn after(&self, first: &Matrix) -> Matrix {
        let m = mul(&self.m, &first.m);
        let o = mul_vec(&self.m, &first.offset);
        Matrix::new(
            m,
            [
                o[0] + self.offset[0],
                o[1] + self.offset[1],
                o[2] + self.offset[2],
            ],
        )
    }

    pub fn inverse(&self) -> Result<Matrix, OpError> {
        let inv = invert(&self.m)?;
        let o = mul_vec(&inv, &self.offset);
        Ok(Matrix::new(inv, [-o[0], -o[1], -o[2]]))
    }

    pub fn is_identity(&self) -> bool {
        let id = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];
        self.m == id && self.offset == [0.0; 3]
    }
}

pub(crate) fn mul(a: &[[f64; 3]; 3], b: &[[f64; 3]; 3]) -> [[f64; 3]; 3] {
    std::array::from_fn(|i| std::array::from_fn(|j| (0..3).map(|k| a[i][k] * b[k][j]).sum()))
}

pub(crate) fn mul_vec(a: &[[f64; 3]; 3], v: &[f64; 3]) -> [f64; 3] {
    std::array::from_fn(|i| (0..3).map(|k| a[i][k] * v[k]).sum())
}

pub(crate) fn invert(m: &[[f64; 3]; 3]) -> Result<[[f64; 3]; 3], OpError> {
    let cof =
        |r0: usize, r1: usize, c0: usize, c1: usize| m[r0][c0] * m[r1][c1] - m[r0][c1] * m[r1][c0];
    let c00 = cof(1, 2, 1, 2);
    let c01 = -cof(1, 2, 0, 2);
    let c02 = cof(1, 2, 0, 1);
    let det = m[0][0] * c00 + m[0][1] * c01 + m[0][2] * c02;
    let scale = m.iter().flatten().fold(0.0f64, |a, v| a.max(v.abs()));
    if !det.is_finite() || det.abs() <= 1e-12 * scale.powi(3) {
        return Err(OpError::SingularMatrix(det));
    }
    let adj = [
        [c00, -cof(0, 2, 1, 2), cof(0, 1, 1, 2)],
        [c01, cof(0, 2, 0, 2), -cof(0, 1, 0, 2)],
        [c02, -cof(0, 2, 0, 1), cof(0, 1, 0, 1)],
    ];
    Ok(adj.map(|row| row.map(|v| v / det)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inverse_undoes_the_matrix_and_its_offset() {
        let m = Matrix::new(
            [[1.2, 0.1, -0.05], [0.02, 0.9, 0.03], [-0.1, 0.2, 1.1]],
            [0.01, -0.02, 0.5],
        );
        let back = m.inverse().unwrap().after(&m);
        for (i, row) in back.rows().iter().enumerate() {
            for (j, v) in row.iter().enumerate() {
                assert!((v - if i == j { 1.0 } else { 0.0 }).abs() < 1e-12);
            }
        }
        assert!(back.offset().iter().all(|o| o.abs() < 1e-12));
    }

    #[test]
    fn a_singular_matrix_has_no_inverse() {
        let m = Matrix::from_rows([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [0.0, 0.0, 1.0]]);
        assert!(matches!(m.inverse(), Err(OpError::SingularMatrix(_))));
    }
}
