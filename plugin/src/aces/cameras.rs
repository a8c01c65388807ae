//! Camera input transforms: each camera's log curve and wide gamut, as data.
//!
//! Every curve here is a CLF camera log (a log with a linear toe), written in its encoding
//! direction (scene-linear to code value); the input transform is its inverse, then the gamut to
//! AP0 matrix derived from the primaries with the chromatic adaptation the vendor's transform uses
//! (see `aces_math.md` §4: CAT02 for ARRI and Sony, Bradford for Panasonic and RED).

use super::primaries::{rgb_to_rgb_with, Cat, Chromaticities, AP0, D65};
use crate::ops::{CameraLog, Matrix, Op};

/// A camera encoding: its curve and its gamut.
pub struct Camera {
    /// The registry recipe argument (`camera_to_aces:<key>`).
    pub key: &'static str,
    pub name: &'static str,
    /// Scene-linear to code value.
    pub curve: fn() -> CameraLog,
    pub gamut: Chromaticities,
    pub cat: Cat,
}

/// ARRI LogC3 at EI 800 (ARRI's closed form; a = 1/0.18, the toe meets the log side smoothly).
fn logc3_ei800() -> CameraLog {
    let (a, b, c, d) = (
        1.0 / 0.18,
        0.052_272_275_0,
        0.247_189_638_3,
        0.385_536_998_7,
    );
    CameraLog::new(10.0, c, d, a, b, (1.0 / 9.0 - b) / a)
}

/// ARRI LogC4: x = (log2(a·lin + 64) − 6)/14·b + c, with a smooth linear toe below lin = t.
fn logc4() -> CameraLog {
    let a = (2f64.powi(18) - 16.0) / 117.45;
    let b = (1023.0 - 95.0) / 1023.0;
    let c = 95.0 / 1023.0;
    let t = (2f64.powf(14.0 * (-c / b) + 6.0) - 64.0) / a;
    CameraLog::new(2.0, b / 14.0, c - 6.0 * b / 14.0, a, 64.0, t)
}

/// Sony S-Log3: x = (420 + 261.5·log10((lin + 0.01)/0.19))/1023 above lin = 0.01125, a straight
/// line from (0, 95/1023) below (not tangent: its slope is given).
fn slog3() -> CameraLog {
    let linear_slope = (171.210_294_692_9 - 95.0) / 0.011_25 / 1023.0;
    CameraLog::with_linear_slope(
        10.0,
        261.5 / 1023.0,
        420.0 / 1023.0,
        1.0 / 0.19,
        0.01 / 0.19,
        0.011_25,
        Some(linear_slope),
    )
}

/// Panasonic V-Log: x = 0.241514·log10(lin + 0.00873) + 0.598206 above lin = 0.01, 5.6·lin + 0.125 below.
fn vlog() -> CameraLog {
    CameraLog::with_linear_slope(10.0, 0.241_514, 0.598_206, 1.0, 0.008_73, 0.01, Some(5.6))
}

/// RED Log3G10 (v3): x = 0.224282·log10(155.975327·(lin + 0.01) + 1), 15.1927·(lin + 0.01) below −0.01.
fn log3g10() -> CameraLog {
    let (a, b, c, g) = (0.224_282, 155.975_327, 0.01, 15.1927);
    CameraLog::with_linear_slope(10.0, a, 0.0, b, b * c + 1.0, -c, Some(g))
}

/// Blackmagic Film Gen 5: y = A·ln(lin + B) + C above lin = 0.005, D·lin + E below (the two
/// miss each other by 1e-5 at the break, as published).
fn bmdfilm_gen5() -> CameraLog {
    let (a, b, c, d) = (
        0.086_928_760_654_912_24,
        0.005_494_072_432_257_808,
        0.530_013_339_229_193_9,
        8.283_605_932_402_494,
    );
    let e = 0.092_465_753_424_657_53;
    CameraLog::with_linear_slope(std::f64::consts::E, a, c, 1.0, b, 0.005, Some(d))
        .with_toe_offset(e)
}

const fn d65(red: [f64; 2], green: [f64; 2], blue: [f64; 2]) -> Chromaticities {
    Chromaticities {
        red,
        green,
        blue,
        white: D65,
    }
}

/// The cameras amfx knows, by recipe key.
pub static CAMERAS: &[Camera] = &[
    Camera {
        key: "arri_logc3_ei800_awg3",
        name: "ARRI LogC3 (EI 800) ALEXA Wide Gamut 3",
        curve: logc3_ei800,
        gamut: d65([0.684, 0.313], [0.221, 0.848], [0.0861, -0.102]),
        cat: Cat::Cat02,
    },
    Camera {
        key: "arri_logc4_awg4",
        name: "ARRI LogC4 ALEXA Wide Gamut 4",
        curve: logc4,
        gamut: d65([0.7347, 0.2653], [0.1424, 0.8576], [0.0991, -0.0308]),
        cat: Cat::Cat02,
    },
    Camera {
        key: "sony_slog3_sgamut3",
        name: "Sony S-Log3 S-Gamut3",
        curve: slog3,
        gamut: d65([0.730, 0.280], [0.140, 0.855], [0.100, -0.050]),
        cat: Cat::Cat02,
    },
    Camera {
        key: "sony_slog3_sgamut3cine",
        name: "Sony S-Log3 S-Gamut3.Cine",
        curve: slog3,
        gamut: d65([0.766, 0.275], [0.225, 0.800], [0.089, -0.087]),
        cat: Cat::Cat02,
    },
    Camera {
        key: "sony_slog3_venice_sgamut3",
        name: "Sony S-Log3 Venice S-Gamut3",
        curve: slog3,
        gamut: d65(
            [0.740_464_264_304_292, 0.279_364_374_750_660],
            [0.089_241_145_423_286, 0.893_809_528_608_105],
            [0.110_488_236_673_827, -0.052_579_333_080_476],
        ),
        cat: Cat::Cat02,
    },
    Camera {
        key: "sony_slog3_venice_sgamut3cine",
        name: "Sony S-Log3 Venice S-Gamut3.Cine",
        curve: slog3,
        gamut: d65(
            [0.775_901_871_567_345, 0.274_502_392_854_799],
            [0.188_682_902_773_355, 0.828_684_937_020_288],
            [0.101_337_382_499_301, -0.089_187_517_306_263],
        ),
        cat: Cat::Cat02,
    },
    Camera {
        key: "bmdfilm_widegamut_gen5",
        name: "Blackmagic Film Wide Gamut (Gen 5)",
        curve: bmdfilm_gen5,
        gamut: Chromaticities {
            red: [0.717_721_5, 0.317_118_1],
            green: [0.228_041_0, 0.861_569_0],
            blue: [0.100_584_1, -0.082_045_2],
            white: [0.312_717_0, 0.329_031_2],
        },
        cat: Cat::Cat02,
    },
    Camera {
        key: "panasonic_vlog_vgamut",
        name: "Panasonic V-Log V-Gamut",
        curve: vlog,
        gamut: d65([0.730, 0.280], [0.165, 0.840], [0.100, -0.030]),
        cat: Cat::Bradford,
    },
    Camera {
        key: "red_log3g10_rwg",
        name: "RED Log3G10 REDWideGamutRGB",
        curve: log3g10,
        gamut: d65(
            [0.780_308, 0.304_253],
            [0.121_595, 1.493_994],
            [0.095_612, -0.084_589],
        ),
        cat: Cat::Bradford,
    },
];

fn find(key: &str) -> Option<&'static Camera> {
    CAMERAS.iter().find(|c| c.key == key)
}

impl Camera {
    /// The camera gamut to AP0 matrix.
    pub fn to_ap0(&self) -> [[f64; 3]; 3] {
        rgb_to_rgb_with(&self.gamut, &AP0, self.cat)
    }
}

/// Camera code values to ACES2065-1.
pub fn camera_to_aces(key: &str) -> Option<Vec<Op>> {
    let camera = find(key)?;
    Some(vec![
        Op::LogToLin((camera.curve)()),
        Op::Matrix(Matrix::from_rows(camera.to_ap0())),
    ])
}

/// ACES2065-1 to camera code values.
pub fn aces_to_camera(key: &str) -> Option<Vec<Op>> {
    let camera = find(key)?;
    let to_camera = Matrix::from_rows(rgb_to_rgb_with(&AP0, &camera.gamut, camera.cat));
    Some(vec![Op::Matrix(to_camera), Op::LinToLog((camera.curve)())])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_close(key: &str, want: [[f64; 3]; 3]) {
        let got = find(key).unwrap().to_ap0();
        for i in 0..3 {
            for j in 0..3 {
                assert!(
                    (got[i][j] - want[i][j]).abs() < 2e-9,
                    "{key} [{i}][{j}]: {} vs {}",
                    got[i][j],
                    want[i][j]
                );
            }
        }
    }

    #[test]
    fn gamut_matrices_match_the_published_ones() {
        // aces_math.md §4.1, from the vendors' and the ACES CSC transforms.
        assert_close(
            "arri_logc3_ei800_awg3",
            [
                [0.6802055051, 0.2361366016, 0.0836578933],
                [0.0854149797, 1.0174708786, -0.1028858583],
                [0.0020565217, -0.0625625004, 1.0605059787],
            ],
        );
        assert_close(
            "arri_logc4_awg4",
            [
                [0.7509573628, 0.1444227867, 0.1046198505],
                [0.0008218371, 1.0073975849, -0.0082194220],
                [-0.0004999521, -0.0008541772, 1.0013541294],
            ],
        );
        assert_close(
            "sony_slog3_sgamut3",
            [
                [0.7529825954, 0.1433702162, 0.1036471884],
                [0.0217076974, 1.0153188355, -0.0370265329],
                [-0.0094160527, 0.0033704179, 1.0060456349],
            ],
        );
        assert_close(
            "sony_slog3_sgamut3cine",
            [
                [0.6387886672, 0.2723514337, 0.0888598991],
                [-0.0039159060, 1.0880732309, -0.0841573249],
                [-0.0299072021, -0.0264325799, 1.0563397820],
            ],
        );
        assert_close(
            "sony_slog3_venice_sgamut3",
            [
                [0.7933297411, 0.0890786256, 0.1175916333],
                [0.0155810585, 1.0327123069, -0.0482933654],
                [-0.0188647478, 0.0127694121, 1.0060953358],
            ],
        );
        assert_close(
            "panasonic_vlog_vgamut",
            [
                [0.7246167041, 0.1669152882, 0.1084680077],
                [0.0213902454, 0.9849081557, -0.0062984011],
                [-0.0092355629, -0.0010569056, 1.0102924685],
            ],
        );
        assert_close(
            "bmdfilm_widegamut_gen5",
            [
                [0.6470913256, 0.2425953851, 0.1103132893],
                [0.0651915997, 1.0250475676, -0.0902391673],
                [-0.0275570729, -0.0805887097, 1.1081457826],
            ],
        );
        assert_close(
            "red_log3g10_rwg",
            [
                [0.7850588041, 0.0838587565, 0.1310824394],
                [0.0231738348, 1.0878975492, -0.1110713840],
                [-0.0737604354, -0.3145900723, 1.3883505077],
            ],
        );
    }

    #[test]
    fn curves_put_mid_grey_where_the_vendors_say() {
        // Published 18% grey code values: LogC3 EI800 0.391, S-Log3 420/1023, V-Log 0.423, Log3G10 1/3.
        let grey = |f: fn() -> CameraLog| f().lin_to_log(0.18) as f64;
        assert!(
            (grey(logc3_ei800) - 0.3910).abs() < 2e-4,
            "{}",
            grey(logc3_ei800)
        );
        assert!(
            (grey(slog3) - 420.0 / 1023.0).abs() < 1e-6,
            "{}",
            grey(slog3)
        );
        assert!((grey(vlog) - 0.4233).abs() < 2e-4, "{}", grey(vlog));
        assert!((grey(log3g10) - 0.3333).abs() < 2e-4, "{}", grey(log3g10));
    }

    #[test]
    fn slog3_toe_starts_at_code_95() {
        assert!((slog3().lin_to_log(0.0) as f64 - 95.0 / 1023.0).abs() < 1e-6);
    }
}
