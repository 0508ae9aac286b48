#!/usr/bin/env bash
# The WebGPU rung on a real GPU (issue 11, part 5): run on a machine with a GPU, its Vulkan / Metal
# / D3D12 driver, `npm ci` done and PyTorch with CUDA. Prints the adapter Dawn picks, trains the
# reference Net on forced webgpu through the sandboxed trainer, then `bench:zoo --backend webgpu`
# against the PyTorch twins on CUDA; the last line is the zoo's geometric-mean ratio. A few minutes.
#
#   bash scripts/gpuCheck.sh                       # everything
#   GPU_CHECK_BATCHES=2 bash scripts/gpuCheck.sh   # fewer timed batches per zoo family
#   FASHION_MNIST_DIR=/data/fmnist bash scripts/gpuCheck.sh
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n=== %s\n' "$*"; }
fail() { echo "gpuCheck: $*" >&2; exit 1; }

[ -d node_modules/webgpu ] || fail "node_modules/webgpu is missing: run npm ci first"
# A software ICD forced by the environment (the SwiftShader test route) would hide the GPU.
unset VK_ICD_FILENAMES VK_DRIVER_FILES

step "GPU and drivers"
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || echo "(no nvidia-smi)"
/usr/bin/python3 -c 'import torch; print("torch", torch.__version__, "cuda", torch.cuda.is_available(), torch.cuda.get_device_name(0) if torch.cuda.is_available() else "")' \
  || echo "(no PyTorch: bench:zoo runs without its twins)"

step "Adapter Dawn finds (what the WebGPU rung will use)"
node -e '
const dawn = require("webgpu");
dawn.create([]).requestAdapter({ powerPreference: "high-performance" }).then((a) => {
  if (!a) { console.log("no adapter: Dawn found no Vulkan/Metal/D3D12 GPU"); process.exit(1); }
  const i = a.info;
  console.log(JSON.stringify({ vendor: i.vendor, architecture: i.architecture, device: i.device, description: i.description,
    fallback: i.isFallbackAdapter ?? a.isFallbackAdapter, maxBufferSize: a.limits.maxBufferSize,
    maxStorageBufferBindingSize: a.limits.maxStorageBufferBindingSize, maxComputeWorkgroupStorageSize: a.limits.maxComputeWorkgroupStorageSize }));
  process.exit(0);
});'

npm run build --silent
mkdir -p .cache

data="${FASHION_MNIST_DIR:-/usr/share/datasets/fashion-mnist}"
step "Forced webgpu: reference Net, 30 batches, sandboxed trainer (data: $data)"
if [ -f "$data/train-images-idx3-ubyte.gz" ] || [ -f "$data/train-images-idx3-ubyte" ]; then
  node dist/cli.js train examples/nets/referenceCnn.net.ts --dataset fashion-mnist --data-dir "$data" \
    --backend webgpu --max-batches 30 --json > .cache/gpuCheck-train.json || true
  node -e '
const r = JSON.parse(require("fs").readFileSync(".cache/gpuCheck-train.json", "utf8"));
const e = r.epochs?.[0];
console.log(`status ${r.status}${r.reason ? ` (${r.reason}: ${r.message})` : ""}; backend ${r.summary?.backend ?? r.backend}; adapter ${r.summary?.adapterInfo?.name ?? r.adapterInfo?.name ?? "-"}`);
if (e) console.log(`30 batches: ${e.samplesPerSec.toFixed(0)} img/s, train loss ${e.trainLoss.toFixed(3)}, test accuracy ${e.testAccuracy.toFixed(3)}`);'
else
  echo "Fashion-MNIST not found in $data (apt install dataset-fashion-mnist, or set FASHION_MNIST_DIR): train step skipped"
fi

step "bench:zoo --backend webgpu against PyTorch (CUDA when available)"
npm run bench:zoo --silent -- --backend webgpu --max-batches "${GPU_CHECK_BATCHES:-5}"
