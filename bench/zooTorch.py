"""PyTorch twins of the architecture zoo (examples/zoo/*.net.ts and the reference CNN) for
`npm run bench:zoo`: the same layers and trainable parameter counts, channels-first. TF.js
defaults are mirrored where they change the work or the count: batch norm eps 1e-3 (moving
statistics are buffers, as TF.js keeps them non-trainable), layer norm eps 1e-3 unless the Net
sets another, biases wherever tf.layers has them by default.

One run trains one family at one image shape on random pixels with SGD momentum and prints one
JSON line: {"family", "shape", "params", "images", "seconds", "imagesPerSec", "cpuSeconds", ...}.
Usable alone:
  python3 bench/zooTorch.py --family resnetBasic --shape cifar10 --threads 1 --batches 5
  python3 bench/zooTorch.py --list   # trainable parameters of every twin at both shapes
"""
import argparse
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

from torchReference import ReferenceCnn, timing_record

SHAPES = {"cifar10": (3, 32, 32), "fashion-mnist": (1, 28, 28)}
BN_EPS = 1e-3  # tf.layers.batchNormalization's default
LN_EPS = 1e-3  # tf.layers.layerNormalization's default


def bn(channels):
    # TF.js momentum 0.99 is PyTorch momentum 0.01 (the weight of the new batch).
    return nn.BatchNorm2d(channels, eps=BN_EPS, momentum=0.01)


class ConvBn(nn.Sequential):
    """conv2d 'same' without bias, then batch norm (TF.js convBn helpers)."""

    def __init__(self, cin, cout, k, stride=1, groups=1):
        super().__init__(nn.Conv2d(cin, cout, k, stride, padding=k // 2, groups=groups, bias=False), bn(cout))


# ---- resnetBasic.net.ts ------------------------------------------------------------------
class BasicBlock(nn.Module):
    def __init__(self, cin, filters, stride):
        super().__init__()
        self.conv1 = ConvBn(cin, filters, 3, stride)
        self.conv2 = ConvBn(filters, filters, 3)
        self.shortcut = ConvBn(cin, filters, 1, stride) if stride != 1 or cin != filters else nn.Identity()

    def forward(self, x):
        return F.relu(self.conv2(F.relu(self.conv1(x))) + self.shortcut(x))


class ResnetBasic(nn.Module):
    def __init__(self, channels, height, width, classes, dropout):
        super().__init__()
        self.stem = ConvBn(channels, 16, 3)
        self.blocks = nn.Sequential(BasicBlock(16, 16, 1), BasicBlock(16, 32, 2), BasicBlock(32, 64, 2), BasicBlock(64, 64, 1))
        self.fc = nn.Linear(64, classes)

    def forward(self, x):
        x = self.blocks(F.relu(self.stem(x)))
        return self.fc(x.mean((2, 3)))


# ---- seResnet.net.ts ---------------------------------------------------------------------
class SqueezeExcite(nn.Module):
    def __init__(self, channels, ratio=4):
        super().__init__()
        self.fc1 = nn.Linear(channels, channels // ratio)
        self.fc2 = nn.Linear(channels // ratio, channels)

    def forward(self, x):
        gate = torch.sigmoid(self.fc2(F.relu(self.fc1(x.mean((2, 3))))))
        return x * gate[:, :, None, None]


class SeBottleneck(nn.Module):
    def __init__(self, cin, filters, stride):
        super().__init__()
        cout = filters * 4
        self.reduce = ConvBn(cin, filters, 1)
        self.conv = ConvBn(filters, filters, 3, stride)
        self.expand = ConvBn(filters, cout, 1)
        self.se = SqueezeExcite(cout)
        self.shortcut = ConvBn(cin, cout, 1, stride) if stride != 1 or cin != cout else nn.Identity()

    def forward(self, x):
        y = F.relu(self.conv(F.relu(self.reduce(x))))
        return F.relu(self.se(self.expand(y)) + self.shortcut(x))


class SeResnet(nn.Module):
    def __init__(self, channels, height, width, classes, dropout):
        super().__init__()
        self.stem = ConvBn(channels, 32, 3)
        self.blocks = nn.Sequential(SeBottleneck(32, 16, 1), SeBottleneck(64, 32, 2), SeBottleneck(128, 64, 2))
        self.fc = nn.Linear(256, classes)

    def forward(self, x):
        return self.fc(self.blocks(F.relu(self.stem(x))).mean((2, 3)))


# ---- mobilenetV2.net.ts ------------------------------------------------------------------
class InvertedResidual(nn.Module):
    def __init__(self, cin, cout, stride, expansion):
        super().__init__()
        hidden = cin * expansion
        layers = [ConvBn(cin, hidden, 1), nn.ReLU6()] if expansion != 1 else []
        layers += [ConvBn(hidden, hidden, 3, stride, groups=hidden), nn.ReLU6(), ConvBn(hidden, cout, 1)]
        self.body = nn.Sequential(*layers)
        self.residual = stride == 1 and cin == cout

    def forward(self, x):
        return x + self.body(x) if self.residual else self.body(x)


class MobilenetV2(nn.Module):
    def __init__(self, channels, height, width, classes, dropout):
        super().__init__()
        self.features = nn.Sequential(
            ConvBn(channels, 32, 3), nn.ReLU6(),
            InvertedResidual(32, 16, 1, 1),
            InvertedResidual(16, 24, 2, 6), InvertedResidual(24, 24, 1, 6),
            InvertedResidual(24, 32, 2, 6), InvertedResidual(32, 32, 1, 6),
            InvertedResidual(32, 64, 2, 6), InvertedResidual(64, 64, 1, 6),
            ConvBn(64, 256, 1), nn.ReLU6(),
        )
        self.fc = nn.Linear(256, classes)

    def forward(self, x):
        return self.fc(self.features(x).mean((2, 3)))


# ---- convnext.net.ts ---------------------------------------------------------------------
class ChannelsLastNorm(nn.Module):
    """Layer norm over channels of an NCHW tensor (what tf.layers.layerNormalization does on NHWC)."""

    def __init__(self, channels, eps):
        super().__init__()
        self.norm = nn.LayerNorm(channels, eps=eps)

    def forward(self, x):
        return self.norm(x.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)


class ConvnextBlock(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.dw = nn.Conv2d(dim, dim, 7, padding=3, groups=dim)
        self.norm = nn.LayerNorm(dim, eps=1e-6)
        self.fc1 = nn.Linear(dim, 4 * dim)
        self.fc2 = nn.Linear(4 * dim, dim)

    def forward(self, x):
        # As the reference ConvNeXt does: the MLP runs channels-last.
        y = self.norm(self.dw(x).permute(0, 2, 3, 1))
        y = self.fc2(F.gelu(self.fc1(y)))
        return x + y.permute(0, 3, 1, 2)


class Convnext(nn.Module):
    def __init__(self, channels, height, width, classes, dropout):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(channels, 48, 2, 2), ChannelsLastNorm(48, 1e-6))
        self.stage1 = nn.Sequential(ConvnextBlock(48), ConvnextBlock(48))
        self.down = nn.Sequential(ChannelsLastNorm(48, 1e-6), nn.Conv2d(48, 96, 2, 2))
        self.stage2 = nn.Sequential(ConvnextBlock(96), ConvnextBlock(96))
        self.norm = nn.LayerNorm(96, eps=1e-6)
        self.fc = nn.Linear(96, classes)

    def forward(self, x):
        x = self.stage2(self.down(self.stage1(self.stem(x))))
        return self.fc(self.norm(x.mean((2, 3))))


# ---- densenetBc.net.ts -------------------------------------------------------------------
class BnRelu(nn.Sequential):
    def __init__(self, channels):
        super().__init__(bn(channels), nn.ReLU())


class DenseLayer(nn.Module):
    def __init__(self, cin, growth):
        super().__init__()
        self.body = nn.Sequential(
            BnRelu(cin), nn.Conv2d(cin, 4 * growth, 1, bias=False),
            BnRelu(4 * growth), nn.Conv2d(4 * growth, growth, 3, padding=1, bias=False),
        )

    def forward(self, x):
        return torch.cat([x, self.body(x)], 1)


def dense_block(cin, layers, growth):
    return nn.Sequential(*[DenseLayer(cin + i * growth, growth) for i in range(layers)]), cin + layers * growth


def transition(cin):
    return nn.Sequential(BnRelu(cin), nn.Conv2d(cin, cin // 2, 1, bias=False), nn.AvgPool2d(2)), cin // 2


class DensenetBc(nn.Module):
    def __init__(self, channels, height, width, classes, dropout):
        super().__init__()
        parts = [nn.Conv2d(channels, 32, 3, padding=1, bias=False), BnRelu(32), nn.MaxPool2d(2)]
        c = 32
        for i in range(3):
            block, c = dense_block(c, 4, 16)
            parts.append(block)
            if i < 2:
                trans, c = transition(c)
                parts.append(trans)
        parts.append(BnRelu(c))
        self.features = nn.Sequential(*parts)
        self.fc = nn.Linear(c, classes)

    def forward(self, x):
        return self.fc(self.features(x).mean((2, 3)))


# ---- squeezenet.net.ts -------------------------------------------------------------------
class Fire(nn.Module):
    def __init__(self, cin, squeeze, expand):
        super().__init__()
        self.squeeze = nn.Sequential(nn.Conv2d(cin, squeeze, 1), bn(squeeze), nn.ReLU())
        self.expand1 = nn.Conv2d(squeeze, expand, 1)
        self.expand3 = nn.Conv2d(squeeze, expand, 3, padding=1)

    def forward(self, x):
        s = self.squeeze(x)
        return torch.cat([F.relu(self.expand1(s)), F.relu(self.expand3(s))], 1)


class Squeezenet(nn.Module):
    def __init__(self, channels, height, width, classes, dropout):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(channels, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            Fire(64, 16, 64), Fire(128, 16, 64), nn.MaxPool2d(2),
            Fire(128, 32, 128), Fire(256, 32, 128),
            nn.Dropout(dropout), nn.Conv2d(256, classes, 1),
        )

    def forward(self, x):
        return self.features(x).mean((2, 3))


# ---- inception.net.ts --------------------------------------------------------------------
def conv_relu(cin, cout, k):
    return nn.Sequential(nn.Conv2d(cin, cout, k, padding=k // 2), nn.ReLU())


class InceptionModule(nn.Module):
    def __init__(self, cin, b1, b3_reduce, b3, b5_reduce, b5, pool):
        super().__init__()
        self.branch1 = conv_relu(cin, b1, 1)
        self.branch3 = nn.Sequential(conv_relu(cin, b3_reduce, 1), conv_relu(b3_reduce, b3, 3))
        self.branch5 = nn.Sequential(conv_relu(cin, b5_reduce, 1), conv_relu(b5_reduce, b5, 3), conv_relu(b5, b5, 3))
        self.branch_pool = nn.Sequential(nn.MaxPool2d(3, 1, padding=1), conv_relu(cin, pool, 1))
        self.out_channels = b1 + b3 + b5 + pool

    def forward(self, x):
        return torch.cat([self.branch1(x), self.branch3(x), self.branch5(x), self.branch_pool(x)], 1)


class Inception(nn.Module):
    def __init__(self, channels, height, width, classes, dropout):
        super().__init__()
        a = InceptionModule(32, 16, 16, 24, 8, 8, 8)
        b = InceptionModule(a.out_channels, 32, 24, 48, 8, 16, 16)
        c = InceptionModule(b.out_channels, 48, 32, 64, 12, 24, 24)
        d = InceptionModule(c.out_channels, 64, 48, 96, 16, 32, 32)
        self.features = nn.Sequential(ConvBn(channels, 32, 3), nn.ReLU(), nn.MaxPool2d(2), a, b, nn.MaxPool2d(2), c, d)
        self.fc = nn.Linear(d.out_channels, classes)

    def forward(self, x):
        return self.fc(self.features(x).mean((2, 3)))


# ---- vit.net.ts --------------------------------------------------------------------------
class EncoderBlock(nn.Module):
    def __init__(self, dim, heads, mlp_ratio):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim, eps=LN_EPS)
        # in_proj (3·dim × dim + 3·dim) and out_proj (dim × dim + dim): the TF.js layer's q/k/v and output weights.
        self.attn = nn.MultiheadAttention(dim, heads, batch_first=True)
        self.norm2 = nn.LayerNorm(dim, eps=LN_EPS)
        self.fc1 = nn.Linear(dim, dim * mlp_ratio)
        self.fc2 = nn.Linear(dim * mlp_ratio, dim)

    def forward(self, x):
        y = self.norm1(x)
        x = x + self.attn(y, y, y, need_weights=False)[0]
        return x + self.fc2(F.gelu(self.fc1(self.norm2(x))))


class Vit(nn.Module):
    def __init__(self, channels, height, width, classes, dropout, dim=64):
        super().__init__()
        self.patch = nn.Conv2d(channels, dim, 4, 4)
        self.position = nn.Parameter(torch.randn((height // 4) * (width // 4), dim) * 0.02)
        self.blocks = nn.Sequential(*[EncoderBlock(dim, 4, 2) for _ in range(4)])
        self.norm = nn.LayerNorm(dim, eps=LN_EPS)
        self.drop = nn.Dropout(dropout)
        self.fc = nn.Linear(dim, classes)

    def forward(self, x):
        tokens = self.patch(x).flatten(2).transpose(1, 2) + self.position
        return self.fc(self.drop(self.norm(self.blocks(tokens)).mean(1)))


FAMILIES = {
    "referenceCnn": ReferenceCnn,
    "resnetBasic": ResnetBasic,
    "seResnet": SeResnet,
    "mobilenetV2": MobilenetV2,
    "convnext": Convnext,
    "densenetBc": DensenetBc,
    "squeezenet": Squeezenet,
    "inception": Inception,
    "vit": Vit,
}


def build(family, shape, dropout):
    channels, height, width = SHAPES[shape]
    return FAMILIES[family](channels, height, width, 10, dropout)


def trainable(model):
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--family", choices=sorted(FAMILIES))
    ap.add_argument("--shape", choices=sorted(SHAPES), default="cifar10")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--batches", type=int, default=3, help="timed batches, at most")
    ap.add_argument("--warmup", type=int, default=1, help="untimed batches first")
    ap.add_argument("--time-limit", type=float, default=0, help="no timed batch starts after this many seconds (the first always runs); 0: none")
    ap.add_argument("--lr", type=float, default=0.01)
    ap.add_argument("--momentum", type=float, default=0.9)
    ap.add_argument("--dropout", type=float, default=0.2)
    ap.add_argument("--device", default="cpu", help="cpu, cuda, or auto (cuda when available)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--list", action="store_true", help="print every twin's trainable parameters at both shapes")
    args = ap.parse_args()

    torch.manual_seed(args.seed)
    if args.list:
        print(json.dumps({f: {s: trainable(build(f, s, args.dropout)) for s in SHAPES} for f in FAMILIES}))
        return 0
    if not args.family:
        ap.error("--family is required (or --list)")
    torch.set_num_threads(args.threads)
    device = ("cuda" if torch.cuda.is_available() else "cpu") if args.device == "auto" else args.device
    if device == "cuda" and not torch.cuda.is_available():
        ap.error("--device cuda but torch.cuda.is_available() is false")

    model = build(args.family, args.shape, args.dropout).to(device)
    opt = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=args.momentum)
    # Random pixels (speed only), a pool of a few batches gathered by index like a real loader.
    pool = 8 * args.batch
    x_pool = torch.randn(pool, *SHAPES[args.shape], device=device)
    y_pool = torch.randint(0, 10, (pool,), device=device)
    sync = torch.cuda.synchronize if device == "cuda" else (lambda: None)
    model.train()
    loss_value = float("nan")
    start = cpu_start = None
    images = 0
    for b in range(args.warmup + args.batches):
        if b == args.warmup:
            sync()
            start, cpu_start = time.perf_counter(), time.process_time()
        elif b > args.warmup and args.time_limit > 0 and time.perf_counter() - start > args.time_limit:
            break
        idx = torch.randint(0, pool, (args.batch,), device=device)
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x_pool[idx]), y_pool[idx])
        loss.backward()
        opt.step()
        # NNGPT's trainer reads every batch's loss; so does this loop.
        loss_value = loss.item()
        if b >= args.warmup:
            images += args.batch
    sync()
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    print(json.dumps({
        **timing_record(device, images, seconds, cpu_seconds, loss_value),
        "family": args.family,
        "shape": args.shape,
        "params": trainable(model),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
