//! The CLF writer: any list of ops as a CLF v3 ProcessList (Academy `urn:AMPAS:CLF:v3.0`, which
//! every CLF v3 reader and OpenColorIO accept). Every node is written 32f in and out, with
//! numbers in their shortest exact form, so reading the text back gives the same ops, bit for
//! bit.
//!
//! Not representable in CLF: the inverse of a LUT1D or LUT3D (CLF has no inverse-LUT node;
//! only CTF does). Those are refused with [`WriteError::NotRepresentable`]; bake the chain
//! instead.

use std::fmt::Write as _;

use super::ProcessList;
use crate::ops::{
    CameraLog, Cdl, CdlStyle, Exponent, ExponentStyle, Interpolation, Log, LogParams, LogStyle,
    Lut1d, Lut3d, Matrix, Op, Range,
};

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum WriteError {
    #[error("node {index}: {what} cannot be written as CLF")]
    NotRepresentable { index: usize, what: &'static str },
}

/// The process list as CLF text.
pub fn write(list: &ProcessList) -> Result<String, WriteError> {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let id = list.id.clone().unwrap_or_else(|| "amfx".to_string());
    let _ = write!(
        out,
        "<ProcessList xmlns=\"urn:AMPAS:CLF:v3.0\" compCLFversion=\"3.0\" id=\"{}\"",
        escape(&id)
    );
    if let Some(name) = &list.name {
        let _ = write!(out, " name=\"{}\"", escape(name));
    }
    if let Some(inverse_of) = &list.inverse_of {
        let _ = write!(out, " inverseOf=\"{}\"", escape(inverse_of));
    }
    out.push_str(">\n");
    for d in &list.descriptions {
        let _ = writeln!(out, "  <Description>{}</Description>", escape(d));
    }
    for d in &list.input_descriptors {
        let _ = writeln!(out, "  <InputDescriptor>{}</InputDescriptor>", escape(d));
    }
    for d in &list.output_descriptors {
        let _ = writeln!(out, "  <OutputDescriptor>{}</OutputDescriptor>", escape(d));
    }
    for (index, node) in list.nodes.iter().enumerate() {
        let mut labels = String::new();
        if let Some(id) = &node.id {
            let _ = write!(labels, " id=\"{}\"", escape(id));
        }
        if let Some(name) = &node.name {
            let _ = write!(labels, " name=\"{}\"", escape(name));
        }
        let mut descriptions = String::new();
        for d in &node.descriptions {
            let _ = writeln!(descriptions, "    <Description>{}</Description>", escape(d));
        }
        let not = |what| WriteError::NotRepresentable { index, what };
        match &node.op {
            Op::Matrix(m) => matrix(&mut out, &labels, &descriptions, m),
            Op::LinToLog(c) => camera_log(&mut out, &labels, &descriptions, c, true),
            Op::LogToLin(c) => camera_log(&mut out, &labels, &descriptions, c, false),
            Op::Cdl(c) => cdl(&mut out, &labels, &descriptions, c),
            Op::Range(r) => range(&mut out, &labels, &descriptions, r),
            Op::Lut1d(l) if l.is_inverse() => return Err(not("an inverse LUT1D")),
            Op::Lut1d(l) => lut1d(&mut out, &labels, &descriptions, l),
            Op::Lut3d(l) if l.is_inverse() => return Err(not("an inverse LUT3D")),
            Op::Lut3d(l) => lut3d(&mut out, &labels, &descriptions, l),
            Op::Log(l) => log(&mut out, &labels, &descriptions, l),
            Op::Exponent(e) => exponent(&mut out, &labels, &descriptions, e),
            Op::Fixed(_) => return Err(not("a fixed function (ACEScc)")),
            Op::AcesOutput2(_) => return Err(not("an ACES 2.0 output transform (bake it)")),
            Op::AcesOutput1(_) => return Err(not("an ACES 1.x output transform (bake it)")),
            Op::GamutCompress(_) => {
                return Err(not("the ACES reference gamut compression (bake it)"))
            }
            Op::CameraCurve(_) => return Err(not("a camera curve without a CLF form (sample it)")),
            Op::Piecewise(_) => return Err(not("a curve with unevenly spaced knots (sample it)")),
        }
    }
    out.push_str("</ProcessList>\n");
    Ok(out)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const DEPTHS: &str = "inBitDepth=\"32f\" outBitDepth=\"32f\"";

fn open(out: &mut String, element: &str, attrs: &str, labels: &str, descriptions: &str) {
    let _ = writeln!(out, "  <{element}{labels} {DEPTHS}{attrs}>");
    out.push_str(descriptions);
}

fn matrix(out: &mut String, labels: &str, descriptions: &str, m: &Matrix) {
    open(out, "Matrix", "", labels, descriptions);
    let with_offset = m.offset() != [0.0; 3];
    let _ = writeln!(
        out,
        "    <Array dim=\"3 {}\">",
        if with_offset { 4 } else { 3 }
    );
    for (row, offset) in m.rows().iter().zip(m.offset()) {
        let mut line: Vec<String> = row.iter().map(|v| format!("{v:?}")).collect();
        if with_offset {
            line.push(format!("{offset:?}"));
        }
        let _ = writeln!(out, "      {}", line.join(" "));
    }
    out.push_str("    </Array>\n  </Matrix>\n");
}

fn camera_log(out: &mut String, labels: &str, descriptions: &str, c: &CameraLog, fwd: bool) {
    let style = if fwd {
        "cameraLinToLog"
    } else {
        "cameraLogToLin"
    };
    open(
        out,
        "Log",
        &format!(" style=\"{style}\""),
        labels,
        descriptions,
    );
    // The toe's slope is written even where CLF would derive the same one: some cameras
    // (LogC3, S-Log3) publish their own.
    let _ = writeln!(
        out,
        "    <LogParams base=\"{:?}\" logSideSlope=\"{:?}\" logSideOffset=\"{:?}\" linSideSlope=\"{:?}\" linSideOffset=\"{:?}\" linSideBreak=\"{:?}\" linearSlope=\"{:?}\"/>",
        c.base, c.log_side_slope, c.log_side_offset, c.lin_side_slope, c.lin_side_offset, c.lin_side_break, c.linear_slope()
    );
    out.push_str("  </Log>\n");
}

fn cdl(out: &mut String, labels: &str, descriptions: &str, c: &Cdl) {
    let style = match (c.style, c.reverse) {
        (CdlStyle::Clamp, false) => "Fwd",
        (CdlStyle::Clamp, true) => "Rev",
        (CdlStyle::NoClamp, false) => "FwdNoClamp",
        (CdlStyle::NoClamp, true) => "RevNoClamp",
    };
    open(
        out,
        "ASC_CDL",
        &format!(" style=\"{style}\""),
        labels,
        descriptions,
    );
    let three = |v: &[f64; 3]| format!("{:?} {:?} {:?}", v[0], v[1], v[2]);
    let _ = writeln!(
        out,
        "    <SOPNode>\n      <Slope>{}</Slope>\n      <Offset>{}</Offset>\n      <Power>{}</Power>\n    </SOPNode>",
        three(&c.slope),
        three(&c.offset),
        three(&c.power)
    );
    let _ = writeln!(
        out,
        "    <SatNode>\n      <Saturation>{:?}</Saturation>\n    </SatNode>",
        c.saturation
    );
    out.push_str("  </ASC_CDL>\n");
}

fn range(out: &mut String, labels: &str, descriptions: &str, r: &Range) {
    let style = if r.clamp { "Clamp" } else { "noClamp" };
    open(
        out,
        "Range",
        &format!(" style=\"{style}\""),
        labels,
        descriptions,
    );
    for (name, value) in [
        ("minInValue", r.min_in),
        ("maxInValue", r.max_in),
        ("minOutValue", r.min_out),
        ("maxOutValue", r.max_out),
    ] {
        if let Some(v) = value {
            let _ = writeln!(out, "    <{name}>{v:?}</{name}>");
        }
    }
    out.push_str("  </Range>\n");
}

fn rows(out: &mut String, values: &[f32], per_row: usize) {
    for row in values.chunks(per_row) {
        let line: Vec<String> = row.iter().map(|v| format!("{v:?}")).collect();
        let _ = writeln!(out, "      {}", line.join(" "));
    }
}

fn lut1d(out: &mut String, labels: &str, descriptions: &str, l: &Lut1d) {
    let attrs = if l.half_domain() {
        " halfDomain=\"true\""
    } else {
        ""
    };
    open(out, "LUT1D", attrs, labels, descriptions);
    let _ = writeln!(out, "    <Array dim=\"{} {}\">", l.size(), l.components());
    rows(out, l.values(), l.components());
    out.push_str("    </Array>\n  </LUT1D>\n");
}

fn lut3d(out: &mut String, labels: &str, descriptions: &str, l: &Lut3d) {
    let interp = match l.interpolation {
        Interpolation::Trilinear => "trilinear",
        Interpolation::Tetrahedral => "tetrahedral",
    };
    open(
        out,
        "LUT3D",
        &format!(" interpolation=\"{interp}\""),
        labels,
        descriptions,
    );
    let n = l.size();
    let _ = writeln!(out, "    <Array dim=\"{n} {n} {n} 3\">");
    rows(out, l.values(), 3);
    out.push_str("    </Array>\n  </LUT3D>\n");
}

fn log_style(style: LogStyle) -> &'static str {
    match style {
        LogStyle::Log10 => "log10",
        LogStyle::Log2 => "log2",
        LogStyle::AntiLog10 => "antiLog10",
        LogStyle::AntiLog2 => "antiLog2",
        LogStyle::LinToLog => "linToLog",
        LogStyle::LogToLin => "logToLin",
        LogStyle::CameraLinToLog => "cameraLinToLog",
        LogStyle::CameraLogToLin => "cameraLogToLin",
    }
}

fn log_params(p: &LogParams, channel: Option<&str>) -> String {
    let mut s = format!(
        "    <LogParams base=\"{:?}\" logSideSlope=\"{:?}\" logSideOffset=\"{:?}\" linSideSlope=\"{:?}\" linSideOffset=\"{:?}\"",
        p.base, p.log_side_slope, p.log_side_offset, p.lin_side_slope, p.lin_side_offset
    );
    if let Some(b) = p.lin_side_break {
        let _ = write!(s, " linSideBreak=\"{b:?}\"");
    }
    if let Some(l) = p.linear_slope {
        let _ = write!(s, " linearSlope=\"{l:?}\"");
    }
    if let Some(c) = channel {
        let _ = write!(s, " channel=\"{c}\"");
    }
    s + "/>\n"
}

fn log(out: &mut String, labels: &str, descriptions: &str, l: &Log) {
    let attrs = format!(" style=\"{}\"", log_style(l.style));
    open(out, "Log", &attrs, labels, descriptions);
    if l.style.has_params() {
        per_channel(out, &l.params, log_params);
    }
    out.push_str("  </Log>\n");
}

/// One parameter element when the channels agree, else one per channel.
fn per_channel<T: PartialEq>(
    out: &mut String,
    params: &[T; 3],
    one: fn(&T, Option<&str>) -> String,
) {
    if params.iter().all(|p| *p == params[0]) {
        out.push_str(&one(&params[0], None));
    } else {
        for (p, c) in params.iter().zip(["R", "G", "B"]) {
            out.push_str(&one(p, Some(c)));
        }
    }
}

fn exponent(out: &mut String, labels: &str, descriptions: &str, e: &Exponent) {
    let base = match e.style {
        ExponentStyle::Basic => "basic",
        ExponentStyle::BasicMirror => "basicMirror",
        ExponentStyle::BasicPassThru => "basicPassThru",
        ExponentStyle::MonCurve => "monCurve",
        ExponentStyle::MonCurveMirror => "monCurveMirror",
    };
    let direction = if e.reverse { "Rev" } else { "Fwd" };
    open(
        out,
        "Exponent",
        &format!(" style=\"{base}{direction}\""),
        labels,
        descriptions,
    );
    let with_offset = e.style.has_offset();
    let one = if with_offset {
        |p: &crate::ops::ExponentParams, c: Option<&str>| {
            let channel = c.map(|c| format!(" channel=\"{c}\"")).unwrap_or_default();
            format!(
                "    <ExponentParams exponent=\"{:?}\" offset=\"{:?}\"{channel}/>\n",
                p.exponent, p.offset
            )
        }
    } else {
        |p: &crate::ops::ExponentParams, c: Option<&str>| {
            let channel = c.map(|c| format!(" channel=\"{c}\"")).unwrap_or_default();
            format!(
                "    <ExponentParams exponent=\"{:?}\"{channel}/>\n",
                p.exponent
            )
        }
    };
    per_channel(out, &e.params, one);
    out.push_str("  </Exponent>\n");
}
