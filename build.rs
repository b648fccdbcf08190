//! Build script: give our own binary and test executables an rpath to libtorch, so that
//! `target/release/rodedraad` runs from any directory without LD_LIBRARY_PATH.
//!
//! torch-sys (a direct dependency, see Cargo.toml) exports the directory it linked against as
//! `DEP_TCH_LIBTORCH_LIB`. tch's own `cargo:rustc-link-arg` lines only apply to tch's targets.
fn main() {
    println!("cargo:rerun-if-env-changed=DEP_TCH_LIBTORCH_LIB");
    if let Ok(dir) = std::env::var("DEP_TCH_LIBTORCH_LIB") {
        // The PyPI wheel's libtorch.so finds libtorch_cuda.so and the nvidia/* libraries through
        // its own rpath ($ORIGIN-relative into the venv); we only need to find torch/lib itself.
        println!("cargo:rustc-link-arg=-Wl,-rpath,{dir}");
    }
}
