//! The `.cube` LUT format (Adobe Cube 1.0, and Resolve's shaper + 3D variant): a small reader
//! that turns a file into ops, and a writer.
//!
//! A file holds keywords, then data lines of three numbers:
//! - `TITLE "text"`, `# comments`, blank lines anywhere;
//! - `LUT_1D_SIZE n` and/or `LUT_3D_SIZE n`; Adobe files hold one table, Resolve files may hold a
//!   1D shaper followed by a 3D table;
//! - the input range: `DOMAIN_MIN r g b` / `DOMAIN_MAX r g b` (Adobe, for the one table), or
//!   `LUT_1D_INPUT_RANGE lo hi` / `LUT_3D_INPUT_RANGE lo hi` (Resolve, per table); [0, 1] when
//!   absent;
//! - 3D entries with red varying fastest, then green, then blue (CLF's order is the reverse).
//!
//! Inputs outside a table's range are held at its edges. 3D tables are read back with
//! trilinear interpolation unless the caller asks otherwise (what most hosts do with a .cube).

use std::fmt::Write as _;
use std::path::Path;

use crate::ops::{Interpolation, Lut1d, Lut3d, Matrix, Op, Range};

/// Largest .cube read (a 129³ table in text is about 70 MB).
pub const MAX_CUBE_BYTES: u64 = 128 << 20;
/// Largest 1D table the format allows.
pub const MAX_1D_SIZE: usize = 65536;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CubeError {
    #[error("{file}: {message}")]
    File { file: String, message: String },
    #[error("{file}, line {line}: {message}")]
    Line {
        file: String,
        line: usize,
        message: String,
    },
}

/// A .cube's contents: optional 1D shaper, optional 3D table, each with its input range.
#[derive(Clone, Debug, PartialEq)]
pub struct Cube {
    pub title: Option<String>,
    pub comments: Vec<String>,
    /// 1D entries (R, G, B per entry) and the input range they span, per channel.
    pub lut1d: Option<Table1d>,
    /// 3D entries in .cube order (red fastest) and their input range, per channel.
    pub lut3d: Option<Table3d>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Table1d {
    pub values: Vec<[f32; 3]>,
    pub min: [f64; 3],
    pub max: [f64; 3],
}

#[derive(Clone, Debug, PartialEq)]
pub struct Table3d {
    pub size: usize,
    /// `size³` entries, red fastest.
    pub values: Vec<[f32; 3]>,
    pub min: [f64; 3],
    pub max: [f64; 3],
}

impl Cube {
    /// The ops that compute the file: range to [0, 1], 1D shaper, range, 3D table.
    pub fn ops(&self, interpolation: Interpolation) -> Result<Vec<Op>, String> {
        let mut ops = Vec::new();
        if let Some(t) = &self.lut1d {
            ops.extend(to_unit(t.min, t.max)?);
            let flat: Vec<f32> = t.values.iter().flatten().copied().collect();
            ops.push(Op::Lut1d(
                Lut1d::new(flat, 3, false).map_err(|e| e.to_string())?,
            ));
        }
        if let Some(t) = &self.lut3d {
            ops.extend(to_unit(t.min, t.max)?);
            let n = t.size;
            let mut values = vec![0f32; n * n * n * 3];
            for b in 0..n {
                for g in 0..n {
                    for r in 0..n {
                        let entry = t.values[(b * n + g) * n + r];
                        let at = ((r * n + g) * n + b) * 3;
                        values[at..at + 3].copy_from_slice(&entry);
                    }
                }
            }
            ops.push(Op::Lut3d(
                Lut3d::new(n, values, interpolation).map_err(|e| e.to_string())?,
            ));
        }
        Ok(ops)
    }
}

/// Ops taking [min, max] per channel onto [0, 1], clamped; none for the unit range.
pub fn to_unit(min: [f64; 3], max: [f64; 3]) -> Result<Vec<Op>, String> {
    if min == [0.0; 3] && max == [1.0; 3] {
        return Ok(Vec::new());
    }
    let clamp =
        Range::new(Some(0.0), Some(1.0), Some(0.0), Some(1.0), true).map_err(|e| e.to_string())?;
    if min[0] == min[1] && min[1] == min[2] && max[0] == max[1] && max[1] == max[2] {
        let range = Range::new(Some(min[0]), Some(max[0]), Some(0.0), Some(1.0), true)
            .map_err(|e| e.to_string())?;
        return Ok(vec![Op::Range(range)]);
    }
    let scale: [f64; 3] = std::array::from_fn(|c| 1.0 / (max[c] - min[c]));
    let matrix = Matrix::new(
        [
            [scale[0], 0.0, 0.0],
            [0.0, scale[1], 0.0],
            [0.0, 0.0, scale[2]],
        ],
        std::array::from_fn(|c| -min[c] * scale[c]),
    );
    Ok(vec![Op::Matrix(matrix), Op::Range(clamp)])
}

/// Reads a .cube file (size-capped).
pub fn read_file(path: &Path) -> Result<Cube, CubeError> {
    let file = path.display().to_string();
    let fail = |message: String| CubeError::File {
        file: file.clone(),
        message,
    };
    let bytes = match crate::amf::read_regular_file(path, MAX_CUBE_BYTES) {
        Ok(crate::amf::Capped::Whole(bytes)) => bytes,
        Ok(crate::amf::Capped::TooLarge(size)) => {
            return Err(fail(format!(
                "{size} bytes is more than a .cube may hold here ({MAX_CUBE_BYTES})"
            )))
        }
        Err(e) => return Err(fail(e.to_string())),
    };
    let text = String::from_utf8(bytes).map_err(|_| fail("not UTF-8 text".into()))?;
    read_str(&text, &file)
}

/// Reads .cube text; `file` names it in messages.
pub fn read_str(text: &str, file: &str) -> Result<Cube, CubeError> {
    let at = |line: usize, message: String| CubeError::Line {
        file: file.to_string(),
        line,
        message,
    };
    let mut cube = Cube {
        title: None,
        comments: Vec::new(),
        lut1d: None,
        lut3d: None,
    };
    let mut size1 = None;
    let mut size3 = None;
    let mut domain: (Option<[f64; 3]>, Option<[f64; 3]>) = (None, None);
    let mut range1 = None;
    let mut range3 = None;
    let mut data: Vec<[f32; 3]> = Vec::new();
    let mut expected = None;
    for (index, raw) in text.lines().enumerate() {
        let line_no = index + 1;
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            cube.comments.push(comment.trim().to_string());
            continue;
        }
        let mut words = line.split_whitespace();
        let Some(first) = words.next() else { continue };
        let starts_number = first
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.'));
        if starts_number {
            let total = *expected
                .get_or_insert_with(|| size1.unwrap_or(0) + size3.map_or(0, |n: usize| n * n * n));
            if total == 0 {
                return Err(at(line_no, "data before LUT_1D_SIZE or LUT_3D_SIZE".into()));
            }
            if data.len() >= total {
                return Err(at(
                    line_no,
                    format!("more than the {total} entries declared"),
                ));
            }
            let numbers: Vec<&str> = line.split_whitespace().collect();
            if numbers.len() != 3 {
                return Err(at(
                    line_no,
                    format!("an entry has 3 numbers, not {}", numbers.len()),
                ));
            }
            let mut entry = [0f32; 3];
            for (slot, word) in entry.iter_mut().zip(&numbers) {
                *slot = word
                    .parse::<f32>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| at(line_no, format!("\"{word}\" is not a finite number")))?;
            }
            data.push(entry);
            continue;
        }
        if expected.is_some() {
            return Err(at(line_no, format!("keyword {first} after the data")));
        }
        let rest: Vec<&str> = words.collect();
        let numbers = |count: usize| -> Result<Vec<f64>, CubeError> {
            if rest.len() != count {
                return Err(at(line_no, format!("{first} takes {count} numbers")));
            }
            rest.iter()
                .map(|w| {
                    w.parse::<f64>()
                        .ok()
                        .filter(|v| v.is_finite())
                        .ok_or_else(|| at(line_no, format!("{first}: \"{w}\" is not a number")))
                })
                .collect()
        };
        let size = |max: usize| -> Result<usize, CubeError> {
            let n = rest
                .first()
                .filter(|_| rest.len() == 1)
                .and_then(|w| w.parse::<usize>().ok())
                .ok_or_else(|| at(line_no, format!("{first} takes one whole number")))?;
            if !(2..=max).contains(&n) {
                return Err(at(line_no, format!("{first} {n} is outside 2..={max}")));
            }
            Ok(n)
        };
        match first {
            "TITLE" => {
                let title = line["TITLE".len()..].trim().trim_matches('"');
                cube.title = Some(title.to_string());
            }
            "LUT_1D_SIZE" => size1 = Some(size(MAX_1D_SIZE)?),
            "LUT_3D_SIZE" => size3 = Some(size(crate::ops::lut3d::MAX_LUT3D_SIZE)?),
            "DOMAIN_MIN" => domain.0 = Some(three(numbers(3)?)),
            "DOMAIN_MAX" => domain.1 = Some(three(numbers(3)?)),
            "LUT_1D_INPUT_RANGE" => range1 = Some(two(numbers(2)?)),
            "LUT_3D_INPUT_RANGE" => range3 = Some(two(numbers(2)?)),
            _ => return Err(at(line_no, format!("unknown keyword {first}"))),
        }
    }
    let total = size1.unwrap_or(0) + size3.map_or(0, |n| n * n * n);
    if total == 0 {
        return Err(CubeError::File {
            file: file.to_string(),
            message: "no LUT_1D_SIZE or LUT_3D_SIZE".into(),
        });
    }
    if data.len() != total {
        return Err(CubeError::File {
            file: file.to_string(),
            message: format!("{} entries where {total} were declared", data.len()),
        });
    }
    let dmin = domain.0.unwrap_or([0.0; 3]);
    let dmax = domain.1.unwrap_or([1.0; 3]);
    let check = |min: [f64; 3], max: [f64; 3]| -> Result<(), CubeError> {
        if (0..3).any(|c| max[c] <= min[c]) {
            return Err(CubeError::File {
                file: file.to_string(),
                message: format!("the input range {min:?}..{max:?} is empty"),
            });
        }
        Ok(())
    };
    let rest = match size1 {
        Some(n) => {
            let (min, max) = range1.unwrap_or((dmin, dmax));
            check(min, max)?;
            cube.lut1d = Some(Table1d {
                values: data[..n].to_vec(),
                min,
                max,
            });
            &data[n..]
        }
        None => &data[..],
    };
    if let Some(n) = size3 {
        let (min, max) = range3.unwrap_or((dmin, dmax));
        check(min, max)?;
        cube.lut3d = Some(Table3d {
            size: n,
            values: rest.to_vec(),
            min,
            max,
        });
    }
    Ok(cube)
}

fn three(v: Vec<f64>) -> [f64; 3] {
    [v[0], v[1], v[2]]
}

fn two(v: Vec<f64>) -> ([f64; 3], [f64; 3]) {
    ([v[0]; 3], [v[1]; 3])
}

/// The cube as text (shortest round-trip numbers, so reading it back gives the same f32s).
pub fn write(cube: &Cube) -> String {
    let mut out = String::new();
    if let Some(title) = &cube.title {
        let _ = writeln!(out, "TITLE \"{}\"", title.replace('"', "'"));
    }
    for comment in &cube.comments {
        for line in comment.lines() {
            let _ = writeln!(out, "# {line}");
        }
    }
    let resolve_style = cube.lut1d.is_some() && cube.lut3d.is_some();
    if let Some(t) = &cube.lut1d {
        let _ = writeln!(out, "LUT_1D_SIZE {}", t.values.len());
        range_lines(&mut out, "LUT_1D_INPUT_RANGE", t.min, t.max, resolve_style);
    }
    if let Some(t) = &cube.lut3d {
        let _ = writeln!(out, "LUT_3D_SIZE {}", t.size);
        range_lines(&mut out, "LUT_3D_INPUT_RANGE", t.min, t.max, resolve_style);
    }
    for t in cube
        .lut1d
        .iter()
        .map(|t| &t.values)
        .chain(cube.lut3d.iter().map(|t| &t.values))
    {
        for [r, g, b] in t {
            let _ = writeln!(out, "{r} {g} {b}");
        }
    }
    out
}

fn range_lines(out: &mut String, keyword: &str, min: [f64; 3], max: [f64; 3], resolve: bool) {
    if min == [0.0; 3] && max == [1.0; 3] && !resolve {
        return;
    }
    let same = min.iter().all(|v| *v == min[0]) && max.iter().all(|v| *v == max[0]);
    if resolve && same {
        let _ = writeln!(out, "{keyword} {} {}", min[0], max[0]);
    } else {
        let _ = writeln!(out, "DOMAIN_MIN {} {} {}", min[0], min[1], min[2]);
        let _ = writeln!(out, "DOMAIN_MAX {} {} {}", max[0], max[1], max[2]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const IDENTITY2: &str = "TITLE \"id\"\n# a comment\nLUT_3D_SIZE 2\n\
        0 0 0\n1 0 0\n0 1 0\n1 1 0\n0 0 1\n1 0 1\n0 1 1\n1 1 1\n";

    fn eval(ops: &[Op], rgb: [f32; 3]) -> [f32; 3] {
        ops.iter().fold(rgb, |px, op| op.eval(px))
    }

    #[test]
    fn red_varies_fastest() {
        // Swap red and blue: entry (r, g, b) holds (b, g, r).
        let mut text = String::from("LUT_3D_SIZE 2\n");
        for b in 0..2 {
            for g in 0..2 {
                for r in 0..2 {
                    text.push_str(&format!("{b} {g} {r}\n"));
                }
            }
        }
        let ops = read_str(&text, "swap")
            .unwrap()
            .ops(Interpolation::Trilinear)
            .unwrap();
        let out = eval(&ops, [0.25, 0.5, 0.75]);
        assert!(
            (out[0] - 0.75).abs() < 1e-6 && (out[2] - 0.25).abs() < 1e-6,
            "{out:?}"
        );
    }

    #[test]
    fn the_title_comments_and_identity_read() {
        let cube = read_str(IDENTITY2, "id").unwrap();
        assert_eq!(cube.title.as_deref(), Some("id"));
        assert_eq!(cube.comments, vec!["a comment".to_string()]);
        let ops = cube.ops(Interpolation::Tetrahedral).unwrap();
        assert_eq!(eval(&ops, [0.2, 0.4, 0.9]), [0.2, 0.4, 0.9]);
    }

    #[test]
    fn a_resolve_shaper_and_cube_round_trip_through_the_writer() {
        let shaper = Table1d {
            values: (0..5).map(|i| [i as f32 / 4.0; 3]).collect(),
            min: [0.0; 3],
            max: [4.0; 3],
        };
        let lattice = read_str(IDENTITY2, "id").unwrap().lut3d.unwrap();
        let cube = Cube {
            title: Some("t".into()),
            comments: vec!["x".into()],
            lut1d: Some(shaper),
            lut3d: Some(lattice),
        };
        let text = write(&cube);
        assert!(text.contains("LUT_1D_INPUT_RANGE 0 4"), "{text}");
        let back = read_str(&text, "rt").unwrap();
        assert_eq!(back, cube);
        let ops = back.ops(Interpolation::Trilinear).unwrap();
        let out = eval(&ops, [2.0, 1.0, 8.0]);
        assert!(
            (out[0] - 0.5).abs() < 1e-6 && (out[2] - 1.0).abs() < 1e-6,
            "{out:?}"
        );
    }

    #[test]
    fn bad_files_name_the_line() {
        for (text, needle) in [
            ("LUT_3D_SIZE 2\n0 0 0\n", "1 entries where 8"),
            ("LUT_3D_SIZE 300\n", "line 1"),
            ("LUT_3D_SIZE 2\nFOO 1\n", "unknown keyword FOO"),
            ("0 0 0\n", "data before"),
            ("LUT_1D_SIZE 2\n0 0 nan\n1 1 1\n", "line 2"),
            (
                "LUT_1D_SIZE 2\nDOMAIN_MIN 1 1 1\nDOMAIN_MAX 0 0 0\n0 0 0\n1 1 1\n",
                "empty",
            ),
        ] {
            let err = read_str(text, "bad.cube").unwrap_err().to_string();
            assert!(
                err.contains(needle) && err.contains("bad.cube"),
                "{text}: {err}"
            );
        }
    }
}
