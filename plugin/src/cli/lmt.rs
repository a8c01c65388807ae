//! `amfx lmt --lut SHOW.cube --lut-in CAMERA_ID --lut-out OUTPUT_ID -o LOOK.clf`: turns a show
//! LUT (camera code values in, display code values out) into an ACES look, so that
//! ACES → look → output transform reproduces the LUT on its display:
//!
//! ```text
//! LMT(aces) = InverseOutput(clamp01(ShowLUT(InverseIDT(aces))))
//! ```
//!
//! The look is baked as CLF over ACES2065-1: ACES → ACEScct (the shaper), a 3D LUT in ACEScct,
//! ACEScct → ACES. Beside it goes an AMF (same name, .amf) with the camera's input transform,
//! the look and the output transform. The report compares Output(LMT(IDT(code))) with
//! ShowLUT(code) on the show LUT's own grid, in 10-bit code values: the LUT outputs the output
//! transform cannot produce (clipped or out of its gamut) come back as near as it can.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::aces::registry::{registry, TransformInfo};
use crate::aces::{aces_to_acescct, acescct_to_aces};
use crate::clf::{self, Node, ProcessList};
use crate::ops::{Interpolation, Lut3d, Matrix, Op, Range};
use crate::pipeline::export::{self, cube, Shaper, SIZES};
use crate::pipeline::Pipeline;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LookShaper {
    Camera,
    Acescct,
}

#[derive(Args)]
pub struct LmtArgs {
    /// The show LUT (.cube): camera code values in, display code values out.
    #[arg(long)]
    pub lut: PathBuf,
    /// The camera input transformId whose encoding the LUT expects (e.g. CSC.Arri.LogC3_to_ACES.a2.v1).
    #[arg(long)]
    pub lut_in: String,
    /// The output transformId whose display the LUT targets (ACES 2.0 Output, or a 1.x ODT).
    #[arg(long)]
    pub lut_out: String,
    /// What the look's 3D LUT is indexed by: the camera's code values (ACES → inverse input
    /// transform, so its nodes fall on the show LUT's own grid) or ACEScct.
    #[arg(long, value_enum, default_value_t = LookShaper::Camera)]
    pub shaper: LookShaper,
    /// 3D LUT nodes per side of the look, 2 to 129 (default: the show LUT's own size with the
    /// camera shaper, 65 with ACEScct).
    #[arg(long)]
    pub size: Option<usize>,
    /// Interpolation the show LUT is read with (hosts mostly use trilinear for .cube).
    #[arg(long, default_value = "trilinear", value_parser = ["trilinear", "tetrahedral"])]
    pub lut_interpolation: String,
    /// Where to write the look's CLF (its AMF goes beside it, as .amf).
    #[arg(short, long)]
    pub output: PathBuf,
}

/// The comparison on the show LUT's grid.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub points: usize,
    /// Largest difference, 10-bit code values, through the baked look.
    pub max_cv: f32,
    pub worst_code: [f32; 3],
    pub within_one: usize,
    /// Points off by more than 1 CV even through the exact (unbaked) look: LUT outputs the
    /// output transform does not reach.
    pub unreachable: usize,
    /// Points off by more than 1 CV whose camera value falls outside the look's LUT index.
    pub outside_shaper: usize,
    /// Other points off by more than 1 CV: the bake's interpolation.
    pub interpolation: usize,
    /// Largest difference over the points the output transform reaches (exact look within 1 CV).
    pub max_cv_reachable: f32,
}

pub fn run(args: &LmtArgs) -> Result<(), String> {
    let interpolation = if args.lut_interpolation == "tetrahedral" {
        Interpolation::Tetrahedral
    } else {
        Interpolation::Trilinear
    };
    let show = cube::read_file(&args.lut).map_err(|e| e.to_string())?;
    let Some(grid) = show.lut3d.clone() else {
        return Err(format!(
            "{}: the show LUT has no 3D table",
            args.lut.display()
        ));
    };
    let size = args.size.unwrap_or(match args.shaper {
        LookShaper::Camera => grid.size,
        LookShaper::Acescct => 65,
    });
    if !SIZES.contains(&size) {
        return Err(format!(
            "--size {size}: a LUT needs {} to {} nodes per side",
            SIZES.start(),
            SIZES.end()
        ));
    }
    let show_ops = show.ops(interpolation)?;
    let camera = lookup(&args.lut_in, "--lut-in")?;
    let output = lookup(&args.lut_out, "--lut-out")?;
    let idt = Pipeline::new(registry().ops(&camera.id).map_err(|e| e.to_string())?);
    let inverse_idt = idt
        .inverse()
        .map_err(|e| format!("{}: cannot be inverted: {e}", camera.id))?;
    let (output_ops, output_refs) = output_chain(output)?;
    let forward_output = Pipeline::new(output_ops);
    let inverse_output = forward_output
        .inverse()
        .map_err(|e| format!("{}: cannot be inverted: {e}", output.id))?;

    let clamp =
        Range::new(Some(0.0), Some(1.0), Some(0.0), Some(1.0), true).map_err(|e| e.to_string())?;
    // The show LUT's display values, clamped as a display would, back to ACES.
    let mut to_look = show_ops.clone();
    to_look.push(Op::Range(clamp.clone()));
    to_look.extend(inverse_output.ops().iter().cloned());
    let mut lmt_ops = inverse_idt.ops().to_vec();
    lmt_ops.extend(to_look.iter().cloned());
    let lmt = Pipeline::new(lmt_ops);

    // The look's nodes before its 3D LUT (ACES to the LUT's [0, 1] index), and what the LUT
    // holds at index u: ACEScct of the look's output.
    let (index_nodes, at_index, lut_interpolation, sampled) = match args.shaper {
        LookShaper::Camera => {
            let (mut nodes, sampled) = super::idt::clf_nodes(inverse_idt.ops().to_vec())?;
            let mut to_unit = cube::to_unit(grid.min, grid.max)?;
            if to_unit.is_empty() {
                to_unit.push(Op::Range(clamp.clone()));
            }
            nodes.extend(to_unit.into_iter().map(|op| node(op, "camera code range")));
            let mut at_index = from_unit(grid.min, grid.max);
            at_index.extend(to_look.iter().cloned());
            (nodes, at_index, interpolation, sampled)
        }
        LookShaper::Acescct => {
            let mut nodes: Vec<Node> = aces_to_acescct()
                .into_iter()
                .map(|op| node(op, "ACES to ACEScct"))
                .collect();
            nodes.push(node(Op::Range(clamp.clone()), "ACEScct range"));
            let mut at_index = acescct_to_aces();
            at_index.extend(lmt.ops().iter().cloned());
            (nodes, at_index, Interpolation::Tetrahedral, 0)
        }
    };
    let mut at_index = at_index;
    at_index.extend(aces_to_acescct());
    let lattice = export::sample(
        &Pipeline::new(at_index),
        &Shaper::Linear {
            low: 0.0,
            high: 1.0,
        },
        size,
    )
    .map_err(|e| e.to_string())?;

    let name = args
        .output
        .file_stem()
        .map_or_else(|| "look".to_string(), |s| s.to_string_lossy().into_owned());
    let lut_name = args.lut.file_name().map_or_else(
        || "show LUT".to_string(),
        |s| s.to_string_lossy().into_owned(),
    );
    let mut descriptions = vec![
        format!(
            "ACES look reproducing the show LUT {lut_name} (made for {} on {}) through {}",
            camera.name, output.name, output.name
        ),
        format!(
            "LMT = inverse output transform ∘ clamp [0, 1] ∘ show LUT ({}) ∘ inverse input transform; \
             baked by amfx {} as ACES → {}, {size}³ LUT ({}), ACEScct → ACES{}",
            args.lut_interpolation,
            env!("CARGO_PKG_VERSION"),
            match args.shaper {
                LookShaper::Camera => "camera code values (inverse input transform)",
                LookShaper::Acescct => "ACEScct",
            },
            match lut_interpolation {
                Interpolation::Trilinear => "trilinear",
                Interpolation::Tetrahedral => "tetrahedral",
            },
            if sampled > 0 {
                format!("; {sampled} camera curve(s) sampled as half-domain LUT1D")
            } else {
                String::new()
            }
        ),
    ];
    let list = |descriptions: Vec<String>| -> Result<ProcessList, String> {
        let mut nodes = index_nodes.clone();
        let lut =
            Lut3d::new(size, lattice.clone(), lut_interpolation).map_err(|e| e.to_string())?;
        nodes.push(node(Op::Lut3d(lut), "look"));
        for op in acescct_to_aces() {
            nodes.push(node(op, "ACEScct to ACES"));
        }
        Ok(ProcessList {
            id: Some(format!("amfx-lmt-{name}")),
            name: Some(format!("{name} (look from {lut_name})")),
            comp_clf_version: Some("3.0".into()),
            descriptions,
            input_descriptors: vec!["ACES2065-1".into()],
            output_descriptors: vec!["ACES2065-1".into()],
            nodes,
            ..ProcessList::default()
        })
    };
    let first = clf::write(&list(descriptions.clone())?).map_err(|e| e.to_string())?;
    let baked = Pipeline::new(
        clf::read_str(&first, &args.output.display().to_string())
            .map_err(|e| e.to_string())?
            .ops(),
    );

    // Where an ACES value lands on the look's LUT index (without the final clamp to [0, 1]).
    let index = Pipeline::new(
        index_nodes
            .iter()
            .map(|n| match &n.op {
                Op::Range(r) => Range::new(r.min_in, r.max_in, r.min_out, r.max_out, false)
                    .map_or_else(|_| n.op.clone(), Op::Range),
                op => op.clone(),
            })
            .collect(),
    );
    let report = compare(
        &grid,
        &show_ops,
        &idt,
        &lmt,
        &baked,
        &forward_output,
        &index,
    );
    let summary = summary(&report);
    descriptions.push(summary.clone());
    let text = clf::write(&list(descriptions)?).map_err(|e| e.to_string())?;
    std::fs::write(&args.output, text)
        .map_err(|e| format!("cannot write {}: {e}", args.output.display()))?;
    let amf_path = args.output.with_extension("amf");
    let clf_name = args.output.file_name().map_or_else(
        || "look.clf".to_string(),
        |s| s.to_string_lossy().into_owned(),
    );
    let amf_text = amf_document(&name, &clf_name, &lut_name, camera, &output_refs);
    std::fs::write(&amf_path, amf_text)
        .map_err(|e| format!("cannot write {}: {e}", amf_path.display()))?;
    println!(
        "amfx lmt: {} → {} and {}",
        args.lut.display(),
        args.output.display(),
        amf_path.display()
    );
    println!("{summary}");
    Ok(())
}

fn node(op: Op, name: &str) -> Node {
    Node {
        id: None,
        name: Some(name.to_string()),
        descriptions: Vec::new(),
        op,
    }
}

/// Ops taking [0, 1] onto [min, max] per channel (none for the unit range).
fn from_unit(min: [f64; 3], max: [f64; 3]) -> Vec<Op> {
    if min == [0.0; 3] && max == [1.0; 3] {
        return Vec::new();
    }
    let d: [f64; 3] = std::array::from_fn(|c| max[c] - min[c]);
    vec![Op::Matrix(Matrix::new(
        [[d[0], 0.0, 0.0], [0.0, d[1], 0.0], [0.0, 0.0, d[2]]],
        min,
    ))]
}

fn lookup(id: &str, option: &str) -> Result<&'static TransformInfo, String> {
    registry()
        .lookup(id)
        .ok_or_else(|| format!("{option} {id}: unknown transformId (amfx transforms lists them)"))
}

/// The output transform's ops (an ACES 1.x ODT gets the RRT before it), and the ids the AMF
/// names: one, or the RRT and the ODT.
fn output_chain(info: &TransformInfo) -> Result<(Vec<Op>, Vec<String>), String> {
    let ops_of = |id: &str| registry().ops(id).map_err(|e| e.to_string());
    match info.kind.as_str() {
        "Output" | "RRTODT" => Ok((ops_of(&info.id)?, vec![info.id.clone()])),
        "ODT" => {
            let rrt = registry()
                .transforms()
                .iter()
                .find(|t| t.kind == "RRT")
                .ok_or("the registry has no RRT")?;
            let mut ops = ops_of(&rrt.id)?;
            ops.extend(ops_of(&info.id)?);
            Ok((ops, vec![rrt.id.clone(), info.id.clone()]))
        }
        other => Err(format!(
            "--lut-out {}: a {other} transform, not an output transform (amfx transforms --kind Output lists them)",
            info.id
        )),
    }
}

fn eval(p: &Pipeline, rgb: [f32; 3]) -> [f32; 3] {
    let (mut r, mut g, mut b) = ([rgb[0]], [rgb[1]], [rgb[2]]);
    p.apply(&mut r, &mut g, &mut b);
    [r[0], g[0], b[0]]
}

fn cv(a: [f32; 3], b: [f32; 3]) -> f32 {
    (0..3).map(|c| (a[c] - b[c]).abs()).fold(0f32, |m, e| {
        if e.is_nan() {
            f32::INFINITY
        } else {
            m.max(e)
        }
    }) * 1023.0
}

/// Output(LMT(IDT(code))) against clamp01(ShowLUT(code)) at every node of the show LUT.
fn compare(
    grid: &cube::Table3d,
    show: &[Op],
    idt: &Pipeline,
    exact: &Pipeline,
    baked: &Pipeline,
    output: &Pipeline,
    index: &Pipeline,
) -> Report {
    let n = grid.size;
    let mut report = Report::default();
    for b in 0..n {
        for g in 0..n {
            for r in 0..n {
                let code: [f32; 3] = std::array::from_fn(|c| {
                    let t = [r, g, b][c] as f64 / (n - 1) as f64;
                    (grid.min[c] + t * (grid.max[c] - grid.min[c])) as f32
                });
                let want = show
                    .iter()
                    .fold(code, |px, op| op.eval(px))
                    .map(|v| v.clamp(0.0, 1.0));
                let aces = eval(idt, code);
                let got = eval(output, eval(baked, aces));
                let error = cv(got, want);
                report.points += 1;
                if error > report.max_cv {
                    report.max_cv = error;
                    report.worst_code = code;
                }
                if error <= 1.0 {
                    report.within_one += 1;
                    continue;
                }
                let exact_error = cv(eval(output, eval(exact, aces)), want);
                if exact_error > 1.0 {
                    report.unreachable += 1;
                    continue;
                }
                report.max_cv_reachable = report.max_cv_reachable.max(error);
                let at = eval(index, aces);
                if at.iter().any(|v| !(-1e-6..=1.0 + 1e-6).contains(v)) {
                    report.outside_shaper += 1;
                } else {
                    report.interpolation += 1;
                }
            }
        }
    }
    report
}

fn summary(r: &Report) -> String {
    let pct = |k: usize| 100.0 * k as f64 / r.points.max(1) as f64;
    let mut s = format!(
        "On the show LUT's {} grid points, Output(LMT(IDT(code))) against ShowLUT(code): max {:.2} \
         10-bit code values (at code {:?}); {:.2}% within 1 code value.",
        r.points,
        r.max_cv,
        r.worst_code,
        pct(r.within_one)
    );
    let off = r.points - r.within_one;
    if off > 0 {
        let _ = write!(
            s,
            " Beyond 1: {} points ({:.2}%) the output transform cannot reach (the exact look misses \
             them too: clipped or out-of-gamut LUT outputs), {} whose camera value falls outside the \
             look's LUT, {} from the bake's interpolation (max {:.2} code values where \
             the output transform reaches the LUT).",
            r.unreachable,
            pct(r.unreachable),
            r.outside_shaper,
            r.interpolation,
            r.max_cv_reachable
        );
    }
    s
}

/// An AMF v2 using the look between the camera's input transform and the output transform.
fn amf_document(
    name: &str,
    clf_name: &str,
    lut_name: &str,
    camera: &TransformInfo,
    output: &[String],
) -> String {
    let now = timestamp();
    let uuid = |salt: &str| pseudo_uuid(&format!("{name}{clf_name}{now}{salt}"));
    // In an ACES 1.x pipeline, the camera's ACES 1.x spelling when it has one.
    let camera_id = if output.len() == 2 {
        camera
            .aliases
            .iter()
            .find(|a| a.contains(":v1.5:"))
            .unwrap_or(&camera.id)
    } else {
        &camera.id
    };
    let output_xml = match output {
        [rrt, odt] => format!(
            "      <aces:referenceRenderingTransform>\n        <aces:transformId>{}</aces:transformId>\n      </aces:referenceRenderingTransform>\n      <aces:outputDeviceTransform>\n        <aces:transformId>{}</aces:transformId>\n      </aces:outputDeviceTransform>\n",
            xml(rrt),
            xml(odt)
        ),
        ids => format!(
            "      <aces:transformId>{}</aces:transformId>\n",
            xml(ids.first().map_or("", |s| s.as_str()))
        ),
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<aces:acesMetadataFile xmlns:aces="urn:ampas:aces:amf:v2.0" version="2.0">
  <aces:amfInfo>
    <aces:description>{desc}</aces:description>
    <aces:author>
      <aces:name>amfx lmt</aces:name>
      <aces:emailAddress>amfx@localhost</aces:emailAddress>
    </aces:author>
    <aces:dateTime>
      <aces:creationDateTime>{now}</aces:creationDateTime>
      <aces:modificationDateTime>{now}</aces:modificationDateTime>
    </aces:dateTime>
    <aces:uuid>{u1}</aces:uuid>
  </aces:amfInfo>
  <aces:pipeline>
    <aces:pipelineInfo>
      <aces:description>{desc}</aces:description>
      <aces:dateTime>
        <aces:creationDateTime>{now}</aces:creationDateTime>
        <aces:modificationDateTime>{now}</aces:modificationDateTime>
      </aces:dateTime>
      <aces:uuid>{u2}</aces:uuid>
      <aces:systemVersion>
        <aces:majorVersion>{major}</aces:majorVersion>
        <aces:minorVersion>{minor}</aces:minorVersion>
        <aces:patchVersion>0</aces:patchVersion>
      </aces:systemVersion>
    </aces:pipelineInfo>
    <aces:inputTransform applied="false">
      <aces:description>{camera_name}</aces:description>
      <aces:transformId>{camera_id}</aces:transformId>
    </aces:inputTransform>
    <aces:lookTransform applied="false">
      <aces:description>Look from the show LUT {lut}</aces:description>
      <aces:file>{clf}</aces:file>
    </aces:lookTransform>
    <aces:outputTransform applied="false">
{output_xml}    </aces:outputTransform>
  </aces:pipeline>
</aces:acesMetadataFile>
"#,
        desc = xml(&format!("{name}: ACES look from the show LUT {lut_name}")),
        camera_name = xml(&camera.name),
        camera_id = xml(camera_id),
        lut = xml(lut_name),
        clf = xml(&percent_encode(clf_name)),
        // An ACES 1.x rendering (RRT + ODT) belongs to an ACES 1.3 pipeline.
        major = if output.len() == 2 { 1 } else { 2 },
        minor = if output.len() == 2 { 3 } else { 0 },
        u1 = uuid("info"),
        u2 = uuid("pipeline"),
    )
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// AMF file references are URIs: anything but unreserved characters is percent-encoded.
fn percent_encode(s: &str) -> String {
    let mut out = String::new();
    for byte in s.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(byte as char);
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// Now as xs:dateTime in UTC.
fn timestamp() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = (secs / 86400) as i64;
    let rem = secs % 86400;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// A version-4-shaped urn:uuid from a hash of `seed` and the process's random hasher keys.
fn pseudo_uuid(seed: &str) -> String {
    use std::hash::{BuildHasher, Hasher};
    let state = std::collections::hash_map::RandomState::new();
    let word = |salt: u64| {
        let mut h = state.build_hasher();
        h.write(seed.as_bytes());
        h.write_u64(salt);
        h.finish()
    };
    let (a, b) = (word(1), word(2));
    format!(
        "urn:uuid:{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0x0fff,
        0x8000 | (b >> 48) & 0x3fff,
        b & 0xffff_ffff_ffff
    )
}
