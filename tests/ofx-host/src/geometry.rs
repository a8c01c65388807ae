//! Rectangles in pixel (`RectI`) and canonical (`RectD`) coordinates.

/// A pixel rectangle: `x1..x2` × `y1..y2`, upper bounds exclusive, y up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RectI {
    pub x1: i32,
    pub y1: i32,
    pub x2: i32,
    pub y2: i32,
}

impl RectI {
    pub const fn new(x1: i32, y1: i32, x2: i32, y2: i32) -> RectI {
        RectI { x1, y1, x2, y2 }
    }

    pub fn width(&self) -> i32 {
        (self.x2 - self.x1).max(0)
    }

    pub fn height(&self) -> i32 {
        (self.y2 - self.y1).max(0)
    }

    pub fn is_empty(&self) -> bool {
        self.width() == 0 || self.height() == 0
    }

    pub fn contains(&self, x: i32, y: i32) -> bool {
        (self.x1..self.x2).contains(&x) && (self.y1..self.y2).contains(&y)
    }

    /// Whether `other` lies entirely inside this rectangle.
    pub fn contains_rect(&self, other: &RectI) -> bool {
        other.x1 >= self.x1 && other.y1 >= self.y1 && other.x2 <= self.x2 && other.y2 <= self.y2
    }

    /// Splits the rectangle into a `columns` × `rows` grid of tiles that cover it exactly.
    pub fn tiles(&self, columns: u32, rows: u32) -> Vec<RectI> {
        let cut = |start: i32, end: i32, parts: u32, i: u32| {
            let span = i64::from(end - start);
            start + (span * i64::from(i) / i64::from(parts.max(1))) as i32
        };
        let mut tiles = Vec::new();
        for row in 0..rows {
            for column in 0..columns {
                let tile = RectI::new(
                    cut(self.x1, self.x2, columns, column),
                    cut(self.y1, self.y2, rows, row),
                    cut(self.x1, self.x2, columns, column + 1),
                    cut(self.y1, self.y2, rows, row + 1),
                );
                if !tile.is_empty() {
                    tiles.push(tile);
                }
            }
        }
        tiles
    }

    /// The same rectangle in canonical coordinates (render scale 1, pixel aspect ratio 1).
    pub fn to_canonical(&self) -> RectD {
        RectD::new(
            f64::from(self.x1),
            f64::from(self.y1),
            f64::from(self.x2),
            f64::from(self.y2),
        )
    }

    pub(crate) fn to_array(self) -> Vec<i32> {
        vec![self.x1, self.y1, self.x2, self.y2]
    }
}

/// A rectangle in canonical coordinates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RectD {
    pub x1: f64,
    pub y1: f64,
    pub x2: f64,
    pub y2: f64,
}

impl RectD {
    pub const fn new(x1: f64, y1: f64, x2: f64, y2: f64) -> RectD {
        RectD { x1, y1, x2, y2 }
    }

    pub(crate) fn to_array(self) -> Vec<f64> {
        vec![self.x1, self.y1, self.x2, self.y2]
    }

    pub(crate) fn from_slice(values: &[f64]) -> Option<RectD> {
        match values {
            [x1, y1, x2, y2] => Some(RectD::new(*x1, *y1, *x2, *y2)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiles_cover_the_rectangle_exactly_once() {
        let rect = RectI::new(-5, 3, 17, 12);
        let tiles = rect.tiles(4, 3);
        assert_eq!(tiles.len(), 12);
        for y in rect.y1..rect.y2 {
            for x in rect.x1..rect.x2 {
                assert_eq!(
                    tiles.iter().filter(|t| t.contains(x, y)).count(),
                    1,
                    "({x}, {y})"
                );
            }
        }
    }
}
