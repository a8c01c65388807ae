//! The kernel against the scalar reference, over layouts, strides and windows.

use super::*;
use crate::ops::Cdl;

fn pipeline() -> Pipeline {
    Pipeline::cdl_in_acescct(&Cdl {
        slope: [1.1, 0.95, 1.2],
        offset: [0.01, -0.02, 0.0],
        power: [0.9, 1.1, 1.0],
        saturation: 0.8,
        ..Cdl::default()
    })
}

/// A test image: owned bytes, with a given row padding and row order.
struct Owned {
    bytes: Vec<u8>,
    bounds: Rect,
    layout: Layout,
    row_bytes: isize,
    top_down: bool,
}

impl Owned {
    fn new(bounds: Rect, layout: Layout, padding: usize, top_down: bool) -> Owned {
        let row = bounds.width() * layout.pixel_bytes() + padding;
        Owned {
            bytes: vec![0; row * bounds.height()],
            bounds,
            layout,
            row_bytes: row as isize,
            top_down,
        }
    }

    fn view(&mut self) -> ImageView {
        let (data, row_bytes) = if self.top_down {
            // Bottom row stored last in memory order reversed: start at the last row, go down.
            let last = (self.bounds.height() - 1) * self.row_bytes as usize;
            (self.bytes[last..].as_mut_ptr(), -self.row_bytes)
        } else {
            (self.bytes.as_mut_ptr(), self.row_bytes)
        };
        unsafe { ImageView::new(data, self.bounds, row_bytes, self.layout).unwrap() }
    }

    fn fill(&mut self, value: impl Fn(i32, i32, usize) -> f32) {
        let view = self.view();
        for y in self.bounds.y1..self.bounds.y2 {
            for x in self.bounds.x1..self.bounds.x2 {
                let px = std::array::from_fn(|c| value(x, y, c));
                self.layout.write(view.pixel_ptr(x, y), px);
            }
        }
    }

    fn get(&mut self, x: i32, y: i32) -> [f32; 4] {
        let view = self.view();
        self.layout.read(view.pixel_ptr(x, y))
    }
}

fn sample_value(x: i32, y: i32, c: usize) -> f32 {
    // Spans negatives, mid grey, 1 and highlights, different per channel.
    let t = ((x * 7 + y * 13 + c as i32 * 5) % 40) as f32;
    if c == 3 {
        0.25 + t / 80.0
    } else {
        -0.05 + t * t / 100.0
    }
}

fn check_layout(layout: Layout, padding: usize, top_down: bool) {
    let p = pipeline();
    let bounds = Rect::new(-3, 5, 130, 40);
    let mut src = Owned::new(bounds, layout, padding, top_down);
    let mut dst = Owned::new(bounds, layout, padding + 4, !top_down);
    src.fill(sample_value);
    let window = Rect::new(10, 7, 100, 33);
    render(&p, &src.view(), &dst.view(), window).unwrap();
    let tolerance = match layout.sample {
        Sample::F32 => 0.0,
        Sample::U16 => 1.0 / 65535.0,
        Sample::U8 => 1.0 / 255.0,
        // Half keeps 11 significant bits: relative (applied below).
        Sample::F16 => 2f32.powi(-10),
    };
    for y in bounds.y1..bounds.y2 {
        for x in bounds.x1..bounds.x2 {
            let got = dst.get(x, y);
            let inside = x >= window.x1 && x < window.x2 && y >= window.y1 && y < window.y2;
            if !inside {
                assert_eq!(
                    got[..layout.channels],
                    [0.0; 4][..layout.channels],
                    "({x},{y}) outside the window was written"
                );
                continue;
            }
            let input = src.get(x, y);
            let want = p.eval_rgb([input[0], input[1], input[2]]);
            for c in 0..3 {
                // Integer outputs are the reference clamped and rounded to the nearest code.
                let want_c = if matches!(layout.sample, Sample::F32 | Sample::F16) {
                    want[c]
                } else {
                    want[c].clamp(0.0, 1.0)
                };
                let allowed = if layout.sample == Sample::F16 {
                    tolerance * want_c.abs().max(1e-3)
                } else {
                    tolerance * 0.5 + 1e-7
                };
                assert!(
                    (got[c] - want_c).abs() <= allowed,
                    "{layout:?} ({x},{y}) c{c}: {} vs {}",
                    got[c],
                    want_c
                );
            }
            if layout.channels == 4 {
                assert_eq!(got[3], input[3], "alpha changed");
            }
        }
    }
}

#[test]
fn every_layout_matches_the_scalar_reference() {
    for sample in [Sample::F32, Sample::F16, Sample::U16, Sample::U8] {
        for channels in [3, 4] {
            for (padding, top_down) in [(0, false), (12, false), (3, true)] {
                check_layout(Layout::new(sample, channels), padding, top_down);
            }
        }
    }
}

#[test]
fn pixels_outside_the_source_read_as_transparent_black() {
    let p = Pipeline::default();
    let layout = Layout::new(Sample::F32, 4);
    let mut src = Owned::new(Rect::new(0, 0, 4, 4), layout, 0, false);
    let mut dst = Owned::new(Rect::new(-2, -2, 6, 6), layout, 0, false);
    src.fill(|_, _, _| 0.5);
    dst.fill(|_, _, _| 9.0);
    render(&p, &src.view(), &dst.view(), Rect::new(-2, -2, 6, 6)).unwrap();
    assert_eq!(dst.get(-1, -1), [0.0; 4]);
    assert_eq!(dst.get(1, 1), [0.5; 4]);
}

#[test]
fn a_window_beyond_the_destination_is_cut_to_it() {
    let p = pipeline();
    let layout = Layout::new(Sample::F32, 3);
    let mut src = Owned::new(Rect::new(0, 0, 8, 8), layout, 0, false);
    let mut dst = Owned::new(Rect::new(0, 0, 8, 8), layout, 0, false);
    src.fill(sample_value);
    render(
        &p,
        &src.view(),
        &dst.view(),
        Rect::new(-100, -100, 100, 100),
    )
    .unwrap();
    let input = src.get(7, 7);
    assert_eq!(
        dst.get(7, 7)[..3],
        p.eval_rgb([input[0], input[1], input[2]])
    );
}

#[test]
fn integer_outputs_clamp_and_nan_becomes_zero() {
    let layout = Layout::new(Sample::U8, 3);
    let mut px = [0u8; 3];
    layout.write(px.as_mut_ptr(), [f32::NAN, 2.0, -1.0, 1.0]);
    assert_eq!(px, [0, 255, 0]);
}

#[test]
fn a_row_too_short_for_its_pixels_is_refused() {
    let mut bytes = vec![0u8; 64];
    let err = unsafe {
        ImageView::new(
            bytes.as_mut_ptr(),
            Rect::new(0, 0, 10, 1),
            16,
            Layout::new(Sample::F32, 4),
        )
    };
    assert!(matches!(err, Err(KernelError::RowTooShort { .. })));
}

#[test]
fn unpremultiplied_grading_leaves_alpha_weighted_colour() {
    // A CDL is not linear: grading a premultiplied pixel must grade its colour, not colour·alpha.
    let p = pipeline();
    let layout = Layout::new(Sample::F32, 4);
    let mut src = Owned::new(Rect::new(0, 0, 2, 1), layout, 0, false);
    let mut dst = Owned::new(Rect::new(0, 0, 2, 1), layout, 0, false);
    let colour = [0.4f32, 0.2, 0.1];
    src.fill(|x, _, c| {
        let alpha = if x == 0 { 0.5 } else { 0.0 };
        if c == 3 {
            alpha
        } else {
            colour[c] * alpha
        }
    });
    let options = RenderOptions {
        unpremultiply: true,
        ..RenderOptions::default()
    };
    render_with(&p, &src.view(), &dst.view(), Rect::new(0, 0, 2, 1), options).unwrap();
    let graded = p.eval_rgb(colour);
    let got = dst.get(0, 0);
    for c in 0..3 {
        assert!(
            (got[c] - graded[c] * 0.5).abs() < 1e-6,
            "{got:?} vs {graded:?}·0.5"
        );
    }
    assert_eq!(got[3], 0.5);
    // No alpha: the (zero) colour goes through the pipeline as it is.
    assert_eq!(dst.get(1, 0)[..3], p.eval_rgb([0.0; 3]));
}

/// Fast mode through the kernel: the fused RGBA f32 path and the planar path for every other
/// layout give the baked pipeline's scalar reference.
#[test]
fn a_baked_pipeline_renders_its_reference_in_every_layout() {
    let baked = pipeline()
        .bake(crate::pipeline::InputDomain::SceneLinear, 17)
        .unwrap();
    for sample in [Sample::F32, Sample::U16, Sample::U8] {
        for channels in [3, 4] {
            let layout = Layout::new(sample, channels);
            // The window runs past the source on the left: those rows take the planar path.
            let mut src = Owned::new(Rect::new(0, 0, 300, 6), layout, 0, false);
            let mut dst = Owned::new(Rect::new(-4, 0, 300, 6), layout, 8, true);
            src.fill(sample_value);
            render(&baked, &src.view(), &dst.view(), Rect::new(-4, 0, 300, 6)).unwrap();
            for y in 0..6 {
                for x in [-4, -1, 0, 1, 63, 64, 255, 256, 299] {
                    let input = if x < 0 { [0.0; 4] } else { src.get(x, y) };
                    let want = baked.eval_rgb([input[0], input[1], input[2]]);
                    let got = dst.get(x, y);
                    for c in 0..3 {
                        let want_c = if sample == Sample::F32 {
                            want[c]
                        } else {
                            want[c].clamp(0.0, 1.0)
                        };
                        assert!(
                            (got[c] - want_c).abs()
                                <= 1e-6 + 0.5 / 255.0 * (sample != Sample::F32) as u8 as f32,
                            "{layout:?} ({x},{y}) c{c}: {} vs {want_c}",
                            got[c]
                        );
                    }
                    if channels == 4 {
                        assert_eq!(got[3], input[3], "alpha changed");
                    }
                }
            }
        }
    }
}

#[test]
fn a_baked_pipeline_renders_in_place() {
    let baked = pipeline()
        .bake(crate::pipeline::InputDomain::SceneLinear, 17)
        .unwrap();
    let layout = Layout::new(Sample::F32, 4);
    let mut image = Owned::new(Rect::new(0, 0, 40, 3), layout, 0, false);
    image.fill(sample_value);
    let before: Vec<[f32; 4]> = (0..40).map(|x| image.get(x, 1)).collect();
    let view = image.view();
    render(&baked, &view, &view, Rect::new(0, 0, 40, 3)).unwrap();
    for (x, input) in before.iter().enumerate() {
        let want = baked.eval_rgb([input[0], input[1], input[2]]);
        assert_eq!(image.get(x as i32, 1)[..3], want, "x = {x}");
    }
}

#[test]
fn mix_blends_the_result_with_the_source() {
    let p = pipeline();
    let layout = Layout::new(Sample::F32, 4);
    let bounds = Rect::new(0, 0, 70, 3);
    let mut src = Owned::new(bounds, layout, 0, false);
    src.fill(sample_value);
    for mix in [0.0f32, 0.25, 1.0] {
        let mut dst = Owned::new(bounds, layout, 0, false);
        let options = RenderOptions {
            mix,
            ..RenderOptions::default()
        };
        render_with(&p, &src.view(), &dst.view(), bounds, options).unwrap();
        for x in 0..70 {
            let input = src.get(x, 1);
            let graded = p.eval_rgb([input[0], input[1], input[2]]);
            let got = dst.get(x, 1);
            for c in 0..3 {
                let want = input[c] + mix * (graded[c] - input[c]);
                let tolerance = 2e-6 * want.abs().max(1.0);
                assert!(
                    (got[c] - want).abs() <= tolerance,
                    "mix {mix} x {x}: {got:?}"
                );
            }
            assert_eq!(got[3], input[3]);
        }
    }
}

#[test]
fn only_rgb_and_rgba_images_are_taken() {
    let mut bytes = vec![0u8; 64];
    for channels in [0, 1, 2, 5] {
        let layout = Layout::new(Sample::F32, channels);
        let view = unsafe { ImageView::new(bytes.as_mut_ptr(), Rect::new(0, 0, 1, 1), 64, layout) };
        assert_eq!(view.unwrap_err(), KernelError::Channels(channels));
    }
}

/// A window big enough to stream its stores past the caches gives the bits of the same pixels
/// rendered row by row (windows too small to stream), on rows aligned to 16 bytes and not
/// (4 bytes of padding), and writes nothing outside the window.
#[test]
fn a_streamed_window_gives_the_bits_of_cached_stores() {
    let p = pipeline();
    let layout = Layout::new(Sample::F32, 4);
    let bounds = Rect::new(0, 0, 720, 400);
    let window = Rect::new(3, 1, 717, 399);
    assert!(window.width() * window.height() * 16 >= STREAM_BYTES);
    for padding in [0, 4] {
        let mut src = Owned::new(bounds, layout, padding, false);
        src.fill(sample_value);
        let mut whole = Owned::new(bounds, layout, padding, false);
        let mut by_rows = Owned::new(bounds, layout, padding, false);
        render(&p, &src.view(), &whole.view(), window).unwrap();
        for y in window.y1..window.y2 {
            let row = Rect::new(window.x1, y, window.x2, y + 1);
            render(&p, &src.view(), &by_rows.view(), row).unwrap();
        }
        assert!(whole.bytes == by_rows.bytes, "padding {padding}");
        assert_eq!(whole.get(0, 0), [0.0; 4], "outside the window");
        assert_ne!(whole.get(10, 10), [0.0; 4], "inside the window");
    }
}
