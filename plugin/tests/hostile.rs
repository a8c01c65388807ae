//! Hostile input: every case ends in a defined outcome (an error naming the problem, or a stated
//! output), within a time bound and, where a case could allocate, a memory bound.
//!
//! Memory is the growth of this process's peak RSS (VmHWM) over the case. nextest runs each
//! test in its own process, so the figure is the case's own; under `cargo test` the tests share
//! one process and the bound is looser than it reads.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use amfx::amf::{self, Limits};
use amfx::clf;
use amfx::kernel::{render_with, ImageView, Layout, Rect, RenderOptions, Sample};
use amfx::pipeline::{self, BuildOptions, Pipeline};

/// Peak resident memory of this process, in kB (0 where /proc is not there).
fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// Runs `case` on its own thread and fails if it takes longer than `seconds` (a hang fails the
/// test instead of blocking it) or grows peak memory by more than `max_mb`. Debug builds get
/// six times longer: quick-xml unoptimised scans a 50 MB tag at about 10 MB/s.
fn bounded<T: Send + 'static>(
    what: &str,
    seconds: u64,
    max_mb: u64,
    case: impl FnOnce() -> T + Send + 'static,
) -> T {
    let before = peak_rss_kb();
    let start = Instant::now();
    let seconds = if cfg!(debug_assertions) {
        seconds * 6
    } else {
        seconds
    };
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = send.send(case());
    });
    let out = match receive.recv_timeout(Duration::from_secs(seconds)) {
        Ok(out) => out,
        Err(_) => panic!("{what}: no answer within {seconds} s (hangs?)"),
    };
    let grown_mb = peak_rss_kb().saturating_sub(before) / 1024;
    assert!(
        grown_mb <= max_mb,
        "{what}: peak memory grew by {grown_mb} MB (bound {max_mb} MB)"
    );
    eprintln!("{what}: {:?}, +{grown_mb} MB peak", start.elapsed());
    out
}

/// A scratch folder for one test, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("amfx-hostile-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch folder");
        Scratch(dir)
    }

    fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, bytes).expect("write a scratch file");
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
}

const VALID_AMF: &str = include_str!("data/amf/valid_v2.amf");

/// A small AMF 2.0 whose pipeline is the given look transforms (and an ACEScg input).
fn amf_with_looks(looks: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<aces:acesMetadataFile xmlns:aces="urn:ampas:aces:amf:v2.0" xmlns:cdl="urn:ASC:CDL:v1.01" version="2.0">
  <aces:amfInfo><aces:uuid>urn:uuid:11111111-1111-4111-8111-111111111111</aces:uuid></aces:amfInfo>
  <aces:pipeline>
    <aces:pipelineInfo><aces:uuid>urn:uuid:22222222-2222-4222-8222-222222222222</aces:uuid>
      <aces:systemVersion><aces:majorVersion>2</aces:majorVersion><aces:minorVersion>0</aces:minorVersion><aces:patchVersion>0</aces:patchVersion></aces:systemVersion>
    </aces:pipelineInfo>
    <aces:inputTransform applied="false">
      <aces:transformId>urn:ampas:aces:transformId:v2.0:CSC.Academy.ACEScg_to_ACES.a2.v1</aces:transformId>
    </aces:inputTransform>
{looks}
  </aces:pipeline>
</aces:acesMetadataFile>
"#
    )
}

fn look_file(reference: &str) -> String {
    format!("    <aces:lookTransform applied=\"false\"><aces:file>{reference}</aces:file></aces:lookTransform>")
}

fn look_cdl(slope: &str, offset: &str, power: &str, saturation: &str) -> String {
    format!(
        r#"    <aces:lookTransform applied="false">
      <aces:cdlWorkingSpace><aces:fromCdlWorkingSpace><aces:transformId>urn:ampas:aces:transformId:v2.0:CSC.Academy.ACEScct_to_ACES.a2.v1</aces:transformId></aces:fromCdlWorkingSpace></aces:cdlWorkingSpace>
      <cdl:SOPNode><cdl:Slope>{slope}</cdl:Slope><cdl:Offset>{offset}</cdl:Offset><cdl:Power>{power}</cdl:Power></cdl:SOPNode>
      <cdl:SatNode><cdl:Saturation>{saturation}</cdl:Saturation></cdl:SatNode>
    </aces:lookTransform>"#
    )
}

fn clf_doc(body: &str) -> String {
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ProcessList id=\"hostile\" compCLFversion=\"3.0\">\n{body}\n</ProcessList>\n")
}

const IDENTITY_MATRIX: &str = r#"<Matrix inBitDepth="32f" outBitDepth="32f"><Array dim="3 3">1 0 0 0 1 0 0 0 1</Array></Matrix>"#;

fn read_amf(text: impl AsRef<[u8]>) -> Result<amf::Document, String> {
    amf::read_bytes(text.as_ref(), Path::new("hostile.amf"), Limits::default())
        .map_err(|e| e.to_string())
}

fn amf_error(text: impl AsRef<[u8]>) -> String {
    match read_amf(text) {
        Ok(_) => panic!("the hostile AMF was accepted"),
        Err(message) => message,
    }
}

fn assert_names(message: &str, needle: &str) {
    assert!(
        message.contains(needle),
        "expected '{needle}' in: {message}"
    );
}

/// Builds the AMF (written into `dir`) and returns the build error's message.
fn build_error(dir: &Scratch, amf_text: &str) -> String {
    let path = dir.write("hostile.amf", amf_text);
    let document = amf::read_file(&path).expect("the AMF itself is fine");
    match pipeline::build(&document.amf, &path, &BuildOptions::default()) {
        Ok(_) => panic!("the build succeeded"),
        Err(e) => e.to_string(),
    }
}

// ---- XML attacks -----------------------------------------------------------------------------

#[test]
fn billion_laughs_is_refused_without_expansion() {
    let mut dtd = String::from("<!DOCTYPE aces:acesMetadataFile [\n<!ENTITY lol0 \"lol\">\n");
    for i in 1..10 {
        let prev = format!("&lol{};", i - 1);
        dtd += &format!("<!ENTITY lol{i} \"{}\">\n", prev.repeat(10));
    }
    dtd += "]>\n";
    let text = VALID_AMF.replacen(
        "<aces:acesMetadataFile",
        &format!("{dtd}<aces:acesMetadataFile"),
        1,
    );
    let text = text.replacen("amfx test", "&lol9;", 1);
    let message = bounded("billion laughs (AMF)", 2, 16, move || amf_error(text));
    assert_names(&message, "DOCTYPE with declarations is not allowed");

    let clf_text = format!("<?xml version=\"1.0\"?>\n{dtd}<ProcessList id=\"x\" compCLFversion=\"3\"><Description>&lol9;</Description>{IDENTITY_MATRIX}</ProcessList>");
    let error = bounded("billion laughs (CLF)", 2, 16, move || {
        clf::read_str(&clf_text, "lol.clf").expect_err("refused")
    });
    assert_names(
        &error.to_string(),
        "DTDs and entity declarations are not allowed",
    );
}

#[test]
fn external_entities_are_never_fetched() {
    let text = VALID_AMF
        .replacen(
            "<aces:acesMetadataFile",
            "<!DOCTYPE aces:acesMetadataFile [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n<aces:acesMetadataFile",
            1,
        )
        .replacen("amfx test", "&xxe;", 1);
    let message = amf_error(&text);
    assert_names(&message, "DOCTYPE with declarations is not allowed");
    assert!(!message.contains("root:"), "{message}");

    // The reference alone, without its declaration.
    let message = amf_error(VALID_AMF.replacen("amfx test", "&xxe;", 1));
    assert_names(&message, "entity '&xxe;' is not allowed");

    let clf_text = clf_doc(&format!(
        "<Description>&xxe;</Description>{IDENTITY_MATRIX}"
    ));
    let error = clf::read_str(&clf_text, "xxe.clf").expect_err("refused");
    assert_names(&error.to_string(), "entity reference &xxe; is not allowed");
}

#[test]
fn deep_nesting_stops_at_the_depth_cap() {
    let depth = 100_000;
    let nested = format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth));
    let text = VALID_AMF.replacen("<aces:description>amfx test</aces:description>", &nested, 1);
    let message = bounded("1e5-deep AMF", 2, 32, move || amf_error(text));
    assert_names(&message, "nested deeper than 32 levels");

    let clf_text = clf_doc(&nested);
    let error = bounded("1e5-deep CLF", 2, 32, move || {
        clf::read_str(&clf_text, "deep.clf").expect_err("refused")
    });
    assert_names(&error.to_string(), "nested deeper than 32");
}

#[test]
fn a_50_mb_attribute_is_refused_by_size() {
    let message = bounded("50 MB attribute (AMF)", 5, 256, || {
        let huge = "x".repeat(50 << 20);
        let text = VALID_AMF.replacen(
            "<aces:description>",
            &format!("<aces:description note=\"{huge}\">"),
            1,
        );
        amf_error(text)
    });
    assert_names(&message, "an AMF may be at most 8388608 bytes");

    // Under the file cap, a tag (so any attribute value) is held to the text cap (1 MB).
    let message = bounded("2 MB attribute (AMF)", 5, 64, || {
        let big = "x".repeat(2 << 20);
        let text = VALID_AMF.replacen(
            "<aces:description>",
            &format!("<aces:description note=\"{big}\">"),
            1,
        );
        amf_error(text)
    });
    assert_names(
        &message,
        "<aces:description>: start tag longer than 1048576 bytes",
    );

    // CLF files may be larger (256 MB, for big LUTs in text) but attributes are short: refused
    // by length before the value is decoded.
    let error = bounded("50 MB attribute (CLF)", 5, 256, || {
        let huge = "x".repeat(50 << 20);
        let text =
            clf_doc(&IDENTITY_MATRIX.replacen("<Matrix ", &format!("<Matrix name=\"{huge}\" "), 1));
        clf::read_str(&text, "huge.clf").expect_err("refused")
    });
    assert_names(
        &error.to_string(),
        "<Matrix>: malformed XML: the start tag is longer than",
    );
}

#[test]
fn claimed_lut_sizes_are_refused_before_allocation() {
    let lut3d = clf_doc(
        r#"<LUT3D inBitDepth="32f" outBitDepth="32f"><Array dim="4096 4096 4096 3">0 1 0</Array></LUT3D>"#,
    );
    let error = bounded("LUT3D 4096", 1, 16, move || {
        clf::read_str(&lut3d, "big3d.clf").expect_err("refused")
    });
    assert_names(
        &error.to_string(),
        "a LUT3D of 4096 per side exceeds the cap of 129",
    );

    let lut1d = clf_doc(
        r#"<LUT1D inBitDepth="32f" outBitDepth="32f"><Array dim="2147483648 1">0 0.5 1</Array></LUT1D>"#,
    );
    let error = bounded("LUT1D 2^31", 1, 16, move || {
        clf::read_str(&lut1d, "big1d.clf").expect_err("refused")
    });
    assert_names(
        &error.to_string(),
        "a LUT1D of 2147483648 entries exceeds the cap",
    );

    // At the cap, a claim backed by three values: refused for the count, without reserving
    // the 51 MB the claim stands for.
    let at_cap = clf_doc(
        r#"<LUT3D inBitDepth="32f" outBitDepth="32f"><Array dim="129 129 129 3">0 1 0</Array></LUT3D>"#,
    );
    let error = bounded("LUT3D 129 with 3 values", 1, 16, move || {
        clf::read_str(&at_cap, "short3d.clf").expect_err("refused")
    });
    assert_names(&error.to_string(), "expected 6440067 values, found 3");
}

/// Found by the fuzz smoke run (fuzz/corpus/amf_read/seed-crash-two-colon-name.amf): a name
/// with two colons was read as prefix `cdl` and local name `A:B`, which the writer wrote as an
/// element of prefix `A` that did not read back.
#[test]
fn names_with_two_colons_are_refused() {
    let element = amf_with_looks(
        r#"    <aces:lookTransform><cdl:ColorCorrection:Ref ref="cc1"/></aces:lookTransform>"#,
    );
    assert_names(
        &amf_error(element),
        "'cdl:ColorCorrection:Ref' has more than one colon",
    );
    let attribute = amf_with_looks(
        r#"    <aces:lookTransform aces:applied:x="true"><aces:file>a.clf</aces:file></aces:lookTransform>"#,
    );
    assert_names(
        &amf_error(attribute),
        "'aces:applied:x' has more than one colon",
    );
    let seed = include_bytes!("../../fuzz/corpus/amf_read/seed-crash-two-colon-name.amf");
    assert_names(&amf_error(seed), "has more than one colon");
}

// ---- Truncation and encodings ----------------------------------------------------------------

#[test]
fn every_truncation_of_a_valid_amf_is_an_error() {
    let end = VALID_AMF
        .find("</aces:acesMetadataFile>")
        .expect("root end");
    bounded("truncated AMFs", 10, 64, move || {
        for len in (0..end).step_by(5) {
            let prefix = &VALID_AMF.as_bytes()[..len];
            match read_amf(prefix) {
                Ok(_) => panic!("a prefix of {len} bytes was accepted"),
                Err(message) => assert!(
                    [
                        "ends before",
                        "malformed XML",
                        "no root element",
                        "not UTF-8"
                    ]
                    .iter()
                    .any(|n| message.contains(n)),
                    "prefix {len}: {message}"
                ),
            }
        }
    });
    // The whole root element is enough.
    let whole = &VALID_AMF[..end + "</aces:acesMetadataFile>".len()];
    assert!(read_amf(whole).is_ok());
}

#[test]
fn every_truncation_of_a_valid_clf_is_an_error() {
    let text = clf_doc(
        r#"<LUT1D inBitDepth="32f" outBitDepth="32f"><Array dim="3 1">0 0.5 1</Array></LUT1D>"#,
    );
    let end = text.find("</ProcessList>").expect("root end");
    for len in (0..end).step_by(3) {
        let prefix = String::from_utf8_lossy(&text.as_bytes()[..len]);
        assert!(
            clf::read_str(&prefix, "cut.clf").is_err(),
            "a prefix of {len} bytes was accepted"
        );
    }
}

#[test]
fn encodings_utf16_is_refused_utf8_bom_is_read_latin1_is_refused_at_its_line() {
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(VALID_AMF.encode_utf16().flat_map(u16::to_le_bytes));
    assert_names(&amf_error(&utf16), "the file is not UTF-8 text");
    let mut utf16_be = vec![0xFE, 0xFF];
    utf16_be.extend(VALID_AMF.encode_utf16().flat_map(u16::to_be_bytes));
    assert_names(&amf_error(&utf16_be), "the file is not UTF-8 text");

    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(VALID_AMF.as_bytes());
    assert!(read_amf(&bom).is_ok(), "a UTF-8 BOM is allowed");

    // "Café" in Latin-1 on line 4.
    let latin1 = VALID_AMF
        .replacen("amfx test", "Caf\u{1}", 1)
        .into_bytes()
        .into_iter()
        .map(|b| if b == 1 { 0xE9 } else { b })
        .collect::<Vec<u8>>();
    let message = amf_error(&latin1);
    assert_names(&message, "hostile.amf:4:");
    assert_names(&message, "not UTF-8");

    // The CLF file reader: same rules.
    let dir = Scratch::new("encodings");
    let mut clf_utf16 = vec![0xFF, 0xFE];
    clf_utf16.extend(
        clf_doc(IDENTITY_MATRIX)
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    let error = clf::read_file(&dir.write("utf16.clf", clf_utf16)).expect_err("refused");
    assert_names(&error.to_string(), "not UTF-8 text");
    let mut clf_bom = b"\xEF\xBB\xBF".to_vec();
    clf_bom.extend(clf_doc(IDENTITY_MATRIX).as_bytes());
    assert!(clf::read_file(&dir.write("bom.clf", clf_bom)).is_ok());
}

// ---- Files that are not files ----------------------------------------------------------------

#[test]
fn devices_are_refused_not_read_forever() {
    for device in ["/dev/zero", "/dev/urandom"] {
        let path = Path::new(device);
        if !path.exists() {
            continue;
        }
        let message = bounded(device, 2, 16, move || {
            amf::read_file(path).expect_err("refused").to_string()
        });
        assert_names(&message, "not a regular file");
        let message = bounded(device, 2, 16, move || {
            clf::read_file(path).expect_err("refused").to_string()
        });
        assert_names(&message, "not a regular file");
    }
}

#[test]
fn a_fifo_is_refused_without_blocking() {
    let dir = Scratch::new("fifo");
    let fifo = dir.0.join("look.clf");
    mkfifo(&fifo);
    let amf_fifo = dir.0.join("pipe.amf");
    mkfifo(&amf_fifo);

    let path = amf_fifo.clone();
    let message = bounded("AMF FIFO", 2, 16, move || {
        amf::read_file(&path).expect_err("refused").to_string()
    });
    assert_names(&message, "not a regular file");
    let path = fifo.clone();
    let message = bounded("CLF FIFO", 2, 16, move || {
        clf::read_file(&path).expect_err("refused").to_string()
    });
    assert_names(&message, "not a regular file");

    // Named by an AMF: not found (only regular files are candidates).
    let message = build_error(&dir, &amf_with_looks(&look_file("look.clf")));
    assert_names(&message, "referenced file 'look.clf' not found");

    // Found by uuid: the FIFO among the CLFs beside the AMF is skipped, not opened.
    let by_uuid = amf_with_looks(
        "    <aces:lookTransform applied=\"false\"><aces:uuid>urn:uuid:33333333-3333-4333-8333-333333333333</aces:uuid></aces:lookTransform>",
    );
    let path = dir.write("hostile.amf", by_uuid);
    let message = bounded("uuid lookup beside a FIFO", 2, 16, move || {
        let document = amf::read_file(&path).expect("the AMF is fine");
        pipeline::build(&document.amf, &path, &BuildOptions::default())
            .expect_err("no such CLF")
            .to_string()
    });
    assert_names(&message, "no CLF beside the AMF has the id");
}

#[test]
fn a_symlink_loop_is_an_error() {
    let dir = Scratch::new("symlink");
    std::os::unix::fs::symlink(dir.0.join("b.clf"), dir.0.join("a.clf")).expect("symlink");
    std::os::unix::fs::symlink(dir.0.join("a.clf"), dir.0.join("b.clf")).expect("symlink");
    std::os::unix::fs::symlink(dir.0.join("b.amf"), dir.0.join("a.amf")).expect("symlink");
    std::os::unix::fs::symlink(dir.0.join("a.amf"), dir.0.join("b.amf")).expect("symlink");
    let message = amf::read_file(&dir.0.join("a.amf"))
        .expect_err("a loop")
        .to_string();
    assert_names(&message, "symbolic links");
    let message = clf::read_file(&dir.0.join("a.clf"))
        .expect_err("a loop")
        .to_string();
    assert_names(&message, "symbolic links");
    let message = build_error(&dir, &amf_with_looks(&look_file("a.clf")));
    assert_names(&message, "referenced file 'a.clf' not found");
}

#[test]
fn references_leaving_the_amf_folder_are_flagged_and_never_echo_the_target() {
    let dir = Scratch::new("escape");
    let escape = "../../../../../../../../etc/passwd";
    let text = amf_with_looks(&look_file(escape));
    let path = dir.write("hostile.amf", &text);
    let document = amf::read_file(&path).expect("the AMF is fine");
    let report = amf::validate(
        &document,
        amf::ValidationOptions {
            level: amf::Level::Strict,
            catalog: None,
            check_references: true,
        },
    );
    let findings = format!("{report:?}");
    assert_names(&findings, "leaves the AMF");
    if Path::new("/etc/passwd").is_file() {
        // Followed (it is a path the user chose to open), and refused as a CLF, naming the
        // file but not showing its content.
        let message = build_error(&dir, &text);
        assert_names(&message, "etc/passwd");
        assert!(!message.contains("root:"), "{message}");
    }
    for device in ["/dev/zero", "/dev/urandom", "file:///dev/zero"] {
        let message = bounded(device, 2, 16, {
            let text = amf_with_looks(&look_file(device));
            let dir = Scratch::new(&format!("device-{}", device.len()));
            move || build_error(&dir, &text)
        });
        assert_names(&message, "not found");
    }
}

// ---- Numbers ---------------------------------------------------------------------------------

#[test]
fn non_finite_cdl_values_in_an_amf_make_the_look_unusable() {
    let dir = Scratch::new("cdl-numbers");
    for (slope, offset, power, sat) in [
        ("1e999 1 1", "0 0 0", "1 1 1", "1"),
        ("1 1 1", "-1e999 0 0", "1 1 1", "1"),
        ("1 1 1", "0 0 0", "NaN 1 1", "1"),
        ("1 1 1", "0 0 0", "1 1 1", "inf"),
        ("1 1 1", "0 0 0", "1 1 1", "-INF"),
    ] {
        let text = amf_with_looks(&look_cdl(slope, offset, power, sat));
        let path = dir.write("hostile.amf", &text);
        let outcome = amf::read_file(&path)
            .map_err(|e| e.to_string())
            .and_then(|d| {
                pipeline::build(&d.amf, &path, &BuildOptions::default()).map_err(|e| e.to_string())
            });
        match outcome {
            Ok(built) => panic!(
                "{slope}/{offset}/{power}/{sat} was built: {:?}",
                built.pipeline.eval_rgb([0.18; 3])
            ),
            Err(message) => assert!(
                message.contains("finite") || message.contains("not three numbers"),
                "{slope}/{offset}/{power}/{sat}: {message}"
            ),
        }
    }
}

#[test]
fn non_finite_clf_values_are_refused_or_made_finite() {
    for value in ["1e999", "-1e999", "NaN", "inf", "-inf", "INF"] {
        let matrix = clf_doc(&format!(
            r#"<Matrix inBitDepth="32f" outBitDepth="32f"><Array dim="3 3">1 0 0 0 {value} 0 0 0 1</Array></Matrix>"#
        ));
        let error = clf::read_str(&matrix, "m.clf").expect_err("a non-finite matrix");
        assert_names(
            &error.to_string(),
            "Matrix coefficients and offsets must be finite",
        );

        let range = clf_doc(&format!(
            r#"<Range inBitDepth="32f" outBitDepth="32f"><minInValue>0</minInValue><maxInValue>{value}</maxInValue><minOutValue>0</minOutValue><maxOutValue>1</maxOutValue></Range>"#
        ));
        let error = clf::read_str(&range, "r.clf").expect_err("a non-finite range");
        assert_names(&error.to_string(), "<maxInValue>");

        let exponent = clf_doc(&format!(
            r#"<Exponent inBitDepth="32f" outBitDepth="32f" style="basicFwd"><ExponentParams exponent="{value}"/></Exponent>"#
        ));
        let error = clf::read_str(&exponent, "e.clf").expect_err("a non-finite exponent");
        assert_names(&error.to_string(), "exponent");

        let cdl = clf_doc(&format!(
            r#"<ASC_CDL inBitDepth="32f" outBitDepth="32f" style="Fwd"><SOPNode><Slope>1 {value} 1</Slope><Offset>0 0 0</Offset><Power>1 1 1</Power></SOPNode></ASC_CDL>"#
        ));
        let error = clf::read_str(&cdl, "c.clf").expect_err("a non-finite CDL");
        assert_names(&error.to_string(), "finite");

        // LUT entries are made finite as OpenColorIO loads them: NaN as 0, ±Inf as ±f32::MAX.
        let lut = clf_doc(&format!(
            r#"<LUT1D inBitDepth="32f" outBitDepth="32f"><Array dim="3 1">0 {value} 1</Array></LUT1D>"#
        ));
        let list = clf::read_str(&lut, "l.clf").expect("a LUT with a non-finite entry reads");
        let out = Pipeline::new(list.ops()).eval_rgb([0.5, 0.25, 0.75]);
        assert!(out.iter().all(|v| v.is_finite()), "{value}: {out:?}");
    }
}

// ---- Pixels ----------------------------------------------------------------------------------

fn look_pipeline() -> Pipeline {
    let text = clf_doc(
        r#"<Matrix inBitDepth="32f" outBitDepth="32f"><Array dim="3 4">1.1 0.1 0 0.01 0 0.9 0.1 0 0.05 0 1 -0.01</Array></Matrix>
<Exponent inBitDepth="32f" outBitDepth="32f" style="basicMirrorFwd"><ExponentParams exponent="1.2"/></Exponent>
<LUT3D inBitDepth="32f" outBitDepth="32f"><Array dim="2 2 2 3">0 0 0 0 0 1 0 1 0 0 1 1 1 0 0 1 0 1 1 1 0 1 1 1</Array></LUT3D>"#,
    );
    Pipeline::new(clf::read_str(&text, "look.clf").expect("reads").ops())
}

/// Renders RGBA f32 `pixels` (width x height, packed) through `pipeline`.
fn render_f32(pipeline: &Pipeline, width: i32, height: i32, pixels: &[f32]) -> Vec<f32> {
    let mut src = pixels.to_vec();
    let mut dst = vec![-7.0f32; pixels.len()];
    let bounds = Rect::new(0, 0, width, height);
    let layout = Layout::new(Sample::F32, 4);
    let row = width as isize * 16;
    // SAFETY: both buffers hold height rows of width RGBA f32 pixels and outlive the views.
    let (src_view, dst_view) = unsafe {
        (
            ImageView::new(src.as_mut_ptr().cast(), bounds, row, layout).expect("src"),
            ImageView::new(dst.as_mut_ptr().cast(), bounds, row, layout).expect("dst"),
        )
    };
    render_with(
        pipeline,
        &src_view,
        &dst_view,
        bounds,
        RenderOptions::default(),
    )
    .expect("renders");
    dst
}

#[test]
fn a_zero_size_image_renders_nothing() {
    let mut src = [0.5f32; 4];
    let mut dst = [-7.0f32; 4];
    let layout = Layout::new(Sample::F32, 4);
    for bounds in [
        Rect::new(0, 0, 0, 0),
        Rect::new(5, 5, 5, 9),
        Rect::new(0, 3, 1, 3),
    ] {
        // SAFETY: a zero-size view reads and writes nothing.
        let (s, d) = unsafe {
            (
                ImageView::new(src.as_mut_ptr().cast(), bounds, 16, layout).expect("src"),
                ImageView::new(dst.as_mut_ptr().cast(), bounds, 16, layout).expect("dst"),
            )
        };
        render_with(&look_pipeline(), &s, &d, bounds, RenderOptions::default())
            .expect("renders nothing");
    }
    assert_eq!(dst, [-7.0; 4], "nothing written");
}

#[test]
fn very_wide_and_very_tall_images_render_every_pixel() {
    let pipeline = look_pipeline();
    let expected = pipeline.eval_rgb([0.5, 0.25, 0.125]);
    for (width, height) in [(100_000, 1), (1, 100_000)] {
        let pixels: Vec<f32> = [0.5f32, 0.25, 0.125, 1.0].repeat(100_000);
        let pipeline = pipeline.clone();
        let out = bounded(&format!("{width}x{height}"), 5, 64, move || {
            render_f32(&pipeline, width, height, &pixels)
        });
        for px in out.chunks_exact(4) {
            for c in 0..3 {
                assert!(
                    (px[c] - expected[c]).abs() <= 1e-6,
                    "{px:?} vs {expected:?}"
                );
            }
            assert_eq!(px[3], 1.0);
        }
    }
}

#[test]
fn nan_inf_and_negative_pixels_are_defined() {
    // Through a look: NaN stays NaN (it is not invented, nor hidden), infinities and negatives
    // come out as the ops define them; nothing panics; integer outputs clamp (NaN as 0).
    let pipeline = look_pipeline();
    let specials = [
        f32::NAN,
        f32::INFINITY,
        f32::NEG_INFINITY,
        -1.0,
        -1e30,
        1e30,
        -0.0,
        f32::MIN_POSITIVE / 2.0,
    ];
    let mut pixels = Vec::new();
    for &a in &specials {
        for &b in &specials {
            pixels.extend([a, b, 0.5, 1.0]);
        }
    }
    let n = (pixels.len() / 4) as i32;
    let out = render_f32(&pipeline, n, 1, &pixels);
    for (px_in, px_out) in pixels.chunks_exact(4).zip(out.chunks_exact(4)) {
        let scalar = pipeline.eval_rgb([px_in[0], px_in[1], px_in[2]]);
        for c in 0..3 {
            let (kernel, reference) = (px_out[c], scalar[c]);
            assert!(
                kernel.to_bits() == reference.to_bits()
                    || (kernel.is_nan() && reference.is_nan())
                    || (kernel - reference).abs() <= 1e-5 * reference.abs().max(1.0),
                "{px_in:?}: kernel {px_out:?}, scalar {scalar:?}"
            );
        }
        if px_in[..3].iter().all(|v| v.is_finite()) {
            // The LUT3D clamps its input: a finite pixel leaves it finite.
            assert!(
                px_out[..3].iter().all(|v| v.is_finite()),
                "{px_in:?} -> {px_out:?}"
            );
        }
    }

    // Integer destinations: every special becomes some code value, NaN becomes 0.
    let mut src = pixels.clone();
    let mut dst = vec![0xABu8; pixels.len()];
    let bounds = Rect::new(0, 0, n, 1);
    // SAFETY: one row of n RGBA f32 pixels in, n RGBA u8 pixels out.
    let (s, d) = unsafe {
        (
            ImageView::new(
                src.as_mut_ptr().cast(),
                bounds,
                n as isize * 16,
                Layout::new(Sample::F32, 4),
            )
            .expect("src"),
            ImageView::new(
                dst.as_mut_ptr(),
                bounds,
                n as isize * 4,
                Layout::new(Sample::U8, 4),
            )
            .expect("dst"),
        )
    };
    render_with(
        &Pipeline::default(),
        &s,
        &d,
        bounds,
        RenderOptions::default(),
    )
    .expect("renders");
    // Pixel i*8 has specials[i] in red.
    let red = |i: usize| dst[4 * specials.len() * i];
    assert_eq!(red(0), 0, "NaN as an 8-bit code value");
    assert_eq!(red(1), 255, "+Inf as an 8-bit code value");
    assert_eq!(red(2), 0, "-Inf as an 8-bit code value");
    assert_eq!(red(3), 0, "-1 as an 8-bit code value");
    assert_eq!(red(5), 255, "1e30 as an 8-bit code value");
}
