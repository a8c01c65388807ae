//! Camera input transforms: each camera's curve and gamut, as data.
//!
//! A curve is either a CLF camera log (a log with a linear toe), written in its encoding direction
//! (scene-linear to code value), or one of the closed forms in `camera_curves.rs`; the input
//! transform decodes it, then applies the gamut to AP0 matrix. Gamut matrices are derived from the
//! primaries with the chromatic adaptation the vendor's transform uses (`aces_math.md` §4: CAT02
//! for ARRI, Sony, Canon, Blackmagic and DJI, Bradford for Panasonic, RED and Apple), except where
//! the vendor publishes a matrix of its own (Sony S-Gamut, Canon tungsten, ARRI's per-white-balance
//! tables), which is used as published.
//!
//! ARRI ALEXA's ACES 1.x transforms are a family keyed by exposure index (and, for SUP 2 LogC and
//! ARRIRAW, white balance and ND filter): see [`alexa`].

use super::camera_curves::{CameraCurve, CurveShape};
use super::primaries::{rgb_to_rgb_with, Cat, Chromaticities, AP0, D65};
use crate::ops::matrix::invert;
use crate::ops::{CameraLog, Matrix, Op};

/// How code values become scene-linear camera RGB.
#[derive(Clone, Debug)]
pub enum Curve {
    /// A camera log, scene-linear to code value.
    Log(CameraLog),
    /// A closed form no CLF node expresses.
    Shape(CurveShape),
    /// Already linear: `(code − black) · gain` (ARRIRAW).
    Linear { black: f64, gain: f64 },
}

impl Curve {
    fn decode(&self) -> Op {
        match self {
            Curve::Log(log) => Op::LogToLin(log.clone()),
            Curve::Shape(shape) => Op::CameraCurve(CameraCurve::decoding(shape.clone())),
            Curve::Linear { black, gain } => Op::Matrix(Matrix::new(
                [[*gain, 0.0, 0.0], [0.0, *gain, 0.0], [0.0, 0.0, *gain]],
                [-black * gain; 3],
            )),
        }
    }

    fn encode(&self) -> Op {
        match self {
            Curve::Log(log) => Op::LinToLog(log.clone()),
            Curve::Shape(shape) => Op::CameraCurve(CameraCurve::decoding(shape.clone()).inverted()),
            Curve::Linear { black, gain } => Op::Matrix(Matrix::new(
                [
                    [1.0 / gain, 0.0, 0.0],
                    [0.0, 1.0 / gain, 0.0],
                    [0.0, 0.0, 1.0 / gain],
                ],
                [*black; 3],
            )),
        }
    }
}

/// A camera's native RGB.
#[derive(Clone, Copy, Debug)]
pub enum Gamut {
    /// From primaries and white, adapted to the ACES white with `Cat`.
    Primaries(Chromaticities, Cat),
    /// The vendor's own camera RGB to AP0 matrix (column vectors).
    ToAp0([[f64; 3]; 3]),
}

impl Gamut {
    pub fn to_ap0(self) -> [[f64; 3]; 3] {
        match self {
            Gamut::Primaries(gamut, cat) => rgb_to_rgb_with(&gamut, &AP0, cat),
            Gamut::ToAp0(m) => m,
        }
    }

    fn ap0_to_camera(self) -> Option<[[f64; 3]; 3]> {
        match self {
            Gamut::Primaries(gamut, cat) => Some(rgb_to_rgb_with(&AP0, &gamut, cat)),
            Gamut::ToAp0(m) => invert(&m).ok(),
        }
    }
}

/// A camera encoding: its curve and its gamut.
pub struct Camera {
    /// The registry recipe argument (`camera_to_aces:<key>`).
    pub key: &'static str,
    pub name: &'static str,
    pub curve: fn() -> Curve,
    pub gamut: Gamut,
}

/// ARRI LogC3 at EI 800 (SUP 3 and later).
fn logc3_ei800() -> Curve {
    alexa::logc3(800.0)
}

/// ARRI LogC4: x = (log2(a·lin + 64) − 6)/14·b + c, with a smooth linear toe below lin = t.
fn logc4() -> Curve {
    let a = (2f64.powi(18) - 16.0) / 117.45;
    let b = (1023.0 - 95.0) / 1023.0;
    let c = 95.0 / 1023.0;
    let t = (2f64.powf(14.0 * (-c / b) + 6.0) - 64.0) / a;
    Curve::Log(CameraLog::new(
        2.0,
        b / 14.0,
        c - 6.0 * b / 14.0,
        a,
        64.0,
        t,
    ))
}

/// Sony S-Log3: x = (420 + 261.5·log10((lin + 0.01)/0.19))/1023 above lin = 0.01125, a straight
/// line from (0, 95/1023) below (not tangent: its slope is given).
fn slog3() -> Curve {
    let linear_slope = (171.210_294_692_9 - 95.0) / 0.011_25 / 1023.0;
    Curve::Log(CameraLog::with_linear_slope(
        10.0,
        261.5 / 1023.0,
        420.0 / 1023.0,
        1.0 / 0.19,
        0.01 / 0.19,
        0.011_25,
        Some(linear_slope),
    ))
}

/// Sony S-Log1 and S-Log2 (Sony's CSCs): with y = (code·max − black)/(white − black),
/// S-Log1 lin = 0.9·(10^((y − 0.646596)/0.432699) − 0.037584) and S-Log2 the same times 219/155,
/// from code value `ab` up; below it a straight line lin = 0.9·(y − 0.030001222851889303)/slope
/// (5 for S-Log1, 3.53881278538813 for S-Log2), which misses the log by 1e-5 at the break, as
/// published.
fn slog12(slog2: bool, twelve_bit: bool) -> Curve {
    let (max, black, ab, white) = if twelve_bit {
        (4095.0, 256.0, 360.0, 3760.0)
    } else {
        (1023.0, 64.0, 90.0, 940.0)
    };
    let (lin_gain, toe_slope) = if slog2 {
        (219.0 / 155.0, 3.538_812_785_388_13)
    } else {
        (1.0, 5.0)
    };
    // Code value x = (y·(white − black) + black)/max; y = 0.432699·log10(lin/(0.9·gain) + 0.037584) + 0.646596.
    let range = (white - black) / max;
    let log_side_slope = 0.432_699 * range;
    let log_side_offset = (0.616_596 + 0.03) * range + black / max;
    let lin_side_slope = 1.0 / (0.9 * lin_gain);
    let lin_side_offset = 0.037_584;
    // The break sits at code value ab: the linear value the log gives there.
    let y_break = (ab - black) / (white - black);
    let lin_break = (10f64.powf((y_break - 0.646_596) / 0.432_699) - 0.037_584) * 0.9 * lin_gain;
    let toe_y_offset = 0.030_001_222_851_889_303;
    let linear_slope = toe_slope / 0.9 * range;
    let toe_offset = toe_y_offset * range + black / max;
    Curve::Log(
        CameraLog::with_linear_slope(
            10.0,
            log_side_slope,
            log_side_offset,
            lin_side_slope,
            lin_side_offset,
            lin_break,
            Some(linear_slope),
        )
        .with_toe_offset(toe_offset),
    )
}

fn slog1_10i() -> Curve {
    slog12(false, false)
}
fn slog1_12i() -> Curve {
    slog12(false, true)
}
fn slog2_10i() -> Curve {
    slog12(true, false)
}
fn slog2_12i() -> Curve {
    slog12(true, true)
}

/// Panasonic V-Log: x = 0.241514·log10(lin + 0.00873) + 0.598206 above lin = 0.01, 5.6·lin + 0.125 below.
fn vlog() -> Curve {
    Curve::Log(CameraLog::with_linear_slope(
        10.0,
        0.241_514,
        0.598_206,
        1.0,
        0.008_73,
        0.01,
        Some(5.6),
    ))
}

/// RED Log3G10 (v3): x = 0.224282·log10(155.975327·(lin + 0.01) + 1), 15.1927·(lin + 0.01) below −0.01.
fn log3g10() -> Curve {
    let (a, b, c, g) = (0.224_282, 155.975_327, 0.01, 15.1927);
    Curve::Log(CameraLog::with_linear_slope(
        10.0,
        a,
        0.0,
        b,
        b * c + 1.0,
        -c,
        Some(g),
    ))
}

/// Blackmagic Film Gen 5: y = A·ln(lin + B) + C above lin = 0.005, D·lin + E below (the two
/// miss each other by 1e-5 at the break, as published).
fn bmdfilm_gen5() -> Curve {
    let (a, b, c, d) = (
        0.086_928_760_654_912_24,
        0.005_494_072_432_257_808,
        0.530_013_339_229_193_9,
        8.283_605_932_402_494,
    );
    let e = 0.092_465_753_424_657_53;
    Curve::Log(
        CameraLog::with_linear_slope(std::f64::consts::E, a, c, 1.0, b, 0.005, Some(d))
            .with_toe_offset(e),
    )
}

/// DJI D-Log as OpenColorIO's studio config writes it: x = 0.25666297·log10(0.9892·lin +
/// 0.0108) + 0.58455505 with a smooth toe below lin = 0.00758 (DJI's CTL toe, (x − 0.0929)/6.025
/// up to code 0.14, is within 1.7e-6 of it).
fn dlog() -> Curve {
    Curve::Log(CameraLog::new(
        10.0,
        0.256_662_970_719_888,
        0.584_555_049_073_96,
        0.9892,
        0.0108,
        0.007_580_786_75,
    ))
}

fn canon_log2() -> Curve {
    Curve::Shape(CurveShape::CanonLog2)
}
fn canon_log3() -> Curve {
    Curve::Shape(CurveShape::CanonLog3)
}
fn apple_log() -> Curve {
    Curve::Shape(CurveShape::AppleLog)
}

const fn d65(red: [f64; 2], green: [f64; 2], blue: [f64; 2], cat: Cat) -> Gamut {
    Gamut::Primaries(
        Chromaticities {
            red,
            green,
            blue,
            white: D65,
        },
        cat,
    )
}

/// A CTL matrix (row vectors, `mult_f3_f33(rgb, M)`) as a column-vector matrix.
const fn from_ctl(m: [[f64; 3]; 3]) -> Gamut {
    Gamut::ToAp0([
        [m[0][0], m[1][0], m[2][0]],
        [m[0][1], m[1][1], m[2][1]],
        [m[0][2], m[1][2], m[2][2]],
    ])
}

const AWG3: Gamut = d65([0.684, 0.313], [0.221, 0.848], [0.0861, -0.102], Cat::Cat02);
const CINEMA_GAMUT: Gamut = d65([0.74, 0.27], [0.17, 1.14], [0.08, -0.10], Cat::Cat02);
const BT2020_CAT02: Gamut = d65([0.708, 0.292], [0.170, 0.797], [0.131, 0.046], Cat::Cat02);
const BT2020_BRADFORD: Gamut = d65(
    [0.708, 0.292],
    [0.170, 0.797],
    [0.131, 0.046],
    Cat::Bradford,
);
/// Canon's matrices for Cinema Gamut and BT.2020 shot under studio tungsten (its CTL, as printed).
const CINEMA_GAMUT_TUNGSTEN: Gamut = Gamut::ToAp0([
    [0.817_416_293, 0.090_755_698, 0.091_828_009],
    [-0.035_361_374, 1.065_690_585, -0.030_329_211],
    [0.010_390_366, -0.299_271_107, 1.288_880_741],
]);
const BT2020_TUNGSTEN: Gamut = Gamut::ToAp0([
    [0.724_488_568, 0.115_140_904, 0.160_370_529],
    [0.010_659_276, 0.839_605_344, 0.149_735_380],
    [0.014_560_161, -0.028_562_057, 1.014_001_897],
]);
/// Sony's S-Gamut matrices (its CTL, row vectors).
const SGAMUT_SLOG1: Gamut = from_ctl([
    [0.754_338_638, 0.021_198_141, -0.009_756_991],
    [0.133_697_046, 1.005_410_934, 0.004_508_563],
    [0.111_968_437, -0.026_610_548, 1.005_253_201],
]);
const SGAMUT_DAYLIGHT: Gamut = from_ctl([
    [0.876_445_703_0, 0.077_407_534_5, 0.057_356_435_1],
    [0.014_541_168_1, 0.952_957_176_7, -0.115_106_633_5],
    [0.109_013_129_0, -0.030_364_711_1, 1.057_750_198_4],
]);
const SGAMUT_TUNGSTEN: Gamut = from_ctl([
    [1.011_023_874_0, 0.101_199_450_4, 0.060_076_653_0],
    [-0.136_252_605_1, 0.956_219_626_5, -0.101_018_531_5],
    [0.125_228_731_0, -0.057_419_076_9, 1.040_941_878_5],
]);

/// The cameras amfx knows by a fixed key (the ARRI family is parsed from its key, see [`alexa`]).
pub static CAMERAS: &[Camera] = &[
    Camera {
        key: "arri_logc3_ei800_awg3",
        name: "ARRI LogC3 (EI 800) ALEXA Wide Gamut 3",
        curve: logc3_ei800,
        gamut: AWG3,
    },
    Camera {
        key: "arri_logc4_awg4",
        name: "ARRI LogC4 ALEXA Wide Gamut 4",
        curve: logc4,
        gamut: d65(
            [0.7347, 0.2653],
            [0.1424, 0.8576],
            [0.0991, -0.0308],
            Cat::Cat02,
        ),
    },
    Camera {
        key: "sony_slog3_sgamut3",
        name: "Sony S-Log3 S-Gamut3",
        curve: slog3,
        gamut: d65([0.730, 0.280], [0.140, 0.855], [0.100, -0.050], Cat::Cat02),
    },
    Camera {
        key: "sony_slog3_sgamut3cine",
        name: "Sony S-Log3 S-Gamut3.Cine",
        curve: slog3,
        gamut: d65([0.766, 0.275], [0.225, 0.800], [0.089, -0.087], Cat::Cat02),
    },
    Camera {
        key: "sony_slog3_venice_sgamut3",
        name: "Sony S-Log3 Venice S-Gamut3",
        curve: slog3,
        gamut: d65(
            [0.740_464_264_304_292, 0.279_364_374_750_660],
            [0.089_241_145_423_286, 0.893_809_528_608_105],
            [0.110_488_236_673_827, -0.052_579_333_080_476],
            Cat::Cat02,
        ),
    },
    Camera {
        key: "sony_slog3_venice_sgamut3cine",
        name: "Sony S-Log3 Venice S-Gamut3.Cine",
        curve: slog3,
        gamut: d65(
            [0.775_901_871_567_345, 0.274_502_392_854_799],
            [0.188_682_902_773_355, 0.828_684_937_020_288],
            [0.101_337_382_499_301, -0.089_187_517_306_263],
            Cat::Cat02,
        ),
    },
    Camera {
        key: "sony_slog1_sgamut_10i",
        name: "Sony S-Log1 S-Gamut (10-bit)",
        curve: slog1_10i,
        gamut: SGAMUT_SLOG1,
    },
    Camera {
        key: "sony_slog1_sgamut_12i",
        name: "Sony S-Log1 S-Gamut (12-bit)",
        curve: slog1_12i,
        gamut: SGAMUT_SLOG1,
    },
    Camera {
        key: "sony_slog2_sgamut_daylight_10i",
        name: "Sony S-Log2 S-Gamut Daylight (10-bit)",
        curve: slog2_10i,
        gamut: SGAMUT_DAYLIGHT,
    },
    Camera {
        key: "sony_slog2_sgamut_daylight_12i",
        name: "Sony S-Log2 S-Gamut Daylight (12-bit)",
        curve: slog2_12i,
        gamut: SGAMUT_DAYLIGHT,
    },
    Camera {
        key: "sony_slog2_sgamut_tungsten_10i",
        name: "Sony S-Log2 S-Gamut Tungsten (10-bit)",
        curve: slog2_10i,
        gamut: SGAMUT_TUNGSTEN,
    },
    Camera {
        key: "sony_slog2_sgamut_tungsten_12i",
        name: "Sony S-Log2 S-Gamut Tungsten (12-bit)",
        curve: slog2_12i,
        gamut: SGAMUT_TUNGSTEN,
    },
    Camera {
        key: "canon_clog2_cgamut",
        name: "Canon Log 2 Cinema Gamut",
        curve: canon_log2,
        gamut: CINEMA_GAMUT,
    },
    Camera {
        key: "canon_clog3_cgamut",
        name: "Canon Log 3 Cinema Gamut",
        curve: canon_log3,
        gamut: CINEMA_GAMUT,
    },
    Camera {
        key: "canon_clog2_bt2020",
        name: "Canon Log 2 BT.2020",
        curve: canon_log2,
        gamut: BT2020_CAT02,
    },
    Camera {
        key: "canon_clog3_bt2020",
        name: "Canon Log 3 BT.2020",
        curve: canon_log3,
        gamut: BT2020_CAT02,
    },
    Camera {
        key: "canon_clog2_cgamut_tungsten",
        name: "Canon Log 2 Cinema Gamut (tungsten)",
        curve: canon_log2,
        gamut: CINEMA_GAMUT_TUNGSTEN,
    },
    Camera {
        key: "canon_clog3_cgamut_tungsten",
        name: "Canon Log 3 Cinema Gamut (tungsten)",
        curve: canon_log3,
        gamut: CINEMA_GAMUT_TUNGSTEN,
    },
    Camera {
        key: "canon_clog2_bt2020_tungsten",
        name: "Canon Log 2 BT.2020 (tungsten)",
        curve: canon_log2,
        gamut: BT2020_TUNGSTEN,
    },
    Camera {
        key: "canon_clog3_bt2020_tungsten",
        name: "Canon Log 3 BT.2020 (tungsten)",
        curve: canon_log3,
        gamut: BT2020_TUNGSTEN,
    },
    Camera {
        key: "apple_log_bt2020",
        name: "Apple Log (Rec.2020)",
        curve: apple_log,
        gamut: BT2020_BRADFORD,
    },
    Camera {
        key: "dji_dlog_dgamut",
        name: "DJI D-Log D-Gamut",
        curve: dlog,
        gamut: d65([0.71, 0.31], [0.21, 0.88], [0.09, -0.08], Cat::Cat02),
    },
    Camera {
        key: "bmdfilm_widegamut_gen5",
        name: "Blackmagic Film Wide Gamut (Gen 5)",
        curve: bmdfilm_gen5,
        gamut: Gamut::Primaries(
            Chromaticities {
                red: [0.717_721_5, 0.317_118_1],
                green: [0.228_041_0, 0.861_569_0],
                blue: [0.100_584_1, -0.082_045_2],
                white: [0.312_717_0, 0.329_031_2],
            },
            Cat::Cat02,
        ),
    },
    Camera {
        key: "panasonic_vlog_vgamut",
        name: "Panasonic V-Log V-Gamut",
        curve: vlog,
        gamut: d65(
            [0.730, 0.280],
            [0.165, 0.840],
            [0.100, -0.030],
            Cat::Bradford,
        ),
    },
    Camera {
        key: "red_log3g10_rwg",
        name: "RED Log3G10 REDWideGamutRGB",
        curve: log3g10,
        gamut: d65(
            [0.780_308, 0.304_253],
            [0.121_595, 1.493_994],
            [0.095_612, -0.084_589],
            Cat::Bradford,
        ),
    },
];

/// The curve and gamut a recipe key names: a fixed camera, or a member of the ALEXA family.
fn find(key: &str) -> Option<(Curve, Gamut)> {
    if let Some(camera) = CAMERAS.iter().find(|c| c.key == key) {
        return Some(((camera.curve)(), camera.gamut));
    }
    alexa::parse(key)
}

impl Camera {
    /// The camera gamut to AP0 matrix.
    pub fn to_ap0(&self) -> [[f64; 3]; 3] {
        self.gamut.to_ap0()
    }
}

/// Camera code values to ACES2065-1.
pub fn camera_to_aces(key: &str) -> Option<Vec<Op>> {
    let (curve, gamut) = find(key)?;
    Some(vec![
        curve.decode(),
        Op::Matrix(Matrix::from_rows(gamut.to_ap0())),
    ])
}

/// ACES2065-1 to camera code values.
pub fn aces_to_camera(key: &str) -> Option<Vec<Op>> {
    let (curve, gamut) = find(key)?;
    Some(vec![
        Op::Matrix(Matrix::from_rows(gamut.ap0_to_camera()?)),
        curve.encode(),
    ])
}

/// ARRI ALEXA (ACES 1.x IDTs): LogC3 for SUP 3 and later at any exposure index, LogC for SUP 2
/// (whose matrix depended on the white balance) and ARRIRAW, all derived as ARRI's IDT makers
/// (`v2_IDT_maker.py`, `v3_IDT_maker.py` in the ACES 1.x repository) derive them.
///
/// Keys: `alexa_v3_logc_ei<EI>`, `alexa_v2_logc_ei<EI>_cct<K>`, `alexa_v3_raw_ei<EI>_cct<K>`,
/// `alexa_v3_raw_ei<EI>_cct<K>_nd1pt3`, `alexa_v2_raw_ei<EI>_cct<K>`.
pub mod alexa {
    use super::{Curve, Gamut, AWG3};
    use crate::aces::camera_curves::{CurveShape, Rolloff};
    use crate::ops::CameraLog;

    /// ARRI's white balances (kelvin) with their camera RGB to ACES matrices (row by row), from
    /// `AlexaParameters-2013-Nov-13/Alexa_aces_matrix.txt`.
    #[rustfmt::skip]
    const WHITE_BALANCES: [(u32, [f64; 9]); 17] = [
        (2000, [0.794897107149328, 0.0446747191883904, 0.160428173662281, -0.0202960643604225, 1.07798071745591, -0.0576846530954834, 0.0121453532812099, -0.384828599780413, 1.3726832464992]),
        (2100, [0.792199685571551, 0.0486646155685969, 0.159135698859852, -0.0104922582769094, 1.06636021834339, -0.0558679600664835, 0.0168245412005789, -0.382242661698203, 1.36541812049762]),
        (2200, [0.789938657534851, 0.0530207383194212, 0.157040604145727, -0.00209169193457648, 1.05777777531815, -0.0556860833835758, 0.020442022387559, -0.377958889482918, 1.35751686709536]),
        (2400, [0.786508596485043, 0.0620523427771499, 0.151439060737807, 0.0115369760347086, 1.04692946888192, -0.0584664449166256, 0.0255540396157172, -0.367168074180491, 1.34161403456477]),
        (2600, [0.784282425393155, 0.0708653982051438, 0.144852176401701, 0.0221220318446803, 1.04163080601817, -0.0637528378628531, 0.0289164864621629, -0.355788751363901, 1.32687226490174]),
        (2900, [0.782718884835416, 0.0830219543811372, 0.134259160783447, 0.0342476248756054, 1.03981089974009, -0.0740585246156907, 0.0322043829165682, -0.340046190982439, 1.30784180806587]),
        (3200, [0.782790297238693, 0.0937232565747179, 0.123486446186589, 0.0434306086492209, 1.04223613314737, -0.0856667417965932, 0.0343854007454525, -0.326686897154773, 1.29230149640932]),
        (3500, [0.784064908152809, 0.10305977074015, 0.112875321107041, 0.0506901089918928, 1.04701644132161, -0.0977065503134989, 0.0359866418000151, -0.315606593030238, 1.27961995123022]),
        (3900, [0.787079941134249, 0.113685941871022, 0.0992341169947286, 0.0583726024256764, 1.05532979070457, -0.113702393130244, 0.0376260980590314, -0.303743415591469, 1.26611731753244]),
        (4300, [0.785818661040416, 0.128108236487693, 0.0860731024718911, 0.0624282645231129, 1.06054238792606, -0.122970652449168, 0.0390345456225916, -0.303019979023257, 1.26398543340067]),
        (4700, [0.788969413513044, 0.137209469164831, 0.0738211173221253, 0.0677121832378011, 1.06923214788195, -0.136944331119749, 0.0403140523987221, -0.294560413052941, 1.25424636065422]),
        (5100, [0.793040979079864, 0.144786685847665, 0.0621723350724709, 0.0722278454450305, 1.0783170220376, -0.150544867482628, 0.0414171296741046, -0.287641317142828, 1.24622418746872]),
        (5600, [0.7988568404866, 0.152588521772288, 0.048554637741112, 0.0770158157317898, 1.08970778432091, -0.166723600052704, 0.0426049283386533, -0.280736426622673, 1.23813149828402]),
        (6500, [0.809931384483192, 0.162740560901002, 0.0273280546158063, 0.0837308955997526, 1.10866655599266, -0.192397451592416, 0.0441664298980037, -0.272037991798666, 1.22787156190066]),
        (7500, [0.821930076628498, 0.171790752888039, 0.00627917048346317, 0.0895220617501059, 1.12853132338089, -0.218053385130993, 0.0458508922292679, -0.265380393299368, 1.2195295010701]),
        (9000, [0.837608965550782, 0.180630417021868, -0.0182393825726498, 0.0956392372162965, 1.15255388516256, -0.248193122378861, 0.0475382091154562, -0.259447853730707, 1.21190964461525]),
        (11000, [0.85415841761627, 0.18830616058631, -0.0424645782025801, 0.1011065757364, 1.17694879878061, -0.278055374517015, 0.0491118667532789, -0.25503968938492, 1.20592782263164]),
    ];

    /// The same for the ALEXA Studio's internal ND 1.3 filter (`Alexa-st-nd-aces_matrix.txt`).
    #[rustfmt::skip]
    const WHITE_BALANCES_ND: [(u32, [f64; 9]); 17] = [
        (2000, [0.754107821331119, 0.0883375875517086, 0.157554591117173, -0.044582741510936, 1.08635370334894, -0.0417709618380039, 0.00382064014491333, -0.576332845758966, 1.57251220561405]),
        (2100, [0.752502953796036, 0.0893275994089008, 0.158169446795063, -0.0317474425410304, 1.06994681665985, -0.0381993741188177, 0.0167271600412407, -0.574303172208771, 1.55757601216753]),
        (2200, [0.75104059508573, 0.0914693152282108, 0.157490089686059, -0.0209373228354742, 1.05776521701093, -0.0368278941754549, 0.026912411913694, -0.569793229179384, 1.54288081726569]),
        (2400, [0.748486362585093, 0.0975625688039218, 0.153951068610985, -0.00382970251356118, 1.0419911895818, -0.0381614870682426, 0.0416387809513661, -0.557293657802714, 1.51565487685135]),
        (2600, [0.74640268401676, 0.10460454267072, 0.14899277331252, 0.00902673611351476, 1.0335756136084, -0.0426023497219191, 0.0515081475287809, -0.543492911267321, 1.49198476373854]),
        (2900, [0.744124890053248, 0.115193887557785, 0.140681222388966, 0.0232109005827809, 1.02883102328168, -0.0520419238644577, 0.0611654598013681, -0.523913270036783, 1.46274781023542]),
        (3200, [0.742758024432663, 0.124956578989576, 0.132285396577761, 0.0335025036387747, 1.02940408854049, -0.0629065921792693, 0.0673896983802174, -0.506999677449941, 1.43960997906972]),
        (3500, [0.742146817527031, 0.133637141176776, 0.124216041296194, 0.0413246059203607, 1.0328690723201, -0.0741936782404654, 0.0717261941348008, -0.492800864530799, 1.421074670396]),
        (3900, [0.742243432280488, 0.143577745346415, 0.114178822373097, 0.049267162740309, 1.0398579892377, -0.0891251519780104, 0.0758463042612005, -0.477437912640207, 1.40159160837901]),
        (4300, [0.739342924847741, 0.158938653724843, 0.101718421427416, 0.0543543917526922, 1.0418848779467, -0.096239269699395, 0.0752440559642476, -0.464281682985038, 1.38903762702079]),
        (4700, [0.7392313547603, 0.167716369548268, 0.0930522756914322, 0.0593589213090176, 1.04988281403475, -0.109241735343766, 0.0779205592566986, -0.453619563863108, 1.37569900460641]),
        (5100, [0.740046703231306, 0.174896891609694, 0.0850564051589992, 0.0634778492532922, 1.05830039810319, -0.121778247356481, 0.080130238001595, -0.444917575805394, 1.3647873378038]),
        (5600, [0.741899082377154, 0.182159929293229, 0.0759409883296168, 0.0676946370314319, 1.0688798646777, -0.136574501709133, 0.0824110718127104, -0.436201361826169, 1.35379029001346]),
        (6500, [0.746377591720253, 0.191244170168909, 0.0623782381108378, 0.0733839079808591, 1.08634425740488, -0.159728165385743, 0.0854243581332346, -0.425092422731921, 1.33966806459869]),
        (7500, [0.751850275881271, 0.199409800495577, 0.0487399236231509, 0.0780387544172315, 1.10490710447635, -0.18294585889358, 0.0882140232687818, -0.416536556779603, 1.32832253351082]),
        (9000, [0.759491261037105, 0.207031364020257, 0.0334773749426382, 0.0827802101706238, 1.12713330000752, -0.209913510178141, 0.0910619760817112, -0.40879586601605, 1.31773388993434]),
        (11000, [0.767865379598562, 0.213487725624869, 0.0186468947765691, 0.0868609513681309, 1.14965743518996, -0.236518386558091, 0.0936637579031503, -0.402992329498446, 1.3093285715953]),
    ];

    /// The exposure indexes ARRI published IDTs for (SUP 2 stops at 1600).
    pub const EXPOSURE_INDEXES: [u32; 14] = [
        160, 200, 250, 320, 400, 500, 640, 800, 1000, 1280, 1600, 2000, 2560, 3200,
    ];

    /// LogC3 (SUP 3 and later) at exposure index `ei`. With g = EI/400 the encoding gain is
    /// 0.525·500/1023·(1 − 0.11·log2(g)/3); the black offset `nz` is refined three times so that
    /// sensor black lands on code 95/1023; then code = gain·log10(lin/0.18 + nz) + offset above
    /// the cut (sensor value 1/9), its tangent below. Where the sensor clip would land above
    /// code 1 (EI 1600 and up) ARRI rolls the top fifth of the code values off with a cubic.
    pub fn logc3(ei: f64) -> Curve {
        let (log, clip) = logc3_parameters(ei);
        if clip > 1.0 {
            Curve::Shape(CurveShape::ArriLogC3Rolloff {
                log,
                rolloff: Rolloff::new(clip),
            })
        } else {
            Curve::Log(log)
        }
    }

    /// The LogC3 camera log at `ei` and where its sensor clip lands, in code values.
    pub fn logc3_parameters(ei: f64) -> (CameraLog, f64) {
        let nominal_ei = 400.0;
        let black_signal = 16.0 / 4095.0;
        let mid_gray_signal = 0.01;
        let encoding_gain = 500.0 / 1023.0 * 0.525;
        let encoding_offset = 400.0 / 1023.0;
        let cut: f64 = 1.0 / 9.0;
        let slope = 1.0 / (cut * std::f64::consts::LN_10);
        let offset = cut.log10() - slope * cut;
        let gain = ei / nominal_ei;
        let gray = mid_gray_signal / gain;
        let enc_gain = (gain.log2() * (0.89 - 1.0) / 3.0 + 1.0) * encoding_gain;
        let mut enc_offset = encoding_offset;
        let mut nz = 0.0;
        for _ in 0..3 {
            nz = ((95.0 / 1023.0 - enc_offset) / enc_gain - offset) / slope;
            enc_offset = encoding_offset - (1.0 + nz).log10() * enc_gain;
        }
        let clip = ((1.0 - black_signal) / gray + nz).log10() * enc_gain + enc_offset;
        let log = CameraLog::new(
            10.0,
            enc_gain,
            enc_offset,
            1.0 / 0.18,
            nz,
            (cut - nz) * 0.18,
        );
        (log, clip)
    }

    /// Python's `%f`: six decimals, which is how the SUP 2 IDTs print every constant.
    fn printed(x: f64) -> f64 {
        (x * 1e6).round() / 1e6
    }

    /// LogC for SUP 2 at exposure index `ei`: code = c·log10(a·lin + b) + d above the code of
    /// sensor black, below it a straight line with the slope of the first code value step (not
    /// the log's tangent).
    pub fn logc2(ei: f64) -> Curve {
        let nominal_ei = 400.0;
        let black_signal = 0.003_907;
        let black_offset = 0.000_977;
        let mid_gray_signal = 0.01;
        let encoding_gain = 0.256_598;
        let encoding_offset = 0.391_007;
        let gain = ei / nominal_ei;
        let enc_gain = (gain.log2() * (0.89 - 1.0) / 3.0 + 1.0) * encoding_gain;
        let mid_gray = mid_gray_signal + black_offset;
        let log_exposure = |x: f64| {
            (((x - black_signal) * gain + black_offset) / mid_gray).log10() * enc_gain
                + encoding_offset
        };
        let f16 = log_exposure(black_signal);
        let f17 = log_exposure(black_signal + 1.0 / 4095.0);
        let exposure = gain * (0.18 / mid_gray_signal);
        let cut = printed(f16);
        let (a, b) = (
            printed((gain / mid_gray) / exposure),
            printed(black_offset / mid_gray),
        );
        let (c, d) = (printed(enc_gain), printed(encoding_offset));
        let e = printed(4095.0 * (f17 - f16) / exposure);
        let lin_break = (10f64.powf((cut - d) / c) - b) / a;
        // The line meets the log at the cut (both give 0 there, up to the printed rounding,
        // 1e-7), so CLF's camera log, which joins them, holds it exactly enough.
        Curve::Log(CameraLog::with_linear_slope(
            10.0,
            c,
            d,
            a,
            b,
            lin_break,
            Some(e),
        ))
    }

    /// ARRIRAW: black-subtracted, scaled so that mid grey lands on 0.18 at the exposure index.
    fn raw(ei: f64) -> Curve {
        Curve::Linear {
            black: 256.0 / 65535.0,
            gain: 0.18 / (0.01 * (400.0 / ei)),
        }
    }

    /// The camera RGB to ACES matrix for a published white balance (SUP 2 rounds it to six
    /// decimals, as its IDTs print it).
    fn white_balance(cct: u32, nd: bool, sup2: bool) -> Option<Gamut> {
        let table = if nd {
            &WHITE_BALANCES_ND
        } else {
            &WHITE_BALANCES
        };
        let (_, m) = table.iter().find(|(k, _)| *k == cct)?;
        let round = |x: f64| if sup2 { printed(x) } else { x };
        Some(Gamut::ToAp0([
            [round(m[0]), round(m[1]), round(m[2])],
            [round(m[3]), round(m[4]), round(m[5])],
            [round(m[6]), round(m[7]), round(m[8])],
        ]))
    }

    /// The curve and gamut of an ALEXA key.
    pub(super) fn parse(key: &str) -> Option<(Curve, Gamut)> {
        let rest = key.strip_prefix("alexa_")?;
        let (sup2, rest) = if let Some(r) = rest.strip_prefix("v2_") {
            (true, r)
        } else {
            (false, rest.strip_prefix("v3_")?)
        };
        let (logc, rest) = if let Some(r) = rest.strip_prefix("logc_") {
            (true, r)
        } else {
            (false, rest.strip_prefix("raw_")?)
        };
        let mut parts = rest.split('_');
        let ei: u32 = parts.next()?.strip_prefix("ei")?.parse().ok()?;
        if !EXPOSURE_INDEXES.contains(&ei) || (sup2 && ei > 1600) {
            return None;
        }
        let cct: Option<u32> = match parts.next() {
            Some(p) => Some(p.strip_prefix("cct")?.parse().ok()?),
            None => None,
        };
        let nd = match parts.next() {
            Some("nd1pt3") if !sup2 && !logc => true,
            Some(_) => return None,
            None => false,
        };
        if parts.next().is_some() {
            return None;
        }
        let ei = ei as f64;
        match (sup2, logc, cct) {
            // SUP 3 LogC does not depend on the white balance.
            (false, true, None) => Some((logc3(ei), AWG3)),
            (true, true, Some(cct)) => Some((logc2(ei), white_balance(cct, false, true)?)),
            (_, false, Some(cct)) => Some((raw(ei), white_balance(cct, nd, sup2)?)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_close(key: &str, want: [[f64; 3]; 3]) {
        let got = find(key).unwrap().1.to_ap0();
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
        assert_close(
            "canon_clog2_cgamut",
            [
                [0.7630644548, 0.1490211611, 0.0879143841],
                [0.0036574567, 1.1069603804, -0.1106178371],
                [-0.0094077940, -0.2183833050, 1.2277910990],
            ],
        );
        assert_close(
            "apple_log_bt2020",
            [
                [0.6790856347, 0.1577009146, 0.1632134506],
                [0.0460020031, 0.8590546730, 0.0949433239],
                [-0.0005739432, 0.0284677684, 0.9721061748],
            ],
        );
        assert_close(
            "dji_dlog_dgamut",
            [
                [0.6912792456, 0.2143825277, 0.0943382267],
                [0.0662224038, 1.0116160802, -0.0778384840],
                [-0.0172985410, -0.0773788501, 1.0946773911],
            ],
        );
    }

    #[test]
    fn canon_daylight_matrices_are_the_derived_ones_canon_prints() {
        // Canon's ACES 1.x IDTs print the D55 (daylight) matrices to nine decimals.
        let cinema = find("canon_clog3_cgamut").unwrap().1.to_ap0();
        let bt2020 = find("canon_clog2_bt2020").unwrap().1.to_ap0();
        let printed_cinema = [
            [0.763064455, 0.149021161, 0.087914384],
            [0.003657457, 1.106960380, -0.110617837],
            [-0.009407794, -0.218383305, 1.227791099],
        ];
        let printed_bt2020 = [
            [0.678891151, 0.158868422, 0.162240427],
            [0.045570831, 0.860712772, 0.093716397],
            [-0.000485710, 0.025060196, 0.975425515],
        ];
        for i in 0..3 {
            for j in 0..3 {
                assert!((cinema[i][j] - printed_cinema[i][j]).abs() < 6e-10);
                assert!((bt2020[i][j] - printed_bt2020[i][j]).abs() < 6e-10);
            }
        }
    }

    fn decode(curve: &Curve, x: f32) -> f32 {
        curve.decode().eval([x; 3])[0]
    }

    #[test]
    fn curves_put_mid_grey_where_the_vendors_say() {
        // Published 18% grey code values: LogC3 EI800 0.391, S-Log3 420/1023, V-Log 0.423,
        // Log3G10 1/3; S-Log2 and S-Log1 (10-bit) 347 and 394 of 1023 (Sony's tables).
        let grey = |curve: Curve| curve.encode().eval([0.18; 3])[0] as f64;
        assert!((grey(logc3_ei800()) - 0.3910).abs() < 2e-4);
        assert!((grey(slog3()) - 420.0 / 1023.0).abs() < 1e-6);
        assert!((grey(vlog()) - 0.4233).abs() < 2e-4);
        assert!((grey(log3g10()) - 0.3333).abs() < 2e-4);
        assert!((grey(slog2_10i()) * 1023.0 - 347.0).abs() < 1.0);
        assert!((grey(slog1_10i()) * 1023.0 - 394.0).abs() < 1.0);
    }

    #[test]
    fn slog3_toe_starts_at_code_95() {
        let Curve::Log(log) = slog3() else {
            panic!("S-Log3 is a camera log")
        };
        assert!((log.lin_to_log(0.0) as f64 - 95.0 / 1023.0).abs() < 1e-6);
    }

    #[test]
    fn sony_slog12_follow_the_ctl_on_both_sides_of_the_break() {
        // Sony's CTL, evaluated in f64 at code values each side of code 90 (10-bit) / 360 (12-bit).
        let ctl = |code: f64, slog2: bool, bits12: bool| {
            let (max, b, ab, w) = if bits12 {
                (4095.0, 256.0, 360.0, 3760.0)
            } else {
                (1023.0, 64.0, 90.0, 940.0)
            };
            let s = code * max;
            let y = (s - b) / (w - b);
            let gain = if slog2 { 219.0 / 155.0 } else { 1.0 };
            let toe = if slog2 { 3.538_812_785_388_13 } else { 5.0 };
            if s >= ab {
                gain * (10f64.powf((y - 0.616_596 - 0.03) / 0.432_699) - 0.037_584) * 0.9
            } else {
                (y - 0.030_001_222_851_889_303) / toe * 0.9
            }
        };
        for (slog2, bits12) in [(false, false), (false, true), (true, false), (true, true)] {
            let curve = slog12(slog2, bits12);
            for code in [0.0, 0.05, 0.08, 0.0875, 0.09, 0.2, 0.5, 0.9, 1.0] {
                let want = ctl(code, slog2, bits12);
                let got = decode(&curve, code as f32) as f64;
                assert!(
                    (got - want).abs() <= 1e-6 * want.abs().max(1.0),
                    "S-Log{} {}-bit at {code}: {got} vs {want}",
                    if slog2 { 2 } else { 1 },
                    if bits12 { 12 } else { 10 }
                );
            }
        }
    }

    #[test]
    fn logc3_constants_match_arri_and_opencolorio() {
        // EI 800: OpenColorIO's closed form (c = 0.2471896383, d = 0.3855369987, b = 0.0522722750).
        let (log, clip) = alexa::logc3_parameters(800.0);
        assert!((log.log_side_slope - 0.247_189_638_3).abs() < 1e-10);
        assert!((log.log_side_offset - 0.385_536_998_7).abs() < 1e-10);
        assert!((log.lin_side_offset - 0.052_272_275_0).abs() < 1e-10);
        assert!(clip < 1.0);
        // Entries of the 65536-entry tables in ARRI's IDT.ARRI.Alexa-v3-logC-EI*.ctl (index/65535).
        let tables: [(f64, [(u32, f64); 6]); 4] = [
            (
                160.0,
                [
                    (0, -1.5881120996288e-02),
                    (13107, 2.3476385831023e-02),
                    (32768, 4.7979985325573e-01),
                    (52428, 6.4272831431322e+00),
                    (58982, 1.5146572524724e+01),
                    (65535, 3.5663326871815e+01),
                ],
            ),
            (
                800.0,
                [
                    (0, -1.7290485423517e-02),
                    (13107, 2.2556883508958e-02),
                    (32768, 5.1342136542959e-01),
                    (52428, 8.5407275306431e+00),
                    (58982, 2.1695182500117e+01),
                    (65535, 5.5080043089900e+01),
                ],
            ),
            (
                1600.0,
                [
                    (0, -1.7977475615912e-02),
                    (13107, 2.2453885415558e-02),
                    (32768, 5.3025197424481e-01),
                    (52428, 9.8053864073976e+00),
                    (58982, 2.6173747058312e+01),
                    (65535, 7.1718681318681e+01),
                ],
            ),
            (
                3200.0,
                [
                    (0, -1.8721255080836e-02),
                    (13107, 2.2571161026542e-02),
                    (32768, 5.4879903804806e-01),
                    (52428, 1.1382595993079e+01),
                    (58982, 3.4930674267805e+01),
                    (65535, 1.4343736263736e+02),
                ],
            ),
        ];
        for (ei, entries) in tables {
            let curve = alexa::logc3(ei);
            for (index, want) in entries {
                let got = decode(&curve, (index as f64 / 65535.0) as f32) as f64;
                assert!(
                    (got - want).abs() <= 2e-6 * want.abs().max(1.0),
                    "EI {ei} entry {index}: {got} vs {want}"
                );
            }
        }
    }

    #[test]
    fn logc2_constants_match_arris_sup2_idts() {
        // IDT.ARRI.Alexa-v2-logC-EI800-CCT5600 and -EI160-CCT3200, as printed.
        for (ei, cut, c, e) in [
            (800.0, 0.131_313, 0.247_189, 4.950_469),
            (160.0, 0.108_361, 0.269_035, 6.332_427),
        ] {
            let Curve::Log(log) = alexa::logc2(ei) else {
                panic!("SUP 2 LogC is a camera log")
            };
            assert_eq!(log.log_side_slope, c);
            assert_eq!(log.log_side_offset, 0.391_007);
            assert_eq!(log.lin_side_slope, 5.061_087);
            assert_eq!(log.lin_side_offset, 0.089_004);
            assert!((log.linear_slope() - e).abs() < 1e-6);
            // The toe: (x − cut)/e, zero at the cut.
            let toe_zero = Curve::Log(log.clone()).decode().eval([cut as f32; 3])[0];
            assert!(toe_zero.abs() < 1e-6, "{toe_zero}");
        }
        let Some((_, gamut)) = alexa::parse("alexa_v2_logc_ei800_cct5600") else {
            panic!("parses")
        };
        let m = gamut.to_ap0();
        assert_eq!(m[0], [0.798_857, 0.152_589, 0.048_555]);
        assert_eq!(m[2], [0.042_605, -0.280_736, 1.238_131]);
    }

    #[test]
    fn alexa_keys_parse_only_what_arri_published() {
        for key in [
            "alexa_v3_logc_ei160",
            "alexa_v3_logc_ei3200",
            "alexa_v2_logc_ei1600_cct11000",
            "alexa_v3_raw_ei2560_cct2000",
            "alexa_v3_raw_ei800_cct5600_nd1pt3",
            "alexa_v2_raw_ei400_cct3200",
        ] {
            assert!(alexa::parse(key).is_some(), "{key}");
        }
        for key in [
            "alexa_v3_logc_ei801",
            "alexa_v2_logc_ei3200_cct5600",
            "alexa_v2_logc_ei800",
            "alexa_v3_logc_ei800_cct5600",
            "alexa_v3_raw_ei800_cct5601",
            "alexa_v2_raw_ei800_cct5600_nd1pt3",
            "alexa_v3_raw_ei800_cct5600_nd1pt3_x",
            "alexa_v4_logc_ei800",
        ] {
            assert!(alexa::parse(key).is_none(), "{key}");
        }
    }

    #[test]
    fn arriraw_matches_the_ctl() {
        // IDT.ARRI.Alexa-v3-raw-EI800-CCT5600-ND1pt3: (x − 256/65535)·18 then ARRI's matrix.
        let ops = camera_to_aces("alexa_v3_raw_ei800_cct5600_nd1pt3").unwrap();
        let pipeline = crate::pipeline::Pipeline::new(ops);
        let x = [0.02f32, 0.01, 0.005];
        let lin = x.map(|v| (v as f64 - 256.0 / 65535.0) * 0.18 / (0.01 * 0.5));
        let m = [
            [
                7.4189908237715e-01,
                1.8215992929323e-01,
                7.5940988329617e-02,
            ],
            [
                6.7694637031432e-02,
                1.0688798646777e+00,
                -1.3657450170913e-01,
            ],
            [
                8.2411071812710e-02,
                -4.3620136182617e-01,
                1.3537902900135e+00,
            ],
        ];
        let got = pipeline.eval_rgb(x);
        for i in 0..3 {
            let want: f64 = (0..3).map(|j| m[i][j] * lin[j]).sum();
            assert!((got[i] as f64 - want).abs() < 1e-6, "{got:?}");
        }
    }
}
