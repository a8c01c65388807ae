//! Load and faults through the plugin binary: 10,000 tiles from 8 nodes on 2 to 8 threads with
//! parameters changing between frames, and AMFs replaced, truncated and deleted while 8 nodes
//! render. Every render must succeed with pixels one of the legitimate recipes gives; memory must
//! not grow once warm.

mod common;

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use amfx::aces::{registry::registry, rgb_to_rgb, AP0, AP1};
use amfx::amf;
use amfx::ops::{Matrix, Op};
use amfx::pipeline::{build, BuildOptions, Pipeline};
use common::{check_output, load_bundle, output_image, source_image, PLUGIN_ID};
use ofx_host::{Components, Context, HostImage, PixelDepth, RectI, RenderArgs, RowLayout};

const BOUNDS: RectI = RectI::new(-4, -2, 44, 22);

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("amfx-stress-{}-{name}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn recipe_text(slope: f64) -> String {
    include_str!("../../../plugin/src/cli/sample.amf").replace(
        "<cdl:Slope>1.0 1.0 1.0</cdl:Slope>",
        &format!("<cdl:Slope>{slope} 1.0 1.0</cdl:Slope>"),
    )
}

/// What the node renders for an output choice index and the looks switch, built with the
/// library as the effect describes it.
fn expected(amf_path: &Path, choice: i32, looks: bool) -> Pipeline {
    let document = amf::read_file(amf_path).unwrap();
    let mut options = BuildOptions {
        looks,
        ..BuildOptions::default()
    };
    let mut tail = Vec::new();
    match choice {
        0 => {}
        2 => {
            options.output = false;
            tail.push(Op::Matrix(Matrix::from_rows(rgb_to_rgb(&AP0, &AP1))));
        }
        3 => options.output_override = Some(
            "urn:ampas:aces:transformId:v2.0:Output.Academy.Rec709-D65_100nit_in_Rec709-D65_BT1886.a2.v1"
                .into(),
        ),
        13 => options.output_override = Some(
            "urn:ampas:aces:transformId:v2.0:Output.Academy.P3-D65_1000nit_in_P3-D65_ST2084.a2.v1"
                .into(),
        ),
        57 => {
            options.output = false;
            for id in ["RRT.a1.0.3", "ODT.Academy.Rec709_100nits_dim.a1.0.3"] {
                tail.extend(registry().ops(id).unwrap());
            }
        }
        _ => unreachable!(),
    }
    options.trim = tail;
    build(&document.amf, amf_path, &options).unwrap().pipeline
}

fn resident_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// A small deterministic generator (the test must repeat exactly).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

#[test]
fn ten_thousand_tiles_from_eight_nodes_with_changing_parameters() {
    let dir = scratch("load");
    let bundle = load_bundle();
    let plugin = bundle.plugin(PLUGIN_ID).unwrap();
    let source = source_image(
        PixelDepth::Float,
        Components::Rgba,
        BOUNDS,
        RowLayout::default(),
    );
    let choices = [0, 2, 3, 13, 57];
    let paths: Vec<_> = (0..8)
        .map(|k| {
            let path = dir.join(format!("clip{k}.amf"));
            std::fs::write(&path, recipe_text(0.7 + 0.08 * f64::from(k))).unwrap();
            path
        })
        .collect();
    // Every (node, choice, looks) reference, built once.
    let references: Vec<Vec<[Pipeline; 2]>> = paths
        .iter()
        .map(|p| {
            choices
                .iter()
                .map(|&c| [expected(p, c, false), expected(p, c, true)])
                .collect()
        })
        .collect();

    let tiles = BOUNDS.tiles(5, 5);
    let rounds = 50;
    assert!(tiles.len() * rounds * paths.len() >= 10_000);
    let mut warm = None;
    std::thread::scope(|scope| {
        let handles: Vec<_> = paths
            .iter()
            .enumerate()
            .map(|(k, path)| {
                let (source, tiles, references, plugin) = (&source, &tiles, &references, &plugin);
                scope.spawn(move || {
                    let mut instance = plugin.create_instance(Context::Filter).unwrap();
                    instance
                        .set_param("amfFile", path.to_string_lossy().as_ref())
                        .unwrap();
                    let mut random = Lcg(k as u64 + 1);
                    let mut resident = Vec::new();
                    for round in 0..rounds {
                        let c = random.next(choices.len() as u64) as usize;
                        let looks = random.next(2) == 1;
                        instance.set_param("outputTransform", choices[c]).unwrap();
                        instance.set_param("applyLooks", looks).unwrap();
                        let threads = 2 + random.next(7) as usize;
                        let mut output = output_image(
                            PixelDepth::Float,
                            Components::Rgba,
                            BOUNDS,
                            RowLayout::default(),
                        );
                        instance
                            .render_tiles(
                                &RenderArgs::new(0.0, BOUNDS),
                                source,
                                &mut output,
                                tiles,
                                threads,
                            )
                            .expect("every tile renders");
                        check_output(&references[k][c][looks as usize], source, &output, BOUNDS)
                            .unwrap_or_else(|e| panic!("node {k} round {round}: {e}"));
                        if round == 10 || round == rounds - 1 {
                            resident.push(resident_kib());
                        }
                    }
                    resident
                })
            })
            .collect();
        for handle in handles {
            let resident = handle.join().expect("no node panicked");
            warm.get_or_insert(resident);
        }
    });
    // After warm-up (round 10) memory stays put: caches are bounded and nothing leaks per
    // render. 64 MiB covers allocator noise on 8 threads.
    if let Some([Some(after_warm_up), Some(at_end)]) = warm.as_deref().map(|r| [r[0], r[1]]) {
        eprintln!("resident memory: {after_warm_up} KiB after warm-up, {at_end} KiB at the end");
        assert!(
            at_end <= after_warm_up + 64 * 1024,
            "resident memory grew from {after_warm_up} KiB to {at_end} KiB"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn amfs_replaced_truncated_and_deleted_while_eight_nodes_render() {
    let dir = scratch("faults");
    let path = dir.join("clip.amf");
    let (text_a, text_b) = (recipe_text(0.6), recipe_text(1.4));
    std::fs::write(&path, &text_a).unwrap();
    let a = expected(&path, 0, true);
    std::fs::write(dir.join("b.amf"), &text_b).unwrap();
    let b = expected(&dir.join("b.amf"), 0, true);

    let bundle = load_bundle();
    let plugin = bundle.plugin(PLUGIN_ID).unwrap();
    let source = source_image(
        PixelDepth::Float,
        Components::Rgba,
        BOUNDS,
        RowLayout::default(),
    );
    let stop = AtomicBool::new(false);
    let renders = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..8 {
            let (plugin, path, source, stop, renders, a, b) =
                (&plugin, &path, &source, &stop, &renders, &a, &b);
            scope.spawn(move || {
                let mut instance = plugin.create_instance(Context::Filter).unwrap();
                instance
                    .set_param("amfFile", path.to_string_lossy().as_ref())
                    .unwrap();
                while !stop.load(Ordering::Relaxed) {
                    let mut output: HostImage = output_image(
                        PixelDepth::Float,
                        Components::Rgba,
                        BOUNDS,
                        RowLayout::default(),
                    );
                    instance
                        .render(&RenderArgs::new(0.0, BOUNDS), source, &mut output)
                        .expect("a render never fails on a file fault");
                    let is_a = check_output(a, source, &output, BOUNDS).is_ok();
                    let is_b = is_a || check_output(b, source, &output, BOUNDS).is_ok();
                    assert!(is_a || is_b, "a render showed neither recipe");
                    renders.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
        // Replace, truncate, delete, restore: several times, slower than the watcher looks.
        for cycle in 0..4 {
            let text = if cycle % 2 == 0 { &text_b } else { &text_a };
            let tmp = dir.join("next.tmp");
            std::fs::write(&tmp, text).unwrap();
            std::fs::rename(&tmp, &path).unwrap();
            std::thread::sleep(Duration::from_millis(700));
            std::fs::write(&path, &text[..text.len() / 2]).unwrap();
            std::thread::sleep(Duration::from_millis(700));
            std::fs::remove_file(&path).unwrap();
            std::thread::sleep(Duration::from_millis(700));
            std::fs::write(&path, text).unwrap();
            std::thread::sleep(Duration::from_millis(700));
        }
        stop.store(true, Ordering::Relaxed);
    });
    assert!(renders.load(Ordering::Relaxed) > 8, "the nodes rendered");
    std::fs::remove_dir_all(&dir).ok();
}
