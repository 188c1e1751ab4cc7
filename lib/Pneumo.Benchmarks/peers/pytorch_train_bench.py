"""Peer side of the training benchmark: Debian's PyTorch 1.13 (python3-torch, python3-torchvision).

ResNet-18 with a one-channel stem and the same head as Pneumo's PneumothoraxClassifier (global average + max pooling,
dropout, linear), AdamW, BCE-with-logits, batch 16 of 1x256x256, on the CPU with the given threads.
Usage: /usr/bin/python3 pytorch_train_bench.py STEPS THREADS
Prints: <images> <seconds>
"""
import sys
import time

import torch
import torch.nn as nn
import torchvision


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        body = torchvision.models.resnet18(num_classes=1)
        body.conv1 = nn.Conv2d(1, 64, 7, 2, 3, bias=False)
        self.features = nn.Sequential(*list(body.children())[:-2])
        self.dropout = nn.Dropout(0.3)
        self.fc = nn.Linear(1024, 1)

    def forward(self, x):
        h = self.features(x)
        pooled = torch.cat([h.mean((2, 3)), h.amax((2, 3))], 1)
        return self.fc(self.dropout(pooled)).squeeze(1)


def main():
    steps, threads = int(sys.argv[1]), int(sys.argv[2])
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    model = Classifier()
    model.train()
    opt = torch.optim.AdamW(model.parameters(), 1e-3, weight_decay=1e-4)
    x = torch.rand(16, 1, 256, 256)
    y = (torch.rand(16) > 0.7).float()

    def step():
        opt.zero_grad()
        loss = nn.functional.binary_cross_entropy_with_logits(model((x - 0.5) / 0.25), y)
        loss.backward()
        opt.step()

    for _ in range(2):  # warm up
        step()
    start = time.perf_counter()
    for _ in range(steps):
        step()
    print(steps * 16, time.perf_counter() - start)


if __name__ == "__main__":
    main()
