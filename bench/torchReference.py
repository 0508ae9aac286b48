"""PyTorch peer of `npm run bench:train`: the reference CNN, same data, batch and optimizer.

Prints one JSON line: {"device", "threads", "images", "seconds", "imagesPerSec", "testAccuracy", ...}.
Run by bench/train.ts with /usr/bin/python3; usable alone:
  python3 bench/torchReference.py --data /usr/share/datasets/fashion-mnist --threads 1 --max-batches 50
"""
import argparse
import gzip
import json
import os
import struct
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def read_idx(path):
    """Reads a gzipped IDX file (MNIST's format) into a uint8 tensor of its declared shape."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    zero, dtype, ndim = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte IDX file")
    dims = struct.unpack(">" + "I" * ndim, data[4 : 4 + 4 * ndim])
    body = bytearray(data[4 + 4 * ndim :])
    return torch.frombuffer(body, dtype=torch.uint8).reshape(dims)


class ReferenceCnn(nn.Module):
    """examples/nets/referenceCnn.net.ts in PyTorch: conv16 → pool → conv32 → pool → dropout → 64 → classes."""

    def __init__(self, channels, height, width, classes, dropout):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, 16, 3, padding=1)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)
        self.drop = nn.Dropout(dropout)
        self.fc1 = nn.Linear(32 * (height // 4) * (width // 4), 64)
        self.fc2 = nn.Linear(64, classes)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = self.drop(torch.flatten(x, 1))
        return self.fc2(F.relu(self.fc1(x)))


def blas_library():
    """The BLAS shared library this process loaded (PyTorch's linear layers run on it when built with
    BLAS_INFO=generic, as Debian's is): reference BLAS and OpenBLAS differ several-fold."""
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "blas" in line.lower() and "/" in line}
    except OSError:
        return "unknown"
    return ", ".join(sorted(paths)) or "none loaded"


def timing_record(device, images, seconds, cpu_seconds, final_loss):
    """The fields every PyTorch peer prints (bench/lib/torchPeer.ts reads them)."""
    return {
        "blas": blas_library(),
        "framework": "torch",
        "version": torch.__version__,
        "device": device,
        "threads": torch.get_num_threads(),
        "images": images,
        "seconds": seconds,
        "imagesPerSec": images / seconds,
        "cpuSeconds": cpu_seconds,
        "finalLoss": final_loss,
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=0.01)
    ap.add_argument("--momentum", type=float, default=0.9)
    ap.add_argument("--dropout", type=float, default=0.2)
    ap.add_argument("--max-batches", type=int, default=0)
    ap.add_argument("--device", default="auto", help="auto (cuda when available), cpu or cuda")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--mean", type=float, default=0.0, help="pixel mean after /255, as the TF.js trainer normalises")
    ap.add_argument("--std", type=float, default=1.0)
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    device = ("cuda" if torch.cuda.is_available() else "cpu") if args.device == "auto" else args.device

    def load(prefix):
        x = read_idx(os.path.join(args.data, f"{prefix}-images-idx3-ubyte.gz")).float().div_(255.0)
        x = x.sub_(args.mean).div_(args.std)
        y = read_idx(os.path.join(args.data, f"{prefix}-labels-idx1-ubyte.gz")).long()
        return x.unsqueeze(1).to(device), y.to(device)

    x_train, y_train = load("train")
    x_test, y_test = load("t10k")
    model = ReferenceCnn(1, 28, 28, 10, args.dropout).to(device)
    opt = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=args.momentum)
    order = torch.randperm(x_train.shape[0], device=device)
    batches = (x_train.shape[0] + args.batch - 1) // args.batch
    if args.max_batches > 0:
        batches = min(batches, args.max_batches)

    model.train()
    images = 0
    sync = torch.cuda.synchronize if device == "cuda" else (lambda: None)
    sync()
    start = time.perf_counter()
    cpu_start = time.process_time()
    for b in range(batches):
        idx = order[b * args.batch : (b + 1) * args.batch]
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x_train[idx]), y_train[idx])
        loss.backward()
        opt.step()
        images += idx.shape[0]
    sync()
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start

    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, x_test.shape[0], 1000):
            correct += (model(x_test[i : i + 1000]).argmax(1) == y_test[i : i + 1000]).sum().item()
    print(json.dumps({
        **timing_record(device, images, seconds, cpu_seconds, float(loss.item())),
        "testAccuracy": correct / x_test.shape[0],
    }))


if __name__ == "__main__":
    sys.exit(main())
