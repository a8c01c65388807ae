//! `amfx idt --camera ID -o IDT.clf`: a built-in camera input transform as a CLF, for hosts
//! that take a custom IDT. Each op is written as the CLF node that computes it exactly; an op
//! CLF cannot express (or would express with a different result) becomes a half-domain LUT1D
//! sampled at every half-float value, which is exact at those values.

use std::path::PathBuf;

use clap::Args;

use crate::aces::registry::registry;
use crate::clf::{self, Node, ProcessList};
use crate::ops::{Lut1d, Op};

#[derive(Args)]
pub struct IdtArgs {
    /// The camera's transformId (e.g. urn:ampas:aces:transformId:v2.0:CSC.Arri.LogC4_to_ACES.a2.v1
    /// or the short CSC.Arri.LogC4_to_ACES.a2.v1); `--list` shows them all.
    #[arg(long, required_unless_present = "list")]
    pub camera: Option<String>,
    /// Where to write the CLF.
    #[arg(short, long, required_unless_present = "list")]
    pub output: Option<PathBuf>,
    /// List the camera input transforms amfx knows, and exit.
    #[arg(long)]
    pub list: bool,
}

pub fn run(args: &IdtArgs) -> Result<(), String> {
    if args.list {
        for info in cameras() {
            println!("{}\t{}", info.id, info.name);
        }
        return Ok(());
    }
    let (Some(camera), Some(output)) = (&args.camera, &args.output) else {
        return Err("give --camera ID and -o FILE (or --list)".into());
    };
    let info = registry().lookup(camera).ok_or_else(|| {
        format!("unknown transformId {camera} (amfx idt --list shows the cameras)")
    })?;
    if !info.recipe.starts_with("camera_to_aces:") {
        return Err(format!(
            "{} is not a camera input transform (amfx idt --list shows them)",
            info.id
        ));
    }
    let ops = registry().ops(&info.id).map_err(|e| e.to_string())?;
    let (list, sampled) = process_list(&info.id, &info.name, ops)?;
    let text = clf::write(&list).map_err(|e| e.to_string())?;
    std::fs::write(output, text).map_err(|e| format!("cannot write {}: {e}", output.display()))?;
    println!(
        "{}: {} as {} CLF nodes ({} sampled as a half-domain LUT1D)",
        output.display(),
        info.name,
        list.nodes.len(),
        sampled
    );
    Ok(())
}

fn cameras() -> impl Iterator<Item = &'static crate::aces::registry::TransformInfo> {
    registry()
        .transforms()
        .iter()
        .filter(|info| info.recipe.starts_with("camera_to_aces:"))
}

/// The CLF of `ops`, and how many ops had to be sampled.
pub fn process_list(id: &str, name: &str, ops: Vec<Op>) -> Result<(ProcessList, usize), String> {
    let (nodes, sampled) = clf_nodes(ops)?;
    let list = ProcessList {
        id: Some(format!("amfx-idt-{}", crate::aces::registry::normalize(id))),
        name: Some(name.to_string()),
        comp_clf_version: Some("3.0".into()),
        descriptions: vec![
            format!("{name} ({id})"),
            format!("Written by amfx {}", env!("CARGO_PKG_VERSION")),
        ],
        input_descriptors: vec![format!("{name}: camera code values")],
        output_descriptors: vec!["ACES2065-1".into()],
        nodes,
        ..ProcessList::default()
    };
    Ok((list, sampled))
}

/// Each op as the CLF node that computes it, or (for a per-channel op CLF cannot write) as a
/// half-domain LUT1D; and how many were sampled.
pub(super) fn clf_nodes(ops: Vec<Op>) -> Result<(Vec<Node>, usize), String> {
    let mut sampled = 0;
    let mut nodes = Vec::new();
    for op in ops {
        let (op, description) = if writes_exactly(&op) {
            (op, None)
        } else {
            sampled += 1;
            (
                sample_per_channel(&op)?,
                Some("sampled at every half-float value".to_string()),
            )
        };
        nodes.push(Node {
            id: None,
            name: None,
            descriptions: description.into_iter().collect(),
            op,
        });
    }
    Ok((nodes, sampled))
}

/// True when CLF writes the op and reading it back computes the same values (to 1e-6,
/// relative above 1) over code values and scene-linear values.
fn writes_exactly(op: &Op) -> bool {
    let list = ProcessList::from_ops("probe", vec![op.clone()]);
    let Ok(text) = clf::write(&list) else {
        return false;
    };
    let Ok(back) = clf::read_str(&text, "probe") else {
        return false;
    };
    let back = back.ops();
    let probes = (0..=240)
        .map(|i| -0.1 + i as f32 * 0.005)
        .chain((0..40).map(|i| 2f32.powi(i - 20)));
    probes.into_iter().all(|v| {
        let rgb = [v, v * 0.5, v * 1.5];
        let want = op.eval(rgb);
        let got = back.iter().fold(rgb, |px, op| op.eval(px));
        want.iter()
            .zip(got)
            // Equal infinities (a log curve decoding a huge code) match too.
            .all(|(w, g)| {
                *w == g || (w - g).abs() <= 1e-6 * w.abs().max(1.0) || (w.is_nan() && g.is_nan())
            })
    })
}

/// A per-channel op as a half-domain LUT1D (one value per half float).
fn sample_per_channel(op: &Op) -> Result<Op, String> {
    let mut values = Vec::with_capacity(3 << 16);
    for bits in 0..=u16::MAX {
        let x = half::f16::from_bits(bits).to_f32();
        let rgb = op.eval([x, x, x]);
        if rgb[0].to_bits() != rgb[1].to_bits() && !(rgb[0].is_nan() && rgb[1].is_nan()) {
            return Err("a camera op mixes channels but CLF cannot write it".into());
        }
        // Half LUT entries must be finite for a host to use them; NaN inputs map to 0.
        let y = if rgb[0].is_finite() {
            rgb[0]
        } else if rgb[0] > 0.0 {
            65504.0
        } else {
            0.0
        };
        values.push(y);
    }
    Lut1d::new(values, 1, true)
        .map(Op::Lut1d)
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_camera_family_writes_a_clf_that_computes_the_idt() {
        // Every camera, and one ALEXA id in fifty: the ~860 ALEXA ids share four recipes.
        let sampled = cameras()
            .enumerate()
            .filter(|(i, info)| !info.recipe.starts_with("camera_to_aces:alexa_") || i % 50 == 0);
        for (_, info) in sampled {
            let ops = registry().ops(&info.id).unwrap();
            let (list, _) = process_list(&info.id, &info.name, ops.clone()).unwrap();
            let text = clf::write(&list).unwrap();
            let back = clf::read_str(&text, "idt").unwrap().ops();
            for i in 0..=100 {
                let v = i as f32 / 100.0;
                let rgb = [v, 1.0 - v, 0.5 * v + 0.1];
                let want = ops.iter().fold(rgb, |px, op| op.eval(px));
                let got = back.iter().fold(rgb, |px, op| op.eval(px));
                for c in 0..3 {
                    // A sampled curve is exact at half-float inputs; between them it is
                    // interpolated, within about 1e-4 relative of the curve.
                    let tolerance = 2e-4 * want[c].abs().max(1.0);
                    assert!(
                        (want[c] - got[c]).abs() <= tolerance,
                        "{}: {rgb:?} -> {want:?}, CLF {got:?}",
                        info.id
                    );
                }
            }
        }
    }
}
