//! The bundle scripts/bundle assembles: the layout hosts walk, and a binary that exports nothing
//! but the two OFX entry points.

use std::path::PathBuf;
use std::process::Command;

fn bundle() -> PathBuf {
    let path = std::env::var_os("AMFX_BUNDLE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/bundle/amfx.ofx.bundle")
        });
    assert!(
        path.is_dir(),
        "{} is missing: run scripts/bundle (scripts/test does)",
        path.display()
    );
    path
}

fn binary() -> PathBuf {
    bundle().join("Contents/Linux-x86-64/amfx.ofx")
}

#[test]
#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
fn the_bundle_has_the_layout_hosts_walk() {
    let contents = bundle().join("Contents");
    assert!(binary().is_file(), "no Contents/Linux-x86-64/amfx.ofx");
    let plist = std::fs::read_to_string(contents.join("Info.plist")).expect("Info.plist");
    assert!(
        plist.contains("<string>amfx.ofx</string>"),
        "Info.plist names another executable"
    );
    assert!(
        plist.contains(env!("CARGO_PKG_VERSION")),
        "Info.plist has another version"
    );
    let icon = std::fs::read(contents.join("Resources/io.amfx.AcesAmf.png")).expect("icon");
    assert_eq!(&icon[..8], b"\x89PNG\r\n\x1a\n", "the icon is not a PNG");
}

#[test]
#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
fn the_plugin_exports_only_the_ofx_entry_points() {
    let out = Command::new("nm")
        .args(["-D", "--defined-only"])
        .arg(binary())
        .output()
        .expect("nm (binutils) runs");
    assert!(
        out.status.success(),
        "nm failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let symbols: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|line| line.split_whitespace().last().map(str::to_string))
        .collect();
    assert_eq!(
        symbols,
        ["OfxGetNumberOfPlugins", "OfxGetPlugin"],
        "exported: {symbols:?}"
    );
}
