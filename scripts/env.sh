# Sourced by every script: one toolchain per checkout, chosen the same way each time.
# rustup's stable with its wasm32 target where that target can be had; otherwise Debian's
# Rust 1.96 building std for wasm32 from source (see shared TOOLCHAIN notes in the README).
export PATH="$HOME/.cargo/bin:$PATH"
# PORTAL_TOOLCHAIN=debian forces the fallback (to check it on a machine that has both).
if [ "${PORTAL_TOOLCHAIN:-}" != debian ] && command -v rustup >/dev/null 2>&1 \
  && rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  export PORTAL_TOOLCHAIN=rustup
else
  export PORTAL_TOOLCHAIN=debian
  export PATH="/usr/bin:$PATH" RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1
  export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld-19
fi
