//! Compiles the C shim behind the variadic suite functions (defining C-variadic functions in Rust
//! is not stable yet).

fn main() {
    println!("cargo:rerun-if-changed=src/variadic.c");
    cc::Build::new()
        .file("src/variadic.c")
        .std("c11")
        .warnings(true)
        .extra_warnings(true)
        .compile("ofxhost_variadic");
}
