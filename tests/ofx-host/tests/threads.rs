//! Renders from several threads at once: tiles of one instance, and separate instances.

mod common;

use common::{
    check_output, load_bundle, output_image, reference, set_cdl, source_image, test_cdl, PLUGIN_ID,
};
use ofx_host::{Components, Context, PixelDepth, RectI, RenderArgs, RowLayout, RowOrder};

const BOUNDS: RectI = RectI::new(-20, -10, 108, 54);

#[test]
fn eight_tiles_from_four_threads_equal_one_full_render_bit_for_bit() {
    let bundle = load_bundle();
    let plugin = bundle.plugin(PLUGIN_ID).unwrap();
    let mut instance = plugin.create_instance(Context::Filter).unwrap();
    set_cdl(&mut instance, &test_cdl());
    let layout = RowLayout {
        padding: 16,
        order: RowOrder::TopDown,
    };
    let source = source_image(PixelDepth::Float, Components::Rgba, BOUNDS, layout);
    let args = RenderArgs::new(0.0, BOUNDS);

    let mut whole = output_image(PixelDepth::Float, Components::Rgba, BOUNDS, layout);
    instance
        .render(&args, &source, &mut whole)
        .expect("single render");

    let tiles = BOUNDS.tiles(4, 2);
    assert_eq!(tiles.len(), 8);
    let mut tiled = output_image(PixelDepth::Float, Components::Rgba, BOUNDS, layout);
    instance
        .render_tiles(&args, &source, &mut tiled, &tiles, 4)
        .expect("tiled render");
    assert_eq!(instance.outstanding_images(), 0);

    for y in BOUNDS.y1..BOUNDS.y2 {
        for x in BOUNDS.x1..BOUNDS.x2 {
            let (a, b) = (whole.pixel(x, y), tiled.pixel(x, y));
            let same_bits = a
                .iter()
                .zip(&b)
                .all(|(a, b)| (*a as f32).to_bits() == (*b as f32).to_bits());
            assert!(same_bits, "({x}, {y}): whole {a:?}, tiled {b:?}");
        }
    }
}

#[test]
fn two_instances_with_different_params_render_concurrently() {
    let bundle = load_bundle();
    let plugin = bundle.plugin(PLUGIN_ID).unwrap();
    let graded = test_cdl();
    let mut other = test_cdl();
    other.slope = [0.7, 1.3, 0.9];
    other.saturation = 1.4;

    let mut instances: Vec<_> = [&graded, &other]
        .into_iter()
        .map(|cdl| {
            let mut instance = plugin.create_instance(Context::Filter).unwrap();
            set_cdl(&mut instance, cdl);
            instance
        })
        .collect();
    let source = source_image(
        PixelDepth::Float,
        Components::Rgba,
        BOUNDS,
        RowLayout::default(),
    );

    std::thread::scope(|scope| {
        for (instance, cdl) in instances.iter_mut().zip([&graded, &other]) {
            let source = &source;
            scope.spawn(move || {
                let pipeline = reference(cdl);
                // Several rounds, so the two renders overlap in time.
                for round in 0..4 {
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
                            &BOUNDS.tiles(2, 2),
                            2,
                        )
                        .expect("render");
                    if let Err(problems) = check_output(&pipeline, source, &output, BOUNDS) {
                        panic!("round {round}, slope {:?}: {problems}", cdl.slope);
                    }
                }
            });
        }
    });
}
