//! Logarithmic curves with a linear toe: CLF `cameraLinToLog` / `cameraLogToLin`.

/// `log = logSideSlope · log_base(linSideSlope · lin + linSideOffset) + logSideOffset` above
/// `linSideBreak`, and the straight line that meets it with equal value and slope below.
#[derive(Clone, Debug, PartialEq)]
pub struct CameraLog {
    pub base: f64,
    pub log_side_slope: f64,
    pub log_side_offset: f64,
    pub lin_side_slope: f64,
    pub lin_side_offset: f64,
    pub lin_side_break: f64,
    // Derived once, in f32 for the pixel path.
    log2_scale: f32,
    exp2_scale: f32,
    exp2_offset: f32,
    lin_slope: f32,
    lin_offset: f32,
    log_slope: f32,
    log_offset: f32,
    linear_slope: f32,
    linear_offset: f32,
    log_break: f32,
    lin_break: f32,
}

impl CameraLog {
    pub fn new(
        base: f64,
        log_side_slope: f64,
        log_side_offset: f64,
        lin_side_slope: f64,
        lin_side_offset: f64,
        lin_side_break: f64,
    ) -> CameraLog {
        let at_break = lin_side_slope * lin_side_break + lin_side_offset;
        let log_break = log_side_slope * at_break.log(base) + log_side_offset;
        // Equal slope at the break: d/dx of the log side.
        let linear_slope = log_side_slope * lin_side_slope / (at_break * base.ln());
        let linear_offset = log_break - linear_slope * lin_side_break;
        CameraLog {
            base,
            log_side_slope,
            log_side_offset,
            lin_side_slope,
            lin_side_offset,
            lin_side_break,
            log2_scale: (log_side_slope / base.log2()) as f32,
            exp2_scale: (base.log2() / log_side_slope) as f32,
            exp2_offset: (-base.log2() * log_side_offset / log_side_slope) as f32,
            lin_slope: lin_side_slope as f32,
            lin_offset: lin_side_offset as f32,
            log_slope: log_side_slope as f32,
            log_offset: log_side_offset as f32,
            linear_slope: linear_slope as f32,
            linear_offset: linear_offset as f32,
            log_break: log_break as f32,
            lin_break: lin_side_break as f32,
        }
    }

    /// The slope of the linear toe (derived, as CLF allows it to be).
    pub fn linear_slope(&self) -> f64 {
        self.linear_slope as f64
    }

    pub fn lin_to_log(&self, x: f32) -> f32 {
        if x <= self.lin_break {
            self.linear_slope * x + self.linear_offset
        } else {
            // Like OpenColorIO, the log argument is kept at or above FLT_MIN so that values that
            // underflow give the curve's floor, not -inf; NaN stays NaN (the comparison is false).
            let arg = self.lin_slope * x + self.lin_offset;
            let arg = if arg < f32::MIN_POSITIVE {
                f32::MIN_POSITIVE
            } else {
                arg
            };
            self.log2_scale.mul_add(arg.log2(), self.log_offset)
        }
    }

    pub fn log_to_lin(&self, y: f32) -> f32 {
        if y <= self.log_break {
            (y - self.linear_offset) / self.linear_slope
        } else {
            // One fused step to the exponent, to keep f32 rounding out of the exp2 argument.
            let exponent = y.mul_add(self.exp2_scale, self.exp2_offset);
            (exponent.exp2() - self.lin_offset) / self.lin_slope
        }
    }
}
